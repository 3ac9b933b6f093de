#pragma once
// Everything a run starts from, loaded from a plan: the working CRS, the
// walking graph and its index, the towns, and the facilities snapped to it.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/components.hpp"
#include "lifecircle/graph/snap.hpp"
#include "lifecircle/graph/walk_graph.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/facilities.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/population.hpp"
#include "lifecircle/io/towns.hpp"

namespace lifecircle::graph {

struct RoadsReport {
  io::LayerInfo info;
  std::uint64_t ways_seen = 0, ways_walkable = 0, ways_clipped = 0, missing_node_refs = 0;
  BuildStats build;
  std::uint32_t components_before_drop = 0;
  std::uint32_t dropped_components = 0;
  std::uint64_t dropped_nodes = 0;
};

// A point snapped to the graph, or not (farther than the plan's snap limit).
struct Snapped {
  std::optional<SnapPoint> snap;
  bool on_network() const noexcept { return snap.has_value(); }
};

struct City {
  io::Plan plan;
  std::unique_ptr<io::WorkingCrs> crs;
  RoadsReport roads;
  WalkGraph graph;
  Components components;
  std::unique_ptr<EdgeIndex> index;  // over `graph`; City is never moved
  io::TownLayer towns;
  std::vector<io::LayerInfo> facility_layers;
  std::vector<io::Facility> facilities;       // all layers, in plan order
  std::vector<Snapped> facility_snaps;        // parallel to facilities
  std::optional<io::PopulationLayer> population;  // when the plan names one
  std::vector<std::string> warnings;

  City() = default;
  City(const City&) = delete;
  City& operator=(const City&) = delete;
};

// Loads roads (OSM by extension .osm/.pbf/.osm.gz/.osm.bz2, any other file
// through GDAL), picks the working CRS, builds the graph, drops small islands
// as the plan says, loads towns, facilities (snapped) and the population layer.
std::unique_ptr<City> load_city(const io::Plan& plan);

// True when the path names an OSM file by its extension.
bool is_osm_file(const std::filesystem::path& path);

// The credit owed for the road data (maps, report, GeoPackage metadata): the
// plan's [roads] attribution when set (may be empty), else the OpenStreetMap
// credit when the roads are an OSM file, else empty.
std::string road_attribution(const io::Plan& plan);

}  // namespace lifecircle::graph
