#include "lifecircle/graph/components.hpp"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <numeric>

#include "lifecircle/graph/assemble.hpp"
#include "lifecircle/graph/bgl.hpp"

namespace lifecircle::graph {

// Component ids from Boost.Graph's connected_components on the CSR arrays
// (graph/bgl.hpp): one depth-first search, components numbered in order of
// their smallest node. Renumbered here by size (descending), ties by smallest node.
Components find_components(const WalkGraph& graph) {
  const std::uint32_t n = graph.node_count();
  std::vector<std::uint32_t> found_of_node(n);
  const std::uint32_t found = boost::connected_components(
      graph, boost::make_iterator_property_map(found_of_node.begin(), get(boost::vertex_index, graph)));

  std::vector<std::uint32_t> found_size(found, 0);
  for (const std::uint32_t f : found_of_node) ++found_size[f];
  std::vector<std::uint32_t> by_size(found);
  std::iota(by_size.begin(), by_size.end(), 0u);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return found_size[a] > found_size[b]; });
  std::vector<std::uint32_t> id_of_found(found);
  Components c;
  for (std::uint32_t i = 0; i < found; ++i) {
    id_of_found[by_size[i]] = i;
    c.node_count.push_back(found_size[by_size[i]]);
  }
  c.component_of_node.resize(n);
  for (NodeId v = 0; v < n; ++v) c.component_of_node[v] = id_of_found[found_of_node[v]];
  c.length_m.assign(found, 0.0);
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    c.length_m[c.component_of_node[graph.edge_from[e]]] += graph.length_m[e];
  }
  return c;
}

WalkGraph drop_small_components(const WalkGraph& g, const Components& components, std::size_t min_nodes) {
  std::vector<NodeId> new_id(g.node_count(), kInvalidId);
  WalkGraph out;
  out.working_epsg = g.working_epsg;
  for (NodeId v = 0; v < g.node_count(); ++v) {
    if (components.node_count[components.component_of_node[v]] < min_nodes) continue;
    new_id[v] = out.node_count();
    out.x.push_back(g.x[v]);
    out.y.push_back(g.y[v]);
    out.lon.push_back(g.lon[v]);
    out.lat.push_back(g.lat[v]);
    out.node_source_id.push_back(g.node_source_id[v]);
  }
  out.shape_first.push_back(0);
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    if (new_id[g.edge_from[e]] == kInvalidId) continue;
    out.edge_from.push_back(new_id[g.edge_from[e]]);
    out.edge_to.push_back(new_id[g.edge_to[e]]);
    out.length_m.push_back(g.length_m[e]);
    out.way_id.push_back(g.way_id[e]);
    for (std::uint32_t s = g.shape_first[e]; s < g.shape_first[e + 1]; ++s) {
      out.shape_x.push_back(g.shape_x[s]);
      out.shape_y.push_back(g.shape_y[s]);
    }
    out.shape_first.push_back(static_cast<std::uint32_t>(out.shape_x.size()));
  }
  build_arcs(out);
  out.shrink_to_fit();
  return out;
}

}  // namespace lifecircle::graph
