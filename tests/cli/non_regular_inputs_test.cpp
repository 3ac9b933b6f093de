// Inputs that are not regular files: a FIFO, a character device or a
// directory given as any input path used to block the program for ever (or
// read without end). Each is refused at once, naming the path. Every run is
// guarded by `timeout`, so a regression fails (exit 124) instead of hanging.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using Outcome = lifecircle::testing::ShellOutcome;  // stdout and stderr together

constexpr int kTimedOut = 124;  // timeout(1)'s status when it had to stop the program

Outcome run_guarded(const std::string& args) {
  return lifecircle::testing::shell("timeout 30 " + std::string(LIFECIRCLE_BINARY) + " " + args + " 2>&1");
}

using lifecircle::testing::slurp;

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// One input kind: the FIFO's name, how the plan (or a spec) points at it, the
// command that reads it, and what the message calls it.
struct FifoCase {
  const char* name;
  const char* fifo;       // file name of the FIFO in the work folder
  const char* plan_from;  // text of tests/data/city/plan-raster.toml replaced to point at it ("" none)
  const char* plan_to;
  const char* command;  // {dir} is the work folder
  const char* what;
};

void PrintTo(const FifoCase& c, std::ostream* out) { *out << c.name; }

class NonRegularInput : public ::testing::TestWithParam<FifoCase> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : name) c = c == '/' ? '_' : c;  // "FifoIsRefusedAtOnce/3"
    dir_ = fs::temp_directory_path() / ("lifecircle-fifo-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(lifecircle::testing::test_data_dir() / "city")) {
      fs::copy_file(entry.path(), dir_ / entry.path().filename());
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string expand(std::string text) const {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos; at = text.find("{dir}")) {
      text.replace(at, 5, dir_.string());
    }
    return text;
  }

  fs::path dir_;
};

TEST_P(NonRegularInput, FifoIsRefusedAtOnce) {
  const FifoCase& c = GetParam();
  const fs::path fifo = dir_ / c.fifo;
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string plan = slurp(dir_ / "plan-raster.toml");
  if (*c.plan_from != '\0') replace_once(plan, c.plan_from, c.plan_to);
  std::ofstream(dir_ / "plan-test.toml") << plan;
  std::string spec = slurp(lifecircle::testing::test_data_dir() / "targets/line-city.toml");
  replace_once(spec, "../../../data/plan/wenling-2023-indicators.csv",
               (fs::path(LIFECIRCLE_SOURCE_DIR) / "data/plan/wenling-2023-indicators.csv").string());
  std::ofstream(dir_ / "targets.toml") << spec;

  const Outcome o = run_guarded(expand(c.command));
  ASSERT_NE(o.status, kTimedOut) << "hung reading the FIFO: " << o.out;
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out,
              HasSubstr(fifo.string() + ": the " + c.what + " is a FIFO (named pipe), not a regular file"));
}

INSTANTIATE_TEST_SUITE_P(
    EveryInputKind, NonRegularInput,
    ::testing::Values(
        FifoCase{"plan", "plan-fifo.toml", "", "", "info --plan {dir}/plan-fifo.toml", "plan file"},
        FifoCase{"osm_roads", "roads.osm", "path = \"line.osm\"", "path = \"roads.osm\"",
                 "info --plan {dir}/plan-test.toml", "roads file"},
        FifoCase{"gdal_roads", "roads.geojson", "path = \"line.osm\"", "path = \"roads.geojson\"",
                 "info --plan {dir}/plan-test.toml", "roads layer"},
        FifoCase{"towns", "fifo-towns.geojson", "path = \"towns.geojson\"", "path = \"fifo-towns.geojson\"",
                 "info --plan {dir}/plan-test.toml", "towns layer"},
        FifoCase{"facilities", "fifo-facilities.csv", "path = \"facilities.csv\"",
                 "path = \"fifo-facilities.csv\"", "info --plan {dir}/plan-test.toml", "facilities layer"},
        FifoCase{"population", "fifo-population.asc", "path = \"population.asc\"",
                 "path = \"fifo-population.asc\"",
                 "run --plan {dir}/plan-test.toml --out {dir}/out --quiet --no-maps", "population layer"},
        FifoCase{"scenario", "scenario.toml", "", "",
                 "compare --plan {dir}/plan.toml --scenario {dir}/scenario.toml --out {dir}/out --quiet",
                 "scenario file"},
        FifoCase{"targets", "fifo-targets.toml", "", "",
                 "check --plan {dir}/plan.toml --year 2025 --targets {dir}/fifo-targets.toml --out {dir}/out",
                 "target spec file"},
        FifoCase{"actuals", "actuals.csv", "", "",
                 "check --plan {dir}/plan.toml --year 2025 --targets {dir}/targets.toml --actuals "
                 "{dir}/actuals.csv "
                 "--out {dir}/out",
                 "actuals file"},
        FifoCase{"candidates", "fifo-candidates.csv", "", "",
                 "suggest --plan {dir}/plan.toml --category clinic --count 1 --candidates "
                 "{dir}/fifo-candidates.csv "
                 "--out {dir}/out --quiet",
                 "candidates layer"}));

class NonRegularInputOther : public NonRegularInput {};

TEST_F(NonRegularInputOther, FifoAsIndicatorTableIsRefused) {
  const fs::path fifo = dir_ / "indicators.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string spec = slurp(lifecircle::testing::test_data_dir() / "targets/line-city.toml");
  replace_once(spec, "../../../data/plan/wenling-2023-indicators.csv", fifo.string());
  std::ofstream(dir_ / "targets.toml") << spec;
  const Outcome o = run_guarded("check --plan " + (dir_ / "plan.toml").string() + " --year 2025 --targets " +
                                (dir_ / "targets.toml").string() + " --out " + (dir_ / "out").string());
  ASSERT_NE(o.status, kTimedOut) << "hung reading the FIFO: " << o.out;
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out,
              HasSubstr(fifo.string() + ": the indicator table is a FIFO (named pipe), not a regular file"));
}

TEST_F(NonRegularInputOther, CharacterDeviceAsRoadsIsRefused) {
  std::string plan = slurp(dir_ / "plan.toml");
  replace_once(plan, "path = \"line.osm\"", "path = \"/dev/zero\"");
  std::ofstream(dir_ / "plan-test.toml") << plan;
  const Outcome o = run_guarded("info --plan " + (dir_ / "plan-test.toml").string());
  ASSERT_NE(o.status, kTimedOut) << o.out;
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("/dev/zero: the roads layer is a character device, not a regular file"));
}

TEST_F(NonRegularInputOther, StdinDeviceAsPlanIsRefused) {
  const Outcome o = run_guarded("info --plan /dev/stdin < /dev/zero");
  ASSERT_NE(o.status, kTimedOut) << o.out;
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("/dev/stdin: the plan file is a character device, not a regular file"));
}

TEST_F(NonRegularInputOther, DirectoryAsPlanIsRefused) {
  const Outcome o = run_guarded("info --plan " + dir_.string());
  ASSERT_NE(o.status, kTimedOut) << o.out;
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr(dir_.string() + ": the plan file is a directory, not a regular file"));
}

}  // namespace
