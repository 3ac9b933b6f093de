#include "lifecircle/io/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "lifecircle/util/error.hpp"
#include "testing/bad_plan.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::filesystem::path plans_dir() { return testing::test_data_dir() / "plans"; }

TEST(PlanTest, FullPlanFillsEveryField) {
  const std::filesystem::path file = plans_dir() / "full.toml";
  const Plan plan = load_plan(file);

  EXPECT_EQ(plan.file, file);
  EXPECT_EQ(plan.name, "Wenling demo");
  EXPECT_DOUBLE_EQ(plan.walk_speed_mps, 4500.0 / 3600.0);
  EXPECT_DOUBLE_EQ(plan.snap_limit_m, 250.0);
  EXPECT_EQ(plan.min_component_nodes, 10u);
  EXPECT_EQ(plan.working_epsg, 32651);
  EXPECT_DOUBLE_EQ(plan.isochrone_buffer_m, 40.5);
  EXPECT_THAT(plan.band_minutes, ElementsAre(5.0, 10.0, 15.0));
  EXPECT_THAT(plan.basket, ElementsAre("health", "kindergarten"));
  EXPECT_EQ(plan.output_dir, std::filesystem::path("results"));  // relative to the working directory
  EXPECT_EQ(plan.output_format, "GeoJSON");

  EXPECT_EQ(plan.roads.path, plans_dir() / "inputs/roads.gpkg");
  EXPECT_EQ(plan.roads.layer, "lines");
  EXPECT_EQ(plan.roads.crs, "EPSG:4490");
  EXPECT_THAT(plan.roads.grade_separation_fields, ElementsAre("is_bridge"));

  EXPECT_EQ(plan.towns.path, std::filesystem::path("/data/wenling/towns.shp"));  // absolute stays
  EXPECT_EQ(plan.towns.layer, "towns");
  EXPECT_EQ(plan.towns.crs, "EPSG:4549");
  EXPECT_EQ(plan.towns.code_field, "XZQDM");
  EXPECT_EQ(plan.towns.name_field, "XZQMC");
  EXPECT_EQ(plan.towns.population_field, "POP2020");

  ASSERT_EQ(plan.facilities.size(), 2u);
  const FacilitiesInput& f = plan.facilities[0];
  EXPECT_EQ(f.path, plans_dir() / "facilities.csv");
  EXPECT_EQ(f.layer, "");
  EXPECT_EQ(f.crs, "gcj02");
  EXPECT_EQ(f.id_field, "fid");
  EXPECT_EQ(f.name_field, "mc");
  EXPECT_EQ(f.category_field, "lx");
  EXPECT_EQ(f.capacity_field, "tw");
  EXPECT_EQ(f.status_field, "zt");
  EXPECT_EQ(f.lon_field, "x");
  EXPECT_EQ(f.lat_field, "y");
  EXPECT_EQ(plan.facilities[1].path, (plans_dir() / "../shared/planned.gpkg").lexically_normal());
  EXPECT_EQ(plan.facilities[1].layer, "planned");

  ASSERT_EQ(plan.categories.size(), 3u);
  const Category& health = plan.categories[0];
  EXPECT_EQ(health.id, "health");
  EXPECT_EQ(health.name, "医疗卫生");
  EXPECT_EQ(health.circle, "15min-public-service");
  EXPECT_THAT(health.values, ElementsAre("卫生院", "社区卫生服务中心", "村卫生室"));
  EXPECT_FALSE(health.reach.is_distance());
  EXPECT_DOUBLE_EQ(health.reach.minutes, 15.0);
  EXPECT_DOUBLE_EQ(health.reach.budget_s(plan.walk_speed_mps), 900.0);
  EXPECT_EQ(health.capacity_unit, "");

  const Category& kindergarten = plan.categories[1];
  EXPECT_TRUE(kindergarten.reach.is_distance());
  EXPECT_EQ(kindergarten.reach.metres, 900.0);
  EXPECT_DOUBLE_EQ(kindergarten.reach.budget_s(plan.walk_speed_mps),
                   900.0 / (4500.0 / 3600.0));                            // 720 s at 4.5 km/h
  EXPECT_DOUBLE_EQ(kindergarten.reach.budget_s(9000.0 / 3600.0), 360.0);  // the metres kept at another speed
  EXPECT_THAT(kindergarten.values, ElementsAre("幼儿园"));
  EXPECT_EQ(kindergarten.capacity_unit, "places");

  const Category& fitness = plan.categories[2];
  EXPECT_DOUBLE_EQ(fitness.reach.budget_s(plan.walk_speed_mps), 450.0);
  EXPECT_DOUBLE_EQ(fitness.reach.budget_s(9000.0 / 3600.0), 450.0);  // minutes are minutes at any speed
  EXPECT_THAT(fitness.values, ElementsAre("fitness"));               // default: the id itself
  EXPECT_EQ(fitness.circle, "10min-fitness");
  EXPECT_EQ(fitness.capacity_unit, "m2");
}

TEST(PlanTest, DefaultsApply) {
  const std::filesystem::path file = plans_dir() / "minimal.toml";
  const Plan plan = load_plan(file);

  EXPECT_EQ(plan.name, "minimal");  // the file's stem
  EXPECT_DOUBLE_EQ(plan.walk_speed_mps, 4000.0 / 3600.0);
  EXPECT_DOUBLE_EQ(plan.snap_limit_m, 300.0);
  EXPECT_EQ(plan.min_component_nodes, 0u);
  EXPECT_FALSE(plan.working_epsg.has_value());
  EXPECT_DOUBLE_EQ(plan.isochrone_buffer_m, 50.0);
  EXPECT_TRUE(plan.band_minutes.empty());
  EXPECT_TRUE(plan.basket.empty());
  EXPECT_EQ(plan.output_dir, std::filesystem::path("out"));
  EXPECT_EQ(plan.output_format, "GPKG");

  EXPECT_EQ(plan.roads.path, plans_dir() / "roads.osm.pbf");
  EXPECT_EQ(plan.roads.layer, "");
  EXPECT_EQ(plan.roads.crs, "");
  EXPECT_THAT(plan.roads.grade_separation_fields, ElementsAre("bridge", "tunnel"));
  EXPECT_EQ(plan.towns.code_field, "code");
  EXPECT_EQ(plan.towns.name_field, "name");
  EXPECT_EQ(plan.towns.population_field, "population");

  ASSERT_EQ(plan.facilities.size(), 1u);
  const FacilitiesInput& f = plan.facilities[0];
  EXPECT_EQ(f.id_field, "id");
  EXPECT_EQ(f.name_field, "name");
  EXPECT_EQ(f.category_field, "category");
  EXPECT_EQ(f.capacity_field, "");
  EXPECT_EQ(f.status_field, "");
  EXPECT_EQ(f.lon_field, "lon");
  EXPECT_EQ(f.lat_field, "lat");

  ASSERT_EQ(plan.categories.size(), 1u);
  const Category& c = plan.categories[0];
  EXPECT_EQ(c.id, "childcare");
  EXPECT_EQ(c.name, "childcare");
  EXPECT_EQ(c.circle, "15min");
  EXPECT_THAT(c.values, ElementsAre("childcare"));
  EXPECT_DOUBLE_EQ(c.reach.minutes, 15.0);
  EXPECT_FALSE(c.reach.is_distance());
  EXPECT_EQ(c.capacity_unit, "");
}

TEST(PlanTest, FindCategory) {
  const Plan plan = load_plan(plans_dir() / "full.toml");
  ASSERT_NE(plan.find_category("kindergarten"), nullptr);
  EXPECT_EQ(plan.find_category("kindergarten")->name, "幼儿园");
  EXPECT_EQ(plan.find_category("幼儿园"), nullptr);  // a value, not an id
  EXPECT_EQ(plan.find_category(""), nullptr);
}

TEST(PlanTest, BundledTestCityLoads) {
  const Plan plan = load_plan(testing::test_data_dir() / "city/plan.toml");
  EXPECT_EQ(plan.categories.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.find_category("park")->reach.minutes, 10.0);
}

TEST(PlanTest, BundledDemoPlanLoads) {
  const std::filesystem::path file =
      std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/plan.toml";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no demo plan at " << file;
  const Plan plan = load_plan(file);
  EXPECT_FALSE(plan.categories.empty());
  for (const std::string& id : plan.basket) EXPECT_NE(plan.find_category(id), nullptr) << id;
  EXPECT_EQ(plan.facilities.at(0).crs, "gcj02");
}

TEST(PlanTest, PlanInTheWorkingDirectoryKeepsRelativePaths) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-plan-test";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(plans_dir() / "minimal.toml", dir / "minimal.toml",
                             std::filesystem::copy_options::overwrite_existing);
  const std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  const Plan plan = load_plan("minimal.toml");
  std::filesystem::current_path(before);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(plan.roads.path, std::filesystem::path("roads.osm.pbf"));
}

TEST(PlanTest, MissingFileIsAnInputError) {
  const std::filesystem::path file = plans_dir() / "no-such-plan.toml";
  try {
    load_plan(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().path, file.string());
    EXPECT_THAT(e.what(), HasSubstr("no such file"));
  }
}

// A plan with `extra` appended to the minimal one's [[categories]] table (or
// the file's start when `at_start`), in a temporary folder.
class PlanText : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lifecircle-plan-text-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& text) const {
    const std::filesystem::path file = dir_ / "plan.toml";
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  static std::string inputs() {
    return "[roads]\npath = \"roads.osm\"\n[towns]\npath = \"towns.geojson\"\n"
           "[[facilities]]\npath = \"facilities.csv\"\n";
  }
  static std::string message_of(const std::filesystem::path& file) {
    try {
      load_plan(file);
    } catch (const InputError& e) {
      return e.what();
    }
    return "(no error)";
  }
  std::filesystem::path dir_;
};

TEST_F(PlanText, LimitsAreInclusive) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "镇";  // 200 characters, 600 bytes
  const Plan plan =
      load_plan(write("[plan]\nname = \"" + name + "\"\nwalk_speed_kmh = 0.5\nisochrone_buffer_m = 500\n" +
                      "snap_limit_m = 2000\n" + inputs() + "[[categories]]\nid = \"" + std::string(64, 'c') +
                      "\"\nminutes = 180\n"));
  EXPECT_EQ(plan.name, name);
  EXPECT_DOUBLE_EQ(plan.categories.at(0).reach.minutes, 180.0);
  EXPECT_DOUBLE_EQ(plan.isochrone_buffer_m, 500.0);
}

TEST_F(PlanText, DistanceIsBoundByThreeHoursAtThePlansSpeed) {
  const std::string plan = "[plan]\nwalk_speed_kmh = 5\n" + inputs() + "[[categories]]\nid = \"a\"\n";
  EXPECT_EQ(load_plan(write(plan + "distance_m = 15000\n")).categories.at(0).reach.metres, 15000.0);
  EXPECT_THAT(message_of(write(plan + "distance_m = 15001\n")),
              HasSubstr("must be more than 0 and at most 15000 m (180 minutes at 5 km/h), got 15001"));
}

TEST_F(PlanText, PlanWithoutTownsTakesThePopulationTotal) {
  const Plan plan =
      load_plan(write("[roads]\npath = \"roads.osm\"\n[population]\ntotal = 38000\n"
                      "[[facilities]]\npath = \"facilities.csv\"\n[[categories]]\nid = \"a\"\n"));
  EXPECT_TRUE(plan.whole_area());
  ASSERT_TRUE(plan.population_total.has_value());
  EXPECT_DOUBLE_EQ(*plan.population_total, 38000.0);
  EXPECT_FALSE(plan.population.has_value());
}

TEST_F(PlanText, PopulationTotalMustBeAPositiveCount) {
  const std::string plan =
      "[roads]\npath = \"roads.osm\"\n[[facilities]]\npath = \"f.csv\"\n"
      "[[categories]]\nid = \"a\"\n[population]\n";
  EXPECT_THAT(message_of(write(plan + "total = 0\n")), HasSubstr("population.total"));
  EXPECT_THAT(message_of(write(plan + "total = 38000\npath = \"pop.tif\"\n")), HasSubstr("path"));
}

TEST_F(PlanText, TooManyCategoriesAreRefused) {
  std::string plan = inputs();
  for (int i = 0; i < 101; ++i) plan += "[[categories]]\nid = \"c" + std::to_string(i) + "\"\n";
  EXPECT_THAT(message_of(write(plan)),
              HasSubstr("field 'categories' has 101 tables; at most 100 are allowed"));
}

TEST_F(PlanText, FileOverTenMegabytesIsRefusedBeforeParsing) {
  // A 60 MB plan name took 103 s and 4.2 GB; the file is refused by its size.
  const std::string comment = "# " + std::string(1022, 'x') + "\n";  // 1 KiB a line
  std::string text = inputs() + "[[categories]]\nid = \"a\"\n";
  while (text.size() <= 10u * 1024u * 1024u) text += comment;
  const std::filesystem::path file = write(text);
  EXPECT_THAT(message_of(file),
              HasSubstr(file.string() + ": the plan file is " + std::to_string(text.size()) +
                        " bytes; a TOML file over 10 MB is refused"));
}

TEST_F(PlanText, EncodingIsOneIconvKnows) {
  const std::string towns =
      "[roads]\npath = \"roads.osm\"\n[[facilities]]\npath = \"facilities.csv\"\n"
      "[[categories]]\nid = \"a\"\n[towns]\npath = \"towns.shp\"\n";
  EXPECT_EQ(load_plan(write(towns + "encoding = \"gb18030\"\n")).towns.encoding, "GB18030");
  EXPECT_EQ(load_plan(write(towns + "encoding = \"utf8\"\n")).towns.encoding, "UTF-8");
  EXPECT_THAT(
      message_of(write(towns + "encoding = \"GBKK\"\n")),
      HasSubstr("field 'towns.encoding' is not a text encoding iconv knows (\"GBKK\"); use e.g. \"GBK\""));
}

using testing::BadPlan;

class PlanBadFixture : public ::testing::TestWithParam<BadPlan> {};

TEST_P(PlanBadFixture, GivesItsMessage) { testing::expect_plan_error(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Plan, PlanBadFixture,
    ::testing::Values(
        BadPlan{"plan-syntax-error.toml", "", "TOML syntax error at line 2, column"},
        BadPlan{"plan-missing-roads-path.toml", "roads.path", "is required (in the table at line 1)"},
        BadPlan{"plan-empty-roads-path.toml", "roads.path", "must not be empty (line 2)"},
        BadPlan{"plan-no-facilities.toml", "facilities", "at least one [[facilities]] table"},
        BadPlan{"plan-no-towns-no-population.toml", "towns",
                "is absent, so the whole network's area is one town, and it needs a population: give "
                "[population] total = N"},
        BadPlan{"plan-population-total-with-towns.toml", "population.total",
                "applies only to a plan without [towns]"},
        BadPlan{"plan-facilities-not-array.toml", "facilities",
                "expected an array of tables ([[facilities]]), got a table"},
        BadPlan{"plan-no-categories.toml", "categories", "at least one [[categories]] table"},
        BadPlan{"plan-walk-speed-is-string.toml", "plan.walk_speed_kmh",
                "expected a number, got a string (line 2)"},
        BadPlan{"plan-negative-walk-speed.toml", "plan.walk_speed_kmh",
                "must be at least 0.5 and at most 20 km/h, got -4"},
        BadPlan{"plan-walk-speed-too-fast.toml", "plan.walk_speed_kmh",
                "must be at least 0.5 and at most 20 km/h, got 40"},
        BadPlan{"plan-walk-speed-too-slow.toml", "plan.walk_speed_kmh",
                "must be at least 0.5 and at most 20 km/h, got 0.01 (line 2)"},
        BadPlan{"plan-zero-minutes.toml", "categories[2].minutes",
                "must be more than 0 and at most 180 minutes, got 0 (line 18)"},
        BadPlan{"plan-minutes-too-long.toml", "categories[0].minutes",
                "must be more than 0 and at most 180 minutes, got 100000 (line 12)"},
        BadPlan{"plan-negative-distance.toml", "categories[0].distance_m",
                "must be more than 0 and at most 12000 m (180 minutes at 4 km/h), got -500"},
        BadPlan{"plan-distance-too-far.toml", "categories[0].distance_m",
                "must be more than 0 and at most 12000 m (180 minutes at 4 km/h), got 10000000"},
        BadPlan{"plan-isochrone-buffer-too-wide.toml", "plan.isochrone_buffer_m",
                "must be more than 0 and at most 500 m, got 100000"},
        BadPlan{"plan-snap-limit-too-far.toml", "plan.snap_limit_m",
                "must be more than 0 and at most 2000 m, got 1000000000"},
        BadPlan{"plan-min-component-nodes-too-many.toml", "plan.min_component_nodes",
                "must be at least 0 and at most 1000000 nodes, got 1000000000"},
        BadPlan{"plan-band-too-long.toml", "plan.band_minutes[2]",
                "must be more than 0 and at most 180 minutes, got 1000"},
        BadPlan{"plan-too-many-bands.toml", "plan.band_minutes", "has 13 bands; at most 12 are allowed"},
        BadPlan{"plan-maps-too-many-pixels.toml", "maps.height_px",
                "makes maps of 20000 x 20000 = 400000000 pixels; at most 40000000 are allowed"},
        BadPlan{"plan-name-too-long.toml", "plan.name",
                "is 201 characters long; at most 200 are allowed (line 2)"},
        BadPlan{"plan-category-id-too-long.toml", "categories[0].id",
                "is 65 characters long; at most 64 are allowed"},
        BadPlan{"plan-category-value-too-long.toml", "categories[0].values[1]",
                "is 201 characters long; at most 200 are allowed"},
        BadPlan{"plan-minutes-and-distance.toml", "categories[0].distance_m",
                "cannot be given together with minutes"},
        BadPlan{"plan-duplicate-category-id.toml", "categories[1].id",
                "duplicates the id of categories[0] (\"health\")"},
        BadPlan{"plan-category-id-not-ascii.toml", "categories[0].id", "must use only a-z, 0-9 and '_'"},
        BadPlan{"plan-basket-unknown-category.toml", "plan.basket[1]",
                "names unknown category 'kindergarden'; did you mean 'kindergarten'?"},
        BadPlan{"plan-value-in-two-categories.toml", "categories[1].values[0]",
                "maps \"居家养老服务照料中心\", already mapped by category 'elderly_dining'"},
        BadPlan{"plan-unknown-key-minuts.toml", "categories[1].minuts",
                "unknown key 'minuts' in categories[1]; did you mean 'minutes'?"},
        BadPlan{"plan-unknown-key-lat-feild.toml", "facilities[0].lat_feild",
                "unknown key 'lat_feild' in facilities[0]; did you mean 'lat_field'?"},
        BadPlan{"plan-unknown-table-categoreis.toml", "categoreis",
                "unknown key 'categoreis' at the top level; did you mean 'categories'?"},
        BadPlan{"plan-unknown-key-no-hint.toml", "roads.speed_limit",
                "unknown key 'speed_limit' in roads; allowed keys: path, layer, crs, encoding, "
                "grade_separation_fields"},
        BadPlan{"plan-bad-working-crs.toml", "plan.working_crs", "must be \"EPSG:<code>\""},
        BadPlan{"plan-bands-not-increasing.toml", "plan.band_minutes[2]",
                "must be greater than the band before it (15), got 10"},
        BadPlan{"plan-unknown-crs.toml", "towns.crs",
                "is not a usable coordinate system: CRS definition 'EPSG:999999' is not understood"}));

}  // namespace
}  // namespace lifecircle::io
