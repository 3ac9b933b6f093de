// The pipeline on the small test city: the output names each command
// declares, the run's outputs written as declared, a scenario comparison
// against the base it starts from, and the guard on undeclared outputs.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/comparison.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/pipeline/siting.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "testing/paths.hpp"

namespace lifecircle::pipeline {
namespace {

namespace fs = std::filesystem;
using Names = std::vector<std::string>;

fs::path city_file(const char* name) { return testing::test_data_dir() / "city" / name; }

report::OutputFormat format_named(const std::string& driver) {
  report::OutputOptions options;
  options.format = driver;
  return report::output_format(options);
}

TEST(OutputNames, FollowTheFormatTheMapsAndTheDatasource) {
  EXPECT_EQ(output_names(OutputSet::run, {format_named("GPKG"), false, true, true}),
            (Names{"lifecircle.gpkg", "indicators.csv", "targets.csv", "lifecircle.xlsx", "lifecircle.qgz",
                   "report.html", "maps"}));
  const Names fgb = output_names(OutputSet::run, {format_named("FlatGeobuf"), false, false, true});
  EXPECT_NE(std::find(fgb.begin(), fgb.end(), "towns.fgb"), fgb.end());
  EXPECT_EQ(std::find(fgb.begin(), fgb.end(), "maps"), fgb.end());
  EXPECT_EQ(std::find(fgb.begin(), fgb.end(), "lifecircle.qgz"), fgb.end());
  // Into a datasource: only the report and the maps go through the folder.
  EXPECT_EQ(output_names(OutputSet::run, {format_named("GPKG"), true, true, true}),
            (Names{"report.html", "maps"}));
  EXPECT_EQ(output_names(OutputSet::compare, {report::gpkg_format(), false, false, false}),
            (Names{"compare.csv", "compare.gpkg", "compare-targets.csv", "compare.xlsx"}));
  EXPECT_EQ(output_names(OutputSet::suggest), (Names{"suggest.csv", "suggest.xlsx", "suggest.gpkg"}));
  EXPECT_EQ(output_names(OutputSet::check), (Names{"targets.csv"}));
}

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const io::Plan plan = io::load_plan(city_file("plan.toml"));
    analysis_ = analyse(plan, read_target_inputs(plan, {}), {}).release();
  }
  static void TearDownTestSuite() {
    delete analysis_;
    analysis_ = nullptr;
  }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-pipeline-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static Analysis* analysis_;
  fs::path dir_;
};
Analysis* PipelineTest::analysis_ = nullptr;

TEST_F(PipelineTest, TheRunWritesWhatItDeclares) {
  report::OutputOptions layers = plan_layer_options(analysis_->plan());
  const RunOutputs outputs = run_outputs(layers, "format", false);
  const Names names = output_names(OutputSet::run, outputs.choice());
  OutputFolder folder(dir_, names, {});
  const WrittenRun written = write_run_outputs(*analysis_, outputs, folder);
  EXPECT_EQ(written.maps, 0U);
  ASSERT_FALSE(written.files.empty());
  EXPECT_EQ(written.files.back(), "report.html");
  for (const fs::path& f : written.files) {
    EXPECT_TRUE(fs::exists(dir_ / f)) << f;
    EXPECT_NE(std::find(names.begin(), names.end(), f.string()), names.end()) << f << " is not declared";
  }
}

TEST_F(PipelineTest, AnOutputNotDeclaredIsABug) {
  OutputFolder folder(dir_, {"suggest.csv"}, {});
  std::ofstream(folder.staging() / "stray.csv") << "x\n";
  EXPECT_THROW(check_staged(folder, {"suggest.csv"}), std::logic_error);
  EXPECT_NO_THROW(check_staged(folder, {"suggest.csv", "stray.csv"}));
}

TEST_F(PipelineTest, AScenarioStartsFromTheBase) {
  const std::vector<ScenarioRun> runs =
      run_scenarios(*analysis_, {city_file("scenario-changes.toml").string()}, 1);
  ASSERT_EQ(runs.size(), 1U);
  // The base columns of compare.csv are the base run's covered residents.
  const std::string csv = compare_csv(*analysis_, runs);
  for (const coverage::CategoryResult& c : analysis_->base.categories) {
    const std::string city_row = c.coverage.category + ",city,all towns," +
                                 fixed(c.coverage.city.population, 1) + "," +
                                 fixed(c.coverage.city.covered_population, 1) + ",";
    EXPECT_NE(csv.find(city_row), std::string::npos) << city_row << "\n" << csv;
  }
  // The scenario changes the clinic's coverage: the table shows its towns.
  EXPECT_NE(compare_table(*analysis_, runs, true).find("clinic"), std::string::npos);
  EXPECT_EQ(scenario_changes(runs).size(), 1U);
}

TEST_F(PipelineTest, SitingRefusesWhatThePlanCannotAnswer) {
  EXPECT_THROW(category_of(analysis_->plan(), "library"), UsageError);
  SitingRequest request;
  request.category = "clinic";
  request.count = 1;
  const Siting siting = suggest_sites(*analysis_, request);
  ASSERT_EQ(site_records(*analysis_, siting).size(), 1U);
  EXPECT_GT(site_records(*analysis_, siting).front().population_added, 0.0);
  request.count = 1000000;
  EXPECT_THROW(suggest_sites(*analysis_, request), UsageError);
}

}  // namespace
}  // namespace lifecircle::pipeline
