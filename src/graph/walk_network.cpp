#include "lifecircle/graph/walk_network.hpp"

#include <utility>

#include "lifecircle/graph/node_order.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::graph {
namespace {

// Rethrows a graph-building error with the roads file named.
WalkGraph build_named(const io::RawRoads& raw, const io::WorkingCrs& crs, const WalkNetworkSettings& settings,
                      BuildStats& stats) {
  try {
    return build_walk_graph(raw, crs, settings.walk_speed_mps, &stats);
  } catch (const InputError& e) {
    InputLocation where = e.where();
    where.path = settings.roads_path;
    throw InputError(where, e.detail());
  }
}

}  // namespace

void build_walk_network(io::RawRoads raw, const io::WorkingCrs& crs, const WalkNetworkSettings& settings,
                        WalkNetwork& network) {
  network.roads.ways_seen = raw.ways_seen;
  network.roads.ways_walkable = raw.ways_walkable;
  network.roads.ways_clipped = raw.ways_clipped;
  network.roads.missing_node_refs = raw.missing_node_refs;

  WalkGraph full = build_named(raw, crs, settings, network.roads.build);
  raw = {};
  order_nodes_for_locality(full);  // before the drop, which keeps the order
  Components all = find_components(full);
  network.roads.components_before_drop = all.count();
  if (settings.min_component_nodes > 1) {
    for (std::uint32_t c = 0; c < all.count(); ++c) {
      if (all.node_count[c] < settings.min_component_nodes) {
        ++network.roads.dropped_components;
        network.roads.dropped_nodes += all.node_count[c];
      }
    }
    network.graph = drop_small_components(full, all, settings.min_component_nodes);
    network.components = find_components(network.graph);
  } else {
    network.graph = std::move(full);
    network.components = std::move(all);
  }
  network.graph.validate();
  network.index = std::make_unique<EdgeIndex>(network.graph);
}

}  // namespace lifecircle::graph
