// The target check as people and tools read it: shortfalls in words, the
// printed table, targets.csv and the `targets` layer.

#include "lifecircle/report/targets_table.hpp"

#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::report {
namespace {

using coverage::IndicatorKind;
using coverage::IndicatorResult;
using coverage::TargetLine;
using ::testing::HasSubstr;

IndicatorResult result_of(IndicatorKind kind, const std::string& target_cell, const std::string& noun,
                          const std::string& plural) {
  IndicatorResult r;
  r.spec.kind = kind;
  r.spec.noun = noun;
  r.spec.plural = plural;
  r.spec.unit = "%";
  r.target = io::parse_target(target_cell);
  return r;
}

TargetLine short_line(const IndicatorResult& r, double value, double shortfall) {
  TargetLine line;
  line.target = r.target;
  line.value = value;
  line.verdict = io::Verdict{io::Verdict::falls_short, shortfall};
  return line;
}

TEST(ShortfallInWords, PerCapita) {
  IndicatorResult r = result_of(IndicatorKind::per_capita, "5.5", "childcare place", "childcare places");
  r.spec.per_residents = 1000;
  TargetLine line = short_line(r, 4.3, 1.2);
  line.population = 4000;  // 1.2 per 1,000 of 4,000: 4.8 places, so 5
  EXPECT_EQ(shortfall_in_words(r, line), "1.2 more childcare places per 1,000 residents (5 more in all)");
  r.spec.per_residents = 1;
  r.spec.plural = "m² of sports ground";
  line.verdict.shortfall = 2.9;
  EXPECT_EQ(shortfall_in_words(r, line), "2.9 more m² of sports ground per resident (11,600 more in all)");
}

TEST(ShortfallInWords, PresenceNamesTheTownsWithout) {
  const IndicatorResult r =
      result_of(IndicatorKind::presence_by_town, "100", "disability home", "disability homes");
  TargetLine city = short_line(r, 87.5, 12.5);
  city.town_count = 16;
  city.towns_without = {"石塘镇", "坞根镇"};
  EXPECT_EQ(shortfall_in_words(r, city), "2 towns without a disability home: 石塘镇, 坞根镇");

  TargetLine town = short_line(r, 0, 1);
  town.town_code = "331081105";
  town.town_name = "石塘镇";
  town.target = io::parse_target("≥1");
  EXPECT_EQ(shortfall_in_words(r, town), "1 disability home needed");
}

TEST(ShortfallInWords, PresenceBelowFullCoverageSaysHowManyTownsAreEnough) {
  IndicatorResult r = result_of(IndicatorKind::presence_by_town, "80", "station", "stations");
  r.spec.min_count = 2;
  TargetLine city = short_line(r, 68.75, 11.25);  // 11 of 16 towns; 80 % needs 12.8, so 13
  city.town_count = 16;
  city.towns_without = {"A", "B", "C", "D", "E"};
  EXPECT_EQ(shortfall_in_words(r, city),
            "5 towns with fewer than 2 stations: A, B, C, D, E (2 of them reach the target)");
}

TEST(ShortfallInWords, Count) {
  const IndicatorResult r = result_of(IndicatorKind::count, "28", "disability home", "disability homes");
  TargetLine line = short_line(r, 21, 7);
  line.count = 21;
  EXPECT_EQ(shortfall_in_words(r, line), "7 more disability homes (21 of 28)");
  const IndicatorResult above = result_of(IndicatorKind::count, ">28", "disability home", "disability homes");
  line.target = above.target;
  EXPECT_EQ(shortfall_in_words(above, line), "8 more disability homes (21 of 28)");
  line.target = r.target;
  line.count = 27;
  line.verdict.shortfall = 1;
  EXPECT_EQ(shortfall_in_words(r, line), "1 more disability home (27 of 28)");
}

TEST(ShortfallInWords, CoverageCountsResidents) {
  const IndicatorResult r = result_of(IndicatorKind::coverage, "全覆盖", "15-minute clinic circle", "");
  TargetLine line = short_line(r, 56.67, 43.33);
  line.population = 2000;  // 866.6 residents: 867
  EXPECT_EQ(shortfall_in_words(r, line),
            "867 more residents in the 15-minute clinic circle (43.33 percentage points)");
}

TEST(ShortfallInWords, TrackedAboveOrBelowTheTarget) {
  const IndicatorResult higher = result_of(IndicatorKind::tracked, "95", "", "");
  EXPECT_EQ(shortfall_in_words(higher, short_line(higher, 92.5, 2.5)), "2.5 percentage points short");
  EXPECT_EQ(shortfall_in_words(higher, short_line(higher, 94, 1)), "1 percentage point short");
  IndicatorResult lower = result_of(IndicatorKind::tracked, "≤8.50", "", "");
  EXPECT_EQ(shortfall_in_words(lower, short_line(lower, 9, 0.5)), "0.5 percentage points above the limit");
  lower.spec.unit = "万人次";
  EXPECT_EQ(shortfall_in_words(lower, short_line(lower, 9, 0.5)), "0.5 万人次 above the limit");
  const IndicatorResult strict = result_of(IndicatorKind::tracked, "<5", "", "");
  EXPECT_EQ(shortfall_in_words(strict, short_line(strict, 5, 0)), "on the limit: the target is below 5");
}

TEST(ShortfallInWords, PairsNameTheShortParts) {
  const IndicatorResult r = result_of(IndicatorKind::tracked, "职工医保85;城乡医保70", "", "");
  TargetLine line;
  line.target = r.target;
  const io::PairVerdict v =
      io::judge_pair(r.target, {{"职工医保", 86.0}, {"城乡医保", 67.5}}, io::Direction::higher_is_better);
  line.verdict = v.overall;
  line.part_verdicts = v.parts;
  EXPECT_EQ(shortfall_in_words(r, line), "城乡医保: 2.5 percentage points short");
}

TEST(ShortfallInWords, NothingUnlessItFallsShort) {
  const IndicatorResult r = result_of(IndicatorKind::count, "28", "home", "homes");
  TargetLine line = short_line(r, 30, -2);
  line.verdict.status = io::Verdict::pass;
  EXPECT_EQ(shortfall_in_words(r, line), "");
  EXPECT_EQ(status_text(line.verdict), "pass");
}

// ---------------------------------------------------------------- on the line city

class LineCityReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
    city_ = study::load_study(plan).release();
    result_ = new coverage::RunResult(coverage::run_coverage(*city_, {1, false, {}}));
    const auto specs =
        coverage::read_target_specs(testing::test_data_dir() / "targets" / "line-city.toml", plan);
    const auto actuals =
        coverage::read_actuals(testing::test_data_dir() / "targets" / "line-city-actuals.csv", specs);
    check_ = new coverage::TargetCheck(coverage::check_targets(specs, *city_, *result_, 2027, actuals));
  }
  static void TearDownTestSuite() {
    delete check_;
    delete result_;
    delete city_;
  }
  static study::Study* city_;
  static coverage::RunResult* result_;
  static coverage::TargetCheck* check_;
};
study::Study* LineCityReport::city_ = nullptr;
coverage::RunResult* LineCityReport::result_ = nullptr;
coverage::TargetCheck* LineCityReport::check_ = nullptr;

TEST_F(LineCityReport, TheTableShowsEachLineWithItsShortfall) {
  const std::string table = targets_table(*check_);
  // Columns line up in a terminal: a Chinese character takes two columns.
  EXPECT_THAT(
      table,
      HasSubstr("   1 ☆ 每千人口拥有3岁以下婴幼儿托位数(个)  Childcare places for children under 3 per "
                "thousand residents\n"
                "       per capita: park capacity per 1,000 residents; target 2027: 5.5 (个)\n"
                "       全市 (city)   600  5.5  pass\n"
                "       西镇            0  5.5  falls short  5.5 more m² of park per 1,000 residents (6 "
                "more in all)\n"
                "       东镇         1200  5.5  pass\n\n"));
  EXPECT_THAT(table, HasSubstr("       presence: towns with at least 1 clinic; target 2027: 100 (%)\n"
                               "       全市 (city)  50%  100  falls short  1 town without a clinic: 东镇\n"
                               "       西镇           1   ≥1  pass\n"
                               "       东镇           0   ≥1  falls short  1 clinic needed\n\n"));
  EXPECT_THAT(table, HasSubstr("task clinic_circle: 15分钟诊所圈覆盖率(%)"));
  EXPECT_THAT(
      table,
      HasSubstr("       全市 (city)  56.67%  全覆盖  falls short  867 more residents in the 15-minute clinic "
                "circle (43.33 percentage points)\n"));
  EXPECT_THAT(table, HasSubstr("全市 (city)  1  2  falls short  1 more clinic (1 of 2)\n"));
  EXPECT_THAT(
      table,
      HasSubstr("全市 (city)  职工医保 86; 城乡医保 67.5  职工医保85;城乡医保70  falls short  城乡医保: "
                "2.5 percentage points short\n"));
  EXPECT_THAT(table, HasSubstr("全市 (city)  -  95  no data  not computed from the map; no value for 2027 in "
                               "line-city-actuals.csv\n"));
  EXPECT_THAT(
      table,
      HasSubstr("tracked: bound as count of pharmacy, but the plan plan.toml has no category 'pharmacy'"));
  EXPECT_THAT(table,
              HasSubstr("Citywide, 2027: 5 pass, 6 fall short, 1 no target, 18 no data (30 indicators)\n"));
}

TEST_F(LineCityReport, TheCsvIsStableAndHoldsEveryLine) {
  const std::string csv = targets_csv(*check_);
  EXPECT_EQ(
      csv.rfind(
          "indicator,row,kind,category,name_zh,name_en,unit,year,town_code,town_name,value,parts,target,"
          "status,shortfall,in_words,reason\n",
          0),
      0u);
  EXPECT_THAT(
      csv,
      HasSubstr("\n1,1,per_capita,park,每千人口拥有3岁以下婴幼儿托位数(个),Childcare places for children "
                "under 3 per thousand residents,个,2027,,全市 (city),600,,5.5,pass,-594.5,,\n"
                "1,1,per_capita,park,每千人口拥有3岁以下婴幼儿托位数(个),Childcare places for children "
                "under 3 per thousand residents,个,2027,A01,西镇,0,,5.5,falls short,5.5,"
                "\"5.5 more m² of park per 1,000 residents (6 more in all)\",\n"));
  EXPECT_THAT(csv, HasSubstr(",12,tracked,,"));
  EXPECT_THAT(csv, HasSubstr(",职工医保=86;城乡医保=67.5,职工医保85;城乡医保70,falls short,2.5,"));
  EXPECT_THAT(
      csv, HasSubstr("\nclinics,,count,clinic,诊所数量(个),Clinics,个,2027,,全市 (city),1,,2,falls short,1,"
                     "1 more clinic (1 of 2),\n"));
  const std::vector<TargetRecord> records = target_records(*check_);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(records.size()) + 1);
  EXPECT_EQ(records.front().indicator, "1");
  EXPECT_EQ(records.front().town_code, "") << "the city first";
  EXPECT_EQ(records[1].town_code, "A01");
  EXPECT_EQ(records.back().indicator, "pharmacies");
  EXPECT_EQ(csv, targets_csv(*check_)) << "deterministic";
}

TEST_F(LineCityReport, TheLayerHoldsTheSameRecords) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("Memory");
  ASSERT_NE(driver, nullptr);
  GDALDatasetUniquePtr dataset(driver->Create("targets", 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  write_targets_layer(*dataset, *check_);
  OGRLayer* layer = dataset->GetLayerByName("targets");
  ASSERT_NE(layer, nullptr);
  EXPECT_EQ(layer->GetGeomType(), wkbNone);
  const std::vector<TargetRecord> records = target_records(*check_);
  ASSERT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(records.size()));
  layer->ResetReading();
  OGRFeatureUniquePtr west(layer->GetFeature(1));  // FIDs of the Memory driver start at 0
  ASSERT_TRUE(west);
  EXPECT_STREQ(west->GetFieldAsString("indicator"), "1");
  EXPECT_EQ(west->GetFieldAsInteger("row"), 1);
  EXPECT_STREQ(west->GetFieldAsString("town_name"), "西镇");
  EXPECT_DOUBLE_EQ(west->GetFieldAsDouble("value"), 0.0);
  EXPECT_DOUBLE_EQ(west->GetFieldAsDouble("shortfall"), 5.5);
  EXPECT_STREQ(west->GetFieldAsString("status"), "falls short");
}

}  // namespace
}  // namespace lifecircle::report
