// GDAL's options passed through as ogr2ogr users expect: --lco and --dsco for
// the output, --t_srs (or [output] crs) for its CRS, open_options for inputs;
// an option GDAL does not take is refused, naming it.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;

using Outcome = lifecircle::testing::ShellOutcome;  // stdout and stderr together

Outcome run(const std::string& args) {
  return lifecircle::testing::shell(std::string(LIFECIRCLE_BINARY) + " " + args + " 2>&1");
}

// The count SQLite's SQL `count_sql` gives in the GeoPackage at `path`.
long long sqlite_count(const fs::path& path, const std::string& count_sql) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  if (!ds) return -1;
  OGRLayer* result = ds->ExecuteSQL(count_sql.c_str(), nullptr, "SQLITE");
  if (!result) return -1;
  OGRFeature* f = result->GetNextFeature();
  const long long n = f ? f->GetFieldAsInteger64(0) : -1;
  OGRFeature::DestroyFeature(f);
  ds->ReleaseResultSet(result);
  return n;
}

class GdalOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-gdal-options-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Outcome lifecircle_run(const std::string& out, const std::string& args) const {
    return run("run --quiet --no-maps --threads 1 --plan " + (data() / "city" / "plan.toml").string() +
               " --out " + (dir_ / out).string() + " " + args);
  }
  static fs::path data() { return lifecircle::testing::test_data_dir(); }
  fs::path dir_;
};

TEST_F(GdalOptions, LayerCreationOptionTurnsTheSpatialIndexOff) {
  ASSERT_EQ(lifecircle_run("default", "").status, 0);
  const Outcome o = lifecircle_run("no-index", "--lco SPATIAL_INDEX=NO");
  ASSERT_EQ(o.status, 0) << o.out;
  const std::string rtrees = "SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree%'";
  EXPECT_GT(sqlite_count(dir_ / "default" / "lifecircle.gpkg", rtrees), 0);
  EXPECT_EQ(sqlite_count(dir_ / "no-index" / "lifecircle.gpkg", rtrees), 0);
}

TEST_F(GdalOptions, DatasetCreationOptionReachesTheGeoPackage) {
  const Outcome o = lifecircle_run("a", "--dsco ADD_GPKG_OGR_CONTENTS=NO");
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(sqlite_count(dir_ / "a" / "lifecircle.gpkg",
                         "SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_ogr_contents'"),
            0);
}

TEST_F(GdalOptions, OutputCrsIsTheLayersCrs) {
  const Outcome o = lifecircle_run("utm", "--t_srs EPSG:32651");
  ASSERT_EQ(o.status, 0) << o.out;
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open((dir_ / "utm" / "lifecircle.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  for (const char* name : {"towns", "facilities", "coverage", "gaps"}) {
    OGRLayer* layer = ds->GetLayerByName(name);
    ASSERT_NE(layer, nullptr) << name;
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    ASSERT_NE(srs, nullptr) << name;
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "32651") << name;
    OGREnvelope extent;
    ASSERT_EQ(layer->GetExtent(&extent), OGRERR_NONE);
    // The line city at 121.4 E, 28.4 N lies near 340 km E, 3,142 km N in UTM 51N (metres, not degrees).
    EXPECT_GT(extent.MinX, 300000.0) << name;
    EXPECT_LT(extent.MaxX, 400000.0) << name;
    EXPECT_GT(extent.MinY, 3100000.0) << name;
  }
}

TEST_F(GdalOptions, GeoJsonInAnotherCrsIsRefused) {
  const Outcome o = lifecircle_run("g", "--format GeoJSON --t_srs EPSG:32651");
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("RFC 7946"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir_ / "g" / "towns.geojson"));
}

TEST_F(GdalOptions, UnknownCreationOptionIsRefusedNamingIt) {
  const Outcome layer = lifecircle_run("l", "--lco SPATIAL_INDX=NO");
  EXPECT_EQ(layer.status, 1) << layer.out;
  EXPECT_NE(layer.out.find("layer creation option SPATIAL_INDX=NO"), std::string::npos) << layer.out;
  const Outcome dataset = lifecircle_run("d", "--dsco NO_SUCH=1");
  EXPECT_EQ(dataset.status, 1) << dataset.out;
  EXPECT_NE(dataset.out.find("dataset creation option NO_SUCH=1"), std::string::npos) << dataset.out;
  const Outcome value = lifecircle_run("v", "--lco SPATIAL_INDEX=MAYBE");
  EXPECT_EQ(value.status, 1) << value.out;
  EXPECT_NE(value.out.find("'MAYBE' is an unexpected value"), std::string::npos) << value.out;
  const Outcome crs = lifecircle_run("c", "--t_srs EPSG:99999");
  EXPECT_EQ(crs.status, 1) << crs.out;
  EXPECT_NE(crs.out.find("EPSG:99999"), std::string::npos) << crs.out;
  EXPECT_FALSE(fs::exists(dir_ / "l" / "lifecircle.gpkg"));
}

TEST_F(GdalOptions, UnknownOpenOptionIsRefusedNamingIt) {
  const Outcome o = run("info --plan " + (data() / "bad" / "plan-open-option-unknown.toml").string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(
      o.out.find("facilities.csv: open_options: driver CSV does not support open option NO_SUCH_OPTION"),
      std::string::npos)
      << o.out;
}

}  // namespace
