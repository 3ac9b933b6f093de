#pragma once
// The summary a script needs, as one JSON document per command (--json on
// run, check, compare and suggest): the same numbers as the command's CSVs
// (indicators.csv, targets.csv, compare.csv, suggest.csv), unrounded, and the
// files written. Shares are fractions (0..1), populations residents.

#include <filesystem>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/report/scenario_layers.hpp"
#include "lifecircle/report/scenario_targets.hpp"

namespace lifecircle::report {

using WrittenFiles = std::vector<std::filesystem::path>;

// {"command": "run", "plan", "population_model", "categories": [{id, name, budget_min, facilities,
// population, covered, share, towns: [{code, name, population, covered, share}]}], "composite",
// "targets": {year, pass, fall_short, other, lines: [the citywide target lines]} or null, "files"}.
std::string run_json(const study::Study& study, const coverage::RunResult& result,
                     const coverage::TargetCheck* targets, const WrittenFiles& files);

// {"command": "check", "year", "specs", "actuals", "pass", "fall_short", "other", "lines": [every
// line of targets.csv], "files"}.
std::string check_json(const coverage::TargetCheck& check, const WrittenFiles& files);

// {"command": "compare", "scenarios": [names], "rows": [compare.csv's rows: {category, town_code,
// town_name, population, base_covered, base_share, scenarios: [{name, covered, share, change_share,
// change_covered}]}], "targets": {year, lines: [the lines that change: {indicator, town_code,
// target, base_value, base_status, scenarios: [{name, value, change, status}]}]} or null, "files"}.
// Each of `scenarios` holds the base's coverage beside its own; the first gives the base.
std::string compare_json(const study::Study& study, const std::vector<ScenarioChanges>& scenarios,
                         const coverage::TargetCheck* base_targets, const std::vector<ScenarioCheck>& checks,
                         const WrittenFiles& files);

// {"command": "suggest", "category", "capacity_aware", "sites": [{rank, lon, lat (WGS84),
// town_code, population_added, covered_after, share_after, capacity, need_met}], "files"}.
std::string suggest_json(const std::string& category, const std::vector<SiteRecord>& sites,
                         const WrittenFiles& files);

}  // namespace lifecircle::report
