#pragma once
// Small text helpers for the HTML report: base64 for embedded images and the
// report's number formats (escaping is lifecircle::xml_escape, util/format.hpp).

#include <string>
#include <string_view>

namespace lifecircle::report {

// Standard base64 (RFC 4648, with padding), as a data: URI carries it.
std::string base64_encode(std::string_view bytes);

// A whole number with thousands separators, rounded: 1,133.
std::string grouped_number(double value);

// A share (0..1) as a percentage with one decimal: 0.5666 -> "56.7%".
std::string percent_text(double share);

// A change of share (0..1) in percentage points with its sign: "+86.7 pp", "0.0 pp".
std::string points_change_text(double change);

// A change of a count with its sign, grouped: "+867", "-12", "0".
std::string signed_grouped(double change);

// At most `decimals` decimals, no trailing zeros: 56.67, 7, 0.35.
std::string trimmed_number(double value, int decimals);

}  // namespace lifecircle::report
