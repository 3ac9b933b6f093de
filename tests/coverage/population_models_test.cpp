// The other population models on the line city (tests/data/city): a raster
// of 30 cells of 10 people along the street, and residential points, one of
// them beyond the snap limit. See line_city_test.cpp for the geometry: the
// clinic reaches [0, 1688.9] m of the street, the park [2244.4, 3000] m.

#include <gtest/gtest.h>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/graph/city.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::coverage {
namespace {

RunResult run_plan(const char* name, std::unique_ptr<graph::City>& city) {
  city = graph::load_city(io::load_plan(testing::test_data_dir() / "city" / name));
  return run_coverage(*city, {1, false, {}});
}

TEST(PopulationModels, RasterCellsBecomePointsAtTheirCentres) {
  std::unique_ptr<graph::City> city;
  const RunResult r = run_plan("plan-raster.toml", city);
  EXPECT_EQ(r.demand.kind, DemandModelKind::raster);
  EXPECT_EQ(r.demand.points.size(), 30u);
  EXPECT_NEAR(r.demand.placed_population[0], 150.0, 1e-9);
  EXPECT_NEAR(r.demand.placed_population[1], 150.0, 1e-9);
  // Cell centres at 50, 150, ... 2950 m: the clinic reaches the 17 up to 1650 m.
  const Totals& clinic_east = r.categories[0].coverage.towns[1];
  EXPECT_NEAR(clinic_east.covered_population, 20.0, 1e-9);
  EXPECT_NEAR(r.categories[0].coverage.city.share(), 170.0 / 300.0, 1e-12);
  // The park reaches the centres from 2250 to 2950 m: 8 cells.
  EXPECT_NEAR(r.categories[1].coverage.city.covered_population, 80.0, 1e-9);
}

TEST(PopulationModels, ResidentialPointsAreSnappedAndTheFarOnesReported) {
  std::unique_ptr<graph::City> city;
  const RunResult r = run_plan("plan-residents.toml", city);
  EXPECT_EQ(r.demand.kind, DemandModelKind::points_layer);
  EXPECT_EQ(r.demand.points.size(), 3u);
  EXPECT_NEAR(r.demand.unplaced_population[0], 50.0, 1e-9) << "322 m from the street: beyond the 300 m limit";
  EXPECT_EQ(r.demand.unplaced_points[0], 1u);
  const CategoryCoverage& clinic = r.categories[0].coverage;
  // West: the 500 at 100 m (20 m access) are covered, the 50 unplaced are not.
  EXPECT_NEAR(clinic.towns[0].covered_population, 500.0, 1e-9);
  EXPECT_NEAR(clinic.towns[0].population, 550.0, 1e-9);
  // East: 300 at 1600 m covered, 200 at 2000 m not.
  EXPECT_NEAR(clinic.towns[1].covered_population, 300.0, 1e-9);
  EXPECT_NEAR(clinic.towns[1].population, 500.0, 1e-9);
  // The park's 10 minutes end at 2244 m: nobody.
  EXPECT_NEAR(r.categories[1].coverage.city.covered_population, 0.0, 1e-12);
}

TEST(PopulationModels, MissingPopulationFileIsAnInputError) {
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-residents.toml");
  plan.population->path = testing::test_data_dir() / "city" / "no-such-residents.geojson";
  try {
    graph::load_city(plan);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-residents.geojson"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lifecircle::coverage
