// `lifecircle compare` and `lifecircle suggest` as a user runs them on the
// line city: exit codes, messages, the tables written (golden, by hand).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/paths.hpp"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status;
  std::string out, err;
};

Outcome run(const std::string& args, const fs::path& err_file) {
  const std::string command = std::string(LIFECIRCLE_BINARY) + " " + args + " 2>" + err_file.string();
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  std::ifstream in(err_file);
  std::stringstream err;
  err << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err.str()};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ScenarioCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-scenario-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Outcome lifecircle(const std::string& args) const {
    return run(args + " --plan " + (data() / "city" / "plan.toml").string() + " --out " + dir_.string() + " --quiet",
               dir_ / "stderr.txt");
  }
  static fs::path data() { return lifecircle::testing::test_data_dir(); }
  fs::path dir_;
};

TEST_F(ScenarioCli, CompareWritesTheTableByHand) {
  const Outcome o = lifecircle("compare --scenario " + (data() / "city" / "scenario-planned.toml").string());
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  EXPECT_EQ(o.err, "");
  EXPECT_NE(o.out.find("planned clinic and a"), std::string::npos) << o.out;  // the name, cut to the column
  const std::string csv = slurp(dir_ / "compare.csv");
  // Clinic: the east town from 133.3 to 1,000 people; park: the west town from 0 to 666.7.
  EXPECT_NE(csv.find("clinic,B02,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1000.0,133.3,0.133333,1000.0,1.000000,0.866667,866.7\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("park,A01,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1000.0,0.0,0.000000,666.7,0.666667,0.666667,666.7\n"), std::string::npos) << csv;
  EXPECT_TRUE(fs::exists(dir_ / "compare.gpkg"));
  // Deterministic: the same call gives the same bytes.
  ASSERT_EQ(lifecircle("compare --scenario " + (data() / "city" / "scenario-planned.toml").string()).status, 0);
  EXPECT_EQ(slurp(dir_ / "compare.csv"), csv);
}

TEST_F(ScenarioCli, CompareWithAnUnknownFacilityIsADataError) {
  const Outcome o = lifecircle("compare --scenario " + (data() / "bad" / "scenario-unknown-facility-id.toml").string());
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("did you mean 'C1'"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "compare.csv"));
}

TEST_F(ScenarioCli, SuggestRanksTheSites) {
  const Outcome o = lifecircle("suggest --category park --count 1 --candidates " +
                               (data() / "city" / "candidates.csv").string());
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  const std::string csv = slurp(dir_ / "suggest.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "rank,lon,lat,town_code,population_added,covered_after,share_after");
  EXPECT_NE(csv.find("\n1,"), std::string::npos) << csv;
  EXPECT_NE(o.err.find("1 of 3 candidates"), std::string::npos) << o.err;  // the far-north one is reported
  EXPECT_TRUE(fs::exists(dir_ / "suggest.gpkg"));
}

TEST_F(ScenarioCli, MoreSitesThanCandidatesIsAUsageError) {
  const Outcome o = lifecircle("suggest --category park --count 5 --candidates " +
                               (data() / "city" / "candidates.csv").string());
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("--count 5 is more than the 2 candidate sites"), std::string::npos) << o.err;
}

TEST_F(ScenarioCli, UnknownCategoryIsAUsageError) {
  const Outcome o = lifecircle("suggest --category parks --count 1");
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("categories: clinic, park"), std::string::npos) << o.err;
}

}  // namespace
