// --json on run, check, compare and suggest: one JSON document on stdout
// (progress stays on stderr) whose numbers are the CSVs' on the line city.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int status;
  std::string out, err;
};

Outcome run(const std::string& args, const fs::path& err_file) {
  const lifecircle::testing::ShellOutcome o =
      lifecircle::testing::shell(std::string(LIFECIRCLE_BINARY) + " " + args + " 2>" + err_file.string());
  return {o.status, o.out, lifecircle::testing::slurp(err_file)};
}

// The CSV's rows as cells (the line city's files hold no quoted comma).
std::vector<std::vector<std::string>> csv_rows(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

class JsonCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-json-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Parses stdout as one JSON document (throws when it is not).
  json lifecircle(const std::string& args) const {
    const Outcome o = run(args + " --json --threads 1 --plan " + (data() / "city" / "plan.toml").string() +
                              " --out " + dir_.string(),
                          dir_ / "stderr.txt");
    EXPECT_EQ(o.status, 0) << o.out << o.err;
    return json::parse(o.out);
  }
  static fs::path data() { return lifecircle::testing::test_data_dir(); }
  std::string targets() const { return " --targets " + (data() / "targets" / "line-city.toml").string(); }
  fs::path dir_;
};

TEST_F(JsonCli, RunPrintsTheCoverageOfIndicatorsCsv) {
  const json j = lifecircle("run --no-maps --year 2027" + targets());
  EXPECT_EQ(j["command"], "run");
  // indicators.csv: category,town_code,town_name,measure,value
  std::map<std::string, double> share;  // "<category>/<town code or city>"
  for (const auto& r : csv_rows(dir_ / "indicators.csv")) {
    if (r[3] == "coverage_share") share[r[0] + "/" + (r[1].empty() ? "city" : r[1])] = std::stod(r[4]);
  }
  ASSERT_EQ(j["categories"].size(), 2U);
  for (const json& c : j["categories"]) {
    const std::string id = c["id"];
    EXPECT_NEAR(c["share"].get<double>(), share.at(id + "/city"), 1e-9) << id;
    EXPECT_NEAR(c["population"].get<double>(), 2000.0, 1e-9);
    ASSERT_EQ(c["towns"].size(), 2U);
    for (const json& t : c["towns"]) {
      EXPECT_NEAR(t["share"].get<double>(), share.at(id + "/" + t["code"].get<std::string>()), 1e-9);
    }
  }
  EXPECT_NEAR(j["categories"][0]["share"].get<double>(), 1700.0 / 3000.0, 1e-9);  // by hand: [0, 1700] m
  ASSERT_TRUE(j["targets"].is_object());
  EXPECT_EQ(j["targets"]["year"], 2027);
  EXPECT_EQ(j["targets"]["pass"].get<std::size_t>() + j["targets"]["fall_short"].get<std::size_t>() +
                j["targets"]["other"].get<std::size_t>(),
            j["targets"]["lines"].size());
  bool names_gpkg = false;
  for (const json& f : j["files"])
    names_gpkg = names_gpkg || f.get<std::string>() == (dir_ / "lifecircle.gpkg").string();
  EXPECT_TRUE(names_gpkg) << j["files"];
  // Progress stays on stderr.
  std::ifstream err(dir_ / "stderr.txt");
  std::stringstream e;
  e << err.rdbuf();
  EXPECT_NE(e.str().find("layers and tables written"), std::string::npos);
}

TEST_F(JsonCli, CheckPrintsEveryLineOfTargetsCsv) {
  const json j = lifecircle("check --year 2027" + targets());
  EXPECT_EQ(j["command"], "check");
  const auto rows = csv_rows(dir_ / "targets.csv");
  ASSERT_EQ(j["lines"].size(), rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(j["lines"][k]["indicator"], rows[k][0]) << k;
    EXPECT_EQ(j["lines"][k]["status"].get<std::string>(), rows[k][13]) << k;
  }
}

TEST_F(JsonCli, ComparePrintsTheRowsOfCompareCsv) {
  const json j = lifecircle("compare --no-maps --no-report --year 2027 --scenario " +
                            (data() / "city" / "scenario-planned.toml").string() + targets());
  EXPECT_EQ(j["command"], "compare");
  const auto rows = csv_rows(dir_ / "compare.csv");
  ASSERT_EQ(j["rows"].size(), rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const json& r = j["rows"][k];
    EXPECT_EQ(r["category"], rows[k][0]);
    EXPECT_EQ(r["town_code"], rows[k][1]);
    EXPECT_NEAR(r["base_covered"].get<double>(), std::stod(rows[k][4]), 0.05);
    EXPECT_NEAR(r["base_share"].get<double>(), std::stod(rows[k][5]), 1e-6);
    EXPECT_NEAR(r["scenarios"][0]["share"].get<double>(), std::stod(rows[k][7]), 1e-6);
    EXPECT_NEAR(r["scenarios"][0]["change_covered"].get<double>(), std::stod(rows[k][9]), 0.05);
  }
  // 东镇's first clinic passes target 24 in the scenario (compare-targets.csv).
  bool found = false;
  for (const json& line : j["targets"]["lines"]) {
    if (line["town_code"] == "B02" && line["base_status"] == "falls short" &&
        line["scenarios"][0]["status"] == "pass")
      found = true;
  }
  EXPECT_TRUE(found) << j["targets"];
}

TEST_F(JsonCli, SuggestPrintsTheSitesOfSuggestCsv) {
  const json j = lifecircle("suggest --category park --count 1 --candidates " +
                            (data() / "city" / "candidates.csv").string());
  EXPECT_EQ(j["command"], "suggest");
  const auto rows = csv_rows(dir_ / "suggest.csv");  // rank,lon,lat,town_code,population_added,...
  ASSERT_EQ(j["sites"].size(), rows.size());
  ASSERT_EQ(rows.size(), 1U);
  const json& s = j["sites"][0];
  EXPECT_EQ(s["rank"], 1);
  EXPECT_NEAR(s["lon"].get<double>(), std::stod(rows[0][1]), 1e-7);
  EXPECT_NEAR(s["lat"].get<double>(), std::stod(rows[0][2]), 1e-7);
  EXPECT_EQ(s["town_code"], rows[0][3]);
  EXPECT_NEAR(s["population_added"].get<double>(), std::stod(rows[0][4]), 0.05);
}

}  // namespace
