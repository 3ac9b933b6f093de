#pragma once
// Scenarios against the base, as `compare` evaluates them: per category and
// town the covered residents before and after, the target check of each
// scenario beside the base's, and their outputs (compare.csv,
// compare-targets.csv, compare.xlsx, compare.gpkg, compare-maps/,
// compare-report.html).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/scenario_layers.hpp"
#include "lifecircle/report/scenario_targets.hpp"

namespace lifecircle::pipeline {

// One scenario evaluated against the analysis' base.
struct ScenarioRun {
  coverage::Scenario scenario;
  std::vector<coverage::ScenarioCategory> categories;  // plan order
  std::optional<coverage::TargetCheck> targets;        // when the analysis has target inputs
  double seconds = 0.0;                                // the evaluation's, loading aside
};

// Evaluates `scenario` (coverage::load_scenario) on `threads` threads.
ScenarioRun run_scenario(const Analysis& analysis, coverage::Scenario scenario, int threads);

// Loads and evaluates each scenario file in turn, saying how long each took.
std::vector<ScenarioRun> run_scenarios(const Analysis& analysis, const std::vector<std::string>& files,
                                       int threads, const Progress& progress = {});

// compare.csv: per category and town (then the city), the base and per
// scenario covered, share, change_share, change_covered.
std::string compare_csv(const Analysis& analysis, const std::vector<ScenarioRun>& runs);

// The printed table; `changed_only`: the towns whose coverage some scenario changes, and the city.
std::string compare_table(const Analysis& analysis, const std::vector<ScenarioRun>& runs, bool changed_only);

// The scenarios' target checks, for report::compare_targets_table(); empty without target inputs.
std::vector<report::ScenarioCheck> scenario_checks(const std::vector<ScenarioRun>& runs);

// The scenarios' changes, for the layers and compare_json().
std::vector<report::ScenarioChanges> scenario_changes(const std::vector<ScenarioRun>& runs);

struct WrittenComparison {
  // Relative to the output folder, in this order: compare.csv, compare.xlsx,
  // compare.gpkg, compare-targets.csv (with a target check),
  // compare-report.html (choice.report), compare-maps (when a map was drawn).
  std::vector<std::filesystem::path> files;
  std::filesystem::path layers;    // compare.gpkg
  std::size_t changed_points = 0;  // demand points newly covered or uncovered, all scenarios
  std::size_t maps = 0;
};

// Writes output_names(OutputSet::compare, choice) into the folder's staging
// area and commits it; maps are drawn on `threads` threads. Maps and the
// report need the base's polygons.
WrittenComparison write_compare_outputs(const Analysis& analysis, const std::vector<ScenarioRun>& runs,
                                        const OutputChoice& choice, int threads, OutputFolder& folder,
                                        const Progress& progress = {});

}  // namespace lifecircle::pipeline
