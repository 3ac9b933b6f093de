#pragma once
// Proposed sites, and what a scenario changes, as layers (WGS84) in one GeoPackage written
// atomically: per scenario the demand newly covered or newly left uncovered (points,
// "changes_<k>_<name>") and the towns with, per category, the share covered in the base and
// the scenario and the change (polygons, "towns_<k>_<name>": <category>_base_pct, _scen_pct,
// _delta_pp, _delta_people).

#include <filesystem>
#include <optional>
#include <vector>

#include "lifecircle/coverage/scenario.hpp"

namespace lifecircle::report {

struct ScenarioChanges {
  std::string name;  // the layers are "changes_<k>_<name, ascii-safe>" and "towns_<k>_<...>"
  const std::vector<coverage::ScenarioCategory>* categories = nullptr;
};

// Returns the number of points written. Throws OutputError.
std::size_t write_scenario_changes(const study::Study& study, const coverage::DemandModel& demand,
                                   const std::vector<ScenarioChanges>& scenarios,
                                   const std::filesystem::path& path);

struct SiteRecord {
  std::size_t rank = 0;
  double lon = 0.0, lat = 0.0;
  std::string town_code;
  double population_added = 0.0, covered_after = 0.0, share_after = 0.0;
  // Capacity-aware siting: the site's capacity and the unmet need it meets.
  std::optional<double> capacity, need_met;
};

// The proposed sites as a point layer "sites" (WGS84). Throws OutputError.
void write_site_layer(const std::string& category, const std::vector<SiteRecord>& sites,
                      const std::filesystem::path& path);

}  // namespace lifecircle::report
