// `lifecircle run`: the coverage run, written as layers and tables.

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/summary.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace lifecircle::cli {
namespace {

class RunCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder (default: the plan's [output] dir)");
    app.add_option("--format", format_,
                   "GPKG (default), GeoJSON, FlatGeobuf, or PostgreSQL with --datasource");
    app.add_option("--datasource", datasource_,
                   "write to this OGR datasource (e.g. \"PG:dbname=plans\") in place");
    app.add_option("--lco", layer_options_,
                   "GDAL layer creation option NAME=VALUE for every layer (repeatable)");
    app.add_option("--dsco", dataset_options_, "GDAL dataset creation option NAME=VALUE (repeatable)");
    app.add_option("--t_srs", crs_,
                   "CRS of the output layers, e.g. EPSG:32651 (default: the plan's [output] crs, else "
                   "WGS84 EPSG:4326)");
    add_threads_option(app, threads_, "threads for the searches and polygons");
    app.add_flag("--no-isochrones", no_isochrones_, "skip per-facility polygons (searches still run)");
    app.add_option("--year", year_,
                   "check the plan's targets for this year (default: the plan's [targets] year)");
    app.add_option("--targets", targets_path_, "target spec file (default: the plan's [targets] path)");
    app.add_option("--actuals", actuals_path_, "CSV of values the map cannot compute: row,year,value");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_, "print the summary as one JSON document on stdout instead of the tables");
    app.add_flag("--no-maps", no_maps_, "draw no maps (also: [maps] enabled = false in the plan)");
    app.add_flag("--overwrite", overwrite_, "replace the outputs of an earlier run in the output folder");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
  }

  int run() override {
    const auto start = std::chrono::steady_clock::now();
    const io::Plan plan = load_plan_option(plan_path_);
    progress(quiet_, "loading " + plan.file.string());
    const pipeline::Progress progress = pipeline_progress(quiet_);
    const std::filesystem::path out_dir = output_dir(plan, out_dir_);
    // Before the work: the format, the output folder and the target files.
    const pipeline::RunOutputs outputs = pipeline::run_outputs(
        layer_options(plan), format_.empty() ? plan.file.string() + ": [output] format" : "--format",
        plan.maps.enabled && !no_maps_);
    const std::unique_ptr<OutputFolder> folder = open_output_folder(
        out_dir, overwrite_, pipeline::output_names(pipeline::OutputSet::run, outputs.choice()), no_wait_,
        plan, {targets_path_, actuals_path_});
    auto targets = pipeline::read_target_inputs(plan, {targets_path_, year_, actuals_path_, {}});
    const auto analysis =
        pipeline::analyse(plan, std::move(targets), {threads_, true, !no_isochrones_, nullptr}, progress);
    const pipeline::WrittenRun written = pipeline::write_run_outputs(*analysis, outputs, *folder, progress);
    if (json_) {
      report::WrittenFiles files;
      for (const auto& f : written.files) files.push_back(out_dir / f);
      for (const auto& f : written.map_files) files.push_back(out_dir / f);
      std::cout << report::run_json(*analysis->study, analysis->base, analysis->target_check(), files);
      return 0;
    }
    std::cout << report::run_summary(*analysis->study, analysis->base);
    if (analysis->targets) std::cout << "\n" << report::targets_summary(*analysis->targets);
    std::cout << "Wrote";
    for (const auto& f : written.files) std::cout << " " << (out_dir / f).string();
    if (!datasource_.empty()) std::cout << " " << datasource_;
    if (written.maps > 0) std::cout << " and " << written.maps << " maps in " << (out_dir / "maps").string();
    std::cout << "\nDone in " << seconds_since(start) << " s\n";
    return 0;
  }

 private:
  report::OutputOptions layer_options(const io::Plan& plan) const {
    report::OutputOptions output = pipeline::plan_layer_options(plan);
    if (!format_.empty()) output.format = format_;
    if (!crs_.empty()) output.crs = crs_;
    output.datasource = datasource_;
    output.isochrones = !no_isochrones_;
    output.threads = threads_;
    output.overwrite = overwrite_;
    output.layer_creation_options = layer_options_;
    output.dataset_creation_options = dataset_options_;
    return output;
  }

  std::string plan_path_, out_dir_, format_, datasource_, targets_path_, actuals_path_;
  std::vector<std::string> layer_options_, dataset_options_;
  std::string crs_;
  int year_ = 0;
  int threads_ = 0;
  bool no_isochrones_ = false;
  bool quiet_ = false;
  bool json_ = false;
  bool no_maps_ = false;
  bool overwrite_ = false;
  bool no_wait_ = false;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace lifecircle::cli
