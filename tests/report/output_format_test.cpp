// Output formats asked of GDAL's drivers: formats that would lose what
// lifecircle writes are refused before any work, with the reason; the others
// are laid out for their driver (GPKG: lifecircle.gpkg; GeoJSON and
// FlatGeobuf: one file per layer with the driver's extension).

#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::report {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string refusal(const std::string& format, const std::string& datasource = "") {
  OutputOptions options;
  options.format = format;
  options.datasource = datasource;
  try {
    output_format(options, "--format");
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

TEST(OutputFormat, CsvIsRefusedItDropsGeometry) {
  const std::string why = refusal("CSV");
  EXPECT_THAT(why, HasSubstr("--format 'CSV': it holds no geometry"));
  EXPECT_THAT(why, HasSubstr("use GPKG, GeoJSON or FlatGeobuf"));
}

TEST(OutputFormat, ShapefileIsRefusedItCutsFieldNamesAndLosesChinese) {
  const std::string why = refusal("ESRI Shapefile");
  EXPECT_THAT(why, HasSubstr("--format 'ESRI Shapefile': field names are cut to 10 characters"));
  EXPECT_THAT(why, HasSubstr("text is not kept as UTF-8"));
  EXPECT_THAT(why, HasSubstr("use GPKG, GeoJSON or FlatGeobuf"));
}

TEST(OutputFormat, UnknownAndRasterDriversAreRefused) {
  EXPECT_THAT(refusal("NoSuchDriver"), HasSubstr("'NoSuchDriver': no GDAL driver has this name"));
  EXPECT_THAT(refusal("GTiff"), HasSubstr("'GTiff': a raster-only GDAL driver"));
}

TEST(OutputFormat, DatabaseWithoutDatasourceIsRefused) {
  EXPECT_THAT(refusal("PostgreSQL"), HasSubstr("give --datasource \"PG:"));
  EXPECT_EQ(refusal("PostgreSQL", "PG:dbname=x"), "");
}

// A PostgreSQL connection with the default GPKG used to make a GeoPackage file named "PG:dbname=x".
TEST(OutputFormat, ConnectionOfAnotherDriverIsRefused) {
  EXPECT_THAT(refusal("GPKG", "PG:dbname=x"), HasSubstr("give --format PostgreSQL"));
  EXPECT_THAT(refusal("GeoJSON", "x.json"), HasSubstr("cannot hold several layers in one datasource"));
}

TEST(OutputFormat, LaidOutForTheDriver) {
  OutputOptions options;
  options.format = "GPKG";
  EXPECT_THAT(layer_file_names(output_format(options)), ElementsAre("lifecircle.gpkg"));
  options.format = "GeoJSON";
  EXPECT_THAT(layer_file_names(output_format(options)),
              ElementsAre("towns.geojson", "facilities.geojson", "isochrones.geojson", "coverage.geojson",
                          "gaps.geojson"));
  options.format = "FlatGeobuf";
  const OutputFormat fgb = output_format(options);
  EXPECT_EQ(fgb.layout, OutputLayout::file_per_layer);
  EXPECT_THAT(layer_file_names(fgb),
              ElementsAre("towns.fgb", "facilities.fgb", "isochrones.fgb", "coverage.fgb", "gaps.fgb"));
  EXPECT_EQ(dataset_file_name("compare", gpkg_format()), "compare.gpkg");
  options.format = "PostgreSQL";
  options.datasource = "PG:dbname=x";
  EXPECT_TRUE(layer_file_names(output_format(options)).empty());
}

// The line city written as FlatGeobuf: towns.fgb and the others, each readable
// with its geometry and Chinese names, and no folder called lifecircle.gpkg.
TEST(OutputFormat, FlatGeobufWritesOneFilePerLayer) {
  const fs::path data = testing::test_data_dir();
  const auto study = study::load_study(io::load_plan(data / "city" / "plan.toml"));
  const coverage::RunResult result = coverage::run_coverage(*study, {1, true, {}});
  OutputOptions options;
  options.dir = fs::temp_directory_path() / ("lifecircle-fgb-" + std::to_string(::getpid()));
  options.format = "FlatGeobuf";
  options.threads = 1;
  const WrittenOutputs written = write_layers(*study, result, indicator_rows(*study, result), options);
  EXPECT_FALSE(fs::exists(options.dir / "lifecircle.gpkg"));
  for (const char* name : {"towns", "facilities", "isochrones", "coverage", "gaps"}) {
    const fs::path file = options.dir / (std::string(name) + ".fgb");
    ASSERT_TRUE(fs::is_regular_file(file)) << file;
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds) << file;
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(layer->GetName(), name);
    const std::unique_ptr<OGRFeature> first(layer->GetNextFeature());
    ASSERT_TRUE(first) << file;
    EXPECT_NE(first->GetGeometryRef(), nullptr) << file;
    if (std::string(name) == "towns") {
      const std::string town = first->GetFieldAsString("name");  // FlatGeobuf orders features in space
      EXPECT_TRUE(town == "西镇" || town == "东镇") << town;
      EXPECT_GE(first->GetFieldIndex("clinic_covered_pop"), 0);
    }
  }
  EXPECT_TRUE(fs::is_regular_file(options.dir / "indicators.csv"));
  EXPECT_TRUE(fs::is_regular_file(options.dir / "lifecircle.xlsx"));
  // Only the files named, nothing left over from the temporary folders.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(options.dir)) ++entries;
  EXPECT_EQ(entries, 7U);
  EXPECT_EQ(written.files.size(), 7U);
  std::error_code ignored;
  fs::remove_all(options.dir, ignored);
}

}  // namespace
}  // namespace lifecircle::report
