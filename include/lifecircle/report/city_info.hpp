#pragma once
// What `lifecircle info` tells about a loaded city: inputs, graph, islands,
// snapping. Computed here, printed by the CLI as text or JSON.

#include <optional>
#include <string>
#include <vector>

#include "lifecircle/io/plan_draft.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report {

struct Island {
  std::uint32_t component = 0;
  std::uint32_t nodes = 0;
  double length_m = 0.0;
  std::uint32_t facilities = 0;  // facilities snapped onto it
};

struct UnsnappedFacility {
  std::string id, name, category;
  double lon = 0, lat = 0;
};

struct SnapStats {
  std::size_t points = 0;
  std::size_t snapped = 0;
  double median_m = 0.0;
  double p95_m = 0.0;
  double worst_m = 0.0;
  std::string worst_id;
  std::vector<UnsnappedFacility> over_limit;  // farther than the snap limit
};

// The population layer as loaded (before placing it on the network, which a
// run does town by town: report.html's population section).
struct PopulationInfo {
  io::LayerInfo layer;
  bool raster = false;
  double total = 0.0;  // people in the layer's cells or features
  std::uint64_t nodata_cells = 0;
};

struct CityInfo {
  std::vector<io::LayerInfo> inputs;  // roads, towns, facility layers
  graph::RoadsReport roads;
  std::uint32_t nodes = 0, edges = 0;
  double total_length_km = 0.0;
  std::size_t graph_memory_bytes = 0;
  int working_epsg = 0;
  std::uint32_t components = 0;
  std::uint32_t largest_component_nodes = 0;
  std::vector<Island> islands;  // every component but the largest, largest first (at most 20)
  std::size_t network_regions =
      0;  // lifecircle-mpi: built in this many regions, not held whole (no graph figures)
  std::size_t towns = 0;
  double town_population = 0.0;
  std::vector<std::pair<std::string, std::size_t>> facilities_per_category;  // plan order
  SnapStats snap;
  std::optional<PopulationInfo> population;  // absent: the towns' population over their streets
  double min_placed_share = 0.0;             // the plan's [population] min_placed_share
  std::vector<std::string> warnings;
};

CityInfo describe_city(const study::Study& study);
std::string to_text(const CityInfo& info);
std::string to_json(const CityInfo& info);  // pretty-printed, UTF-8

// `info --roads/--towns/--facilities FILE`: a file described without a plan,
// with the roles `init` would guess for its fields (role "towns" or "facilities").
std::string to_text(const io::OsmSummary& osm);
std::string to_text(const io::LayerSummary& layer, const std::string& role);

}  // namespace lifecircle::report
