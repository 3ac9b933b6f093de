// The line city (tests/data/city: one east-west street at 28.4 N, inside
// China) with 24 facilities beside the street, given as WGS84 or as a Chinese
// web map shows them (GCJ-02, ~500 m off): load_study warns when the layer lies
// markedly nearer the streets read the other way, and names the crs key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"
#include "testing/paths.hpp"

namespace lifecircle::study {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

class StudyGcj02 : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("lifecircle-gcj02-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // 24 clinics 5 m north or south of the street, 121.402..121.425 E; as a
  // web map shows them when `as_gcj02`.
  fs::path facilities(bool as_gcj02) const {
    const fs::path file = dir_ / (as_gcj02 ? "clinics-gcj02.csv" : "clinics-wgs84.csv");
    std::ofstream out(file);
    out.precision(10);
    out << "id,name,category,lon,lat\n";
    for (int i = 0; i < 24; ++i) {
      double lon = 121.402 + 0.001 * i;
      double lat = 28.4 + (i % 2 ? 0.000045 : -0.000045);
      if (as_gcj02) io::wgs84_to_gcj02(lon, lat, lon, lat);
      out << "C" << i << ",clinic " << i << ",clinic," << lon << "," << lat << "\n";
    }
    return file;
  }

  // 24 residential points beside the street (GeoJSON), shifted as a web map shows them.
  fs::path residents_gcj02() const {
    const fs::path file = dir_ / "residents-gcj02.geojson";
    std::ofstream out(file);
    out.precision(10);
    out << "{\"type\": \"FeatureCollection\", \"features\": [";
    for (int i = 0; i < 24; ++i) {
      double lon = 121.402 + 0.001 * i;
      double lat = 28.4 + (i % 2 ? 0.000045 : -0.000045);
      io::wgs84_to_gcj02(lon, lat, lon, lat);
      out << (i ? "," : "") << "{\"type\": \"Feature\", \"properties\": {\"population\": 10}, "
          << "\"geometry\": {\"type\": \"Point\", \"coordinates\": [" << lon << ", " << lat << "]}}";
    }
    out << "]}\n";
    return file;
  }

  std::vector<std::string> warnings(const fs::path& file, const std::string& crs,
                                    const std::string& extra = {}) const {
    const fs::path city = testing::test_data_dir() / "city";
    const fs::path plan = dir_ / "plan.toml";
    std::ofstream(plan) << "[roads]\npath = \"" << (city / "line.osm").string() << "\"\n[towns]\npath = \""
                        << (city / "towns.geojson").string() << "\"\n[[facilities]]\npath = \""
                        << file.string() << "\"\n"
                        << (crs.empty() ? "" : "crs = \"" + crs + "\"\n")
                        << "[[categories]]\nid = \"clinic\"\n"
                        << extra;
    return load_study(io::load_plan(plan))->warnings;
  }

  fs::path dir_;
};

std::string all(const std::vector<std::string>& warnings) {
  std::string out;
  for (const std::string& w : warnings) out += w + "\n";
  return out;
}

TEST_F(StudyGcj02, ForgottenGcj02IsNamed) {
  const std::string w = all(warnings(facilities(true), ""));
  EXPECT_THAT(
      w,
      HasSubstr("clinics-gcj02.csv: the facilities lie nearer the streets if read as GCJ-02 (median 5.0 m) "
                "than as given ("));
  EXPECT_THAT(
      w, HasSubstr("): set crs = \"gcj02\" in [[facilities]] if they were copied from a Chinese web map"));
}

TEST_F(StudyGcj02, DeclaredGcj02IsQuiet) {
  EXPECT_THAT(all(warnings(facilities(true), "gcj02")), Not(HasSubstr("GCJ-02")));
}

TEST_F(StudyGcj02, Wgs84IsQuiet) {
  EXPECT_THAT(all(warnings(facilities(false), "")), Not(HasSubstr("GCJ-02")));
}

TEST_F(StudyGcj02, Gcj02DeclaredForWgs84IsNamed) {
  EXPECT_THAT(
      all(warnings(facilities(false), "gcj02")),
      HasSubstr("clinics-wgs84.csv: the facilities lie nearer the streets if read as WGS84, without the "
                "GCJ-02 shift (median 5.0 m) than as GCJ-02 ("));
}

TEST_F(StudyGcj02, ForgottenGcj02OfResidentialPointsIsNamed) {
  const std::string population =
      "[population]\npath = \"" + residents_gcj02().string() + "\"\nmin_placed_share = 0\n";
  EXPECT_THAT(
      all(warnings(facilities(false), "", population)),
      HasSubstr("residents-gcj02.geojson: the residential points lie nearer the streets if read as GCJ-02 "
                "(median 5.0 m) than as given ("));
}

}  // namespace
}  // namespace lifecircle::study
