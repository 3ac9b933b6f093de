#include "lifecircle/util/csv.hpp"

#include "lifecircle/util/atomic_file.hpp"

namespace lifecircle {
namespace {

std::string rfc4180_quoted(std::string_view cell) {
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
  if (!csv_starts_formula(text)) return rfc4180_quoted(text);
  std::string guarded = "'";
  guarded += text;
  return rfc4180_quoted(guarded);
}

std::string csv_number(std::string_view formatted) { return rfc4180_quoted(formatted); }

void write_csv_file(const std::filesystem::path& path, std::string_view table, bool bom) {
  std::string contents;
  contents.reserve(table.size() + kUtf8Bom.size());
  if (bom) contents += kUtf8Bom;
  contents += table;
  write_file_atomically(path, contents);
}

std::vector<std::vector<std::string>> csv_rows(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  bool row_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c != '"') {
        cell += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else {
        in_quotes = false;
      }
      continue;
    }
    row_started = true;
    if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      row_started = false;
    } else {
      cell += c;
    }
  }
  if (row_started || in_quotes) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace lifecircle
