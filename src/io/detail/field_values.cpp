#include "lifecircle/io/detail/field_values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace lifecircle::io::detail {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::optional<double> parse_double(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string format_number(double value) {
  std::array<char, 64> buffer{};
  const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "?";
  return std::string(buffer.data(), ptr);
}

std::string join(const std::vector<std::string>& items, std::size_t limit) {
  std::string out;
  const std::size_t shown = std::min(items.size(), limit);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > shown) out += ", ... (" + std::to_string(items.size() - shown) + " more)";
  return out;
}

std::string text_value(const OGRFeature& feature, int field) {
  if (!feature.IsFieldSetAndNotNull(field)) return {};
  return std::string(trim(feature.GetFieldAsString(field)));
}

NumberValue number_value(const OGRFeature& feature, int field) {
  NumberValue out;
  if (!feature.IsFieldSetAndNotNull(field)) return out;
  const OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    out.value = feature.GetFieldAsDouble(field);
    out.text = format_number(out.value);
  } else {
    out.text = text_value(feature, field);
    if (out.text.empty()) return out;
    const std::optional<double> parsed = type == OFTString ? parse_double(out.text) : std::nullopt;
    if (!parsed) {
      out.status = NumberStatus::not_a_number;
      return out;
    }
    out.value = *parsed;
  }
  out.status = std::isfinite(out.value) ? NumberStatus::ok : NumberStatus::not_finite;
  return out;
}

}  // namespace lifecircle::io::detail
