// `lifecircle check`: the plan's targets for one year, town by town.

#include <iostream>

#include "command.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
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
                   "target spec file (TOML); default: the plan's [targets] path, else data/plan/wenling-2023-targets.toml");
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
    const coverage::TargetFiles files =
        coverage::resolve_target_files(plan, {targets_path_, year_, actuals_path_, default_targets_path()});
    const coverage::TargetSpecs specs = coverage::read_target_specs(files.specs, plan);
    const coverage::Actuals actuals =
        files.actuals.empty() ? coverage::Actuals{} : coverage::read_actuals(files.actuals, specs);
    progress(quiet_, "loading " + plan.file.string());
    // targets.csv is check's to replace (no --overwrite), under the folder's lock.
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    const std::unique_ptr<OutputFolder> folder =
        open_output_folder(dir, true, {"targets.csv"}, no_wait_, plan, {targets_path_, actuals_path_});
    const auto study = study::load_study(plan);
    coverage::RunOptions options;
    options.threads = threads_;
    options.polygons = false;
    if (!quiet_) options.progress = [this](const std::string& line) { progress(quiet_, line); };
    options.counted_progress = [this](const std::string& step, std::size_t done, std::size_t total) {
      progress_count(quiet_, step, done, total);
    };
    const coverage::RunResult result = coverage::run_coverage(*study, options);
    const coverage::TargetCheck check = coverage::check_targets(specs, *study, result, year_, actuals);
    for (const std::string& warning : check.warnings) std::cerr << "lifecircle: warning: " << warning << "\n";
    if (json_) {
      write_csv_file(folder->staging() / "targets.csv", report::targets_csv(check), plan.csv_bom);
      folder->commit();
      std::cout << report::check_json(check, {dir / "targets.csv"});
      return 0;
    }
    std::cout << "Targets for " << year_ << ": " << plan.name << "\n"
              << "  specs: " << specs.file.string() << "\n  table: " << specs.table_file.string() << "\n"
              << "  actuals: "
              << (actuals.file.empty() ? std::string("none (--actuals FILE)") : actuals.file.string())
              << "\n\n"
              << report::targets_table(check);
    write_csv(*folder, dir, check, plan.csv_bom);
    return 0;
  }

 private:
  static void write_csv(OutputFolder& folder, const std::filesystem::path& dir,
                        const coverage::TargetCheck& check, bool bom) {
    write_csv_file(folder.staging() / "targets.csv", report::targets_csv(check), bom);
    folder.commit();
    std::cout << "Wrote " << (dir / "targets.csv").string() << "\n";
  }

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
