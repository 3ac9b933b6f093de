#include "lifecircle/io/crs.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

std::string error_of(const std::string& definition) {
  try {
    make_srs(definition);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CrsUtm, ZoneAndHemisphere) {
  EXPECT_EQ(utm_epsg_for(121.4, 28.4), 32651);   // Wenling
  EXPECT_EQ(utm_epsg_for(7.42, 43.73), 32632);   // Monaco
  EXPECT_EQ(utm_epsg_for(-58.4, -34.6), 32721);  // Buenos Aires
  EXPECT_EQ(utm_epsg_for(-180.0, 0.0), 32601);
  EXPECT_EQ(utm_epsg_for(180.0, -1.0), 32760);  // the antimeridian belongs to zone 60
  EXPECT_EQ(utm_epsg_for(120.0, 30.0), 32651);  // a zone's west edge belongs to it
}

TEST(CrsUtm, RejectsNonCoordinates) {
  EXPECT_THROW(utm_epsg_for(std::numeric_limits<double>::quiet_NaN(), 28.0), Error);
  EXPECT_THROW(utm_epsg_for(121.0, 95.0), Error);
  EXPECT_THROW(utm_epsg_for(500000.0, 3100000.0), Error);
}

// gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32651 -output_xy  <<< "121.36 28.36"
//   339277.997909538 3138175.2750603
constexpr double kLon = 121.36, kLat = 28.36;
constexpr double kUtmX = 339277.997909538, kUtmY = 3138175.2750603;

TEST(CrsMakeSrs, AcceptsEpsgWktAndProjStrings) {
  const auto cgcs2000 = make_srs("EPSG:4490");
  EXPECT_TRUE(cgcs2000->IsGeographic());
  const auto utm = make_srs("  EPSG:32651 ");
  EXPECT_TRUE(utm->IsProjected());

  char* wkt = nullptr;
  utm->exportToWkt(&wkt);
  const auto from_wkt = make_srs(wkt);
  CPLFree(wkt);
  EXPECT_TRUE(from_wkt->IsSame(utm.get()));

  const auto from_proj = make_srs("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs");
  double x = kLon, y = kLat;
  ASSERT_TRUE(Transformer(*make_srs("EPSG:4326"), *from_proj).transform(x, y));
  EXPECT_NEAR(x, kUtmX, 1e-3);
  EXPECT_NEAR(y, kUtmY, 1e-3);
}

TEST(CrsMakeSrs, AxisOrderIsLonLat) {
  // EPSG:4490 officially orders latitude first; make_srs makes x the longitude.
  double x = kLon, y = kLat;
  ASSERT_TRUE(Transformer(*make_srs("EPSG:4490"), *make_srs("EPSG:32651")).transform(x, y));
  EXPECT_NEAR(x, kUtmX, 1e-3);
  EXPECT_NEAR(y, kUtmY, 1e-3);
}

TEST(CrsMakeSrs, BadDefinitionsSayWhy) {
  EXPECT_THAT(error_of("EPSG:999999"), HasSubstr("CRS definition 'EPSG:999999' is not understood"));
  EXPECT_THAT(error_of("WGS 1984 please"), HasSubstr("'WGS 1984 please' is not understood"));
  EXPECT_THAT(error_of(""), HasSubstr("empty CRS definition"));
  EXPECT_THAT(error_of("gcj02"), HasSubstr("GCJ-02 is handled by the layer loaders"));
  EXPECT_THAT(error_of("GCJ-02"), HasSubstr("not a PROJ CRS"));
}

TEST(CrsMakeSrs, DoesNotReadFiles) { EXPECT_THAT(error_of("/etc/passwd"), HasSubstr("is not understood")); }

TEST(CrsTransformer, ForcesLonLatOnCallerSrs) {
  // A spatial reference built without make_srs keeps EPSG's lat/lon order;
  // the Transformer still reads x as longitude.
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRSpatialReference utm;
  utm.importFromEPSG(32651);
  const Transformer t(wgs84, utm);
  double x = kLon, y = kLat;
  ASSERT_TRUE(t.transform(x, y));
  EXPECT_NEAR(x, kUtmX, 1e-3);
  EXPECT_NEAR(y, kUtmY, 1e-3);
}

TEST(CrsTransformer, FailsOnNonFiniteInput) {
  const Transformer t(*make_srs("EPSG:4326"), *make_srs("EPSG:32651"));
  double x = std::numeric_limits<double>::quiet_NaN(), y = 28.0;
  EXPECT_FALSE(t.transform(x, y));
  double inf_x = std::numeric_limits<double>::infinity(), inf_y = 28.0;
  EXPECT_FALSE(t.transform(inf_x, inf_y));
}

TEST(CrsTransformer, Movable) {
  Transformer a(*make_srs("EPSG:4326"), *make_srs("EPSG:32651"));
  Transformer b = std::move(a);
  double x = kLon, y = kLat;
  ASSERT_TRUE(b.transform(x, y));
  EXPECT_NEAR(x, kUtmX, 1e-3);
}

TEST(CrsWorking, ForwardAgainstGdaltransformAndRoundTrip) {
  const WorkingCrs crs(32651);
  EXPECT_EQ(crs.epsg(), 32651);
  double x = 0, y = 0;
  ASSERT_TRUE(crs.to_metric(kLon, kLat, x, y));
  EXPECT_NEAR(x, kUtmX, 1e-3);
  EXPECT_NEAR(y, kUtmY, 1e-3);
  double lon = 0, lat = 0;
  ASSERT_TRUE(crs.to_wgs84(x, y, lon, lat));
  EXPECT_NEAR(lon, kLon, 1e-9);
  EXPECT_NEAR(lat, kLat, 1e-9);
}

TEST(CrsWorking, SouthernHemisphere) {
  // gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32721 -output_xy <<< "-58.4 -34.6"
  //   371624.544190303 6170423.24039888
  const WorkingCrs crs(utm_epsg_for(-58.4, -34.6));
  double x = 0, y = 0;
  ASSERT_TRUE(crs.to_metric(-58.4, -34.6, x, y));
  EXPECT_NEAR(x, 371624.544190303, 1e-3);
  EXPECT_NEAR(y, 6170423.24039888, 1e-3);
}

TEST(CrsWorking, MustBeProjectedInMetres) {
  EXPECT_THROW(WorkingCrs(4326), Error);
  EXPECT_THROW(WorkingCrs(2236), Error);  // NAD83 / Florida East (ftUS)
  EXPECT_THROW(WorkingCrs(123456), Error);
}

// The demo's roads (data/geo/wenling-demo, `lifecircle info`).
constexpr LonLatExtent kWenling{121.17287, 28.25224, 121.68011, 28.53006};

std::string fit_error(int epsg, const LonLatExtent& data) {
  try {
    check_working_crs(WorkingCrs(epsg), data);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CrsWorkingFit, UtmScaleIsItsOwnAtTheCentralMeridian) {
  // UTM 51N's central meridian is 123 E: the scale there is k0 = 0.9996.
  EXPECT_NEAR(worst_scale_error(WorkingCrs(32651), {123.0, 28.4, 123.0, 28.4}), 0.0004, 1e-6);
}

TEST(CrsWorkingFit, WebMercatorScaleIsSecantOfLatitude) {
  // Spherical Mercator of ellipsoidal coordinates: east-west a / (N cos phi),
  // north-south a / (M cos phi); the worst is north-south at the top edge.
  const double phi = kWenling.max_lat * 3.14159265358979323846 / 180.0, e2 = 0.00669437999014;
  const double w2 = 1.0 - e2 * std::sin(phi) * std::sin(phi);
  const double k_north = std::pow(w2, 1.5) / ((1.0 - e2) * std::cos(phi));
  EXPECT_NEAR(worst_scale_error(WorkingCrs(3857), kWenling), k_north - 1.0, 1e-5);
}

TEST(CrsWorkingFit, ReasonableChoicesForTheDemoPass) {
  EXPECT_EQ(fit_error(32651, kWenling), "(no error)");  // UTM 51N, the automatic choice
  EXPECT_EQ(fit_error(4549, kWenling), "(no error)");   // CGCS2000 3-degree Gauss-Kruger CM 120E
  EXPECT_EQ(fit_error(4550, kWenling), "(no error)");   // ... CM 123E
}

TEST(CrsWorkingFit, ZoneOnTheOtherSideOfTheEarthIsRefused) {
  const std::string message = fit_error(32601, kWenling);
  EXPECT_THAT(
      message,
      HasSubstr("working CRS EPSG:32601 (WGS 84 / UTM zone 1N) is meant for lon -180.000 .. -174.000"));
  EXPECT_THAT(message, HasSubstr("the data lie at lon 121.173 .. 121.680, lat 28.252 .. 28.530"));
  EXPECT_THAT(message, HasSubstr("EPSG:32651"));
}

TEST(CrsWorkingFit, WebMercatorDistortsTooMuch) {
  const std::string message = fit_error(3857, kWenling);
  EXPECT_THAT(message, HasSubstr("working CRS EPSG:3857 (WGS 84 / Pseudo-Mercator) distorts distances"));
  EXPECT_THAT(message, HasSubstr("by 14.3"));
  EXPECT_THAT(message, HasSubstr("more than the 0.100 % allowed"));
}

// working_crs = "EPSG:32601" on the demo measured a city of 2,696 km² (truly
// 1,082): now the plan's key is named and the run refused.
TEST(CrsWorkingFit, PlanWithWorkingCrsFarFromDataIsAnInputError) {
  const io::Plan plan =
      io::load_plan(testing::test_data_dir() / "bad" / "plan-working-crs-far-from-data.toml");
  try {
    study::load_study(plan);
    FAIL() << "EPSG:32601 accepted for a city at 121.4 E";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "working_crs");
    EXPECT_THAT(e.what(), HasSubstr("plan-working-crs-far-from-data.toml: field 'working_crs'"));
    EXPECT_THAT(e.what(), HasSubstr("EPSG:32601"));
    EXPECT_THAT(e.what(), HasSubstr("the data lie at lon 121.4"));
  }
}

TEST(CrsWorkingFit, GeographicCrsIsRefused) {
  try {
    const WorkingCrs crs(4490);
    FAIL() << "EPSG:4490 accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("EPSG:4490 (China Geodetic Coordinate System 2000) is not a projected CRS"));
    EXPECT_THAT(e.what(), HasSubstr("degrees"));
  }
}

}  // namespace
}  // namespace lifecircle::io
