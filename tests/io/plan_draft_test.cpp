// Guessing field roles from a city's own files, and the plan drafted from them.

#include "lifecircle/io/plan_draft.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/towns.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

std::filesystem::path chinese_csv() {
  return testing::test_data_dir() / "draft" / "facilities-chinese-headers.csv";
}

TEST(GuessRoles, ChineseFacilityHeaders) {
  const LayerSummary layer = describe_layer_file(chinese_csv());
  EXPECT_TRUE(layer.table);
  EXPECT_EQ(layer.info.feature_count, 3u);
  std::vector<std::string> names;
  for (const FieldSummary& f : layer.fields) names.push_back(f.name);
  const FacilityRoles roles = guess_facility_roles(names);
  EXPECT_EQ(roles.lon, "经度");
  EXPECT_EQ(roles.lat, "纬度");
  EXPECT_EQ(roles.name, "名称");
  EXPECT_EQ(roles.category, "类别");
  EXPECT_EQ(roles.id, "编号");
  EXPECT_EQ(roles.capacity, "规模");
  EXPECT_EQ(roles.status, "");
  // The extent comes from the guessed columns.
  EXPECT_DOUBLE_EQ(layer.info.min_lon, 121.3555);
  EXPECT_DOUBLE_EQ(layer.info.max_lat, 28.3822);
  ASSERT_EQ(layer.fields.at(2).samples.size(), 2u);  // two distinct categories among three rows
  EXPECT_EQ(layer.fields.at(2).samples.at(1), "幼儿园");
}

TEST(GuessRoles, TownFieldsEnglishChineseAndLandBureauCodes) {
  EXPECT_EQ(guess_town_roles({"XZQDM", "XZQMC", "常住人口"}).code, "XZQDM");
  EXPECT_EQ(guess_town_roles({"XZQDM", "XZQMC", "常住人口"}).name, "XZQMC");
  EXPECT_EQ(guess_town_roles({"XZQDM", "XZQMC", "常住人口"}).population, "常住人口");
  const TownRoles english = guess_town_roles({"Name", "CODE", "Pop"});
  EXPECT_EQ(english.code, "CODE");  // case-insensitive, the file's spelling kept
  EXPECT_EQ(english.name, "Name");
  EXPECT_EQ(english.population, "Pop");
  EXPECT_EQ(guess_town_roles({"fid", "area"}).code, "");
}

TEST(CategoryIds, AsciiFromTheValueElseNumbered) {
  EXPECT_EQ(category_id_for("Primary School", 1, {}), "primary_school");
  EXPECT_EQ(category_id_for("幼儿园", 2, {}), "category_2");
  EXPECT_EQ(category_id_for("school", 3, {"school"}), "school_2");
}

TEST(DraftPlan, LoadsAsWrittenWithChineseCategories) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-draft-test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path plan_file = dir / "plan.toml";
  DraftInputs in;
  in.plan_file = plan_file;
  in.roads = testing::test_data_dir() / "city" / "line.osm";
  in.facilities = {chinese_csv()};
  in.population_total = 1000;
  const std::string text = draft_plan(in);
  std::ofstream(plan_file, std::ios::binary) << text;
  const Plan plan = load_plan(plan_file);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(plan.whole_area());
  EXPECT_EQ(plan.population_total, 1000.0);
  ASSERT_EQ(plan.facilities.size(), 1u);
  EXPECT_EQ(plan.facilities[0].lon_field, "经度");
  EXPECT_EQ(plan.facilities[0].category_field, "类别");
  EXPECT_EQ(plan.facilities[0].capacity_field, "规模");
  EXPECT_EQ(std::filesystem::weakly_canonical(plan.facilities[0].path),
            std::filesystem::weakly_canonical(chinese_csv()));
  ASSERT_EQ(plan.categories.size(), 2u);
  EXPECT_EQ(plan.categories[0].id, "category_1");
  EXPECT_EQ(plan.categories[0].values, std::vector<std::string>{"卫生服务中心"});
  EXPECT_EQ(plan.categories[1].values, std::vector<std::string>{"幼儿园"});
  EXPECT_DOUBLE_EQ(plan.categories[1].reach.minutes, 15.0);
  EXPECT_THAT(text, HasSubstr("# crs = \"gcj02\""));
}

TEST(DraftPlan, TownsFieldsGuessedAndNoPopulationTotal) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-draft-towns";
  std::filesystem::create_directories(dir);
  const std::filesystem::path plan_file = dir / "plan.toml";
  DraftInputs in;
  in.plan_file = plan_file;
  in.roads = testing::test_data_dir() / "city" / "line.osm";
  in.towns = testing::test_data_dir() / "city" / "towns.geojson";
  in.facilities = {testing::test_data_dir() / "city" / "facilities.csv"};
  const std::string text = draft_plan(in);
  std::ofstream(plan_file, std::ios::binary) << text;
  const Plan plan = load_plan(plan_file);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(plan.whole_area());
  EXPECT_FALSE(plan.population_total.has_value());
  EXPECT_EQ(plan.towns.code_field, "code");
  EXPECT_EQ(plan.towns.name_field, "name");
  EXPECT_EQ(plan.towns.population_field, "population");
  ASSERT_EQ(plan.categories.size(), 2u);  // clinic, park
  EXPECT_EQ(plan.categories[0].id, "clinic");
  EXPECT_EQ(plan.categories[1].id, "park");
}

TEST(DraftPlan, AFileWithoutACategoryColumnNamesItsFields) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-draft-nocat";
  std::filesystem::create_directories(dir);
  const std::filesystem::path csv = dir / "points.csv";
  std::ofstream(csv) << "lon,lat,kind\n121.37,28.37,a\n";
  DraftInputs in;
  in.plan_file = dir / "plan.toml";
  in.roads = testing::test_data_dir() / "city" / "line.osm";
  in.facilities = {csv};
  in.population_total = 1000;
  try {
    (void)draft_plan(in);
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("points.csv: has no field for the category (tried category, type, 类别, 类型; "
                          "its fields: lon, lat, kind)"));
  }
  std::filesystem::remove_all(dir);
}

TEST(WholeAreaTown, HullOfTheNodesBufferedBySnapLimit) {
  const WorkingCrs crs(32651);
  // A square of 1 km with a point inside: the hull is the square, buffered by 100 m.
  const TownLayer layer =
      whole_area_town({500000, 501000, 501000, 500000, 500500}, {3140000, 3140000, 3141000, 3141000, 3140500},
                      100.0, "温岭市", 5000.0, crs);
  ASSERT_EQ(layer.towns.size(), 1u);
  const Town& town = layer.towns[0];
  EXPECT_EQ(town.code, "all");
  EXPECT_EQ(town.name, "温岭市");
  EXPECT_DOUBLE_EQ(town.population, 5000.0);
  EXPECT_NEAR(town.min_x, 499900.0, 1e-6);
  EXPECT_NEAR(town.max_y, 3141100.0, 1e-6);
  EXPECT_GT(layer.info.max_lon, layer.info.min_lon);
}

}  // namespace
}  // namespace lifecircle::io
