// CSV outputs against formula injection: the line city with five towns named
// like spreadsheet formulas (tests/data/bad/town-names-formula-injection.*).
// indicators.csv and targets.csv are read back as a spreadsheet reads them --
// by a small RFC 4180 parser here, and by GDAL's CSV driver -- and no cell
// may begin with = + - @, a tab or CR, unless it is a number.

#include <cpl_error.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace lifecircle::report {
namespace {

namespace fs = std::filesystem;

// RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
  return rows;
}

bool is_number(const std::string& cell) {
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return !cell.empty() && end == cell.c_str() + cell.size();
}

// What a spreadsheet would run: a cell starting with a formula character that is not a number.
bool runs_as_formula(const std::string& cell) {
  return !cell.empty() && std::string("=+-@\t\r").find(cell.front()) != std::string::npos && !is_number(cell);
}

using lifecircle::testing::slurp;

class CsvFormulaInjection : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path data = testing::test_data_dir();
    study_ = study::load_study(io::load_plan(data / "bad" / "town-names-formula-injection.toml")).release();
    result_ = new coverage::RunResult(coverage::run_coverage(*study_, {1, true, {}}));
    targets_ = new coverage::TargetCheck(
        coverage::check_targets_from_files(data / "targets" / "line-city.toml", 2027,
                                           data / "targets" / "line-city-actuals.csv", *study_, *result_));
    dir_ = new fs::path(fs::temp_directory_path() / ("lifecircle-csv-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    write_file_atomically(*dir_ / "indicators.csv", indicators_csv(indicator_rows(*study_, *result_)));
    write_file_atomically(*dir_ / "targets.csv", targets_csv(*targets_));
    write_xlsx(*dir_ / "lifecircle.xlsx",
               {csv_sheet("indicators", indicators_csv(indicator_rows(*study_, *result_))),
                towns_sheet(*study_, *result_), csv_sheet("targets", targets_csv(*targets_))});
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
    delete dir_;
    delete targets_;
    delete result_;
    delete study_;
  }

  // Every cell of `file` as this test's parser reads it; the hostile names must all be there, guarded.
  static void expect_guarded(const std::string& file) {
    const auto rows = parse_csv(slurp(*dir_ / file));
    ASSERT_GT(rows.size(), 1U) << file;
    std::size_t guarded = 0;
    for (const auto& row : rows) {
      EXPECT_EQ(row.size(), rows.front().size()) << file << ": a row of another width";
      for (const std::string& cell : row) {
        EXPECT_FALSE(runs_as_formula(cell)) << file << ": cell [" << cell << "]";
        if (cell == "'=HYPERLINK(\"http://x\",\"y\")" || cell == "'+1" || cell == "'-2" ||
            cell == "'@SUM(A1)" || cell == "'\tTabbed town" || cell == "'@E05") {
          ++guarded;
        }
      }
    }
    EXPECT_GE(guarded, 6U) << file << ": every hostile town name and code, written with a leading '";
  }

  // The same through GDAL's CSV driver, which reads cells as a spreadsheet import would.
  static void expect_guarded_by_gdal(const std::string& file) {
    GDALAllRegister();
    const char* const drivers[] = {"CSV", nullptr};
    const std::string path = (*dir_ / file).string();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
    ASSERT_TRUE(ds) << path << ": " << CPLGetLastErrorMsg();
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_NE(layer, nullptr);
    std::size_t features = 0;
    for (const auto& feature : *layer) {
      ++features;
      for (int i = 0; i < feature->GetFieldCount(); ++i) {
        const std::string cell = feature->GetFieldAsString(i);
        EXPECT_FALSE(runs_as_formula(cell))
            << file << ": field " << feature->GetFieldDefnRef(i)->GetNameRef() << " [" << cell << "]";
      }
    }
    EXPECT_GT(features, 0U) << file;
  }

  static study::Study* study_;
  static coverage::RunResult* result_;
  static coverage::TargetCheck* targets_;
  static fs::path* dir_;
};

study::Study* CsvFormulaInjection::study_ = nullptr;
coverage::RunResult* CsvFormulaInjection::result_ = nullptr;
coverage::TargetCheck* CsvFormulaInjection::targets_ = nullptr;
fs::path* CsvFormulaInjection::dir_ = nullptr;

TEST_F(CsvFormulaInjection, IndicatorsCsvNeutralisesFormulaNames) {
  expect_guarded("indicators.csv");
  expect_guarded_by_gdal("indicators.csv");
}

TEST_F(CsvFormulaInjection, TargetsCsvNeutralisesFormulaNames) {
  const auto rows = parse_csv(slurp(*dir_ / "targets.csv"));
  ASSERT_GT(rows.size(), 1U);
  for (const auto& row : rows) {
    for (const std::string& cell : row)
      EXPECT_FALSE(runs_as_formula(cell)) << "targets.csv: [" << cell << "]";
  }
  expect_guarded_by_gdal("targets.csv");
}

TEST_F(CsvFormulaInjection, NumbersStayNumbers) {
  // The value column is written as numbers, never with a quote in front.
  const auto rows = parse_csv(slurp(*dir_ / "indicators.csv"));
  for (std::size_t r = 1; r < rows.size(); ++r) EXPECT_TRUE(is_number(rows[r].back())) << rows[r].back();
}

// The workbook, read back by GDAL's XLSX driver: every sheet's text cells are
// guarded as in the CSV, and each sheet holds every hostile town name and code
// with its ' (the tabbed name arrives trimmed by the town loader, so it is no
// formula: five of the six).
TEST_F(CsvFormulaInjection, WorkbookNeutralisesFormulaNames) {
  GDALAllRegister();
  const char* const drivers[] = {"XLSX", nullptr};
  const std::string path = (*dir_ / "lifecircle.xlsx").string();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  ASSERT_TRUE(ds) << path << ": " << CPLGetLastErrorMsg();
  ASSERT_EQ(ds->GetLayerCount(), 3);
  const std::set<std::string> hostile{"'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'@E05"};
  for (OGRLayer* layer : ds->GetLayers()) {
    std::set<std::string> guarded;
    for (const auto& feature : *layer) {
      for (int i = 0; i < feature->GetFieldCount(); ++i) {
        if (feature->GetFieldDefnRef(i)->GetType() != OFTString) continue;
        const std::string cell = feature->GetFieldAsString(i);
        EXPECT_FALSE(runs_as_formula(cell)) << layer->GetName() << ": [" << cell << "]";
        if (hostile.count(cell) != 0) guarded.insert(cell);
      }
    }
    EXPECT_EQ(guarded, hostile) << layer->GetName();
  }
}

}  // namespace
}  // namespace lifecircle::report
