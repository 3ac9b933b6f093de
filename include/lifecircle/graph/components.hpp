#pragma once
// Connected components ("islands") of the walking graph.

#include <vector>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::graph {

struct Components {
  std::vector<std::uint32_t> component_of_node;  // dense ids, 0 = largest
  std::vector<std::uint32_t> node_count;         // per component, descending
  std::vector<double> length_m;                  // walkable length per component
  std::uint32_t count() const noexcept { return static_cast<std::uint32_t>(node_count.size()); }
};

Components find_components(const WalkGraph& graph);

// A copy of the graph without the components of fewer than min_nodes nodes.
// Node and edge ids are renumbered; relative order is kept.
WalkGraph drop_small_components(const WalkGraph& graph, const Components& components, std::size_t min_nodes);

}  // namespace lifecircle::graph
