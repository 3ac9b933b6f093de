// The target check under a scenario (coverage/scenario_targets.hpp), by hand on
// the line city (tests/data/city, specs tests/data/targets/line-city.toml):
// two towns of 1,000, 西镇 (A01, street 0-1500 m) and 东镇 (B02, 1500-3000 m);
// the clinic C1 at 700 m, the park P1 (1,200 m²) at 2,900 m, the planned clinic
// C2 at 2.5 km. And an empty scenario judged exactly as the base run, on the
// line city and on the demo.

#include "lifecircle/coverage/scenario_targets.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::coverage {
namespace {

namespace fs = std::filesystem;

const TargetLine& line_of(const TargetCheck& check, const std::string& key, const std::string& town) {
  for (const IndicatorResult& r : check.indicators) {
    if (r.spec.key != key) continue;
    for (const TargetLine& l : r.lines) {
      if (l.town_code == town) return l;
    }
  }
  throw std::runtime_error("no line " + key + " / " + town);
}

class LineCityScenarioTargets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    plan_ = new io::Plan(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
    study_ = study::load_study(*plan_).release();
    base_ = new RunResult(run_coverage(*study_, {1, false, {}}));
    specs_ =
        new TargetSpecs(read_target_specs(testing::test_data_dir() / "targets" / "line-city.toml", *plan_));
  }
  static void TearDownTestSuite() {
    delete specs_;
    delete base_;
    delete study_;
    delete plan_;
  }
  static TargetCheck base_check() { return check_targets(*specs_, *study_, *base_, 2027, {}); }
  static TargetCheck scenario_check(const Scenario& s) {
    const auto evaluated = evaluate_scenario(*study_, base_->demand, s, 1);
    return check_targets(*specs_, *study_, scenario_target_inputs(*study_, *base_, s, evaluated), 2027, {});
  }
  static io::Plan* plan_;
  static study::Study* study_;
  static RunResult* base_;
  static TargetSpecs* specs_;
};
io::Plan* LineCityScenarioTargets::plan_ = nullptr;
study::Study* LineCityScenarioTargets::study_ = nullptr;
RunResult* LineCityScenarioTargets::base_ = nullptr;
TargetSpecs* LineCityScenarioTargets::specs_ = nullptr;

TEST_F(LineCityScenarioTargets, AnEmptyScenarioIsJudgedAsTheBase) {
  const TargetInputs a = target_inputs(*study_, *base_);
  const TargetInputs b =
      scenario_target_inputs(*study_, *base_, Scenario{}, evaluate_scenario(*study_, base_->demand, {}, 1));
  ASSERT_EQ(a.categories.size(), b.categories.size());
  for (std::size_t c = 0; c < a.categories.size(); ++c) {
    EXPECT_EQ(a.categories[c].covered, b.categories[c].covered) << a.categories[c].category;
    EXPECT_EQ(a.categories[c].population, b.categories[c].population);
    EXPECT_EQ(a.categories[c].facilities, b.categories[c].facilities);
    EXPECT_EQ(a.categories[c].capacity, b.categories[c].capacity);
    EXPECT_EQ(a.categories[c].facilities_citywide, b.categories[c].facilities_citywide);
  }
  EXPECT_EQ(a.composite_covered, b.composite_covered);
}

// scenario-planned.toml: C2 built (use_status) in 东镇, and a west park P2 of
// 800 m² at ~293 m in 西镇 (reaching chunks 50 .. 950, 10 of 15).
TEST_F(LineCityScenarioTargets, APlannedClinicAndANewParkByHand) {
  const TargetCheck base = base_check();
  const TargetCheck after =
      scenario_check(load_scenario(testing::test_data_dir() / "city" / "scenario-planned.toml", *study_));
  // Row 24, a clinic in every town: 东镇 gets its first.
  EXPECT_EQ(*line_of(base, "24", "B02").value, 0.0);
  EXPECT_EQ(line_of(base, "24", "B02").verdict.status, io::Verdict::falls_short);
  EXPECT_EQ(*line_of(after, "24", "B02").value, 1.0);
  EXPECT_EQ(line_of(after, "24", "B02").verdict.status, io::Verdict::pass);
  EXPECT_EQ(*line_of(base, "24", "").value, 50.0);
  EXPECT_EQ(*line_of(after, "24", "").value, 100.0);
  EXPECT_EQ(line_of(after, "24", "").verdict.status, io::Verdict::pass);
  // Row 1, m² of park per 1,000 residents: 西镇 0 -> 800 / 1,000 * 1,000; the
  // city (1,200 + 800) / 2,000 * 1,000 = 1,000, up by 400.
  EXPECT_EQ(*line_of(base, "1", "A01").value, 0.0);
  EXPECT_EQ(*line_of(after, "1", "A01").value, 800.0);
  EXPECT_EQ(*line_of(after, "1", "B02").value, 1200.0);
  EXPECT_EQ(*line_of(after, "1", "").value - *line_of(base, "1", "").value, 400.0);
  // Facilities citywide: 1 -> 2 clinics.
  EXPECT_EQ(*line_of(base, "clinics", "").value, 1.0);
  EXPECT_EQ(*line_of(after, "clinics", "").value, 2.0);
  // Coverage: 东镇 13.33 % -> 100 %; the composite (clinic and park) from nobody
  // to 10 west chunks and 8 east ones: 1,200 / 2,000 = 60 %.
  EXPECT_EQ(*line_of(after, "clinic_circle", "B02").value, 100.0);
  EXPECT_EQ(*line_of(base, "composite_circle", "").value, 0.0);
  EXPECT_EQ(*line_of(after, "composite_circle", "").value, 60.0);
  EXPECT_EQ(*line_of(after, "composite_circle", "A01").value, 66.67);
}

// scenario-changes.toml: C1 becomes a park (no capacity); C2 is built and
// moved from 东镇 to ~1,000 m in 西镇. The moved clinic counts in its new town.
TEST_F(LineCityScenarioTargets, AMovedFacilityCountsInTheTownItMovesTo) {
  const Scenario s = load_scenario(testing::test_data_dir() / "city" / "scenario-changes.toml", *study_);
  const std::vector<CountedFacility> facilities = scenario_facilities(*study_, *base_, s);
  ASSERT_EQ(facilities.size(), 3u);  // C1 (now a park), P1, C2
  EXPECT_EQ(facilities[0].category, "park");
  EXPECT_EQ(facilities[0].town, 0u);
  EXPECT_EQ(facilities[2].category, "clinic");
  EXPECT_EQ(base_->facility_town[2], 1u) << "C2 stands in 东镇";
  EXPECT_EQ(facilities[2].town, 0u) << "and moves to 西镇";
  const TargetCheck after = scenario_check(s);
  EXPECT_EQ(*line_of(after, "24", "A01").value, 1.0);
  EXPECT_EQ(*line_of(after, "24", "B02").value, 0.0);
  EXPECT_EQ(*line_of(after, "clinics", "").value, 1.0);
  EXPECT_EQ(*line_of(after, "1", "A01").value, 0.0) << "a park without capacity adds no m²";
  EXPECT_NE(std::find_if(
                after.warnings.begin(), after.warnings.end(),
                [](const std::string& w) { return w.find("1 existing facilities of category 'park'") == 0; }),
            after.warnings.end())
      << "the recategorised clinic has no capacity";
}

TEST_F(LineCityScenarioTargets, RemovingAndChangingCapacity) {
  Scenario s;
  s.removed.push_back(0);                              // C1
  s.changed.push_back({1, 3000.0, {}, {}, 0.0, 0.0});  // P1: 1,200 -> 3,000 m²
  const TargetCheck after = scenario_check(s);
  EXPECT_EQ(*line_of(after, "clinics", "").value, 0.0);
  EXPECT_EQ(*line_of(after, "24", "").value, 0.0);
  EXPECT_EQ(*line_of(after, "1", "B02").value, 3000.0);
  EXPECT_EQ(*line_of(after, "clinic_circle", "").value, 0.0);
}

// ---- a planned facility off the network, moved onto it ------------------

class OffNetworkPlanned : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
    plan.facilities.at(0).path =
        testing::test_data_dir() / "bad" / "scenario-planned-facility-off-network.csv";
    study_ = study::load_study(plan).release();
  }
  static void TearDownTestSuite() { delete study_; }
  static study::Study* study_;
};
study::Study* OffNetworkPlanned::study_ = nullptr;

TEST_F(OffNetworkPlanned, MovedByAChangeItIsBuiltWhereItGoes) {
  ASSERT_FALSE(study_->facility_snaps[2].on_network());
  const Scenario s =
      load_scenario(testing::test_data_dir() / "city" / "scenario-move-planned-off-network.toml", *study_);
  const RunResult base = run_coverage(*study_, {1, false, {}});
  const auto evaluated = evaluate_scenario(*study_, base.demand, s, 1);
  const ScenarioCategory& clinic = evaluated[0];
  ASSERT_EQ(clinic.category, "clinic");
  EXPECT_NEAR(clinic.base_covered[1], 2000.0 / 15.0, 1e-6);
  EXPECT_NEAR(clinic.scenario_covered[1], 1000.0, 1e-6) << "at 2.5 km it covers 东镇 as C2 does";
  const auto facilities = scenario_facilities(*study_, base, s);
  ASSERT_EQ(facilities.size(), 3u);
  EXPECT_EQ(facilities[2].town, 1u);
}

TEST_F(OffNetworkPlanned, AChangeThatDoesNotMoveItIsStillAnError) {
  try {
    load_scenario(testing::test_data_dir() / "bad" / "scenario-planned-off-network-capacity-change.toml",
                  *study_);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("Planned hilltop clinic"), std::string::npos) << m;
    EXPECT_NE(m.find("off the walking network"), std::string::npos) << m;
  }
}

// ---- the demo --------------------------------------------------------------

TEST(DemoScenarioTargets, AnEmptyScenarioIsJudgedAsTheBase) {
  const auto plan_file = fs::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/plan.toml";
  const io::Plan plan = io::load_plan(plan_file);
  const auto study = study::load_study(plan);
  const RunResult base = run_coverage(*study, {0, false, {}});
  const TargetSpecs specs = read_target_specs(plan.targets->path, plan);
  const TargetCheck a = check_targets(specs, *study, base, 2027, {});
  const auto evaluated = evaluate_scenario(*study, base.demand, {}, 0);
  const TargetCheck b =
      check_targets(specs, *study, scenario_target_inputs(*study, base, {}, evaluated), 2027, {});
  ASSERT_EQ(a.indicators.size(), b.indicators.size());
  std::size_t lines = 0;
  for (std::size_t k = 0; k < a.indicators.size(); ++k) {
    ASSERT_EQ(a.indicators[k].lines.size(), b.indicators[k].lines.size());
    for (std::size_t l = 0; l < a.indicators[k].lines.size(); ++l, ++lines) {
      EXPECT_EQ(a.indicators[k].lines[l].value, b.indicators[k].lines[l].value)
          << a.indicators[k].spec.key << " " << a.indicators[k].lines[l].town_code;
      EXPECT_EQ(a.indicators[k].lines[l].verdict.status, b.indicators[k].lines[l].verdict.status);
    }
  }
  EXPECT_GT(lines, 100u);
}

}  // namespace
}  // namespace lifecircle::coverage
