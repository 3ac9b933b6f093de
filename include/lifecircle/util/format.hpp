#pragma once
// Number formatting shared by the CSV tables and the text reports, and the
// escaping of text taken from input files into HTML, SVG and XML.

#include <string>
#include <string_view>

namespace lifecircle {

// `value` with exactly `decimals` digits after the point ("%.*f"; "-0.0" stays as printf writes it).
std::string fixed(double value, int decimals);

// A duration as progress lines print it: std::to_string's six decimals cut to
// five characters ("7.412", "12.34").
std::string seconds_text(double seconds);

// Escapes & < > " ' so the text is safe both as element content and inside a
// quoted attribute value, in HTML and in XML (SVG, QGIS project and style files).
std::string xml_escape(std::string_view text);

}  // namespace lifecircle
