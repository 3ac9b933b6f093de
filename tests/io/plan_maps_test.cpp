// The plan's optional [maps] table: defaults, every key, and bad values.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(PlanMapsTest, DefaultsWhenTheTableIsAbsent) {
  const Plan plan = load_plan(testing::test_data_dir() / "plans" / "minimal.toml");
  EXPECT_TRUE(plan.maps.enabled);
  EXPECT_EQ(plan.maps.width_px, 1600);
  EXPECT_EQ(plan.maps.height_px, 1200);
  EXPECT_THAT(plan.maps.formats, ElementsAre("png", "svg"));
  EXPECT_EQ(plan.maps.data_date, "");
  EXPECT_EQ(plan.maps.font, "Noto Sans CJK SC");
  EXPECT_TRUE(plan.maps.category_colours.empty());
}

TEST(PlanMapsTest, EveryKeyIsRead) {
  const Plan plan = load_plan(testing::test_data_dir() / "plans" / "maps.toml");
  EXPECT_FALSE(plan.maps.enabled);
  EXPECT_EQ(plan.maps.width_px, 800);
  EXPECT_EQ(plan.maps.height_px, 600);
  EXPECT_THAT(plan.maps.formats, ElementsAre("svg"));
  EXPECT_EQ(plan.maps.data_date, "2025-06-30");
  EXPECT_EQ(plan.maps.font, "Noto Serif CJK SC");
  ASSERT_EQ(plan.maps.category_colours.size(), 2u);
  EXPECT_EQ(plan.maps.category_colours.at("health"), 0x2166acu) << "upper-case hex digits are accepted";
  EXPECT_EQ(plan.maps.category_colours.at("kindergarten"), 0x1a9850u);
}

struct BadMaps {
  const char* file;
  const char* field;
  const char* message;
};

void PrintTo(const BadMaps& bad, std::ostream* out) { *out << bad.file; }

class PlanMapsBad : public ::testing::TestWithParam<BadMaps> {};

TEST_P(PlanMapsBad, GivesItsMessage) {
  const BadMaps& bad = GetParam();
  const std::filesystem::path file = testing::test_data_dir() / "bad" / bad.file;
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  try {
    load_plan(file);
    FAIL() << "expected an InputError from " << bad.file;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().path, file.string());
    EXPECT_EQ(e.where().field, bad.field);
    EXPECT_THAT(e.what(), HasSubstr(bad.message));
    std::cout << "  " << e.what() << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Plan, PlanMapsBad,
    ::testing::Values(
        BadMaps{"plan-maps-unknown-key-colors.toml", "maps.colors",
                "unknown key 'colors' in maps; did you mean 'colours'?"},
        BadMaps{"plan-maps-colour-not-hex.toml", "maps.colours.kindergarten",
                "must be a colour written \"#rrggbb\", e.g. \"#2166ac\", got \"blue\""},
        BadMaps{"plan-maps-colour-unknown-category.toml", "maps.colours.helth",
                "names unknown category 'helth'; did you mean 'health'?"},
        BadMaps{"plan-maps-unknown-format.toml", "maps.formats[1]", "must be \"png\" or \"svg\", got \"pdf\""},
        BadMaps{"plan-maps-bad-date.toml", "maps.data_date",
                "must be a date written YYYY-MM-DD, got \"2025/06/30\""},
        BadMaps{"plan-maps-too-small.toml", "maps.width_px", "must be between 200 and 20000 pixels, got 50"}));

}  // namespace
}  // namespace lifecircle::io
