// `lifecircle compare`: base coverage against one or more scenarios, per
// category and town, printed as a table and written as compare.csv; the target
// check of each beside the base's (compare-targets.csv); the changes as layers
// (compare.gpkg); a map per changed category and scenario (compare-maps/) and
// one self-contained compare-report.html.

#include <iostream>

#include "command.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/comparison.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/scenario_targets.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace lifecircle::cli {
namespace {

class CompareCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--scenario", scenario_paths_, "scenario file (TOML); repeat to compare several")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder for compare.csv (default: the plan's [output] dir)");
    add_threads_option(app, threads_, "threads for the base run and the scenarios");
    app.add_option("--targets", targets_path_, "target spec file (TOML); default: the plan's [targets] path");
    app.add_option("--year", year_, "the target year, 2023-2027 (default: the plan's [targets] year)");
    app.add_option("--actuals", actuals_path_, "CSV of the values the map cannot compute (row,year,value)");
    app.add_flag("--all-rows", all_rows_, "print every town and target line, not only those that change");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_, "print the rows and changed target lines as one JSON document on stdout");
    app.add_flag("--overwrite", overwrite_, "replace the outputs of an earlier run in the output folder");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
    app.add_flag("--no-maps", no_maps_, "draw no scenario maps (compare-maps/)");
    app.add_flag("--no-report", no_report_, "write no compare-report.html");
  }

  int run() override {
    const io::Plan plan = load_plan_option(plan_path_);
    progress(quiet_, "loading " + plan.file.string());
    const pipeline::Progress progress = pipeline_progress(quiet_);
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    pipeline::OutputChoice choice;
    choice.maps = plan.maps.enabled && !no_maps_;
    choice.report = !no_report_;
    const std::unique_ptr<OutputFolder> folder =  // swapped in as one set
        open_output_folder(dir, overwrite_, pipeline::output_names(pipeline::OutputSet::compare, choice),
                           no_wait_, plan, scenario_paths_);
    auto targets = pipeline::read_target_inputs(plan, {targets_path_, year_, actuals_path_, {}});
    // The maps and the report's map show the base coverage.
    const bool polygons = choice.maps || choice.report;
    const auto analysis =
        pipeline::analyse(plan, std::move(targets), {threads_, polygons, true, nullptr}, progress);
    const auto runs = pipeline::run_scenarios(*analysis, scenario_paths_, threads_, progress);
    const coverage::TargetCheck* base_targets = analysis->target_check();
    if (!json_) {
      std::cout << pipeline::compare_table(*analysis, runs, !all_rows_);
      if (base_targets) {
        std::cout << "\nTargets for " << analysis->target_inputs->year
                  << (all_rows_ ? "" : " (lines that change)") << ":\n"
                  << report::compare_targets_table(*base_targets, pipeline::scenario_checks(runs),
                                                   !all_rows_);
      }
    }
    const pipeline::WrittenComparison written =
        pipeline::write_compare_outputs(*analysis, runs, choice, threads_, *folder, progress);
    if (json_) {
      report::WrittenFiles files;
      for (const auto& f : written.files) files.push_back(dir / f);
      std::cout << report::compare_json(*analysis->study, pipeline::scenario_changes(runs), base_targets,
                                        pipeline::scenario_checks(runs), files);
      return 0;
    }
    std::cout << "Wrote " << (dir / "compare.csv").string() << (base_targets ? ", compare-targets.csv" : "")
              << ", compare.xlsx and " << (dir / written.layers).string() << " (" << written.changed_points
              << " newly covered or uncovered demand points)";
    if (choice.report) std::cout << ", " << (dir / "compare-report.html").string();
    if (written.maps > 0)
      std::cout << " and " << written.maps << " maps in " << (dir / "compare-maps").string();
    std::cout << "\n";
    return 0;
  }

 private:
  std::vector<std::string> scenario_paths_;
  std::string plan_path_, out_dir_, targets_path_, actuals_path_;
  int year_ = 0;
  int threads_ = 0;
  bool all_rows_ = false;
  bool quiet_ = false;
  bool json_ = false;
  bool overwrite_ = false;
  bool no_wait_ = false;
  bool no_maps_ = false;
  bool no_report_ = false;
};

}  // namespace

std::unique_ptr<Command> make_compare_command() { return std::make_unique<CompareCommand>(); }

}  // namespace lifecircle::cli
