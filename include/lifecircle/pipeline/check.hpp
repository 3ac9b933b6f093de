#pragma once
// The target check as `check` reports it: the files it read, the table of
// target lines, and targets.csv.

#include <filesystem>
#include <string>

#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/util/output_folder.hpp"

namespace lifecircle::pipeline {

// "Targets for <year>: <plan>", the spec, table and actuals files, then the
// table of target lines. Needs the analysis' target check.
std::string check_text(const Analysis& analysis);

// Writes output_names(OutputSet::check) -- targets.csv -- into the folder's
// staging area and commits it; returns the name relative to the folder.
std::filesystem::path write_check_outputs(const Analysis& analysis, OutputFolder& folder);

}  // namespace lifecircle::pipeline
