#include "lifecircle/graph/components.hpp"

#include <algorithm>
#include <numeric>

#include "lifecircle/graph/assemble.hpp"

namespace lifecircle::graph {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::uint32_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  std::uint32_t find(std::uint32_t v) {
    while (parent_[v] != v) {
      parent_[v] = parent_[parent_[v]];
      v = parent_[v];
    }
    return v;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the root is the smallest node id
  }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace

Components find_components(const WalkGraph& graph) {
  const std::uint32_t n = graph.node_count();
  UnionFind sets(n);
  for (EdgeId e = 0; e < graph.edge_count(); ++e) sets.unite(graph.edge_from[e], graph.edge_to[e]);

  // Count per root, then number components by size (descending), ties by smallest node.
  std::vector<std::uint32_t> root_size(n, 0);
  for (NodeId v = 0; v < n; ++v) ++root_size[sets.find(v)];
  std::vector<NodeId> roots;
  for (NodeId v = 0; v < n; ++v) {
    if (root_size[v] > 0 && sets.find(v) == v) roots.push_back(v);
  }
  std::stable_sort(roots.begin(), roots.end(),
                   [&](NodeId a, NodeId b) { return root_size[a] > root_size[b]; });
  std::vector<std::uint32_t> id_of_root(n, kInvalidId);
  Components c;
  for (std::uint32_t i = 0; i < roots.size(); ++i) {
    id_of_root[roots[i]] = i;
    c.node_count.push_back(root_size[roots[i]]);
  }
  c.component_of_node.resize(n);
  for (NodeId v = 0; v < n; ++v) c.component_of_node[v] = id_of_root[sets.find(v)];
  c.length_m.assign(roots.size(), 0.0);
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
