#pragma once
// Proposed sites, and the demand a scenario newly covers or newly leaves uncovered, as point
// layers (one per scenario, WGS84) in one GeoPackage written atomically.

#include <filesystem>
#include <vector>

#include "lifecircle/coverage/scenario.hpp"

namespace lifecircle::report {

struct ScenarioChanges {
  std::string name;  // the layer is "changes_<k>_<name, ascii-safe>"
  const std::vector<coverage::ScenarioCategory>* categories = nullptr;
};

// Returns the number of points written. Throws OutputError.
std::size_t write_scenario_changes(const graph::City& city, const coverage::DemandModel& demand,
                                   const std::vector<ScenarioChanges>& scenarios, const std::filesystem::path& path);

struct SiteRecord {
  std::size_t rank = 0;
  double lon = 0.0, lat = 0.0;
  std::string town_code;
  double population_added = 0.0, covered_after = 0.0, share_after = 0.0;
};

// The proposed sites as a point layer "sites" (WGS84). Throws OutputError.
void write_site_layer(const std::string& category, const std::vector<SiteRecord>& sites,
                      const std::filesystem::path& path);

}  // namespace lifecircle::report
