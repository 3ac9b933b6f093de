#pragma once
// The walking network a run searches: the graph built from the roads, its
// connected components and its spatial index, with the report of how the
// roads became the graph.

#include <cstdint>
#include <memory>
#include <string>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/components.hpp"
#include "lifecircle/graph/snap.hpp"
#include "lifecircle/graph/walk_graph.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::graph {

struct RoadsReport {
  io::LayerInfo info;
  std::uint64_t ways_seen = 0, ways_walkable = 0, ways_clipped = 0, missing_node_refs = 0;
  BuildStats build;
  std::uint32_t components_before_drop = 0;
  std::uint32_t dropped_components = 0;
  std::uint64_t dropped_nodes = 0;
};

struct WalkNetwork {
  RoadsReport roads;
  WalkGraph graph;
  Components components;
  std::unique_ptr<EdgeIndex> index;  // over `graph`, by address: a WalkNetwork is never moved

  WalkNetwork() = default;
  WalkNetwork(const WalkNetwork&) = delete;
  WalkNetwork& operator=(const WalkNetwork&) = delete;
};

// What building the network needs from the plan.
struct WalkNetworkSettings {
  double walk_speed_mps = 0.0;
  std::size_t min_component_nodes = 0;  // components of fewer nodes are dropped (0 or 1: none)
  std::string roads_path;               // named in the errors of the graph's building
};

// Builds `network` (which is filled in place, never moved) from the roads in
// the working CRS: the graph, its nodes ordered for locality, the components
// smaller than the settings' minimum dropped, the index. Fills every part of
// network.roads but `info`, which is the reader's. Throws InputError naming
// the roads file when nothing walkable remains.
void build_walk_network(io::RawRoads raw, const io::WorkingCrs& crs, const WalkNetworkSettings& settings,
                        WalkNetwork& network);

}  // namespace lifecircle::graph
