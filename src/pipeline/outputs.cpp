#include "lifecircle/pipeline/outputs.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "lifecircle/map/maps.hpp"
#include "lifecircle/report/html_report.hpp"
#include "lifecircle/report/qgis_styles.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::pipeline {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> run_names(const OutputChoice& choice) {
  // Files are staged and moved in as one set; a datasource's tables are written in
  // place in one transaction, and the report and maps beside them go through the folder.
  std::vector<std::string> names;
  if (!choice.datasource) {
    names = report::layer_file_names(choice.format);
    for (const char* name : {"indicators.csv", "targets.csv", "lifecircle.xlsx"}) names.emplace_back(name);
    for (const std::string& name : report::qgis_file_names(choice.format)) names.push_back(name);
  }
  if (choice.report) names.emplace_back("report.html");
  if (choice.maps) names.emplace_back("maps");
  return names;
}

std::vector<std::string> compare_names(const OutputChoice& choice) {
  std::vector<std::string> names{"compare.csv", report::dataset_file_name("compare", report::gpkg_format()),
                                 "compare-targets.csv", "compare.xlsx"};
  if (choice.maps) names.emplace_back("compare-maps");
  if (choice.report) names.emplace_back("compare-report.html");
  return names;
}

}  // namespace

std::vector<std::string> output_names(OutputSet set, const OutputChoice& choice) {
  switch (set) {
    case OutputSet::run:
      return run_names(choice);
    case OutputSet::check:
      return {"targets.csv"};
    case OutputSet::compare:
      return compare_names(choice);
    case OutputSet::suggest:
      return {"suggest.csv", "suggest.xlsx", report::dataset_file_name("suggest", report::gpkg_format())};
  }
  throw std::logic_error("output_names: an output set without names");
}

std::unique_ptr<OutputFolder> open_output_folder(const std::filesystem::path& dir,
                                                 const std::vector<std::string>& names, const io::Plan& plan,
                                                 OutputFolderOptions options) {
  std::vector<std::filesystem::path> inputs = io::plan_input_paths(plan);
  for (std::filesystem::path& p : options.inputs) {
    if (!p.empty()) inputs.push_back(std::move(p));
  }
  options.inputs = std::move(inputs);
  return std::make_unique<OutputFolder>(dir, names, std::move(options));
}

void check_staged(const OutputFolder& folder, const std::vector<std::string>& names) {
  for (const auto& entry : std::filesystem::directory_iterator(folder.staging())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(".lifecircle-", 0) == 0) continue;  // OutputFolder's own files (its staging marker)
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw std::logic_error("staged " + name + ", which is not among the command's output names");
    }
  }
}

report::OutputOptions plan_layer_options(const io::Plan& plan) {
  report::OutputOptions options;
  options.format = plan.output_format;
  options.crs = plan.output_crs;
  options.csv_bom = plan.csv_bom;
  return options;
}

RunOutputs run_outputs(report::OutputOptions layers, const std::string& format_source, bool maps) {
  RunOutputs outputs;
  outputs.format = report::check_output(layers, format_source);
  outputs.layers = std::move(layers);
  outputs.maps = maps;
  return outputs;
}

WrittenRun write_run_outputs(const Analysis& analysis, const RunOutputs& outputs, OutputFolder& folder,
                             const Progress& progress) {
  const study::Study& study = *analysis.study;
  const coverage::TargetCheck* targets = analysis.target_check();
  report::OutputOptions layers = outputs.layers;
  layers.dir = folder.staging();
  auto start = std::chrono::steady_clock::now();
  const report::WrittenOutputs written =
      report::write_layers(study, analysis.base, analysis.rows, layers, targets);
  progress.say("layers and tables written (" + seconds_text(seconds_since(start)) + " s)");
  std::vector<map::WrittenMap> maps;
  if (outputs.maps) {
    start = std::chrono::steady_clock::now();
    maps = map::write_run_maps(study, analysis.base, targets, layers.dir / "maps", layers.threads);
    progress.say("maps: " + std::to_string(maps.size()) + " drawn (" + seconds_text(seconds_since(start)) +
                 " s)");
  }
  // The report embeds the PNG of every map this run drew, in plan order.
  report::ReportContent content;
  for (const map::WrittenMap& m : maps) {
    if (!m.png.empty()) content.figures.push_back({m.title, m.png});
  }
  content.targets = targets;
  start = std::chrono::steady_clock::now();
  report::write_html_report(layers.dir / "report.html", study, analysis.base, content);
  progress.say("report.html written (" + seconds_text(seconds_since(start)) + " s)");
  check_staged(folder, output_names(OutputSet::run, outputs.choice()));
  folder.commit();

  WrittenRun run;
  for (const auto& f : written.files) run.files.push_back(f.filename());
  run.files.emplace_back("report.html");
  for (const map::WrittenMap& m : maps) {
    for (const auto& f : {m.png, m.svg}) {
      if (!f.empty()) run.map_files.push_back(std::filesystem::path("maps") / f.filename());
    }
  }
  run.maps = maps.size();
  return run;
}

}  // namespace lifecircle::pipeline
