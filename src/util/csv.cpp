#include "lifecircle/util/csv.hpp"

namespace lifecircle {
namespace {

std::string quoted(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

bool csv_starts_formula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

std::string csv_text(std::string_view text) {
  if (!csv_starts_formula(text)) return quoted(text);
  std::string guarded = "'";
  guarded += text;
  return quoted(guarded);
}

std::string csv_number(std::string_view formatted) { return quoted(formatted); }

}  // namespace lifecircle
