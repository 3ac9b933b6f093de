// `lifecircle compare` and `lifecircle suggest` as a user runs them on the
// line city: exit codes, messages, the tables written (golden, by hand).

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sys/wait.h>
#include <unistd.h>

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

struct Outcome {
  int status;
  std::string out, err;
};

Outcome run(const std::string& args, const fs::path& err_file) {
  const lifecircle::testing::ShellOutcome o =
      lifecircle::testing::shell(std::string(LIFECIRCLE_BINARY) + " " + args + " 2>" + err_file.string());
  return {o.status, o.out, lifecircle::testing::slurp(err_file)};
}

using lifecircle::testing::slurp;

// A CSV table lifecircle wrote: its UTF-8 BOM checked and cut off.
std::string csv_table(const fs::path& p) {
  const std::string text = slurp(p);
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(text.substr(0, bom.size()), bom) << p << ": no UTF-8 BOM";
  return text.substr(0, bom.size()) == bom ? text.substr(bom.size()) : text;
}

// The sheets of a workbook lifecircle wrote, as GDAL's XLSX driver reads them:
// "name: first header, type of column `column`" per sheet.
std::vector<std::string> sheets(const fs::path& p, int column) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  std::vector<std::string> out;
  if (!ds) return out;
  for (OGRLayer* layer : ds->GetLayers()) {
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    out.push_back(std::string(layer->GetName()) + ": " + defn->GetFieldDefn(0)->GetNameRef() + ", " +
                  OGRFieldDefn::GetFieldTypeName(defn->GetFieldDefn(column)->GetType()));
  }
  return out;
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
    return run(
        args + " --plan " + (data() / "city" / "plan.toml").string() + " --out " + dir_.string() + " --quiet",
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
  const std::string csv = csv_table(dir_ / "compare.csv");
  // Clinic: the east town from 133.3 to 1,000 people; park: the west town from 0 to 666.7.
  EXPECT_NE(csv.find("clinic,B02,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1000.0,133.3,0.133333,1000.0,1.000000,0.866667,866.7\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("park,A01,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1000.0,0.0,0.000000,666.7,0.666667,0.666667,666.7\n"), std::string::npos) << csv;
  EXPECT_TRUE(fs::exists(dir_ / "compare.gpkg"));
  EXPECT_EQ(sheets(dir_ / "compare.xlsx", 5),
            std::vector<std::string>{"compare: 类别 category, Real"});  // base_share
  // Deterministic: the same call gives the same bytes.
  ASSERT_EQ(
      lifecircle("compare --overwrite --scenario " + (data() / "city" / "scenario-planned.toml").string())
          .status,
      0);
  EXPECT_EQ(csv_table(dir_ / "compare.csv"), csv);
}

// A scenario that only walks faster, on the line city whose park circle is a
// distance (plan-distance.toml; by hand in tests/coverage/scenario_test.cpp):
// the clinic's 15 minutes reach 2,000 m instead of 1,000 m, the park keeps
// its 1,000 m.
TEST_F(ScenarioCli, CompareAtAnotherSpeedKeepsADistanceCircle) {
  const Outcome o = run("compare --scenario " + (data() / "city" / "scenario-faster.toml").string() +
                            " --plan " + (data() / "city" / "plan-distance.toml").string() + " --out " +
                            dir_.string() + " --quiet --no-maps --no-report",
                        dir_ / "stderr.txt");
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  const std::string csv = csv_table(dir_ / "compare.csv");
  const auto row = [&csv](const std::string& start) {
    const std::size_t at = csv.find("\n" + start);
    return at == std::string::npos ? std::string("(no row)")
                                   : csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
  };
  // East town: park 733.3 of 1,000 in both; clinic from 133.3 to 800.0.
  EXPECT_NE(row("park,B02,").find(",1000.0,733.3,0.733333,733.3,0.733333,0.000000,0.0"), std::string::npos)
      << csv;
  EXPECT_NE(row("clinic,B02,").find(",1000.0,133.3,0.133333,800.0,0.800000,0.666667,666.7"),
            std::string::npos)
      << csv;
}

// The target check beside the base (tests/data/targets/line-city.toml, by
// hand in tests/coverage/scenario_targets_test.cpp): the planned clinic gives
// 东镇 its first clinic; the west park of 800 m² raises 西镇's m² per 1,000
// residents from 0 to 800 and the city's from 600 to 1,000.
TEST_F(ScenarioCli, CompareJudgesTheTargetsOfEachScenario) {
  const Outcome o =
      lifecircle("compare --scenario " + (data() / "city" / "scenario-planned.toml").string() +
                 " --targets " + (data() / "targets" / "line-city.toml").string() + " --year 2027");
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  EXPECT_EQ(o.err, "");
  const std::string csv = csv_table(dir_ / "compare-targets.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "indicator,kind,category,name_zh,year,town_code,town_name,target,base_value,base_status,"
            "planned clinic and a west park:value,planned clinic and a west park:change,"
            "planned clinic and a west park:status");
  EXPECT_NE(csv.find(",2027,B02,东镇,≥1,0,falls short,1,1,pass\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n24,presence_by_town,clinic,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",2027,A01,西镇,5.5,0,falls short,800,800,pass\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",2027,city,全市 (city),5.5,600,pass,1000,400,pass\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nclinics,count,clinic,诊所数量(个),2027,city,全市 (city),2,1,falls short,2,1,pass\n"),
            std::string::npos)
      << csv;
  // Printed: only the lines that change (东镇's m² of park does not).
  EXPECT_NE(o.out.find("Targets for 2027 (lines that change)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("+800"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("1200"), std::string::npos) << o.out;
}

// compare.gpkg: per scenario the newly covered points and the towns with the
// share before, after and the change, per category.
TEST_F(ScenarioCli, CompareWritesTheTownsLayer) {
  ASSERT_EQ(lifecircle("compare --scenario " + (data() / "city" / "scenario-planned.toml").string()).status,
            0);
  GDALAllRegister();
  const GDALDatasetUniquePtr ds(GDALDataset::Open((dir_ / "compare.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* towns = ds->GetLayerByName("towns_1_planned_clinic_and_a_west_park");
  ASSERT_NE(towns, nullptr);
  ASSERT_NE(ds->GetLayerByName("changes_1_planned_clinic_and_a_west_park"), nullptr);
  EXPECT_EQ(towns->GetFeatureCount(), 2);
  towns->SetAttributeFilter("town_code = 'B02'");
  const OGRFeatureUniquePtr east(towns->GetNextFeature());
  ASSERT_TRUE(east);
  EXPECT_NEAR(east->GetFieldAsDouble("clinic_base_pct"), 40.0 / 3.0, 1e-9);
  EXPECT_NEAR(east->GetFieldAsDouble("clinic_scen_pct"), 100.0, 1e-9);
  EXPECT_NEAR(east->GetFieldAsDouble("clinic_delta_people"), 2600.0 / 3.0, 1e-6);
  EXPECT_NEAR(east->GetFieldAsDouble("park_delta_pp"), 0.0, 1e-12);
  ASSERT_NE(east->GetGeometryRef(), nullptr);
  OGREnvelope box;
  east->GetGeometryRef()->getEnvelope(&box);
  EXPECT_NEAR(box.MinX, 121.4153, 1e-3) << "in WGS84";
}

// The review outputs: one map per changed category in a folder per scenario,
// and compare-report.html with the comparison (both categories change here).
TEST_F(ScenarioCli, CompareDrawsTheScenarioMapsAndTheReport) {
  const Outcome o = lifecircle("compare --scenario " + (data() / "city" / "scenario-planned.toml").string());
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  for (const char* category : {"clinic", "park"}) {
    EXPECT_TRUE(fs::exists(dir_ / "compare-maps" / "scenario-1" / (std::string(category) + "-scenario.png")))
        << category;
  }
  const std::string html = slurp(dir_ / "compare-report.html");
  EXPECT_NE(html.find("planned clinic and a west park"), std::string::npos);
  EXPECT_NE(html.find("data:image/png;base64,"), std::string::npos) << "the maps are embedded";
  // Without maps and report: neither is written, and the tables still are.
  for (const char* name : {"compare-maps", "compare-report.html", "compare.csv"}) fs::remove_all(dir_ / name);
  ASSERT_EQ(lifecircle("compare --overwrite --no-maps --no-report --scenario " +
                       (data() / "city" / "scenario-planned.toml").string())
                .status,
            0);
  EXPECT_TRUE(fs::exists(dir_ / "compare.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "compare-maps"));
  EXPECT_FALSE(fs::exists(dir_ / "compare-report.html"));
}

TEST_F(ScenarioCli, CompareWithAnUnknownFacilityIsADataError) {
  const Outcome o =
      lifecircle("compare --scenario " + (data() / "bad" / "scenario-unknown-facility-id.toml").string());
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("did you mean 'C1'"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "compare.csv"));
}

TEST_F(ScenarioCli, SuggestRanksTheSites) {
  const Outcome o = lifecircle("suggest --category park --count 1 --candidates " +
                               (data() / "city" / "candidates.csv").string());
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  const std::string csv = csv_table(dir_ / "suggest.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "rank,lon,lat,town_code,population_added,covered_after,share_after");
  EXPECT_NE(csv.find("\n1,"), std::string::npos) << csv;
  EXPECT_NE(o.err.find("1 of 3 candidates"), std::string::npos) << o.err;  // the far-north one is reported
  EXPECT_TRUE(fs::exists(dir_ / "suggest.gpkg"));
  EXPECT_EQ(sheets(dir_ / "suggest.xlsx", 4), std::vector<std::string>{"suggest: 排名 rank, Real"});
}

TEST_F(ScenarioCli, MoreSitesThanCandidatesIsAUsageError) {
  const Outcome o = lifecircle("suggest --category park --count 5 --candidates " +
                               (data() / "city" / "candidates.csv").string());
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("--count 5 is more than the 2 candidate sites"), std::string::npos) << o.err;
}

// Capacity-aware (2SFCA), by hand: the park P1 (1,200 m²) reaches 533.3
// residents in 10 minutes (2,250 .. 2,950 m). Sites of 700 m², target 1,000 m²
// per 1,000 residents. The middle candidate (1,497 m) reaches 933.3 residents,
// none with any park: R = 0.75 per resident, need met 700. The west one (98 m,
// 11 m off) reaches 50 .. 750: 533.3 residents, R = 1.3125, capped at 1: 533.3.
TEST_F(ScenarioCli, SuggestCapacityAwareByHand) {
  const Outcome o =
      lifecircle("suggest --category park --count 2 --capacity 700 --per-1000 1000 --candidates " +
                 (data() / "city" / "candidates.csv").string());
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  const std::string csv = csv_table(dir_ / "suggest.csv");
  EXPECT_EQ(csv,
            "rank,lon,lat,town_code,capacity,catchment_population,per_1000_added,need_met,unmet_after,"
            "population_at_target_after,share_at_target_after\n"
            "1,121.4153000,28.4000000,A01,700.0,933.3,750.0000,700.000,766.667,533.3,0.266667\n"
            "2,121.4010000,28.4001000,A01,700.0,533.3,1312.5000,533.333,233.333,1066.7,0.533333\n");
  EXPECT_NE(o.out.find("capacity-aware (2SFCA)"), std::string::npos) << o.out;
}

TEST_F(ScenarioCli, CapacityAwareNeedsCapacityAThresholdAndACategoryWithCapacity) {
  const Outcome clinic = lifecircle("suggest --category clinic --count 1 --capacity-aware --capacity 5");
  EXPECT_EQ(clinic.status, 2) << clinic.out << clinic.err;
  EXPECT_NE(clinic.err.find("category clinic has no capacity_unit"), std::string::npos) << clinic.err;
  const Outcome no_capacity = lifecircle("suggest --category park --count 1 --capacity-aware --per-1000 5");
  EXPECT_EQ(no_capacity.status, 2) << no_capacity.err;
  EXPECT_NE(no_capacity.err.find("needs --capacity N"), std::string::npos) << no_capacity.err;
  const Outcome no_threshold = lifecircle("suggest --category park --count 1 --capacity 100");
  EXPECT_EQ(no_threshold.status, 2) << no_threshold.err;
  EXPECT_NE(no_threshold.err.find("give --per-1000 N"), std::string::npos) << no_threshold.err;
  EXPECT_FALSE(fs::exists(dir_ / "suggest.csv"));
}

TEST_F(ScenarioCli, CandidatesInAnotherCrsAreADataError) {
  const Outcome o = lifecircle("suggest --category park --count 1 --candidates " +
                               (data() / "bad" / "candidates-in-another-crs.geojson").string());
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("candidates-in-another-crs.geojson"), std::string::npos) << o.err;
}

TEST_F(ScenarioCli, UnknownCategoryIsAUsageError) {
  const Outcome o = lifecircle("suggest --category parks --count 1");
  EXPECT_EQ(o.status, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("categories: clinic, park"), std::string::npos) << o.err;
}

// The same point five times, one point already covered by the park: two
// sites, no copies, no site adding nobody, and a note saying why not five.
TEST_F(ScenarioCli, SuggestLeavesOutRepeatsAndSitesAddingNothing) {
  const std::string candidates = (data() / "bad" / "candidates-same-point-five-times.csv").string();
  const Outcome o = lifecircle("suggest --category park --count 5 --candidates " + candidates);
  ASSERT_EQ(o.status, 0) << o.out << o.err;
  EXPECT_EQ(csv_table(dir_ / "suggest.csv"),
            "rank,lon,lat,town_code,population_added,covered_after,share_after\n"
            "1,121.4153000,28.4000000,A01,933.3,1466.7,0.733333\n"
            "2,121.4010000,28.4001000,A01,533.3,2000.0,1.000000\n");
  EXPECT_NE(o.err.find("4 of 7 candidates repeat another (the same point and network position, within 1 m)"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("only 2 sites add covered population; the other 3 would add none"), std::string::npos)
      << o.err;
  const Outcome c = lifecircle(
      "suggest --overwrite --category park --count 5 --capacity 700 --per-1000 1000 "
      "--candidates " +
      candidates);
  ASSERT_EQ(c.status, 0) << c.out << c.err;
  const std::string csv = csv_table(dir_ / "suggest.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3) << csv;  // the header and two sites
  EXPECT_NE(c.err.find("only 2 sites meet unmet need; the other 3 would meet none"), std::string::npos)
      << c.err;
}

// Facilities counted twice: a file listed twice, an id in two files (exit 1,
// nothing written), the same facility in two files (a warning in `info`).
TEST_F(ScenarioCli, FacilitiesListedTwiceIsADataError) {
  const fs::path plan = data() / "bad" / "plan-facilities-listed-twice.toml";
  const Outcome o =
      run("run --quiet --plan " + plan.string() + " --out " + dir_.string(), dir_ / "stderr.txt");
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("field 'facilities[1].path' names the same file as facilities[0].path"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(dir_ / "indicators.csv"));
}

TEST_F(ScenarioCli, FacilityIdInTwoFilesIsADataError) {
  const fs::path plan = data() / "bad" / "plan-facility-id-in-two-files.toml";
  const Outcome o = run("info --plan " + plan.string(), dir_ / "stderr.txt");
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(
      o.err.find("plan-facility-id-in-two-files.csv: layer 'plan-facility-id-in-two-files', feature 2: field "
                 "'id' repeats id 'P1' of "),
      std::string::npos)
      << o.err;
}

TEST_F(ScenarioCli, SameFacilityInTwoFilesIsAWarningInInfo) {
  const fs::path plan = data() / "bad" / "plan-facility-in-two-files.toml";
  const Outcome o = run("info --plan " + plan.string(), dir_ / "stderr.txt");
  EXPECT_EQ(o.status, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("1 facility has the category, name and position (within 1 m) of one in "),
            std::string::npos)
      << o.out;
}

}  // namespace
