#include "lifecircle/util/csv.hpp"

#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"

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

bool CsvRecord::blank() const {
  return cells.size() == 1 && cells[0].find_first_not_of(" \t") == std::string::npos;
}

namespace {

// Reads records one character at a time, counting lines (also those inside
// quoted cells) so that every fault names the line it is on.
class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& path) : text_(text), path_(&path) {
    if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) text_.remove_prefix(kUtf8Bom.size());
  }

  std::vector<CsvRecord> records() {
    std::vector<CsvRecord> out;
    while (at_ < text_.size()) out.push_back(record());
    return out;
  }

 private:
  CsvRecord record() {
    CsvRecord r{line_, {}};
    while (true) {
      r.cells.push_back(cell());
      if (at_ >= text_.size()) return r;
      const char end = text_[at_++];
      if (end == ',') continue;
      ++line_;  // end is '\n' (cell() stops at a CRLF's '\n', past its '\r')
      return r;
    }
  }

  // One cell; stops before the ',' or line end after it (a CRLF's '\r' skipped).
  std::string cell() {
    std::string out;
    if (at_ < text_.size() && text_[at_] == '"') return quoted_cell();
    for (; at_ < text_.size(); ++at_) {
      const char c = text_[at_];
      if (c == ',' || c == '\n') break;
      if (c == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') continue;
      if (c == '"') fail(line_, "a '\"' inside an unquoted cell (quote the whole cell and double the '\"')");
      out += c;
    }
    return out;
  }

  std::string quoted_cell() {
    const std::int64_t opened = line_;
    std::string out;
    for (++at_; at_ < text_.size(); ++at_) {
      const char c = text_[at_];
      if (c == '"' && at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
        out += '"';
        ++at_;
      } else if (c == '"') {
        ++at_;
        if (at_ + 1 < text_.size() && text_[at_] == '\r' && text_[at_ + 1] == '\n') ++at_;
        if (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '\n') {
          fail(line_, "text after the closing '\"' of a quoted cell");
        }
        return out;
      } else {
        if (c == '\n') ++line_;
        out += c;
      }
    }
    fail(opened, "a quoted cell is not closed (a '\"' is missing)");
  }

  [[noreturn]] void fail(std::int64_t line, const std::string& what) const {
    throw InputError({.path = *path_, .feature = line}, "(line " + std::to_string(line) + "): " + what);
  }

  std::string_view text_;
  const std::string* path_;
  std::size_t at_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

std::vector<CsvRecord> read_csv_records(std::string_view text, const std::string& path) {
  return CsvParser(text, path).records();
}

std::vector<std::vector<std::string>> csv_rows(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  for (CsvRecord& r : read_csv_records(text, "CSV text")) rows.push_back(std::move(r.cells));
  return rows;
}

}  // namespace lifecircle
