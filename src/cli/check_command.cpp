// `lifecircle check`: the plan's targets for one year, town by town.

#include <iostream>

#include "command.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/check.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace lifecircle::cli {
namespace {

class CheckCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--year", year_, "the target year, 2023-2027")->required();
    app.add_option("--targets", targets_path_,
                   "target spec file (TOML); default: the plan's [targets] path, else "
                   "data/plan/wenling-2023-targets.toml");
    app.add_option("--actuals", actuals_path_,
                   "CSV of values the map cannot compute: row,year,value or row,year,label,value");
    app.add_option("--out", out_dir_, "folder for targets.csv (default: the plan's [output] dir)");
    add_threads_option(app, threads_, "threads for the searches");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_,
                 "print the target lines as one JSON document on stdout instead of the table");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
  }

  int run() override {
    coverage::check_target_year(year_);
    const io::Plan plan = load_plan_option(plan_path_);
    // The spec file: the command line's, else the plan's [targets], else the bundled Wenling specs.
    auto targets =
        pipeline::read_target_inputs(plan, {targets_path_, year_, actuals_path_, default_targets_path()});
    progress(quiet_, "loading " + plan.file.string());
    // targets.csv is check's to replace (no --overwrite), under the folder's lock.
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    const std::unique_ptr<OutputFolder> folder =
        open_output_folder(dir, true, pipeline::output_names(pipeline::OutputSet::check), no_wait_, plan,
                           {targets_path_, actuals_path_});
    const auto analysis = pipeline::analyse(plan, std::move(targets), {threads_, false, false, nullptr},
                                            pipeline_progress(quiet_));
    for (const std::string& warning : analysis->targets->warnings) {
      std::cerr << "lifecircle: warning: " << warning << "\n";
    }
    if (json_) {
      const std::filesystem::path written = pipeline::write_check_outputs(*analysis, *folder);
      std::cout << report::check_json(*analysis->targets, {dir / written});
      return 0;
    }
    std::cout << pipeline::check_text(*analysis);
    const std::filesystem::path written = pipeline::write_check_outputs(*analysis, *folder);
    std::cout << "Wrote " << (dir / written).string() << "\n";
    return 0;
  }

 private:
  std::string plan_path_, targets_path_, actuals_path_, out_dir_;
  int year_ = 0;
  int threads_ = 0;
  bool quiet_ = false;
  bool json_ = false;
  bool no_wait_ = false;
};

}  // namespace

std::unique_ptr<Command> make_check_command() { return std::make_unique<CheckCommand>(); }

std::string default_targets_path() { return LIFECIRCLE_DEFAULT_TARGETS; }

}  // namespace lifecircle::cli
