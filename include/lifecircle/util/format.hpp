#pragma once
// Number formatting shared by the CSV tables and the text reports.

#include <string>

namespace lifecircle {

// `value` with exactly `decimals` digits after the point ("%.*f"; "-0.0" stays as printf writes it).
std::string fixed(double value, int decimals);

// A duration as progress lines print it: std::to_string's six decimals cut to
// five characters ("7.412", "12.34").
std::string seconds_text(double seconds);

}  // namespace lifecircle
