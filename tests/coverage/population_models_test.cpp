// The other population models on the line city (tests/data/city): a raster
// of 30 cells of 10 people along the street, and residential points, one of
// them beyond the snap limit. See line_city_test.cpp for the geometry: the
// clinic reaches [0, 1688.9] m of the street, the park [2244.4, 3000] m.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/city_info.hpp"
#include "lifecircle/report/html_report.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::coverage {
namespace {

using ::testing::HasSubstr;

RunResult run_plan(const char* name, std::unique_ptr<study::Study>& study) {
  study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / name));
  return run_coverage(*study, {1, false, {}});
}

TEST(PopulationModels, RasterCellsBecomePointsAtTheirCentres) {
  std::unique_ptr<study::Study> study;
  const RunResult r = run_plan("plan-raster.toml", study);
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
  std::unique_ptr<study::Study> study;
  const RunResult r = run_plan("plan-residents.toml", study);
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
    study::load_study(plan);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-residents.geojson"), std::string::npos) << e.what();
  }
}

std::filesystem::path bad(const char* name) { return testing::test_data_dir() / "bad" / name; }

// The message of the InputError that loading and running the plan throws.
std::string error_of(const io::Plan& plan) {
  try {
    const auto study = study::load_study(plan);
    run_coverage(*study, {1, false, {}});
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

std::string error_of(const char* bad_plan) { return error_of(io::load_plan(bad(bad_plan))); }

// Before: 0.0 % coverage, "every resident placed" and no warning.
TEST(PopulationModels, RasterInTheWrongCrsNamesBothExtents) {
  const std::string message = error_of("plan-population-raster-wrong-crs.toml");
  EXPECT_THAT(message, HasSubstr("population-raster-wrong-crs.asc: does not overlap the towns"));
  EXPECT_THAT(
      message,
      HasSubstr("its people lie at lon 118.51234 .. 118.51234, lat 0.00026 .. 0.00026 (CRS EPSG:32651)"));
  EXPECT_THAT(message, HasSubstr("towns.geojson at lon 121.39796 .. 121.43272, lat 28.39700 .. 28.40300"));
}

TEST(PopulationModels, RasterOfAnotherCityNamesBothExtents) {
  const std::string message = error_of("plan-population-raster-of-another-city.toml");
  EXPECT_THAT(message, HasSubstr("population-raster-of-another-city.asc: does not overlap the towns"));
  EXPECT_THAT(message, HasSubstr("its people lie at lon 120.15051 .. 120.18016, lat 30.27051 .. 30.27051"));
}

TEST(PopulationModels, RasterAllNodataIsAnError) {
  const std::string message = error_of("plan-population-raster-all-nodata.toml");
  EXPECT_THAT(message, HasSubstr("population-raster-all-nodata.asc: has no cell with people to place"));
  EXPECT_THAT(message, HasSubstr("30 x 1 cells, 30 NODATA"));
}

// Before: 1e308 people in a cell were summed (3e40 people reported).
TEST(PopulationModels, RasterAbsurdValueNamesTheCell) {
  const std::string message = error_of("plan-population-raster-absurd-value.toml");
  EXPECT_THAT(message, HasSubstr("population-raster-absurd-value.asc"));
  // Column 3's centre: 121.4 + 3.5 * 0.001022363239.
  EXPECT_THAT(message, HasSubstr("cell (row 0, column 3, lon 121.403578, lat 28.400000)"));
  // The ASCII grid is read as Float32: 1e308 arrives as FLT_MAX.
  EXPECT_THAT(message, HasSubstr("holds an impossible population (3.4028234663852886e+38)"));
  EXPECT_THAT(message, HasSubstr("from 0 to 100000 people per cell or point"));
}

TEST(PopulationModels, ResidentsAbsurdPopulationNamesTheFeature) {
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-residents.toml");
  plan.population->path = bad("residents-absurd-population.geojson");
  const std::string message = error_of(plan);
  EXPECT_THAT(message, HasSubstr("residents-absurd-population.geojson"));
  EXPECT_THAT(message, HasSubstr("field 'pop' is implausible (1e+308)"));
}

// 50,550 residents in towns whose population field totals 2,000: wrong units.
TEST(PopulationModels, LayerFarAboveTheTownsTotalIsAnError) {
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-residents.toml");
  plan.population->path = bad("residents-ten-times-the-towns.geojson");
  EXPECT_THAT(error_of(plan),
              HasSubstr("residents-ten-times-the-towns.geojson: puts 50550 residents in the towns, "
                        "more than 10 times the towns' population field (2000)"));
}

// The line city's raster holds 300 of the towns' 2,000 residents: under the
// default min_placed_share (0.5) the run is refused, town by town.
TEST(PopulationModels, TownsMostlyUnplacedAreAnErrorUnlessThePlanAllowsIt) {
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-raster.toml");
  EXPECT_DOUBLE_EQ(plan.min_placed_share, 0.1);
  plan.min_placed_share = 0.5;
  const std::string message = error_of(plan);
  EXPECT_THAT(message,
              HasSubstr("population.asc: places too few residents on the network: town A01 西镇 15.0 % "
                        "(150 of 1000); town B02 东镇 15.0 % (150 of 1000)"));
  EXPECT_THAT(message, HasSubstr("min_placed_share = 0.50"));
}

TEST(PopulationModels, WhatIsNotPlacedIsSaidPerTown) {
  std::unique_ptr<study::Study> study;
  const RunResult r = run_plan("plan-residents.toml", study);
  ASSERT_EQ(r.demand.warnings.size(), 2u);
  EXPECT_THAT(
      r.demand.warnings[0],
      HasSubstr("residents.geojson: town A01 西镇: 500 of 1000 residents (50.0 %) placed on the network; 500 "
                "not placed (50 beyond the snap limit of 300 m (1 point), 450 not in the population layer)"));
  EXPECT_THAT(r.demand.warnings[1], HasSubstr("town B02 东镇: 500 of 1000 residents (50.0 %) placed"));
  EXPECT_EQ(r.demand.outside_population, 0.0);
}

// Before: the town's 500 residents counted as "unplaced", exit 0 and no warning.
TEST(PopulationModels, TownWithoutStreetsIsAnErrorUnlessThePlanAllowsIt) {
  io::Plan plan = io::load_plan(bad("run-town-without-streets.toml"));
  EXPECT_DOUBLE_EQ(plan.min_placed_share, 0.5);
  EXPECT_THAT(error_of(plan), HasSubstr("run-town-without-streets.geojson: places too few residents on the "
                                        "network: town C03 南镇 0.0 % (0 of 500)"));
  plan.min_placed_share = 0.0;
  const auto study = study::load_study(plan);
  const RunResult r = run_coverage(*study, {1, false, {}});
  ASSERT_EQ(r.demand.warnings.size(), 1u);
  EXPECT_THAT(r.demand.warnings[0],
              HasSubstr("town C03 南镇: 0 of 500 residents (0.0 %) placed on the network; 500 "
                        "not placed (no walkable street inside the town)"));
}

TEST(PopulationModels, MinPlacedShareIsAShareAndMayStandAlone) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-min-placed-share";
  std::filesystem::create_directories(dir);
  const auto plan_with = [&](const std::string& population) {
    const std::filesystem::path file = dir / "plan.toml";
    std::ofstream(file) << "[roads]\npath = \"roads.osm\"\n[towns]\npath = \"towns.geojson\"\n"
                           "[[facilities]]\npath = \"f.csv\"\n[[categories]]\nid = \"clinic\"\nminutes = 15\n"
                        << population;
    return file;
  };
  EXPECT_DOUBLE_EQ(io::load_plan(plan_with("[population]\nmin_placed_share = 0\n")).min_placed_share, 0.0);
  EXPECT_FALSE(io::load_plan(plan_with("[population]\nmin_placed_share = 0.8\n")).population.has_value());
  try {
    io::load_plan(plan_with("[population]\nmin_placed_share = 50\n"));
    FAIL() << "a share of 50 accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("min_placed_share"));
    EXPECT_THAT(e.what(), HasSubstr("must be a share from 0 to 1, got 50"));
  }
  std::filesystem::remove_all(dir);
}

// Before: report.html said "Warnings: None" and "every resident is on the
// network" whatever the layer placed.
TEST(PopulationModels, ReportSaysWhatWasNotPlaced) {
  std::unique_ptr<study::Study> study;
  const RunResult r = run_plan("plan-residents.toml", study);
  report::ReportContent content;
  content.interactive_map = false;
  const std::string page = report::html_report(*study, r, content);
  EXPECT_THAT(page,
              HasSubstr("<dd id=\"population-placed\">1,000 of 2,000 residents of the towns (50 %); 1,000 "
                        "could not be placed on the network"));
  EXPECT_THAT(page, HasSubstr("<ul id=\"warnings\">"));
  EXPECT_THAT(page, HasSubstr("town A01 西镇: 500 of 1000 residents (50.0 %) placed on the network"));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("every resident is on the network")));
}

TEST(PopulationModels, InfoTellsTheLayersTotal) {
  const auto study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan-raster.toml"));
  const std::string text = report::to_text(report::describe_city(*study));
  EXPECT_THAT(text, HasSubstr("  population raster: "));
  EXPECT_THAT(
      text,
      HasSubstr("    300 residents in the cells (15.0 % of the towns' population field), 0 NODATA cells"));
  EXPECT_THAT(text, HasSubstr("less than 10 % of its population placed"));
}

TEST(PopulationModels, ResidentsOutsideEveryTownAreCounted) {
  std::unique_ptr<study::Study> study;
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-raster.toml");
  study = study::load_study(plan);
  // Move the raster's first cell 2 km south of both towns.
  study->population->points[0].y -= 2000.0;
  const RunResult r = run_coverage(*study, {1, false, {}});
  EXPECT_NEAR(r.demand.outside_population, 10.0, 1e-9);
  EXPECT_EQ(r.demand.outside_points, 1u);
  EXPECT_THAT(
      r.demand.warnings.back(),
      HasSubstr("10 residents of the population layer (1 cells) lie outside every town and are not counted"));
}

}  // namespace
}  // namespace lifecircle::coverage
