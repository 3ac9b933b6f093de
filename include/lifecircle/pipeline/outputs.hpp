#pragma once
// What each command writes into its output folder, named in one place
// (output_names) and written from the same choices, and the run's outputs:
// the layers and tables, maps, report.html.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/util/output_folder.hpp"

namespace lifecircle::pipeline {

enum class OutputSet { run, check, compare, suggest };

// The choices a command's output names follow.
struct OutputChoice {
  report::OutputFormat format = report::gpkg_format();  // run: the layers' format, checked
  bool datasource = false;  // run: the layers go into a datasource, the folder gets report.html and maps
  bool maps = true;         // run, compare: maps are drawn (maps/, compare-maps/)
  bool report = true;       // compare: compare-report.html (run always writes report.html)
};

// The top-level names (files and folders) `set` writes into the output
// folder: declared when the folder opens (util/output_folder.hpp), and the
// only names the writers below stage.
std::vector<std::string> output_names(OutputSet set, const OutputChoice& choice = {});

// Opens and locks `dir` for `names` (util/output_folder.hpp); an output that
// would replace one of the plan's inputs or of `options.inputs` is refused.
std::unique_ptr<OutputFolder> open_output_folder(const std::filesystem::path& dir,
                                                 const std::vector<std::string>& names, const io::Plan& plan,
                                                 OutputFolderOptions options);

// Throws std::logic_error when `folder` has staged a name that is not in
// `names`: a writer and output_names() disagree (a bug).
void check_staged(const OutputFolder& folder, const std::vector<std::string>& names);

// A run's outputs: the layers (format and GDAL options) and whether maps are drawn.
struct RunOutputs {
  report::OutputOptions layers;  // `dir` is set when written: the folder's staging area
  report::OutputFormat format;   // as report::check_output() found it
  bool maps = true;

  OutputChoice choice() const { return {format, !layers.datasource.empty(), maps, true}; }
};

// The layers' options the plan gives: its [output] format, crs and csv_bom
// (a command line overrides them).
report::OutputOptions plan_layer_options(const io::Plan& plan);

// Before the work: a format that cannot hold the layers, or a datasource
// holding an earlier run's, is refused (report::check_output; `format_source`
// names where the format came from). Throws OutputError.
RunOutputs run_outputs(report::OutputOptions layers, const std::string& format_source, bool maps);

struct WrittenRun {
  // Relative to the output folder: the layers and tables, then report.html;
  // the maps' PNG and SVG files (maps/...), map by map.
  std::vector<std::filesystem::path> files, map_files;
  std::size_t maps = 0;  // maps drawn
};

// Writes the run's outputs (needs the base's polygons; maps need the study's
// network) into the folder's staging area and commits the folder.
WrittenRun write_run_outputs(const Analysis& analysis, const RunOutputs& outputs, OutputFolder& folder,
                             const Progress& progress = {});

}  // namespace lifecircle::pipeline
