// lifecircle.xlsx read back as another program reads it -- GDAL's XLSX
// driver -- against indicators.csv and the GeoPackage's towns layer written by
// the same run of the line city; the workbook's own XML for what GDAL does
// not report (the 0.0% format, the frozen header row); the CSV files' UTF-8
// BOM, and its absence with [output] csv_bom = false.

#include "lifecircle/report/xlsx_tables.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace lifecircle::report {
namespace {

namespace fs = std::filesystem;

using lifecircle::testing::slurp;

// A file inside the workbook (a zip), read through GDAL's /vsizip/.
std::string zipped(const fs::path& workbook, const std::string& member) {
  const std::string path = "/vsizip/" + workbook.string() + "/" + member;
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (f == nullptr) return "";
  std::string text;
  char buffer[4096];
  while (const std::size_t n = VSIFReadL(buffer, 1, sizeof buffer, f)) text.append(buffer, n);
  VSIFCloseL(f);
  return text;
}

GDALDatasetUniquePtr open_vector(const fs::path& file) {
  GDALAllRegister();
  return GDALDatasetUniquePtr(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

std::vector<std::string> field_names(OGRLayer* layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  return names;
}

// The line city, run once and written with write_layers (GPKG), with its targets.
class RunWorkbook : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path data = testing::test_data_dir();
    city_ = study::load_study(io::load_plan(data / "city" / "plan.toml")).release();
    result_ = new coverage::RunResult(coverage::run_coverage(*city_, {1, true, {}}));
    targets_ = new coverage::TargetCheck(
        coverage::check_targets_from_files(data / "targets" / "line-city.toml", 2027,
                                           data / "targets" / "line-city-actuals.csv", *city_, *result_));
    dir_ = new fs::path(fs::temp_directory_path() / ("lifecircle-xlsx-" + std::to_string(::getpid())));
    write(*dir_ / "bom", true);
    write(*dir_ / "no-bom", false);
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*dir_, ignored);
    delete dir_;
    delete targets_;
    delete result_;
    delete city_;
  }
  static void write(const fs::path& dir, bool bom) {
    OutputOptions options;
    options.dir = dir;
    options.threads = 1;
    options.csv_bom = bom;
    write_layers(*city_, *result_, indicator_rows(*city_, *result_), options, targets_);
  }
  static fs::path workbook() { return *dir_ / "bom" / "lifecircle.xlsx"; }

  static study::Study* city_;
  static coverage::RunResult* result_;
  static coverage::TargetCheck* targets_;
  static fs::path* dir_;
};
study::Study* RunWorkbook::city_ = nullptr;
coverage::RunResult* RunWorkbook::result_ = nullptr;
coverage::TargetCheck* RunWorkbook::targets_ = nullptr;
fs::path* RunWorkbook::dir_ = nullptr;

TEST_F(RunWorkbook, SheetsAndBilingualHeaders) {
  const GDALDatasetUniquePtr ds = open_vector(workbook());
  ASSERT_TRUE(ds) << workbook();
  ASSERT_EQ(ds->GetLayerCount(), 3);
  EXPECT_STREQ(ds->GetLayer(0)->GetName(), "indicators");
  EXPECT_STREQ(ds->GetLayer(1)->GetName(), "towns");
  EXPECT_STREQ(ds->GetLayer(2)->GetName(), "targets");
  EXPECT_EQ(field_names(ds->GetLayer(0)),
            (std::vector<std::string>{"类别 category", "镇街代码 town code", "镇街 town", "指标项 measure",
                                      "数值 value"}));
  const std::vector<std::string> towns = field_names(ds->GetLayer(1));
  ASSERT_GE(towns.size(), 8U);
  EXPECT_EQ(towns[1], "镇街 town");
  EXPECT_EQ(towns[4], "诊所 覆盖率 clinic coverage share");
  EXPECT_EQ(towns.back(), "综合覆盖率 composite share");
  EXPECT_EQ(field_names(ds->GetLayer(2)).front(), "指标 indicator");
}

// Every row of indicators.csv, in order, with the same value, stored as a number.
TEST_F(RunWorkbook, IndicatorsEqualTheCsvAndAreNumbers) {
  const auto rows = csv_rows(slurp(*dir_ / "bom" / "indicators.csv"));
  const GDALDatasetUniquePtr ds = open_vector(workbook());
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayerByName("indicators");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetLayerDefn()->GetFieldDefn(4)->GetType(), OFTReal);
  ASSERT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(rows.size() - 1));
  layer->ResetReading();
  bool chinese_town = false;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
    ASSERT_TRUE(f) << r;
    EXPECT_EQ(f->GetFieldAsString(0), rows[r][0]) << r;
    EXPECT_EQ(f->GetFieldAsString(2), rows[r][2]) << r;
    EXPECT_EQ(f->GetFieldAsString(3), rows[r][3]) << r;
    EXPECT_DOUBLE_EQ(f->GetFieldAsDouble(4), std::stod(rows[r][4])) << r << " " << rows[r][3];
    chinese_town |= rows[r][2] == "东镇" && std::string(f->GetFieldAsString(2)) == "东镇";
  }
  EXPECT_TRUE(chinese_town) << "东镇 read back intact";
}

// One row per town with the towns layer's values (lifecircle.gpkg of the same write).
TEST_F(RunWorkbook, TownsEqualTheGeoPackageTownsLayer) {
  const GDALDatasetUniquePtr book = open_vector(workbook());
  const GDALDatasetUniquePtr gpkg = open_vector(*dir_ / "bom" / "lifecircle.gpkg");
  ASSERT_TRUE(book && gpkg);
  OGRLayer* sheet = book->GetLayerByName("towns");
  OGRLayer* layer = gpkg->GetLayerByName("towns");
  ASSERT_TRUE(sheet && layer);
  ASSERT_EQ(sheet->GetFeatureCount(), layer->GetFeatureCount());
  const OGRFeatureDefn* defn = sheet->GetLayerDefn();
  EXPECT_EQ(defn->GetFieldDefn(4)->GetType(), OFTReal);     // clinic coverage share
  EXPECT_EQ(defn->GetFieldDefn(6)->GetType(), OFTInteger);  // clinic facilities
  sheet->ResetReading();
  layer->ResetReading();
  for (GIntBig t = 0; t < layer->GetFeatureCount(); ++t) {
    const std::unique_ptr<OGRFeature> s(sheet->GetNextFeature());
    const std::unique_ptr<OGRFeature> g(layer->GetNextFeature());
    ASSERT_TRUE(s && g);
    EXPECT_STREQ(s->GetFieldAsString(0), g->GetFieldAsString("code"));
    EXPECT_STREQ(s->GetFieldAsString(1), g->GetFieldAsString("name"));
    EXPECT_DOUBLE_EQ(s->GetFieldAsDouble(2), g->GetFieldAsDouble("population"));
    EXPECT_DOUBLE_EQ(s->GetFieldAsDouble(4), g->GetFieldAsDouble("clinic_share"));
    EXPECT_DOUBLE_EQ(s->GetFieldAsDouble(5), g->GetFieldAsDouble("clinic_covered_pop"));
    EXPECT_EQ(s->GetFieldAsInteger(6), g->GetFieldAsInteger("clinic_facilities"));
    EXPECT_DOUBLE_EQ(s->GetFieldAsDouble(defn->GetFieldCount() - 1), g->GetFieldAsDouble("composite_share"));
  }
}

// What GDAL does not say: shares carry the 0.0% format, the header row is frozen.
TEST_F(RunWorkbook, SharesArePercentagesAndTheHeaderIsFrozen) {
  EXPECT_NE(zipped(workbook(), "xl/styles.xml").find("formatCode=\"0.0%\""), std::string::npos);
  for (const char* sheet :
       {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}) {
    const std::string xml = zipped(workbook(), sheet);
    EXPECT_NE(xml.find("ySplit=\"1\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("state=\"frozen\""), std::string::npos) << sheet;
    EXPECT_NE(xml.find("<cols>"), std::string::npos) << sheet << ": column widths";
  }
  // Same tables, same bytes: the workbook's dates are fixed.
  EXPECT_EQ(slurp(workbook()), slurp(*dir_ / "no-bom" / "lifecircle.xlsx"));
}

TEST_F(RunWorkbook, CsvFilesBeginWithABomUnlessTurnedOff) {
  for (const char* file : {"indicators.csv", "targets.csv"}) {
    const std::string with = slurp(*dir_ / "bom" / file);
    const std::string without = slurp(*dir_ / "no-bom" / file);
    EXPECT_EQ(with.substr(0, 3), "\xEF\xBB\xBF") << file;
    EXPECT_EQ(with.substr(3), without) << file << ": the BOM is the only difference";
    EXPECT_NE(without.substr(0, 3), "\xEF\xBB\xBF") << file;
    // GDAL's CSV driver skips the BOM: the first column is named as written.
    const GDALDatasetUniquePtr ds = open_vector(*dir_ / "bom" / file);
    ASSERT_TRUE(ds) << file;
    const std::string first = ds->GetLayer(0)->GetLayerDefn()->GetFieldDefn(0)->GetNameRef();
    EXPECT_EQ(first, std::string(file) == "indicators.csv" ? "category" : "indicator") << file;
  }
}

// The plan key: csv_bom = false turns it off; anything but true or false is refused.
TEST(CsvBomKey, ReadFromTheOutputTable) {
  const fs::path city = testing::test_data_dir() / "city";
  std::string text = slurp(city / "plan.toml");
  for (std::size_t at = text.find("path = \""); at != std::string::npos; at = text.find("path = \"", at + 1))
    text.insert(at + 8, city.string() + "/");
  const fs::path dir = fs::temp_directory_path() / ("lifecircle-csv-bom-key-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto plan_with = [&](const std::string& line) {
    std::string plan = text;
    plan.insert(plan.find("dir = \"out\"\n") + 12, line + "\n");
    std::ofstream(dir / "plan.toml", std::ios::trunc) << plan;
    return dir / "plan.toml";
  };
  EXPECT_TRUE(io::load_plan(plan_with("")).csv_bom);
  EXPECT_FALSE(io::load_plan(plan_with("csv_bom = false")).csv_bom);
  try {
    io::load_plan(plan_with("csv_bom = \"no\""));
    ADD_FAILURE() << "csv_bom = \"no\" was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("csv_bom"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected true or false"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lifecircle::report
