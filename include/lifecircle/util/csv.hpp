#pragma once
// The one CSV writer of lifecircle: RFC 4180 cells in UTF-8, and the guard
// against formula injection for text cells.
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

#include <string>
#include <string_view>

namespace lifecircle {

// A text cell: formula-guarded, then quoted if it needs it.
std::string csv_text(std::string_view text);

// A cell the program formatted itself (a number, a fixed keyword): quoted if
// it needs it, never guarded.
std::string csv_number(std::string_view formatted);

// True when a spreadsheet would take `text` as the start of a formula.
bool csv_starts_formula(std::string_view text);

}  // namespace lifecircle
