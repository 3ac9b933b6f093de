#pragma once
// Excel workbooks of lifecircle's tables (lifecircle.xlsx, compare.xlsx,
// suggest.xlsx), written with libxlsxwriter: one sheet per table, the header
// row bilingual (中文 first: "镇街 town") and frozen, numbers stored as
// numbers, shares (fractions) formatted 0.0%, columns as wide as their text.
// Text cells get the CSV formula guard (util/csv.hpp): one that begins with
// = + - @, a tab or CR is written with a ' in front. The workbook's dates are
// fixed, so the same tables give the same bytes.
//
// The sheets of the CSV tables are read from the CSV text itself
// (csv_sheet), so a workbook holds exactly the values of its CSV files.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report {

struct XlsxCell {
  enum class Kind { empty, text, number, share };
  Kind kind = Kind::empty;
  std::string text;     // a text cell
  double number = 0.0;  // a number or share cell (a share is a fraction: 0.25 shows 25.0%)
};

struct XlsxSheet {
  std::string name;                  // at most 31 characters, no []:*?/\ (Excel's rule)
  std::vector<std::string> headers;  // one per column
  std::vector<std::vector<XlsxCell>> rows;
};

// A sheet of one of lifecircle's CSV tables (indicators, targets, compare,
// compare-targets, suggest): each known column gets its bilingual header and
// its type (a compare column "NAME:share" is "NAME: 覆盖率 share"); cells of a
// number column that do not read as a number, and unknown columns, stay text.
// In indicators' `value`, rows whose measure ends in "_share" are shares.
XlsxSheet csv_sheet(std::string name, std::string_view csv);

// One row per town: code, name, population, area, and per category the
// coverage share, covered population, facilities and capacity per 1,000
// residents (empty without a capacity unit), then the composite share: the
// values of the GeoPackage's towns layer.
XlsxSheet towns_sheet(const study::Study& study, const coverage::RunResult& result);

// Writes the sheets, in order, into the workbook `path`. Throws OutputError.
void write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets);

}  // namespace lifecircle::report
