// The lifecircle program as a user runs it: exit codes, messages, outputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;

using Outcome = lifecircle::testing::ShellOutcome;  // stdout and stderr together

Outcome run(const std::string& args) {
  return lifecircle::testing::shell(std::string(LIFECIRCLE_BINARY) + " " + args + " 2>&1");
}

using lifecircle::testing::slurp;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    // A parameterized test's name has a '/' ("ExitsOneWithAClearMessage/0"): one folder, not two.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = fs::temp_directory_path() / ("lifecircle-cli-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path plan() const { return lifecircle::testing::test_data_dir() / "city" / "plan.toml"; }
  fs::path dir_;
};

TEST_F(Cli, NoSubcommandIsAUsageError) {
  const Outcome o = run("");
  EXPECT_EQ(o.status, 2) << o.out;
}

TEST_F(Cli, UnknownOptionIsAUsageError) {
  const Outcome o = run("run --no-such-option");
  EXPECT_EQ(o.status, 2) << o.out;
}

TEST_F(Cli, MissingPlanFileIsADataErrorNamingTheFile) {
  const Outcome o = run("info --plan " + (dir_ / "nope.toml").string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("nope.toml"), std::string::npos) << o.out;
}

TEST_F(Cli, InfoDescribesInputsGraphAndSnapping) {
  const Outcome o = run("info --plan " + plan().string());
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("nodes 2, edges 1"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Snapping: 3 of 3"), std::string::npos) << o.out;
  const Outcome j = run("info --json --plan " + plan().string());
  ASSERT_EQ(j.status, 0) << j.out;
  EXPECT_NE(j.out.find("\"nodes\": 2"), std::string::npos) << j.out;
}

TEST_F(Cli, WithoutPlanEveryCommandSaysItUsesTheDemo) {
  const std::string said = "lifecircle: using the bundled demo plan (synthetic data): ";
  const fs::path demo =
      lifecircle::testing::test_data_dir() / ".." / ".." / "data" / "geo" / "wenling-demo" / "plan.toml";
  for (const std::string command : {"info", "check --year 2027 --quiet"}) {
    const Outcome o = run(command);
    ASSERT_EQ(o.status, 0) << command << ": " << o.out;
    EXPECT_NE(o.out.find(said + demo.lexically_normal().string() + "\n"), std::string::npos)
        << command << ": " << o.out;
  }
  const Outcome given = run("info --plan " + plan().string());
  ASSERT_EQ(given.status, 0) << given.out;
  EXPECT_EQ(given.out.find(said), std::string::npos) << given.out;
}

TEST_F(Cli, SuggestTownTakesANameOrACode) {
  const std::string suggest =
      "suggest --quiet --category clinic --count 1 --plan " + plan().string() + " --town ";
  int run_number = 0;
  for (const std::string town : {"B02", "东镇", "b02"}) {
    const fs::path out = dir_ / ("out-" + std::to_string(++run_number));
    const Outcome o = run(suggest + town + " --out " + out.string());
    ASSERT_EQ(o.status, 0) << town << ": " << o.out;
    EXPECT_NE(slurp(out / "suggest.csv").find(",B02,"), std::string::npos)
        << town << ": " << slurp(out / "suggest.csv");
  }
  const Outcome unknown = run(suggest + "北镇 --out " + (dir_ / "x").string());
  EXPECT_EQ(unknown.status, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("--town 北镇: no town has this code or name (towns: A01 西镇, B02 东镇)"),
            std::string::npos)
      << unknown.out;
  const Outcome partial = run(suggest + "镇 --out " + (dir_ / "y").string());
  EXPECT_EQ(partial.status, 2) << partial.out;
  EXPECT_NE(partial.out.find("--town 镇: no town has this code or name; did you mean A01 西镇, B02 东镇?"),
            std::string::npos)
      << partial.out;
}

// The demo's facilities.csv is GCJ-02 (crs = "gcj02"): without that line they
// sit ~500 m off the streets (median snap 14.6 m -> 36.0 m, 127 off the network).
TEST_F(Cli, InfoNamesAForgottenGcj02) {
  const fs::path demo = (lifecircle::testing::test_data_dir() / ".." / ".." / "data" / "geo" / "wenling-demo")
                            .lexically_normal();
  if (!fs::exists(demo / "plan.toml")) GTEST_SKIP() << "no demo plan at " << demo;
  std::string text = slurp(demo / "plan.toml");
  for (std::size_t at = text.find("path = \""); at != std::string::npos;
       at = text.find("path = \"", at + 1)) {
    text.insert(at + 8, demo.string() + "/");
  }
  const std::string declared = "crs = \"gcj02\"\n";
  ASSERT_NE(text.find(declared), std::string::npos);
  std::ofstream(dir_ / "with.toml") << text;
  std::ofstream(dir_ / "without.toml") << text.erase(text.find(declared), declared.size());
  const std::string hint =
      "facilities.csv: the facilities lie nearer the streets if read as GCJ-02 (median 14.6 m, "
      "5 off the network) than as given (36.0 m, 127 off the network): set crs = \"gcj02\" in "
      "[[facilities]] if they were copied from a Chinese web map";
  const Outcome without = run("info --plan " + (dir_ / "without.toml").string());
  ASSERT_EQ(without.status, 0) << without.out;
  EXPECT_NE(without.out.find("median 36.0 m"), std::string::npos) << without.out;
  EXPECT_NE(without.out.find(hint), std::string::npos) << without.out;
  const Outcome with = run("info --plan " + (dir_ / "with.toml").string());
  ASSERT_EQ(with.status, 0) << with.out;
  EXPECT_NE(with.out.find("median 14.6 m"), std::string::npos) << with.out;
  EXPECT_EQ(with.out.find("nearer the streets"), std::string::npos) << with.out;
}

TEST_F(Cli, RunWritesGeoPackageAndTablesDeterministically) {
  const Outcome one =
      run("run --quiet --threads 1 --plan " + plan().string() + " --out " + (dir_ / "a").string());
  ASSERT_EQ(one.status, 0) << one.out;
  const Outcome two =
      run("run --quiet --threads 2 --plan " + plan().string() + " --out " + (dir_ / "b").string());
  ASSERT_EQ(two.status, 0) << two.out;
  EXPECT_TRUE(fs::exists(dir_ / "a" / "lifecircle.gpkg"));
  const std::string csv = slurp(dir_ / "a" / "indicators.csv");
  EXPECT_EQ(csv, slurp(dir_ / "b" / "indicators.csv")) << "byte-identical for 1 and 2 threads";
  EXPECT_NE(csv.find("clinic,B02,东镇,coverage_share,0.1333333333"), std::string::npos) << csv;
  // No temporary file is left behind.
  for (const auto& entry : fs::directory_iterator(dir_ / "a")) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
  // GDAL opens every layer.
  const std::string ogr = "ogrinfo -ro -so " + (dir_ / "a" / "lifecircle.gpkg").string() + " 2>&1";
  const lifecircle::testing::ShellOutcome ogrinfo = lifecircle::testing::shell(ogr);
  const std::string& layers = ogrinfo.out;
  EXPECT_EQ(ogrinfo.status, 0) << layers;
  for (const char* layer : {"towns", "facilities", "isochrones", "coverage", "gaps", "indicators"}) {
    EXPECT_NE(layers.find(std::string(": ") + layer + " "), std::string::npos) << layer << "\n" << layers;
  }
  EXPECT_NE(one.out.find("clinic"), std::string::npos) << "summary names the categories:\n" << one.out;
}

TEST_F(Cli, RunWritesGeoJsonOnRequest) {
  const Outcome o =
      run("run --quiet --format GeoJSON --plan " + plan().string() + " --out " + (dir_ / "g").string());
  ASSERT_EQ(o.status, 0) << o.out;
  for (const char* f : {"towns.geojson", "facilities.geojson", "isochrones.geojson", "coverage.geojson",
                        "gaps.geojson", "indicators.csv"}) {
    EXPECT_TRUE(fs::exists(dir_ / "g" / f)) << f;
  }
  EXPECT_NE(slurp(dir_ / "g" / "towns.geojson").find("\"东镇\""), std::string::npos);
}

// Outputs into the folder that holds the plan's inputs: a GeoJSON run there
// would write towns.geojson over the towns it read (before: exit 0 with
// --overwrite, the input replaced by the run's own layer).
TEST_F(Cli, OutputOverThePlansOwnInputIsRefused) {
  const fs::path city = dir_ / "city";
  fs::copy(lifecircle::testing::test_data_dir() / "city", city);
  const std::string towns = slurp(city / "towns.geojson");
  const Outcome o = run("run --quiet --no-maps --overwrite --format GeoJSON --plan " +
                        (city / "plan.toml").string() + " --out " + city.string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("towns.geojson: this output would replace"), std::string::npos) << o.out;
  EXPECT_EQ(slurp(city / "towns.geojson"), towns);
  EXPECT_FALSE(fs::exists(city / "report.html"));
}

TEST_F(Cli, UnwritableOutputIsADataError) {
  fs::create_directories(dir_ / "ro");
  std::ofstream(dir_ / "ro" / "blocker") << "a file where a folder should be";
  const Outcome o =
      run("run --quiet --plan " + plan().string() + " --out " + (dir_ / "ro" / "blocker" / "x").string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("blocker"), std::string::npos) << o.out;
}

// Bad inputs of a run, each a fixture under tests/data/bad/ named after the fault.
struct BadRun {
  const char* fixture;
  const char* expected;  // part of the message
};

class CliBadRun : public Cli, public ::testing::WithParamInterface<BadRun> {};

TEST_P(CliBadRun, ExitsOneWithAClearMessage) {
  const fs::path plan = lifecircle::testing::test_data_dir() / "bad" / GetParam().fixture;
  const Outcome o = run("run --quiet --plan " + plan.string() + " --out " + (dir_ / "out").string());
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find(GetParam().expected), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir_ / "out" / "indicators.csv")) << "nothing written after a data error";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CliBadRun,
                         ::testing::Values(BadRun{"run-zero-population-town.toml", "is zero for town Z01"},
                                           BadRun{"run-category-without-facilities.toml",
                                                  "no existing facility of category 'library'"}));

}  // namespace
