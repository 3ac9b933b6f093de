// `lifecircle run`: the coverage run, written as layers and tables.

#include <chrono>
#include <iostream>

#include "command.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/map/maps.hpp"
#include "lifecircle/report/html_report.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/report/qgis_styles.hpp"
#include "lifecircle/report/summary.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/output_folder.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace lifecircle::cli {
namespace {

class RunCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder (default: the plan's [output] dir)");
    app.add_option("--format", format_, "GPKG (default), GeoJSON, FlatGeobuf, or PostgreSQL with --datasource");
    app.add_option("--datasource", datasource_, "write to this OGR datasource (e.g. \"PG:dbname=plans\") in place");
    app.add_option("--lco", layer_options_,
                   "GDAL layer creation option NAME=VALUE for every layer (repeatable)");
    app.add_option("--dsco", dataset_options_, "GDAL dataset creation option NAME=VALUE (repeatable)");
    app.add_option("--t_srs", crs_,
                   "CRS of the output layers, e.g. EPSG:32651 (default: the plan's [output] crs, else "
                   "WGS84 EPSG:4326)");
    add_threads_option(app, threads_, "threads for the searches and polygons");
    app.add_flag("--no-isochrones", no_isochrones_, "skip per-facility polygons (searches still run)");
    app.add_option("--year", year_, "check the plan's targets for this year (default: the plan's [targets] year)");
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
    const std::filesystem::path out_dir = output_dir(plan, out_dir_);
    report::OutputOptions output;
    output.format = format_.empty() ? plan.output_format : format_;
    output.datasource = datasource_;
    output.isochrones = !no_isochrones_;
    output.threads = threads_;
    output.overwrite = overwrite_;
    output.csv_bom = plan.csv_bom;
    output.layer_creation_options = layer_options_;
    output.dataset_creation_options = dataset_options_;
    output.crs = crs_.empty() ? plan.output_crs : crs_;
    // Before the work: a format that cannot hold the layers, or a datasource holding an earlier run's, is refused.
    const report::OutputFormat format =
        report::check_output(output, format_.empty() ? plan.file.string() + ": [output] format" : "--format");
    // Files are staged and moved in as one set; a datasource's tables are written in
    // place in one transaction, and the report and maps beside them go through the folder.
    std::vector<std::string> outputs;
    if (datasource_.empty()) {
      outputs = report::layer_file_names(format);
      for (const char* name : {"indicators.csv", "targets.csv", "lifecircle.xlsx"}) outputs.emplace_back(name);
      for (const std::string& name : report::qgis_file_names(format)) outputs.push_back(name);
    }
    outputs.emplace_back("report.html");
    if (plan.maps.enabled && !no_maps_) outputs.emplace_back("maps");
    const std::unique_ptr<OutputFolder> folder =
        open_output_folder(out_dir, overwrite_, outputs, no_wait_, plan, {targets_path_, actuals_path_});
    const auto study = study::load_study(plan);
    progress(quiet_, "graph: " + std::to_string(study->network.graph.node_count()) + " nodes, " +
                         std::to_string(study->network.graph.edge_count()) + " edges; " +
                         std::to_string(study->facilities.size()) + " facilities");
    coverage::RunOptions options;
    options.threads = threads_;
    options.polygons = true;
    options.facility_polygons = !no_isochrones_;  // the searches still run: reach and population per facility
    if (!quiet_) options.progress = [this](const std::string& line) { progress(quiet_, line); };
    options.counted_progress = [this](const std::string& step, std::size_t done, std::size_t total) {
      progress_count(quiet_, step, done, total);
    };
    const coverage::RunResult result = coverage::run_coverage(*study, options);
    const auto rows = report::indicator_rows(*study, result);
    const std::optional<coverage::TargetCheck> targets = check_targets(plan, *study, result);
    output.dir = folder->staging();
    auto step_start = std::chrono::steady_clock::now();
    const report::WrittenOutputs written =
        report::write_layers(*study, result, rows, output, targets ? &*targets : nullptr);
    progress(quiet_, "layers and tables written (" + seconds_since(step_start) + " s)");
    std::vector<map::WrittenMap> maps;
    if (plan.maps.enabled && !no_maps_) {
      step_start = std::chrono::steady_clock::now();
      maps = map::write_run_maps(*study, result, targets ? &*targets : nullptr, output.dir / "maps", threads_);
      progress(quiet_,
               "maps: " + std::to_string(maps.size()) + " drawn (" + seconds_since(step_start) + " s)");
    }
    // The report embeds the PNG of every map this run drew, in plan order.
    report::ReportContent content;
    for (const map::WrittenMap& m : maps) {
      if (!m.png.empty()) content.figures.push_back({m.title, m.png});
    }
    content.targets = targets ? &*targets : nullptr;
    step_start = std::chrono::steady_clock::now();
    report::write_html_report(output.dir / "report.html", *study, result, content);
    progress(quiet_, "report.html written (" + seconds_since(step_start) + " s)");
    folder->commit();
    if (json_) {
      report::WrittenFiles files;
      for (const auto& f : written.files) files.push_back(out_dir / f.filename());
      files.push_back(out_dir / "report.html");
      for (const map::WrittenMap& m : maps) {
        for (const auto& f : {m.png, m.svg}) {
          if (!f.empty()) files.push_back(out_dir / "maps" / f.filename());
        }
      }
      std::cout << report::run_json(*study, result, targets ? &*targets : nullptr, files);
      return 0;
    }
    std::cout << report::run_summary(*study, result);
    if (targets) std::cout << "\n" << report::targets_summary(*targets);
    std::cout << "Wrote";
    for (const auto& f : written.files) std::cout << " " << (out_dir / f.filename()).string();
    std::cout << " " << (out_dir / "report.html").string();
    if (!datasource_.empty()) std::cout << " " << datasource_;
    if (!maps.empty()) std::cout << " and " << maps.size() << " maps in " << (out_dir / "maps").string();
    std::cout << "\nDone in " << seconds_since(start) << " s\n";
    return 0;
  }

 private:
  // The plan's targets, when the plan or the command line names a spec file.
  std::optional<coverage::TargetCheck> check_targets(const io::Plan& plan, const study::Study& study,
                                                     const coverage::RunResult& result) const {
    const coverage::TargetFiles files =
        coverage::resolve_target_files(plan, {targets_path_, year_, actuals_path_, {}});
    if (files.specs.empty()) return std::nullopt;
    return coverage::check_targets_from_files(files.specs, files.year, files.actuals, study, result);
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
