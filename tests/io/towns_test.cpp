#include "lifecircle/io/towns.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

// Vertex (121.36, 28.36), the south-west corner of town 331081001, in UTM 51N:
//   gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32651 -output_xy <<< "121.36 28.36"
//   339277.997909538 3138175.2750603
//   ... <<< "121.44 28.40"  ->  347176.567064574 3142503.39387991
//   ... <<< "121.40 28.36"  ->  343198.616992997 3138122.60461907 (the south-east corner lies
//   lower: UTM 51N's grid north turns against true north west of 123E)
constexpr double kSwX = 339277.997909538, kSwY = 3138175.2750603;
constexpr double kSeY = 3138122.60461907;
constexpr double kNeX = 347176.567064574, kNeY = 3142503.39387991;

const WorkingCrs& utm51() {
  static const WorkingCrs crs(32651);
  return crs;
}

TownsInput input_for(const std::filesystem::path& file, std::string crs = {}, std::string layer = {}) {
  TownsInput in;
  in.path = file;
  in.crs = std::move(crs);
  in.layer = std::move(layer);
  return in;
}

std::filesystem::path good(const char* name) { return testing::test_data_dir() / "layers" / name; }
std::filesystem::path bad(const char* name) { return testing::test_data_dir() / "bad" / name; }

std::unique_ptr<OGRGeometry> geometry_of(const Town& town) {
  OGRGeometry* g = nullptr;
  const OGRErr err =
      OGRGeometryFactory::createFromWkb(town.wkb.data(), nullptr, &g, town.wkb.size(), wkbVariantIso);
  EXPECT_EQ(err, OGRERR_NONE);
  return std::unique_ptr<OGRGeometry>(g);
}

struct Xy {
  double x, y;
};

std::vector<Xy> vertices_of(const Town& town) {
  std::vector<Xy> out;
  const auto g = geometry_of(town);
  auto add_polygon = [&out](const OGRPolygon& polygon) {
    for (const OGRLinearRing* ring : polygon) {
      for (int i = 0; i < ring->getNumPoints(); ++i) out.push_back({ring->getX(i), ring->getY(i)});
    }
  };
  if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) {
    for (const OGRPolygon* p : *g->toMultiPolygon()) add_polygon(*p);
  } else {
    add_polygon(*g->toPolygon());
  }
  return out;
}

double distance_to_nearest_vertex_m(const Town& town, double x, double y) {
  double best = 1e300;
  for (const Xy& v : vertices_of(town)) best = std::min(best, std::hypot(v.x - x, v.y - y));
  return best;
}

void expect_good_towns(const TownLayer& layer, double tolerance_m) {
  ASSERT_EQ(layer.towns.size(), 3u);
  const Town& a = layer.towns[0];
  EXPECT_EQ(a.code, "331081001");
  EXPECT_EQ(a.name, "太平街道");
  EXPECT_EQ(a.population, 120000.0);
  EXPECT_FALSE(a.repaired);
  EXPECT_LT(distance_to_nearest_vertex_m(a, kSwX, kSwY), tolerance_m);
  EXPECT_NEAR(a.min_x, kSwX, tolerance_m);
  EXPECT_NEAR(a.min_y, kSeY, tolerance_m);
  EXPECT_LT(distance_to_nearest_vertex_m(layer.towns[1], kNeX, kNeY), tolerance_m);
  EXPECT_EQ(layer.towns[1].code, "331081002");
  EXPECT_EQ(layer.towns[2].name, "石塘镇");
  EXPECT_EQ(wkbFlatten(geometry_of(layer.towns[2])->getGeometryType()), wkbMultiPolygon);
  EXPECT_TRUE(layer.warnings.empty()) << layer.warnings.front();
  EXPECT_EQ(layer.info.feature_count, 3u);
  EXPECT_NEAR(layer.info.min_lon, 121.36, 1e-7);
  EXPECT_NEAR(layer.info.max_lon, 121.62, 1e-7);
  EXPECT_NEAR(layer.info.min_lat, 28.26, 1e-7);
  EXPECT_NEAR(layer.info.max_lat, 28.40, 1e-7);
}

TEST(TownsLoad, GeoJsonWgs84) {
  const TownLayer layer = load_towns(input_for(good("towns-wgs84.geojson")), utm51());
  expect_good_towns(layer, 1e-3);
  EXPECT_EQ(layer.info.driver, "GeoJSON");
  EXPECT_EQ(layer.info.crs, "EPSG:4326");
  EXPECT_EQ(layer.info.layer, "towns-wgs84");
  EXPECT_THAT(layer.info.path, HasSubstr("towns-wgs84.geojson"));
}

TEST(TownsLoad, GeoPackageCgcs2000) {
  const TownLayer layer = load_towns(input_for(good("towns-cgcs2000.gpkg")), utm51());
  expect_good_towns(layer,
                    1e-3);  // CGCS2000 and WGS84 differ by centimetres at most; PROJ treats them as equal
  EXPECT_EQ(layer.info.driver, "GPKG");
  EXPECT_EQ(layer.info.crs, "EPSG:4490");
}

TEST(TownsLoad, ShapefileGaussKruger) {
  // ogr2ogr -t_srs EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), read back into UTM 51N.
  const TownLayer layer = load_towns(input_for(good("towns-gk-cm120.shp")), utm51());
  expect_good_towns(layer, 0.01);
  EXPECT_EQ(layer.info.driver, "ESRI Shapefile");
  EXPECT_EQ(layer.info.crs, "EPSG:4549");
}

TEST(TownsLoad, ShapefileWithoutPrjTakesTheDeclaredCrs) {
  const TownLayer layer = load_towns(input_for(bad("towns-no-crs.shp"), "EPSG:4549"), utm51());
  expect_good_towns(layer, 0.01);
  EXPECT_EQ(layer.info.crs, "EPSG:4549 (declared)");
}

TEST(TownsLoad, PopulationAsText) {
  const TownLayer layer = load_towns(input_for(good("towns-population-text.geojson")), utm51());
  ASSERT_EQ(layer.towns.size(), 3u);
  EXPECT_EQ(layer.towns[0].population, 120000.0);
  EXPECT_EQ(layer.towns[1].population, 85000.0);
  EXPECT_EQ(layer.towns[2].population, 65000.0);
}

TEST(TownsLoad, NamedLayerOfSeveral) {
  const TownLayer layer = load_towns(input_for(bad("towns-several-layers.gpkg"), "", "towns"), utm51());
  expect_good_towns(layer, 1e-3);
  EXPECT_EQ(layer.info.layer, "towns");
}

TEST(TownsLoad, OtherFieldNames) {
  TownsInput in = input_for(bad("towns-missing-population-field.geojson"));
  in.population_field = "pop";
  const TownLayer layer = load_towns(in, utm51());
  EXPECT_EQ(layer.towns[0].population, 120000.0);
}

TEST(TownsLoad, Gcj02VerticesAreShiftedToWgs84) {
  // The same numbers read as GCJ-02: every vertex moves by the inverse shift.
  const TownLayer layer = load_towns(input_for(good("towns-wgs84.geojson"), "gcj02"), utm51());
  ASSERT_EQ(layer.towns.size(), 3u);
  double lon = 0, lat = 0, x = 0, y = 0;
  gcj02_to_wgs84(121.36, 28.36, lon, lat);
  EXPECT_NEAR(lon, 121.36 - 0.0044, 2e-4);
  ASSERT_TRUE(utm51().to_metric(lon, lat, x, y));
  EXPECT_LT(distance_to_nearest_vertex_m(layer.towns[0], x, y), 1e-3);
  EXPECT_GT(distance_to_nearest_vertex_m(layer.towns[0], kSwX, kSwY), 400.0);
  EXPECT_EQ(layer.info.crs, "GCJ-02 (converted to WGS84)");
  EXPECT_NEAR(layer.info.min_lon, lon, 1e-5);  // the north-west corner shifts a little differently
}

TEST(TownsLoad, DeclaredCrsOverridingTheFileIsAWarning) {
  const TownLayer layer = load_towns(input_for(good("towns-wgs84.geojson"), "EPSG:4490"), utm51());
  ASSERT_EQ(layer.warnings.size(), 1u);
  EXPECT_THAT(layer.warnings[0], HasSubstr("declared crs EPSG:4490 overrides the file's EPSG:4326"));
}

TEST(TownsLoad, BowTieIsRepairedWithAWarning) {
  const TownLayer layer = load_towns(input_for(good("towns-bowtie.geojson")), utm51());
  ASSERT_EQ(layer.towns.size(), 1u);
  const Town& town = layer.towns[0];
  EXPECT_TRUE(town.repaired);
  ASSERT_EQ(layer.warnings.size(), 1u);
  // The crossing of the two diagonals, reported in WGS84 for the planner.
  EXPECT_THAT(layer.warnings[0],
              HasSubstr("feature 7: polygon was invalid (Self-intersection at lon 121.4100000, lat 28.41"));
  EXPECT_THAT(layer.warnings[0], HasSubstr("and was repaired with MakeValid"));
  const auto g = geometry_of(town);
  ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon);
  EXPECT_EQ(g->toMultiPolygon()->getNumGeometries(), 2);
  EXPECT_TRUE(g->IsValid());
  // Two triangles: half the square spanned by the four corners (shoelace in UTM).
  const double corners[4][2] = {{121.40, 28.40}, {121.42, 28.40}, {121.42, 28.42}, {121.40, 28.42}};
  Xy p[4];
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(utm51().to_metric(corners[i][0], corners[i][1], p[i].x, p[i].y));
  double square_m2 = 0;
  for (int i = 0; i < 4; ++i) square_m2 += p[i].x * p[(i + 1) % 4].y - p[(i + 1) % 4].x * p[i].y;
  square_m2 = std::abs(square_m2) / 2.0;
  EXPECT_NEAR(g->toMultiPolygon()->get_Area(), square_m2 / 2.0, square_m2 * 0.002);
}

// Every bad fixture: the message names the file, the feature and the fault.
struct BadTowns {
  const char* file;
  std::optional<std::int64_t> feature;
  std::vector<std::string> fragments;
  std::string crs = {};
  std::string layer = {};
};

std::string message_of(const BadTowns& c, InputLocation* where = nullptr) {
  try {
    load_towns(input_for(bad(c.file), c.crs, c.layer), utm51());
  } catch (const InputError& e) {
    if (where) *where = e.where();
    return e.what();
  }
  return "(no InputError)";
}

class TownsBadInput : public ::testing::TestWithParam<BadTowns> {};

TEST_P(TownsBadInput, NamesFileFeatureAndFault) {
  const BadTowns& c = GetParam();
  InputLocation where;
  const std::string message = message_of(c, &where);
  EXPECT_THAT(message, HasSubstr(std::string(c.file) + ":"));
  EXPECT_EQ(where.feature, c.feature) << message;
  if (c.feature) {
    EXPECT_THAT(message, HasSubstr("feature " + std::to_string(*c.feature) + ":"));
  }
  for (const std::string& fragment : c.fragments) EXPECT_THAT(message, HasSubstr(fragment));
}

const BadTowns kBadTowns[] = {
    {"towns-negative-population.geojson", 2, {"field 'population' is negative (-40)"}},
    {"towns-population-not-a-number.geojson", 2, {"field 'population' is not a number ('about 85000')"}},
    {"towns-empty-population.geojson", 2, {"field 'population' is empty"}},
    {"towns-missing-population-field.geojson",
     std::nullopt,
     {"field 'population' not found", "fields are: code, name, area_km2, pop"}},
    {"towns-duplicate-code.geojson",
     3,
     {"field 'code' repeats town code '331081001' (first used by feature 1)"}},
    {"towns-empty-code.geojson", 2, {"field 'code' is empty"}},
    {"towns-point-geometry.geojson", 2, {"has a Point geometry; a town must be a Polygon or MultiPolygon"}},
    {"towns-line-geometry.geojson", 2, {"has a LineString geometry"}},
    {"towns-empty-geometry.geojson", 2, {"has an empty geometry"}},
    {"towns-no-geometry.geojson", 2, {"has no geometry"}},
    {"towns-nan-coordinate.geojson", 2, {"has a coordinate that is not a finite number (nan, 28.36)"}},
    {"towns-coordinates-out-of-range.geojson",
     2,
     {"coordinate (633331.85, 3139089.55) outside longitude -180..180", "is the layer's CRS right?"}},
    {"towns-empty-layer.geojson", std::nullopt, {"layer 'towns-empty-layer'", "has no features"}},
    {"towns-no-crs.shp", std::nullopt, {"has no coordinate reference system", "crs = \"EPSG:....\""}},
    {"towns-several-layers.gpkg", std::nullopt, {"has 2 layers (towns, facilities)", "layer = "}},
    {"towns-several-layers.gpkg",
     std::nullopt,
     {"has no layer 'town' (layers: towns, facilities)"},
     "",
     "town"},
    {"towns-no-crs.shp",
     std::nullopt,
     {"declared crs: CRS definition 'EPSG:99999' is not understood"},
     "EPSG:99999"},
    {"towns-nowhere.gpkg", std::nullopt, {"towns-nowhere.gpkg: file not found"}},
    {"towns-huge-population.geojson", 2, {"field 'population' is not a finite number"}},
    {"towns-infinite-coordinate.geojson", 2, {"has a coordinate that is not a finite number (inf"}},
    {"towns-truncated.geojson",
     std::nullopt,
     {"cannot be read as a vector layer", "Failed to read GeoJSON data"}},
    {"towns-gbk-name.geojson",
     1,
     {"field 'name' is not UTF-8; it decodes as GB18030 ('太平街道', ...): set encoding = \"GB18030\" in "
      "[towns]"}},
    {"towns-duplicated-under-new-code.geojson",
     3,
     {"town 331081099 太平街道 overlaps town 331081001 太平街道 (feature 1) by 17.",
      "100 % of the smaller town", "every resident must belong to one town"}},
    {"towns-overlapping.geojson",
     2,
     {"town 331081002 城东街道 overlaps town 331081001 太平街道 (feature 1) by 4.3",
      "% of the smaller town"}},
};

std::string case_name(const ::testing::TestParamInfo<BadTowns>& info) {
  std::string name = std::to_string(info.index) + "_" + info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(TownsFixtures, TownsBadInput, ::testing::ValuesIn(kBadTowns), case_name);

TEST(TownsBadFixtures, EveryBadTownsFileIsTested) {
  std::vector<std::string> tested;
  for (const BadTowns& c : kBadTowns) tested.emplace_back(c.file);
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_data_dir() / "bad")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("towns-", 0) != 0) continue;
    const std::string ext = entry.path().extension().string();
    if (ext == ".shx" || ext == ".dbf" || ext == ".cpg" || ext == ".prj") continue;
    EXPECT_NE(std::find(tested.begin(), tested.end(), name), tested.end()) << name << " has no test";
  }
}

// 0.0001 degrees of longitude (9.8 m at 28.38 N) times 0.04 degrees of
// latitude (4,434 m): about 43,400 m², 0.25 % of the smaller town.
TEST(TownsOverlap, SliverBelowOnePercentIsAWarning) {
  const TownLayer layer = load_towns(input_for(good("towns-sliver-overlap.geojson")), utm51());
  ASSERT_EQ(layer.towns.size(), 2u);
  ASSERT_EQ(layer.warnings.size(), 1u);
  EXPECT_THAT(layer.warnings[0],
              HasSubstr("feature 2: town 331081002 城东街道 overlaps town 331081001 太平街道"));
  EXPECT_THAT(layer.warnings[0], HasSubstr("43"));
  EXPECT_THAT(layer.warnings[0], HasSubstr("a sliver"));
}

// The demo's towns are Voronoi zones cut from one partition: their shared
// borders must not read as overlaps.
TEST(TownsOverlap, TownsCutFromOnePartitionDoNotOverlap) {
  const TownLayer layer = load_towns(
      input_for(std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/towns.geojson"),
      utm51());
  EXPECT_EQ(layer.towns.size(), 16u);
  for (const std::string& w : layer.warnings) EXPECT_THAT(w, ::testing::Not(HasSubstr("overlaps"))) << w;
}

TEST(TownsErrors, Gcj02DeclaredOnAProjectedLayer) {
  try {
    load_towns(input_for(good("towns-gk-cm120.shp"), "gcj02"), utm51());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("towns-gk-cm120.shp: layer 'towns-gk-cm120': is declared crs = \"gcj02\""));
    EXPECT_THAT(e.what(), HasSubstr("EPSG:4549, a projected CRS"));
  }
}

TEST(TownsErrors, NotAVectorFile) {
  TownsInput in;
  in.path = testing::test_data_dir() / "layers" / "towns-facilities-fixtures.sh";
  try {
    load_towns(in, utm51());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("towns-facilities-fixtures.sh: cannot be read as a vector layer"));
  }
}

}  // namespace
}  // namespace lifecircle::io
