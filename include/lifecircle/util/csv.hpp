#pragma once
// The one CSV writer and the one CSV reader of lifecircle: RFC 4180 cells in
// UTF-8, and the guard against formula injection for text cells.
//
// Quoting (RFC 4180): a cell holding a comma, a double quote, CR or LF is
// enclosed in double quotes, its quotes doubled; any other cell is written as
// it is.
//
// Formula guard (OWASP "CSV injection"): a spreadsheet runs a cell that begins
// with = + - @ (or a tab or CR, which some strip before looking). A text cell
// (a name, an id, a label, a message) that begins with one of these is written
// with a single quote ' in front, which spreadsheets show as text. Numbers are
// not text cells: -0.5 written by the program as a number stays -0.5, so only
// pass text through csv_text and write numbers with csv_number or as they are.
//
// Every CSV file lifecircle writes goes through write_csv_file, which puts a
// UTF-8 byte order mark in front unless the plan says `[output] csv_bom =
// false`: Excel on Chinese Windows reads a CSV without one as GBK and shows
// "太平街道" as mojibake; with one it reads UTF-8 (GDAL, pandas and R skip it).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle {

// A text cell: formula-guarded, then quoted if it needs it.
std::string csv_text(std::string_view text);

// A cell the program formatted itself (a number, a fixed keyword): quoted if
// it needs it, never guarded.
std::string csv_number(std::string_view formatted);

// True when a spreadsheet would take `text` as the start of a formula.
bool csv_starts_formula(std::string_view text);

// The UTF-8 byte order mark (U+FEFF), written first in a CSV file when asked.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Writes the CSV text `table` to `path` atomically (write_file_atomically),
// after kUtf8Bom when `bom`. Throws OutputError.
void write_csv_file(const std::filesystem::path& path, std::string_view table, bool bom);

// One record of CSV text: its cells, unquoted, and the line it starts on.
struct CsvRecord {
  std::int64_t line = 0;  // 1-based
  std::vector<std::string> cells;

  // A line of nothing but spaces and tabs (input files skip these).
  bool blank() const;
};

// The records of CSV text (RFC 4180): cells separated by commas, records by
// LF or CRLF; a cell in double quotes may hold commas, line breaks and
// doubled quotes "". A leading UTF-8 BOM is skipped; a last record without
// its line end counts. Cells keep their spaces and their formula guard.
// Throws InputError naming `path` and the line for a quote inside an unquoted
// cell, text after a closing quote, or a quoted cell that is never closed.
std::vector<CsvRecord> read_csv_records(std::string_view text, const std::string& path);

// The rows of CSV text this program wrote (read_csv_records' cells).
std::vector<std::vector<std::string>> csv_rows(std::string_view text);

}  // namespace lifecircle
