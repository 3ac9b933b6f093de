// `lifecircle init` and `lifecircle info --roads/--towns/--facilities`: a
// first look at a city's own files, and a plan drafted from them that runs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using Outcome = lifecircle::testing::ShellOutcome;  // stdout and stderr together

Outcome shell(const std::string& command) { return lifecircle::testing::shell(command + " 2>&1"); }

Outcome run(const std::string& args) { return shell(std::string(LIFECIRCLE_BINARY) + " " + args); }

using lifecircle::testing::slurp;

// "Number of nodes: 13739" -> 13739, from `osmium fileinfo -e`.
long osmium_count(const std::string& fileinfo, const std::string& what) {
  std::smatch m;
  if (!std::regex_search(fileinfo, m, std::regex("Number of " + what + ": ([0-9]+)"))) return -1;
  return std::stol(m[1]);
}

class Init : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto shared = lifecircle::testing::shared_data_dir();
    if (!shared) GTEST_SKIP() << "../shared/data is absent: the Monaco init tests are skipped";
    monaco_ = *shared / "osm-monaco" / "monaco.osm.pbf";
    dir_ = fs::temp_directory_path() / ("lifecircle-init-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Four facilities inside Monaco (lon/lat read off OSM), two categories.
    std::ofstream(dir_ / "services.csv") << "id,name,category,lon,lat\n"
                                            "s1,Ecole de la Condamine,school,7.4197,43.7318\n"
                                            "s2,Ecole des Revoires,school,7.4170,43.7330\n"
                                            "p1,Pharmacie du Port,pharmacy,7.4250,43.7390\n"
                                            "p2,Pharmacie Centrale,pharmacy,7.4215,43.7375\n";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::string init_args() const {
    return "init --roads " + monaco_.string() + " --facilities " + (dir_ / "services.csv").string() +
           " --population 38000 " + (dir_ / "plan.toml").string();
  }
  fs::path monaco_, dir_;
};

TEST_F(Init, WritesAPlanThatRunsOnMonaco) {
  const Outcome init = run(init_args());
  ASSERT_EQ(init.status, 0) << init.out;
  const std::string plan = slurp(dir_ / "plan.toml");
  EXPECT_THAT(plan, HasSubstr("lon_field = \"lon\"  # guessed\n"));
  EXPECT_THAT(plan, HasSubstr("lat_field = \"lat\"  # guessed\n"));
  EXPECT_THAT(plan, HasSubstr("category_field = \"category\"  # guessed\n"));
  EXPECT_THAT(plan, HasSubstr("name_field = \"name\"  # guessed\n"));
  EXPECT_THAT(plan, HasSubstr("id_field = \"id\"  # guessed\n"));
  EXPECT_THAT(plan, HasSubstr("path = \"services.csv\"\n"));  // relative to the plan file
  EXPECT_THAT(plan, HasSubstr("id = \"school\"\nname = \"school\"\nminutes = 15\nvalues = [\"school\"]\n"));
  EXPECT_THAT(plan,
              HasSubstr("id = \"pharmacy\"\nname = \"pharmacy\"\nminutes = 15\nvalues = [\"pharmacy\"]\n"));
  EXPECT_THAT(plan, HasSubstr("[population]\ntotal = 38000"));
  EXPECT_THAT(plan, HasSubstr("# crs = \"gcj02\""));

  const fs::path out = dir_ / "out";
  const Outcome r =
      run("run --plan " + (dir_ / "plan.toml").string() + " --out " + out.string() + " --threads 1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(out / "lifecircle.gpkg"));
  const std::string indicators = slurp(out / "indicators.csv");
  EXPECT_THAT(indicators, HasSubstr("school,all,"));
  EXPECT_THAT(indicators, HasSubstr("pharmacy,all,"));
  // The one town's population is the plan's total, and the run says the area is one town.
  EXPECT_THAT(slurp(out / "report.html"), HasSubstr("no [towns]: the whole walking network"));
}

TEST_F(Init, RefusesAnExistingPlanUnlessOverwrite) {
  std::ofstream(dir_ / "plan.toml") << "# my own plan\n";
  const Outcome o = run(init_args());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("plan.toml: exists; use --overwrite to replace it"));
  EXPECT_EQ(slurp(dir_ / "plan.toml"), "# my own plan\n");
  const Outcome again = run(init_args() + " --overwrite");
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_THAT(slurp(dir_ / "plan.toml"), HasSubstr("[[categories]]"));
}

TEST_F(Init, NeedsFacilitiesAndAPopulationWithoutTowns) {
  const Outcome no_facilities =
      run("init --roads " + monaco_.string() + " --population 38000 " + (dir_ / "plan.toml").string());
  EXPECT_EQ(no_facilities.status, 2) << no_facilities.out;
  EXPECT_THAT(no_facilities.out, HasSubstr("at least one --facilities file"));
  const Outcome no_population = run("init --roads " + monaco_.string() + " --facilities " +
                                    (dir_ / "services.csv").string() + " " + (dir_ / "plan.toml").string());
  EXPECT_EQ(no_population.status, 2) << no_population.out;
  EXPECT_THAT(no_population.out, HasSubstr("without --towns, give --population N"));
  EXPECT_FALSE(fs::exists(dir_ / "plan.toml"));
}

TEST_F(Init, InfoRoadsCountsAsOsmiumDoes) {
  const Outcome fileinfo = shell("osmium fileinfo -e " + monaco_.string());
  if (fileinfo.status != 0) GTEST_SKIP() << "osmium-tool is not installed: " << fileinfo.out;
  const Outcome o = run("info --roads " + monaco_.string());
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("nodes       " + std::to_string(osmium_count(fileinfo.out, "nodes")) + ","));
  EXPECT_THAT(o.out,
              HasSubstr("ways        " + std::to_string(osmium_count(fileinfo.out, "ways")) + " seen, "));
  EXPECT_THAT(o.out,
              HasSubstr("relations   " + std::to_string(osmium_count(fileinfo.out, "relations")) + "\n"));
  EXPECT_THAT(o.out, HasSubstr("bounds      (none in the header)"));  // SOURCE.md: no <bounds> in the file
  // The data bbox osmium reports: (7.3830115,43.5136837,7.5027982,43.7543317).
  EXPECT_THAT(o.out, HasSubstr("extent lon 7.383012 .. 7.502798, lat 43.513684 .. 43.754332"));
  EXPECT_THAT(o.out, ::testing::ContainsRegex("ways        [0-9]+ seen, [0-9]+ walkable"));
}

TEST_F(Init, InfoFacilitiesGuessesRoles) {
  const Outcome o = run("info --facilities " + (dir_ / "services.csv").string());
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("  driver      CSV\n"));
  EXPECT_THAT(o.out, HasSubstr("  features    4\n"));
  EXPECT_THAT(o.out, HasSubstr("    category (String): school, pharmacy\n"));
  EXPECT_THAT(o.out, HasSubstr("    lon_field = \"lon\"\n"));
  EXPECT_THAT(o.out, HasSubstr("    category_field = \"category\"\n"));
  EXPECT_THAT(o.out, HasSubstr("    status_field = (none)\n"));
  EXPECT_THAT(o.out, HasSubstr("extent      lon 7.417000 .. 7.425000, lat 43.731800 .. 43.739000"));
}

TEST_F(Init, InfoFilesAndPlanDoNotMix) {
  const Outcome o = run("info --plan x.toml --roads " + monaco_.string());
  EXPECT_EQ(o.status, 2) << o.out;
}

// The line city (tests/data/city: one straight 3 km street, the clinic's
// 15 minutes reach [0, 1700] m of it) without its [towns]: one town "all".
class WholeArea : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-whole-area-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path plan(const std::string& population) const {
    const fs::path city = lifecircle::testing::test_data_dir() / "city";
    const fs::path file = dir_ / "plan.toml";
    std::ofstream(file)
        << "[plan]\nname = \"line city\"\n[roads]\npath = \"" << (city / "line.osm").string()
        << "\"\n[[facilities]]\npath = \"" << (city / "facilities.csv").string()
        << "\"\nstatus_field = \"status\"\n"
        << population
        << "[[categories]]\nid = \"clinic\"\nminutes = 15\n[[categories]]\nid = \"park\"\nminutes = 10\n";
    return file;
  }
  Outcome run_plan(const fs::path& file) const {
    return run("run --plan " + file.string() + " --out " + (dir_ / "out").string() + " --threads 1");
  }
  fs::path dir_;
};

TEST_F(WholeArea, PopulationTotalSpreadOverTheStreets) {
  const Outcome o = run_plan(plan("[population]\ntotal = 2000\n"));
  ASSERT_EQ(o.status, 0) << o.out;
  const std::string indicators = slurp(dir_ / "out" / "indicators.csv");
  EXPECT_THAT(indicators, HasSubstr("clinic,all,line city,population,2000\n"));
  EXPECT_THAT(indicators, HasSubstr("clinic,all,line city,coverage_share,0.566666"));  // 1700 of 3000 m
  EXPECT_THAT(o.out, HasSubstr("line city"));
}

TEST_F(WholeArea, PopulationLayerCountsItsResidentsInsideTheArea) {
  const fs::path residents = lifecircle::testing::test_data_dir() / "city" / "residents.geojson";
  const Outcome o =
      run_plan(plan("[population]\npath = \"" + residents.string() + "\"\npopulation_field = \"pop\"\n"));
  ASSERT_EQ(o.status, 0) << o.out;
  // 500 + 300 + 200 people within the snap limit, the clinic reaching the first two;
  // the 50 people 322 m off the street lie outside the area and are said to.
  const std::string indicators = slurp(dir_ / "out" / "indicators.csv");
  EXPECT_THAT(indicators, HasSubstr("clinic,all,line city,population,1000\n"));
  EXPECT_THAT(indicators, HasSubstr("clinic,all,line city,coverage_share,0.8\n"));
  EXPECT_THAT(o.out, HasSubstr("50 residents of the population layer (1 features) lie outside every town"));
}

TEST_F(WholeArea, NoPopulationIsRefusedNamingTheKeys) {
  const Outcome o = run_plan(plan(""));
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("give [population] total = N"));
}

}  // namespace
