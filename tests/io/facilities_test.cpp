#include "lifecircle/io/facilities.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include "lifecircle/io/facility_inputs.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

// H1 (121.3712, 28.3731) in UTM 51N:
//   gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32651 -output_xy <<< "121.3712 28.3731"
//   340395.386223287 3139611.95199298
constexpr double kH1X = 340395.386223287, kH1Y = 3139611.95199298;

const WorkingCrs& utm51() {
  static const WorkingCrs crs(32651);
  return crs;
}

std::vector<Category> plan_categories() {
  std::vector<Category> c(4);
  c[0].id = "health";
  c[0].values = {"卫生院", " 社区卫生服务中心"};
  c[1].id = "kindergarten";
  c[2].id = "childcare";
  c[2].values = {"托育机构"};
  c[3].id = "elderly_dining";
  c[3].values = {"老年助餐点"};
  return c;
}

std::filesystem::path good(const char* name) { return testing::test_data_dir() / "layers" / name; }
std::filesystem::path bad(const char* name) { return testing::test_data_dir() / "bad" / name; }

FacilitiesInput input_for(const std::filesystem::path& file, std::string crs = {}) {
  FacilitiesInput in;
  in.path = file;
  in.crs = std::move(crs);
  in.capacity_field = "capacity";
  in.status_field = "status";
  return in;
}

FacilityLayer load(const FacilitiesInput& in) { return load_facilities(in, plan_categories(), utm51()); }

void expect_good_facilities(const FacilityLayer& layer, double tolerance_m) {
  ASSERT_EQ(layer.facilities.size(), 4u);
  const Facility& h1 = layer.facilities[0];
  EXPECT_EQ(h1.id, "H1");
  EXPECT_EQ(h1.name, "太平街道社区卫生服务中心");
  EXPECT_EQ(h1.category, "health");
  EXPECT_EQ(h1.raw_category, "社区卫生服务中心");
  EXPECT_FALSE(h1.capacity.has_value());
  EXPECT_EQ(h1.status, FacilityStatus::existing);
  EXPECT_NEAR(h1.lon, 121.3712, 1e-9);
  EXPECT_NEAR(h1.lat, 28.3731, 1e-9);
  EXPECT_NEAR(h1.x, kH1X, tolerance_m);
  EXPECT_NEAR(h1.y, kH1Y, tolerance_m);

  const Facility& k1 = layer.facilities[1];
  EXPECT_EQ(k1.category, "kindergarten");  // by the category id itself
  ASSERT_TRUE(k1.capacity.has_value());
  EXPECT_EQ(*k1.capacity, 360.0);
  EXPECT_EQ(layer.facilities[2].category, "childcare");
  EXPECT_EQ(layer.facilities[2].status, FacilityStatus::planned);  // 规划
  EXPECT_EQ(layer.facilities[3].category, "elderly_dining");
  EXPECT_EQ(layer.facilities[3].status, FacilityStatus::planned);

  EXPECT_EQ(layer.info.feature_count, 4u);
  EXPECT_NEAR(layer.info.min_lon, 121.3712, 1e-7);
  EXPECT_NEAR(layer.info.max_lon, 121.6, 1e-7);
  EXPECT_NEAR(layer.info.min_lat, 28.27, 1e-7);
  EXPECT_NEAR(layer.info.max_lat, 28.381, 1e-7);
  EXPECT_TRUE(layer.warnings.empty());
}

TEST(FacilitiesLoad, Csv) {
  const FacilityLayer layer = load(input_for(good("facilities-wgs84.csv")));
  expect_good_facilities(layer, 1e-3);
  EXPECT_EQ(layer.info.driver, "CSV");
  EXPECT_EQ(layer.info.crs, "EPSG:4326 (default for tables)");
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(layer.facilities[i].feature, static_cast<std::int64_t>(i + 1));
}

TEST(FacilitiesLoad, Xlsx) {
  const FacilityLayer layer = load(input_for(good("facilities-wgs84.xlsx")));
  expect_good_facilities(layer, 1e-3);
  EXPECT_EQ(layer.info.driver, "XLSX");
  EXPECT_EQ(layer.info.layer, "facilities");
  EXPECT_EQ(layer.facilities[3].feature, 4);  // data rows, as for CSV
}

TEST(FacilitiesLoad, GeoJsonPoints) {
  const FacilityLayer layer = load(input_for(good("facilities-points.geojson")));
  expect_good_facilities(layer, 1e-3);
  EXPECT_EQ(layer.info.crs, "EPSG:4326");
  EXPECT_EQ(layer.facilities[1].feature, 2);  // the GeoJSON feature id
}

TEST(FacilitiesLoad, GeoPackageCgcs2000) {
  const FacilityLayer layer = load(input_for(good("facilities-cgcs2000.gpkg")));
  expect_good_facilities(layer, 1e-3);
  EXPECT_EQ(layer.info.driver, "GPKG");
  EXPECT_EQ(layer.info.crs, "EPSG:4490");
}

TEST(FacilitiesLoad, ShapefileGaussKruger) {
  const FacilityLayer layer = load(input_for(good("facilities-gk-cm120.shp")));
  ASSERT_EQ(layer.facilities.size(), 4u);
  EXPECT_NEAR(layer.facilities[0].x, kH1X, 0.01);
  EXPECT_NEAR(layer.facilities[0].y, kH1Y, 0.01);
  EXPECT_NEAR(layer.facilities[0].lon, 121.3712, 1e-7);
  EXPECT_EQ(layer.facilities[2].category, "childcare");
  EXPECT_EQ(layer.info.crs, "EPSG:4549");
}

TEST(FacilitiesLoad, IdsFromFileAndRowWithoutIdField) {
  FacilitiesInput in;
  in.path = good("facilities-no-id.csv");
  const FacilityLayer layer = load(in);
  ASSERT_EQ(layer.facilities.size(), 2u);
  EXPECT_EQ(layer.facilities[0].id, "facilities-no-id.csv:1");
  EXPECT_EQ(layer.facilities[1].id, "facilities-no-id.csv:2");
  EXPECT_EQ(layer.facilities[1].name, "卫生院B");
  EXPECT_FALSE(layer.facilities[1].capacity.has_value());
}

TEST(FacilitiesLoad, Gcj02PublishedPairs) {
  // GCJ-02 values from googollee/eviltransform python/test.py; their WGS84 originals:
  // Shanghai (121.5272106, 31.1774276), Shenzhen (113.912316, 22.543847).
  FacilitiesInput in;
  in.path = good("facilities-gcj02.csv");
  in.crs = "gcj02";
  const FacilityLayer layer = load(in);
  ASSERT_EQ(layer.facilities.size(), 2u);
  EXPECT_NEAR(layer.facilities[0].lon, 121.5272106, 1e-8);
  EXPECT_NEAR(layer.facilities[0].lat, 31.1774276, 1e-8);
  EXPECT_NEAR(layer.facilities[1].lon, 113.912316, 1e-8);
  EXPECT_NEAR(layer.facilities[1].lat, 22.543847, 1e-8);
  // gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32651 -output_xy <<< "121.5272106 31.1774276"
  //   359652.370901488 3450199.58629688
  EXPECT_NEAR(layer.facilities[0].x, 359652.370901488, 1e-3);
  EXPECT_NEAR(layer.facilities[0].y, 3450199.58629688, 1e-3);
  EXPECT_EQ(layer.info.crs, "GCJ-02 (converted to WGS84)");
}

TEST(FacilitiesLoad, OptionalFieldsLeftUnset) {
  FacilitiesInput in;
  in.path = good("facilities-wgs84.csv");
  const FacilityLayer layer = load(in);
  ASSERT_EQ(layer.facilities.size(), 4u);
  EXPECT_FALSE(layer.facilities[1].capacity.has_value());
  EXPECT_EQ(layer.facilities[2].status, FacilityStatus::existing);
}

struct BadFacilities {
  const char* file;
  std::optional<std::int64_t> feature;
  std::vector<std::string> fragments;
};

std::string message_of(const FacilitiesInput& in, InputLocation* where = nullptr) {
  try {
    load(in);
  } catch (const InputError& e) {
    if (where) *where = e.where();
    return e.what();
  }
  return "(no InputError)";
}

class FacilitiesBadInput : public ::testing::TestWithParam<BadFacilities> {};

TEST_P(FacilitiesBadInput, NamesFileFeatureAndFault) {
  const BadFacilities& c = GetParam();
  InputLocation where;
  const std::string message = message_of(input_for(bad(c.file)), &where);
  EXPECT_THAT(message, HasSubstr(std::string(c.file) + ":"));
  EXPECT_EQ(where.feature, c.feature) << message;
  if (c.feature) {
    EXPECT_THAT(message, HasSubstr("feature " + std::to_string(*c.feature) + ":"));
  }
  for (const std::string& fragment : c.fragments) EXPECT_THAT(message, HasSubstr(fragment));
}

const BadFacilities kBadFacilities[] = {
    {"facilities-unknown-category.csv",
     2,
     {"field 'category' value '幼儿园（民办）' is not claimed by any plan category",
      "known values: 卫生院, 社区卫生服务中心, 托育机构, 老年助餐点, health, kindergarten, childcare, "
      "elderly_dining"}},
    {"facilities-empty-category.csv", 2, {"field 'category' is empty"}},
    {"facilities-swapped-coordinates.csv",
     2,
     {"coordinates look swapped (lon=28.381, lat=121.4205): check lon_field/lat_field ('lon'/'lat')"}},
    {"facilities-swapped-coordinates-in-china.csv",
     2,
     {"coordinates look swapped (lon=43.8256, lat=87.6168)"}},
    {"facilities-swapped-points.geojson",
     2,
     {"coordinates look swapped (lon=28.381, lat=121.4205)", "axis order"}},
    {"facilities-empty-coordinate.csv", 2, {"field 'lon' is empty"}},
    {"facilities-coordinate-not-a-number.csv", 2, {"field 'lon' is not a number ('121°25'E')"}},
    {"facilities-nan-coordinate.csv", 2, {"field 'lat' is not a finite number (nan)"}},
    {"facilities-coordinate-out-of-range.csv",
     2,
     {"coordinate (212.4205, 28.381) outside longitude -180..180"}},
    {"facilities-capacity-not-a-number.csv", 2, {"field 'capacity' is not a number ('about 360')"}},
    {"facilities-negative-capacity.csv", 2, {"field 'capacity' is negative (-360)"}},
    {"facilities-unknown-status.csv",
     2,
     {"field 'status' value 'demolished' is not a status (existing, planned"}},
    {"facilities-duplicate-id.csv", 2, {"field 'id' repeats id 'H1' (first used by feature 1)"}},
    {"facilities-missing-lon-field.csv",
     std::nullopt,
     {"field 'lon' not found (set by lon_field)",
      "fields are: id, name, category, capacity, status, longitude, lat"}},
    {"facilities-line-geometry.geojson", 2, {"has a LineString geometry; a facility must be a Point"}},
    {"facilities-empty-layer.csv", std::nullopt, {"has no features"}},
    // iconv -f UTF-8 -t GBK layers/facilities-wgs84.csv: what Excel on a Chinese Windows saves as "CSV".
    {"facilities-gbk-encoding.csv",
     1,
     {"field 'name' is not UTF-8; it decodes as GB18030 ('太平街道社区卫生服务中心', ...): "
      "set encoding = \"GB18030\" in [[facilities]], or save the file as UTF-8"}},
    {"facilities-infinite-coordinate.csv", 2, {"field 'lon' is not a finite number (inf)"}},
    {"facilities-huge-capacity.csv", 2, {"field 'capacity' is not a number ('1e400')"}},
    {"facilities-empty-file.csv", std::nullopt, {"cannot be read as a vector layer"}},
    {"facilities-truncated.xlsx", std::nullopt, {"cannot be read as a vector layer"}},
};

std::string case_name(const ::testing::TestParamInfo<BadFacilities>& info) {
  std::string name = std::to_string(info.index) + "_" + info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(FacilitiesFixtures, FacilitiesBadInput, ::testing::ValuesIn(kBadFacilities),
                         case_name);

TEST(FacilitiesBadFixtures, EveryBadFacilitiesFileIsTested) {
  std::vector<std::string> tested;
  for (const BadFacilities& c : kBadFacilities) tested.emplace_back(c.file);
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_data_dir() / "bad")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("facilities-", 0) != 0) continue;
    EXPECT_NE(std::find(tested.begin(), tested.end(), name), tested.end()) << name << " has no test";
  }
}

TEST(FacilitiesErrors, ConfiguredFieldMissing) {
  FacilitiesInput in = input_for(good("facilities-wgs84.csv"));
  in.capacity_field = "places";
  EXPECT_THAT(message_of(in),
              HasSubstr("facilities-wgs84.csv: layer 'facilities-wgs84': field 'places' not found "
                        "(set by capacity_field); the layer's fields are: id, name, category"));
}

TEST(FacilitiesErrors, MissingFile) {
  EXPECT_THAT(message_of(input_for(good("facilities-nowhere.csv"))),
              HasSubstr("facilities-nowhere.csv: file not found"));
}

TEST(FacilitiesErrors, BadDeclaredCrs) {
  EXPECT_THAT(
      message_of(input_for(good("facilities-wgs84.csv"), "EPSG:0")),
      HasSubstr("facilities-wgs84.csv: layer 'facilities-wgs84': declared crs: CRS definition 'EPSG:0'"));
}

TEST(FacilitiesErrors, PlanCategoriesClaimingOneValue) {
  std::vector<Category> c = plan_categories();
  c[1].values = {"卫生院"};
  EXPECT_THROW(load_facilities(input_for(good("facilities-wgs84.csv")), c, utm51()), Error);
}

// The plan's facility inputs together (check_facility_inputs): each layer as
// load_study reads it, then the cross-input check.
std::vector<FacilityLayer> layers_of(const Plan& plan) {
  std::vector<FacilityLayer> layers;
  for (const FacilitiesInput& in : plan.facilities)
    layers.push_back(load_facilities(in, plan.categories, utm51()));
  return layers;
}

InputError cross_input_error(const char* fixture) {
  const Plan plan = load_plan(bad(fixture));
  std::vector<FacilityLayer> layers = layers_of(plan);
  try {
    check_facility_inputs(plan, layers);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << fixture << ": expected an InputError";
  return InputError({}, "none");
}

TEST(FacilityInputs, FacilitiesListedTwiceIsAnError) {
  const InputError e = cross_input_error("plan-facilities-listed-twice.toml");
  EXPECT_EQ(e.where().path, bad("plan-facilities-listed-twice.toml").string());
  EXPECT_EQ(e.where().field, "facilities[1].path");
  EXPECT_THAT(e.what(), HasSubstr("names the same file as facilities[0].path"));
  EXPECT_THAT(e.what(), HasSubstr("city/facilities.csv is listed twice"));
  EXPECT_THAT(e.what(), HasSubstr("counted twice"));
}

TEST(FacilityInputs, FacilityIdInTwoFilesIsAnError) {
  const InputError e = cross_input_error("plan-facility-id-in-two-files.toml");
  EXPECT_EQ(std::filesystem::path(e.where().path).filename(), "plan-facility-id-in-two-files.csv");
  EXPECT_EQ(e.where().feature, 2);
  EXPECT_EQ(e.where().field, "id");
  EXPECT_THAT(e.what(), HasSubstr("feature 2: field 'id' repeats id 'P1' of "));
  EXPECT_THAT(e.what(),
              HasSubstr("city/facilities.csv, feature 2: ids must be unique across all facility inputs"));
}

TEST(FacilityInputs, SameFacilityInTwoFilesIsAWarningWithTheCount) {
  const Plan plan = load_plan(bad("plan-facility-in-two-files.toml"));
  std::vector<FacilityLayer> layers = layers_of(plan);
  const std::vector<std::string> warnings = check_facility_inputs(plan, layers);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("plan-facility-in-two-files.csv: 1 facility has the category, name and "
                                     "position (within 1 m) of one in "));
  EXPECT_THAT(warnings[0], HasSubstr("(first: id 'W1', 'West clinic', clinic)"));
  EXPECT_EQ(layers[1].facilities[1].input, 1u);
}

TEST(FacilityInputs, GeneratedIdsOfFilesWithOneNameDoNotCollide) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "lifecircle-facility-inputs-test";
  std::filesystem::remove_all(dir);
  Plan plan;
  plan.categories = plan_categories();
  for (const char* sub : {"a", "b"}) {
    std::filesystem::create_directories(dir / sub);
    std::ofstream(dir / sub / "points.csv")
        << "name,category,lon,lat\nX,health,121.37" << sub[0] - 'a' << ",28.37\n";
    plan.facilities.push_back(input_for(dir / sub / "points.csv"));
    plan.facilities.back().id_field.clear();
    plan.facilities.back().capacity_field.clear();
    plan.facilities.back().status_field.clear();
  }
  std::vector<FacilityLayer> layers = layers_of(plan);
  ASSERT_EQ(layers[0].facilities.at(0).id, "points.csv:1");  // as load_facilities makes it
  EXPECT_TRUE(check_facility_inputs(plan, layers).empty());
  EXPECT_EQ(layers[0].facilities.at(0).id, "points.csv#1:1");
  EXPECT_EQ(layers[1].facilities.at(0).id, "points.csv#2:1");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lifecircle::io
