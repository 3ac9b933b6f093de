// The plan's optional [maps] table: defaults, every key, and bad values.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lifecircle/io/plan.hpp"
#include "testing/bad_plan.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;

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

using testing::BadPlan;

class PlanMapsBad : public ::testing::TestWithParam<BadPlan> {};

TEST_P(PlanMapsBad, GivesItsMessage) { testing::expect_plan_error(GetParam()); }

INSTANTIATE_TEST_SUITE_P(
    Plan, PlanMapsBad,
    ::testing::Values(BadPlan{"plan-maps-unknown-key-colors.toml", "maps.colors",
                              "unknown key 'colors' in maps; did you mean 'colours'?"},
                      BadPlan{"plan-maps-colour-not-hex.toml", "maps.colours.kindergarten",
                              "must be a colour written \"#rrggbb\", e.g. \"#2166ac\", got \"blue\""},
                      BadPlan{"plan-maps-colour-unknown-category.toml", "maps.colours.helth",
                              "names unknown category 'helth'; did you mean 'health'?"},
                      BadPlan{"plan-maps-unknown-format.toml", "maps.formats[1]",
                              "must be \"png\" or \"svg\", got \"pdf\""},
                      BadPlan{"plan-maps-bad-date.toml", "maps.data_date",
                              "must be a date written YYYY-MM-DD, got \"2025/06/30\""},
                      BadPlan{"plan-maps-too-small.toml", "maps.width_px",
                              "must be between 200 and 20000 pixels, got 50"}));

}  // namespace
}  // namespace lifecircle::io
