// The whole coverage run on a city small enough to compute by hand
// (tests/data/city/plan.toml): one straight 3 km street, two towns of 1,000
// people split at 1,500 m, a clinic at 700 m and a park at 2,900 m, both
// about 11 m off the street. At 4 km/h:
//   clinic, 15 min = 1,000 m, less 11.1 m access: reaches [0, 1688.9] m
//   park,   10 min = 666.7 m, less 11.1 m access: reaches [2244.4, 3000] m
// Population is spread over 100 m street chunks, counted at their middles:
//   clinic: west 15/15 chunks, east 2/15 (1550, 1650) -> 1000 and 133.3
//   park:   east 8/15 chunks (2250 .. 2950)           -> 533.3

#include <gtest/gtest.h>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/study/study.hpp"
#include "testing/paths.hpp"

namespace lifecircle::coverage {
namespace {

class LineCity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
    study_ = study::load_study(plan).release();
    result_ = new RunResult(run_coverage(*study_, {1, true, {}}));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete study_;
  }
  static const CategoryResult& category(const std::string& id) {
    for (const auto& r : result_->categories) {
      if (r.coverage.category == id) return r;
    }
    throw std::runtime_error("no category " + id);
  }
  static study::Study* study_;
  static RunResult* result_;
};
study::Study* LineCity::study_ = nullptr;
RunResult* LineCity::result_ = nullptr;

TEST_F(LineCity, DemandIsSpreadOverTheStreetByTown) {
  EXPECT_EQ(result_->demand.kind, DemandModelKind::street_length);
  EXPECT_EQ(result_->demand.points.size(), 30u);
  EXPECT_NEAR(result_->demand.placed_population[0], 1000.0, 1e-9);
  EXPECT_NEAR(result_->demand.placed_population[1], 1000.0, 1e-9);
}

TEST_F(LineCity, ClinicCoverageByTown) {
  const auto& c = category("clinic").coverage;
  EXPECT_EQ(c.members.facility.size(), 1u) << "the planned clinic is not part of the base run";
  EXPECT_NEAR(c.towns[0].covered_population, 1000.0, 1e-6);
  EXPECT_NEAR(c.towns[1].covered_population, 2000.0 / 15.0, 1e-6);
  EXPECT_NEAR(c.city.share(), (1000.0 + 2000.0 / 15.0) / 2000.0, 1e-9);
  // Covered street length is exact along the network (not chunked).
  EXPECT_NEAR(c.towns[0].covered_street_m, 1500.0, 0.5);
  EXPECT_NEAR(c.towns[1].covered_street_m, 188.9, 0.5);
  EXPECT_NEAR(c.catchment_population[0], 1000.0 + 2000.0 / 15.0, 1e-6);
}

TEST_F(LineCity, CoveredAreaIsTheCoveragePolygonInsideEachTown) {
  // The west town holds the street from 0 to 1500 m: a 100 m band, and a
  // half disc of 50 m beyond the street's west end.
  const auto& r = category("clinic");
  ASSERT_EQ(r.town_covered_area_m2.size(), 2u);
  EXPECT_NEAR(r.town_covered_area_m2[0], 1500.0 * 100.0 + 3.14159265 * 50.0 * 50.0 / 2.0, 1500.0);
  // The east town: 188.9 m of street, plus the half disc at the cut end.
  EXPECT_NEAR(r.town_covered_area_m2[1], 188.9 * 100.0 + 3.14159265 * 50.0 * 50.0 / 2.0, 500.0);
  EXPECT_NEAR(r.city_covered_area_m2, r.town_covered_area_m2[0] + r.town_covered_area_m2[1], 1e-6);
}

TEST_F(LineCity, ParkCoverageAndCapacity) {
  const auto& p = category("park").coverage;
  EXPECT_NEAR(p.towns[0].covered_population, 0.0, 1e-9);
  EXPECT_NEAR(p.towns[1].covered_population, 8000.0 / 15.0, 1e-6);
  EXPECT_NEAR(p.towns[1].covered_street_m, 755.6, 0.5);
  EXPECT_EQ(p.towns[1].facilities, 1u);
  EXPECT_DOUBLE_EQ(p.towns[1].capacity, 1200.0);
}

TEST_F(LineCity, CompositeNeedsEveryBasketCategory) {
  EXPECT_DOUBLE_EQ(result_->composite.covered_population, 0.0);  // no point reaches both
  EXPECT_NEAR(result_->composite.population, 2000.0, 1e-9);
}

TEST_F(LineCity, FacilityIsochronesReachThePopulationTheyShould) {
  const auto& clinic = result_->facilities[0];
  ASSERT_TRUE(clinic.computed);
  EXPECT_NEAR(clinic.reachable_population, 1000.0 + 2000.0 / 15.0, 1e-6);
  EXPECT_NEAR(clinic.reached_street_m, 1688.9, 0.5);
  ASSERT_EQ(clinic.band_wkb.size(), 1u);
  // A 50 m band around the reached street plus two half discs (round ends).
  // Polygons are planar: the reached 1688.9 m along the network (haversine on
  // the sphere) are 1692.0 m in UTM here, 0.18% longer.
  EXPECT_NEAR(clinic.band_area_m2[0], 1692.0 * 100.0 + 3.14159 * 50.0 * 50.0, 100.0);
  EXPECT_FALSE(result_->facilities[2].computed) << "planned facilities get no isochrone in the base run";
}

TEST_F(LineCity, IndicatorTableHoldsTheHandComputedShares) {
  const auto rows = report::indicator_rows(*study_, *result_);
  auto value = [&](const std::string& cat, const std::string& town, const std::string& measure) {
    for (const auto& r : rows) {
      if (r.category == cat && r.town_code == town && r.measure == measure) return r.value;
    }
    ADD_FAILURE() << "no row " << cat << "/" << town << "/" << measure;
    return -1.0;
  };
  EXPECT_NEAR(value("clinic", "A01", "coverage_share"), 1.0, 1e-9);
  EXPECT_NEAR(value("clinic", "B02", "coverage_share"), 2.0 / 15.0, 1e-9);
  EXPECT_NEAR(value("park", "B02", "capacity_per_1000"), 1200.0, 1e-9);
  EXPECT_NEAR(value("park", "", "coverage_share"), 8.0 / 30.0, 1e-9);
  EXPECT_NEAR(value("composite", "", "coverage_share"), 0.0, 1e-12);
  EXPECT_NEAR(value("demand", "", "placed_population"), 2000.0, 1e-9);
  EXPECT_NEAR(value("demand", "B02", "unplaced_population"), 0.0, 1e-12);
  const std::string csv = report::indicators_csv(rows);
  EXPECT_EQ(csv.rfind("category,town_code,town_name,measure,value\n", 0), 0u);
  EXPECT_EQ(csv, report::indicators_csv(report::indicator_rows(*study_, *result_))) << "deterministic";
}

}  // namespace
}  // namespace lifecircle::coverage
