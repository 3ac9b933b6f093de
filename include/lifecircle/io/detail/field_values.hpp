#pragma once
// Reading attribute values the same way in every loader: text trimmed,
// numbers from numeric fields or parsed strictly from text.

#include <ogr_feature.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::io::detail {

// Without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

// The whole text as a finite or non-finite double ("1e3", "-40", "nan");
// std::nullopt when it is not entirely a number. Leading '+' is accepted.
std::optional<double> parse_double(std::string_view text);

// Shortest text that reads back as the same double: 28.4, -40, 1e+20.
std::string format_number(double value);

// "a, b, c" (at most `limit` items, then "... (N more)").
std::string join(const std::vector<std::string>& items, std::size_t limit = 40);

// A field's value as trimmed text ("" when null or unset).
std::string text_value(const OGRFeature& feature, int field);

enum class NumberStatus { ok, empty, not_a_number, not_finite };
struct NumberValue {
  NumberStatus status = NumberStatus::empty;
  double value = 0.0;
  std::string text;  // the value as read, for messages
};

// A field's value as a number: numeric fields directly, text fields parsed.
NumberValue number_value(const OGRFeature& feature, int field);

}  // namespace lifecircle::io::detail
