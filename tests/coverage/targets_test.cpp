// Target specs, actuals and their evaluation, against hand-computed values.
//
// The line city (tests/data/city/plan.toml, see line_city_test.cpp): two towns
// of 1,000, 西镇 (A01) and 东镇 (B02); an existing clinic in 西镇 (a planned one
// in 东镇); a park of 1,200 m² in 东镇. Its coverage:
//   clinic: 西镇 1000/1000, 东镇 133.3/1000 -> city 56.67 %
//   park:   西镇 0,         东镇 533.3/1000 -> city 26.67 %
//   composite (clinic and park): nobody     -> city 0 %
// Specs: tests/data/targets/line-city.toml; actuals: line-city-actuals.csv.
//
// The constructed city (below): three towns, 太平街道 2,000, 石塘镇 1,000 and
// 坞根镇 1,000 residents; childcare places 10, 3, 0; disability homes 2, 0, 0.

#include "lifecircle/coverage/targets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>

#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::coverage {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

fs::path targets_dir() { return testing::test_data_dir() / "targets"; }
fs::path bad_dir() { return testing::test_data_dir() / "bad"; }

const IndicatorResult& indicator(const TargetCheck& check, const std::string& key) {
  for (const IndicatorResult& r : check.indicators) {
    if (r.spec.key == key) return r;
  }
  throw std::runtime_error("no indicator " + key);
}

// ---------------------------------------------------------------- the line city

class LineCityTargets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    plan_ = new io::Plan(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
    study_ = study::load_study(*plan_).release();
    result_ = new RunResult(run_coverage(*study_, {1, false, {}}));
    specs_ = new TargetSpecs(read_target_specs(targets_dir() / "line-city.toml", *plan_));
    actuals_ = new Actuals(read_actuals(targets_dir() / "line-city-actuals.csv", *specs_));
  }
  static void TearDownTestSuite() {
    delete actuals_;
    delete specs_;
    delete result_;
    delete study_;
    delete plan_;
  }
  static TargetCheck check(int year) { return check_targets(*specs_, *study_, *result_, year, *actuals_); }
  // A copy: the check it comes from is a temporary.
  static IndicatorResult result(int year, const std::string& key) { return indicator(check(year), key); }

  static io::Plan* plan_;
  static study::Study* study_;
  static RunResult* result_;
  static TargetSpecs* specs_;
  static Actuals* actuals_;
};
io::Plan* LineCityTargets::plan_ = nullptr;
study::Study* LineCityTargets::study_ = nullptr;
RunResult* LineCityTargets::result_ = nullptr;
TargetSpecs* LineCityTargets::specs_ = nullptr;
Actuals* LineCityTargets::actuals_ = nullptr;

TEST_F(LineCityTargets, EveryTableRowThenTheTasksInFileOrder) {
  ASSERT_EQ(specs_->indicators.size(), 24u + 6u);
  for (int row = 1; row <= 24; ++row) EXPECT_EQ(specs_->indicators[row - 1].row, row);
  EXPECT_EQ(specs_->indicators[24].key, "clinic_circle");
  EXPECT_EQ(specs_->indicators[29].key, "pharmacies");
  EXPECT_EQ(specs_->find("3")->kind, IndicatorKind::tracked) << "rows the specs leave out are tracked";
  EXPECT_EQ(specs_->find("1")->name_zh, "每千人口拥有3岁以下婴幼儿托位数(个)");
  EXPECT_TRUE(specs_->find("1")->by_town);
  EXPECT_EQ(specs_->find("clinics")->target_for(2023).kind, io::TargetKind::no_target) << "a year left out";
  EXPECT_EQ(specs_->find("clinics")->target_for(2025).value, 1.0);
}

TEST_F(LineCityTargets, PerCapitaByTown) {
  const IndicatorResult r = result(2027, "1");
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.target.value, 5.5);
  // 1,200 m² over 2,000 residents, per 1,000.
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 600.0);
  EXPECT_EQ(r.lines[0].verdict.status, io::Verdict::pass);
  EXPECT_EQ(r.lines[1].town_name, "西镇");
  EXPECT_DOUBLE_EQ(*r.lines[1].value, 0.0);
  EXPECT_EQ(r.lines[1].verdict.status, io::Verdict::falls_short);
  EXPECT_DOUBLE_EQ(*r.lines[1].verdict.shortfall, 5.5);
  EXPECT_DOUBLE_EQ(*r.lines[2].value, 1200.0);
  EXPECT_EQ(result(2025, "1").target.value, 5.0);
}

TEST_F(LineCityTargets, PerCapitaPerResidentOnItsBound) {
  const IndicatorResult r = result(2027, "park_area_per_capita");
  ASSERT_EQ(r.lines.size(), 1u) << "by_town = false";
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 0.6);  // 1,200 m² / 2,000 residents
  EXPECT_EQ(r.lines[0].verdict.status, io::Verdict::pass);
  EXPECT_DOUBLE_EQ(*r.lines[0].verdict.shortfall, 0.0);
}

TEST_F(LineCityTargets, CoverageOfACategoryByTown) {
  const IndicatorResult r = result(2027, "clinic_circle");
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.target.kind, io::TargetKind::full_coverage);
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 56.67);  // (1000 + 133.3) / 2000, rounded to 2 decimals
  EXPECT_NEAR(*r.lines[0].verdict.shortfall, 43.33, 1e-9);
  EXPECT_DOUBLE_EQ(r.lines[0].population, 2000.0);
  EXPECT_DOUBLE_EQ(*r.lines[1].value, 100.0);
  EXPECT_EQ(r.lines[1].verdict.status, io::Verdict::pass);
  EXPECT_DOUBLE_EQ(*r.lines[2].value, 13.33);
  EXPECT_EQ(r.lines[2].verdict.status, io::Verdict::falls_short);

  const IndicatorResult in_2025 = result(2025, "clinic_circle");
  EXPECT_EQ(in_2025.target.value, 90.0);
  EXPECT_NEAR(*in_2025.lines[0].verdict.shortfall, 33.33, 1e-9);
}

TEST_F(LineCityTargets, CoverageOfTheCompositeBasket) {
  const IndicatorResult r = result(2027, "composite_circle");
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 0.0);
  EXPECT_DOUBLE_EQ(*r.lines[0].verdict.shortfall, 100.0);
  const IndicatorResult park = result(2027, "park_circle");
  ASSERT_EQ(park.lines.size(), 1u);
  EXPECT_DOUBLE_EQ(*park.lines[0].value, 26.67);
  EXPECT_EQ(park.lines[0].verdict.status, io::Verdict::pass);  // ≥25
}

TEST_F(LineCityTargets, PresenceByTownListsTheTownsWithout) {
  const IndicatorResult r = result(2027, "24");
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 50.0) << "the planned clinic in 东镇 does not count";
  EXPECT_EQ(r.lines[0].verdict.status, io::Verdict::falls_short);
  EXPECT_THAT(r.lines[0].towns_without, ::testing::ElementsAre("东镇"));
  EXPECT_EQ(r.lines[0].town_count, 2u);
  EXPECT_EQ(r.lines[1].count, 1u);
  EXPECT_EQ(r.lines[1].verdict.status, io::Verdict::pass);
  EXPECT_EQ(r.lines[2].count, 0u);
  EXPECT_EQ(r.lines[2].target.text, "≥1");
  EXPECT_EQ(r.lines[2].verdict.status, io::Verdict::falls_short);
}

TEST_F(LineCityTargets, CountOfExistingFacilities) {
  const IndicatorResult r = result(2027, "clinics");
  EXPECT_DOUBLE_EQ(*r.lines[0].value, 1.0);
  EXPECT_EQ(r.lines[0].verdict.status, io::Verdict::falls_short);
  EXPECT_DOUBLE_EQ(*r.lines[0].verdict.shortfall, 1.0);
  EXPECT_EQ(result(2025, "clinics").lines[0].verdict.status, io::Verdict::pass);
  EXPECT_EQ(result(2023, "clinics").lines[0].verdict.status, io::Verdict::no_target);
}

TEST_F(LineCityTargets, TrackedValuesComeFromTheActuals) {
  const TargetCheck c = check(2027);
  const TargetLine& life = indicator(c, "11").lines[0];
  EXPECT_DOUBLE_EQ(*life.value, 80.5);
  EXPECT_EQ(life.verdict.status, io::Verdict::pass);  // ≥80
  const TargetLine& unemployment = indicator(c, "9").lines[0];
  EXPECT_EQ(unemployment.verdict.status, io::Verdict::falls_short) << "5 is not < 5";
  EXPECT_DOUBLE_EQ(*unemployment.verdict.shortfall, 0.0);
  const TargetLine& reimbursement = indicator(c, "12").lines[0];
  EXPECT_EQ(reimbursement.verdict.status, io::Verdict::falls_short);  // 城乡医保 67.5 < 70
  EXPECT_DOUBLE_EQ(*reimbursement.verdict.shortfall, 2.5);
  ASSERT_EQ(reimbursement.part_verdicts.size(), 2u);
  EXPECT_EQ(reimbursement.part_verdicts[0].verdict.status, io::Verdict::pass);  // 职工医保 86 ≥ 85
}

TEST_F(LineCityTargets, ATrackedIndicatorWithoutAValueHasNoData) {
  const TargetLine screening = result(2027, "3").lines[0];  // a value for 2025 only
  EXPECT_EQ(screening.verdict.status, io::Verdict::no_data);
  EXPECT_FALSE(screening.value);
  EXPECT_EQ(screening.no_data_reason,
            "not computed from the map; no value for 2027 in line-city-actuals.csv");
  EXPECT_EQ(result(2025, "3").lines[0].verdict.status, io::Verdict::pass);  // 96 vs 95

  const TargetCheck without = check_targets(*specs_, *study_, *result_, 2027, Actuals{});
  EXPECT_EQ(indicator(without, "11").lines[0].verdict.status, io::Verdict::no_data);
  EXPECT_EQ(indicator(without, "11").lines[0].no_data_reason,
            "not computed from the map; no actuals file given (--actuals FILE)");
  EXPECT_EQ(indicator(without, "13").lines[0].verdict.status, io::Verdict::no_target) << "'/' in 2027";
}

TEST_F(LineCityTargets, AnOptionalCategoryThePlanLacksIsTracked) {
  const IndicatorSpec& spec = *specs_->find("pharmacies");
  EXPECT_EQ(spec.declared_kind, IndicatorKind::count);
  EXPECT_EQ(spec.kind, IndicatorKind::tracked);
  EXPECT_EQ(spec.fallback_reason, "the plan plan.toml has no category 'pharmacy'");
  const TargetLine line = result(2027, "pharmacies").lines[0];
  EXPECT_DOUBLE_EQ(*line.value, 4.0);
  EXPECT_EQ(line.verdict.status, io::Verdict::pass);
  const TargetCheck without = check_targets(*specs_, *study_, *result_, 2027, Actuals{});
  EXPECT_EQ(indicator(without, "pharmacies").lines[0].no_data_reason,
            "the plan plan.toml has no category 'pharmacy'; no actuals file given (--actuals FILE)");
}

TEST_F(LineCityTargets, ActualsForAComputedIndicatorAreIgnoredWithAWarning) {
  const TargetCheck c = check(2027);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_THAT(c.warnings[0], HasSubstr("indicator 1 for 2027 is ignored: it is computed from the map"));
  EXPECT_DOUBLE_EQ(*indicator(c, "1").lines[0].value, 600.0);
}

TEST_F(LineCityTargets, AYearOutsideTheTableIsAUsageError) {
  for (const int year : {2022, 2028, 0}) {
    try {
      check(year);
      ADD_FAILURE() << year << " accepted";
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr("outside the plan's target years 2023-2027"));
    }
  }
  EXPECT_THROW(specs_->find("1")->target_for(2030), UsageError);
  EXPECT_THROW(check_target_year(2028), UsageError);
  EXPECT_NO_THROW(check_target_year(2023));
}

// ---------------------------------------------------------------- a constructed city

struct Constructed {
  study::Study study;
  RunResult result;
};

Totals totals(double population, double covered, std::uint32_t facilities, double capacity) {
  Totals t;
  t.population = population;
  t.covered_population = covered;
  t.facilities = facilities;
  t.capacity = capacity;
  return t;
}

CategoryResult category_result(const std::string& id, const std::vector<Totals>& towns) {
  CategoryResult r;
  r.coverage.category = id;
  r.coverage.towns = towns;
  for (const Totals& t : towns) {
    r.coverage.city.population += t.population;
    r.coverage.city.covered_population += t.covered_population;
    r.coverage.city.facilities += t.facilities;
    r.coverage.city.capacity += t.capacity;
  }
  return r;
}

io::Plan constructed_plan() {
  io::Plan plan;
  plan.file = "constructed/plan.toml";
  plan.categories.push_back({.id = "childcare", .name = "托育机构", .capacity_unit = "places"});
  plan.categories.push_back({.id = "disability_home", .name = "残疾人之家"});
  plan.basket = {"childcare"};
  return plan;
}

void add_town(study::Study& study, const std::string& code, const std::string& name, double population) {
  io::Town town;
  town.code = code;
  town.name = name;
  town.population = population;
  study.towns.towns.push_back(town);
}

std::unique_ptr<Constructed> constructed_city() {
  auto c = std::make_unique<Constructed>();
  c->study.plan = constructed_plan();
  add_town(c->study, "331081001", "太平街道", 2000);
  add_town(c->study, "331081105", "石塘镇", 1000);
  add_town(c->study, "331081110", "坞根镇", 1000);
  c->result.categories.push_back(category_result(
      "childcare", {totals(2000, 1500, 2, 10), totals(1000, 1000, 1, 3), totals(1000, 0, 0, 0)}));
  c->result.categories.push_back(category_result(
      "disability_home", {totals(2000, 2000, 2, 0), totals(1000, 0, 0, 0), totals(1000, 0, 0, 0)}));
  c->result.composite.basket = {"childcare"};
  c->result.composite.town_population = {2000, 1000, 1000};
  c->result.composite.town_covered_population = {1500, 1000, 0};
  for (const char* category : {"childcare", "childcare", "childcare", "disability_home", "disability_home"}) {
    io::Facility f;
    f.category = category;
    c->study.facilities.push_back(f);
  }
  c->study.facilities[2].capacity = 3.0;
  return c;
}

TEST(ConstructedCityTargets, HandComputedValuesOfEachKind) {
  const auto c = constructed_city();
  const TargetSpecs specs = read_target_specs(targets_dir() / "constructed.toml", c->study.plan);
  const TargetCheck check = check_targets(specs, c->study, c->result, 2027, Actuals{});

  const IndicatorResult& places = indicator(check, "1");  // (10 + 3 + 0) / 4,000 per 1,000
  EXPECT_DOUBLE_EQ(*places.lines[0].value, 3.25);
  EXPECT_DOUBLE_EQ(*places.lines[0].verdict.shortfall, 2.25);
  EXPECT_DOUBLE_EQ(*places.lines[1].value, 5.0);
  EXPECT_DOUBLE_EQ(*places.lines[2].value, 3.0);
  EXPECT_DOUBLE_EQ(*places.lines[3].value, 0.0);

  const IndicatorResult& homes = indicator(check, "24");  // 1 town of 3
  EXPECT_DOUBLE_EQ(*homes.lines[0].value, 33.33);
  EXPECT_THAT(homes.lines[0].towns_without, ::testing::ElementsAre("石塘镇", "坞根镇"));

  const IndicatorResult& circle = indicator(check, "childcare_circle");  // (1500 + 1000) / 4000
  EXPECT_DOUBLE_EQ(*circle.lines[0].value, 62.5);
  EXPECT_DOUBLE_EQ(*circle.lines[1].value, 75.0);
  EXPECT_EQ(circle.lines[2].verdict.status, io::Verdict::pass);

  const IndicatorResult& basket = indicator(check, "basket_circle");
  EXPECT_DOUBLE_EQ(*basket.lines[0].value, 62.5);

  const IndicatorResult& count = indicator(check, "disability_homes");  // every existing one, town or not
  EXPECT_DOUBLE_EQ(*count.lines[0].value, 2.0);
  EXPECT_DOUBLE_EQ(*count.lines[0].verdict.shortfall, 26.0);

  // Two existing childcare facilities have no capacity.
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_EQ(check.warnings[0],
            "2 existing facilities of category 'childcare' have no capacity: counted as 0 in the per-capita "
            "figures");
}

TEST(ConstructedCityTargets, ATownWithoutResidentsHasNoData) {
  auto c = constructed_city();
  c->result.categories[0].coverage.towns[2].population = 0.0;
  const TargetSpecs specs = read_target_specs(targets_dir() / "constructed.toml", c->study.plan);
  const TargetCheck check = check_targets(specs, c->study, c->result, 2027, Actuals{});
  const TargetLine& line = indicator(check, "1").lines[3];
  EXPECT_EQ(line.verdict.status, io::Verdict::no_data);
  EXPECT_EQ(line.no_data_reason, "no residents");
}

// ---------------------------------------------------------------- the bundled specs

TEST(BundledTargets, BindTheDemoPlan) {
  const fs::path source = LIFECIRCLE_SOURCE_DIR;
  const io::Plan plan = io::load_plan(source / "data" / "geo" / "wenling-demo" / "plan.toml");
  const TargetSpecs specs = read_target_specs(source / "data" / "plan" / "wenling-2023-targets.toml", plan);
  ASSERT_GE(specs.indicators.size(), 24u);
  EXPECT_EQ(specs.find("1")->kind, IndicatorKind::per_capita);
  EXPECT_EQ(specs.find("24")->kind, IndicatorKind::presence_by_town);
  EXPECT_EQ(specs.find("public_service_circle")->category, "composite");
  EXPECT_EQ(specs.find("disability_homes")->target_for(2025).value, 28.0);
  EXPECT_EQ(specs.find("disability_homes")->target_for(2024).kind, io::TargetKind::no_target);
  EXPECT_EQ(specs.find("sports_area_per_capita")->target_for(2027).value, 3.2);
  EXPECT_EQ(specs.find("hospital_beds_per_1000")->kind, IndicatorKind::tracked)
      << "the demo has no hospitals";
  for (const IndicatorSpec& spec : specs.indicators) {
    if (!spec.row) {
      EXPECT_FALSE(spec.source.empty()) << spec.key;
    }
  }
}

// ---------------------------------------------------------------- bad specs

struct BadSpec {
  const char* file;
  const char* message;
};

std::string fixture_name(const ::testing::TestParamInfo<BadSpec>& param_info) {
  std::string name = fs::path(param_info.param.file).stem().string();
  for (char& ch : name) ch = ch == '-' ? '_' : ch;
  return name;
}

class BadTargetSpecs : public ::testing::TestWithParam<BadSpec> {};

TEST_P(BadTargetSpecs, NameTheFileTheIndicatorAndTheKey) {
  const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
  const fs::path file = bad_dir() / GetParam().file;
  ASSERT_TRUE(fs::exists(file)) << file;
  try {
    read_target_specs(file, plan);
    ADD_FAILURE() << GetParam().file << " was accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.string() + ": "));
    EXPECT_THAT(e.what(), HasSubstr(GetParam().message));
    std::cout << "  " << e.what() << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadTargetSpecs,
    ::testing::Values(
        BadSpec{"targets-unknown-category.toml",
                "field 'category' of indicator row 1 (每千人口拥有3岁以下婴幼儿托位数(个)) (line 7): names "
                "no category "
                "of the plan: the plan plan.toml has no category 'parks' (its categories: clinic, park, "
                "composite); "
                "mark the spec optional = true if the plan may lack it"},
        BadSpec{"targets-unknown-key.toml",
                "field 'catgory' of indicator row 24 (“残疾人之家”覆盖率(%)) (line 7): is not a key of a "
                "target spec; "
                "did you mean 'category'?"},
        BadSpec{"targets-row-not-in-table.toml",
                "field 'row' of [[indicator]] at line 4 (line 5): row 25 is not in the indicator table "
                "wenling-2023-indicators.csv (rows 1-24)"},
        BadSpec{"targets-unknown-kind.toml", "field 'kind' of indicator row 1"},
        BadSpec{"targets-share-of-capacity.toml", "'share_of_capacity' cannot be evaluated yet"},
        BadSpec{
            "targets-field-not-used-by-kind.toml",
            "field 'per_residents' of indicator row 24 (“残疾人之家”覆盖率(%)) (line 8): is not used by kind "
            "'presence_by_town'"},
        BadSpec{"targets-per-capita-without-capacity.toml",
                "field 'category' of indicator row 1 (每千人口拥有3岁以下婴幼儿托位数(个)) (line 7): "
                "category 'clinic' "
                "has no capacity"},
        BadSpec{"targets-capacity-unit-mismatch.toml",
                "field 'capacity_unit' of indicator row 1 (每千人口拥有3岁以下婴幼儿托位数(个)) (line 8): is "
                "'places' "
                "but the plan counts category 'park' in 'm2'"},
        BadSpec{"targets-per-capita-without-per-residents.toml", "field 'per_residents' of indicator row 1"},
        BadSpec{"targets-duplicate-row.toml",
                "field 'row' of indicator row 24 (line 10): binds a row an entry above"},
        BadSpec{
            "targets-category-on-tracked.toml",
            "field 'category' of indicator row 3 (0-3岁儿童发育监测筛查率(%)) (line 7): is not used by kind "
            "'tracked' (it binds nothing"},
        BadSpec{"targets-task-key-in-indicator.toml", "field 'source' of indicator row 3"},
        BadSpec{"targets-composite-not-coverage.toml", "only kind 'coverage' uses it"},
        BadSpec{"targets-unknown-direction.toml", "field 'direction' of indicator row 9"},
        BadSpec{"targets-unreadable-cell.toml",
                "field 'targets.2027' of task 'clinics' (line 12): cannot read target cell 'about 5'"},
        BadSpec{"targets-year-outside-plan.toml",
                "field 'targets.2030' of task 'clinics' (line 12): is not a year of the plan (2023-2027)"},
        BadSpec{"targets-cell-not-a-string.toml", "field 'targets.2027' of task 'clinics'"},
        BadSpec{"targets-task-without-targets.toml", "field 'targets' of task 'clinics'"},
        BadSpec{"targets-duplicate-task-id.toml", "field 'id' of task 'clinics' (line 15): appears twice"},
        BadSpec{"targets-row-in-task.toml", "field 'row' of task 'clinics'"},
        BadSpec{"targets-bad-task-id.toml",
                "field 'id' of [[task]] at line 4 (line 5): 'Clinics 2027' is not a task id"},
        BadSpec{"targets-task-without-source.toml",
                "field 'source' of task 'clinics' (in the table at line 4): is required"},
        BadSpec{"targets-no-indicator-table.toml", "field 'table.indicators' is required"},
        BadSpec{"targets-missing-indicator-table.toml",
                "field 'table.indicators' names 'no-such-table.csv', but there is no such file"},
        BadSpec{"targets-unknown-top-level-table.toml", "field 'plan' is not allowed at the top level"},
        BadSpec{"targets-syntax-error.toml", "TOML syntax error at line 4"},
        BadSpec{"targets-indicator-not-an-array.toml",
                "field 'indicator' has the wrong type: expected an array of tables ([[indicator]])"}),
    fixture_name);

TEST(BadTargetSpecsFile, AMissingFileIsAnInputError) {
  const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
  EXPECT_THROW(read_target_specs(bad_dir() / "targets-no-such-file.toml", plan), InputError);
}

// ---------------------------------------------------------------- bad actuals

class BadActuals : public ::testing::TestWithParam<BadSpec> {};

TEST_P(BadActuals, NameTheFileTheLineAndTheColumn) {
  const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
  const TargetSpecs specs = read_target_specs(targets_dir() / "line-city.toml", plan);
  const fs::path file = bad_dir() / GetParam().file;
  ASSERT_TRUE(fs::exists(file)) << file;
  try {
    read_actuals(file, specs);
    ADD_FAILURE() << GetParam().file << " was accepted";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(file.string() + ": "));
    EXPECT_THAT(e.what(), HasSubstr(GetParam().message));
    std::cout << "  " << e.what() << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadActuals,
    ::testing::Values(
        BadSpec{"actuals-unknown-row.csv",
                "field 'row' (line 2): '99' is neither a row of the indicator table nor a task id of "
                "line-city.toml"},
        BadSpec{"actuals-year-outside-plan.csv",
                "field 'year' (line 2): 2030 is outside the plan's target years 2023-2027"},
        BadSpec{"actuals-value-not-a-number.csv", "field 'value' (line 2): '85%' is not a number"},
        BadSpec{"actuals-empty-value.csv", "field 'value' (line 2): is empty"},
        BadSpec{"actuals-label-for-single-target.csv",
                "field 'label' (line 2): is '男' but indicator 11's target"},
        BadSpec{"actuals-missing-label-for-pair.csv",
                "field 'label' (line 2): is empty but indicator 12's target for "
                "2027 ('职工医保85;城乡医保70') has parts: 职工医保, 城乡医保"},
        BadSpec{"actuals-unknown-label.csv", "'商业医保' is not a part of indicator 12's target"},
        BadSpec{"actuals-duplicate-value.csv",
                "(line 3): indicator 11 has a value for 2027 on an earlier line"},
        BadSpec{"actuals-missing-value-column.csv", "field 'value' (line 1): is missing from the header"},
        BadSpec{"actuals-unknown-column.csv", "field 'source' (line 1): is not a column of an actuals file"},
        BadSpec{"actuals-extra-field.csv", "(line 2): has 4 fields, the header has 3"}),
    fixture_name);

// ---------------------------------------------------------------- which files a check reads

io::Plan plan_with_targets() {
  io::Plan plan;
  plan.targets = io::TargetsInput{"/plan/targets.toml", 2025, "/plan/actuals.csv"};
  return plan;
}

TEST(TargetFiles, ThePlansTargetsTableWhenTheCommandLineGivesNothing) {
  const TargetFiles files = resolve_target_files(plan_with_targets(), {{}, 0, {}, "/bundled.toml"});
  EXPECT_EQ(files.specs, "/plan/targets.toml") << "the plan's table wins over the fallback";
  EXPECT_EQ(files.year, 2025);
  EXPECT_EQ(files.actuals, "/plan/actuals.csv");
}

TEST(TargetFiles, WithoutATargetsTableTheFallbackOrNoCheck) {
  const io::Plan plan;
  const TargetFiles none = resolve_target_files(plan, {});
  EXPECT_TRUE(none.specs.empty());
  EXPECT_EQ(none.year, 2027);
  EXPECT_TRUE(none.actuals.empty());
  const TargetFiles bundled = resolve_target_files(plan, {{}, 0, {}, "/bundled.toml"});
  EXPECT_EQ(bundled.specs, "/bundled.toml");
  EXPECT_EQ(bundled.year, 2027);
  EXPECT_TRUE(bundled.actuals.empty());
}

TEST(TargetFiles, TheCommandLineWinsOptionByOption) {
  const TargetFiles specs_and_year =
      resolve_target_files(plan_with_targets(), {"/cli/specs.toml", 2024, {}, {}});
  EXPECT_EQ(specs_and_year.specs, "/cli/specs.toml");
  EXPECT_EQ(specs_and_year.year, 2024);
  EXPECT_EQ(specs_and_year.actuals, "/plan/actuals.csv");
  const TargetFiles actuals = resolve_target_files(plan_with_targets(), {{}, 0, "/cli/actuals.csv", {}});
  EXPECT_EQ(actuals.specs, "/plan/targets.toml");
  EXPECT_EQ(actuals.year, 2025);
  EXPECT_EQ(actuals.actuals, "/cli/actuals.csv");
  const TargetFiles no_plan =
      resolve_target_files(io::Plan{}, {"/cli/specs.toml", 2023, "/cli/actuals.csv", {}});
  EXPECT_EQ(no_plan.specs, "/cli/specs.toml");
  EXPECT_EQ(no_plan.year, 2023);
  EXPECT_EQ(no_plan.actuals, "/cli/actuals.csv");
}

TEST(TargetFiles, AMissingSpecFileIsNamedWhenTheCheckReadsIt) {
  const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
  const TargetFiles files = resolve_target_files(plan, {bad_dir() / "targets-no-such-file.toml", 0, {}, {}});
  const auto study = study::load_study(plan);
  RunOptions options;
  options.threads = 1;
  options.polygons = false;
  const RunResult result = run_coverage(*study, options);
  try {
    check_targets_from_files(files.specs, files.year, files.actuals, *study, result);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().path, files.specs.string());
    EXPECT_THAT(e.what(),
                HasSubstr("targets-no-such-file.toml: cannot read the target spec file: no such file"));
  }
}

}  // namespace
}  // namespace lifecircle::coverage
