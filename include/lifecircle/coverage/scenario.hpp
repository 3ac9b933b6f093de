#pragma once
// What-if scenarios: a TOML file that adds, removes or changes facilities and
// may change a circle's minutes or the walking speed, and its evaluation
// against the base coverage, category by category and town by town.
//
//   [scenario]                 # all optional
//   name = "two new clinics"
//   crs = "gcj02"              # lon/lat below are GCJ-02 (default WGS84)
//   use_status = true          # facilities with status planned are added
//   walk_speed_kmh = 4.5
//   [circles]                  # minutes per category id
//   childcare = 10
//   [[add]]    id, name, category, lon, lat, capacity (optional)
//   [[remove]] id              (an existing facility of the plan)
//   [[change]] id, and any of capacity, category, lon + lat
//
// Facility labels are stable: a city facility keeps its index in
// study.facilities, the k-th added one gets study.facilities.size() + k, so a
// full search over the scenario's facilities breaks ties exactly as the
// incremental update does.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/coverage/incremental.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::coverage {

struct ScenarioFacility {
  std::string id, name, category;
  std::optional<double> capacity;
  double lon = 0.0, lat = 0.0;  // WGS84
  double x = 0.0, y = 0.0;      // working CRS (its town)
  graph::SnapPoint snap;        // on the network (checked on load)
};

struct FacilityChange {
  std::uint32_t facility = 0;  // index into study.facilities
  std::optional<double> capacity;
  std::optional<std::string> category;
  std::optional<graph::SnapPoint> moved_to;
  double x = 0.0, y = 0.0;  // working CRS, where moved (its town)
};

struct CircleChange {
  std::string category;
  double minutes = 0.0;
};

struct Scenario {
  std::filesystem::path file;
  std::string name;
  std::vector<ScenarioFacility> added;
  std::vector<std::uint32_t> removed;  // indices into study.facilities
  std::vector<FacilityChange> changed;
  std::vector<CircleChange> circles;
  std::optional<double> walk_speed_mps;
  bool use_status = false;
};

// Throws InputError (file and key) for an unknown facility id (with the
// closest id as a hint), an unknown category, a new or moved facility beyond
// the plan's snap limit (its name and distance), a planned facility off the
// network when use_status builds it (unless a [[change]] moves it onto the
// network), and malformed values.
Scenario load_scenario(const std::filesystem::path& file, const study::Study& study);

// A category's facilities in the base run, labelled by city index.
std::vector<LabelledPoint> base_facilities(const study::Study& study, const std::string& category);

struct FacilityEdit {
  enum class Kind { add, remove };
  Kind kind = Kind::add;
  std::string category;
  LabelledPoint point;
};

// The scenario as removals then additions per category (a move is a removal
// and an addition under the same label).
std::vector<FacilityEdit> facility_edits(const Scenario& scenario, const study::Study& study);

// A category's circle under the scenario: the plan's, or the scenario's
// minutes for it. Its kind is kept: at the scenario's walking speed a time
// circle reaches farther or less far, a distance circle keeps its metres.
io::Circle scenario_circle(const Scenario& scenario, const io::Category& category);

// The walking speed under the scenario: its own, or the plan's.
double scenario_speed_mps(const Scenario& scenario, const io::Plan& plan);

struct ScenarioCategory {
  std::string category;
  bool incremental = true;              // false when the budget or the speed changed (full recomputation)
  std::vector<double> town_population;  // placed and unplaced
  std::vector<double> base_covered, scenario_covered;     // per town
  std::vector<std::uint32_t> base_label, scenario_label;  // per demand point
  double base_city_covered = 0.0, scenario_city_covered = 0.0, city_population = 0.0;
};

// Base and scenario coverage of every plan category (plan order), one
// category per thread (threads <= 0: all cores).
std::vector<ScenarioCategory> evaluate_scenario(const study::Study& study, const DemandModel& demand,
                                                const Scenario& scenario, int threads = 0);

// Covered population per town from per-demand labels.
std::vector<double> covered_by_town(const DemandModel& demand, std::span<const std::uint32_t> label,
                                    std::size_t town_count);

}  // namespace lifecircle::coverage
