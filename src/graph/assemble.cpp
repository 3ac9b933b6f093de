#include "lifecircle/graph/assemble.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "lifecircle/util/error.hpp"

namespace lifecircle::graph {

void build_arcs(WalkGraph& g) {
  const std::uint32_t n = g.node_count();
  const std::uint32_t m = g.edge_count();
  g.first_out.assign(n + 1, 0);
  for (EdgeId e = 0; e < m; ++e) {
    ++g.first_out[g.edge_from[e] + 1];
    ++g.first_out[g.edge_to[e] + 1];
  }
  std::partial_sum(g.first_out.begin(), g.first_out.end(), g.first_out.begin());
  std::vector<ArcId> next(g.first_out.begin(), g.first_out.end() - 1);
  g.head.assign(2 * static_cast<std::size_t>(m), 0);
  g.arc_edge.assign(2 * static_cast<std::size_t>(m), 0);
  for (EdgeId e = 0; e < m; ++e) {
    const ArcId a = next[g.edge_from[e]]++;
    g.head[a] = g.edge_to[e];
    g.arc_edge[a] = e;
    const ArcId b = next[g.edge_to[e]]++;
    g.head[b] = g.edge_from[e];
    g.arc_edge[b] = e;
  }
  // Arcs of a node sorted by head, then edge: a layout independent of input order.
  std::vector<std::pair<NodeId, EdgeId>> arcs;
  for (NodeId u = 0; u < n; ++u) {
    arcs.clear();
    for (ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) arcs.emplace_back(g.head[a], g.arc_edge[a]);
    std::sort(arcs.begin(), arcs.end());
    for (std::size_t i = 0; i < arcs.size(); ++i) {
      g.head[g.first_out[u] + i] = arcs[i].first;
      g.arc_edge[g.first_out[u] + i] = arcs[i].second;
    }
  }
}

WalkGraph assemble_graph(std::vector<double> x, std::vector<double> y, const std::vector<PlanarEdge>& edges) {
  WalkGraph g;
  g.node_source_id.assign(x.size(), 0);
  g.lon = x;
  g.lat = y;
  g.x = std::move(x);
  g.y = std::move(y);
  g.shape_first.push_back(0);
  for (const PlanarEdge& e : edges) {
    if (e.from >= g.node_count() || e.to >= g.node_count())
      throw Error("assemble_graph: edge names an unknown node");
    double planar = 0.0;
    double px = g.x[e.from], py = g.y[e.from];
    for (const auto& [sx, sy] : e.inner_shape) {
      planar += std::hypot(sx - px, sy - py);
      px = sx;
      py = sy;
      g.shape_x.push_back(sx);
      g.shape_y.push_back(sy);
    }
    planar += std::hypot(g.x[e.to] - px, g.y[e.to] - py);
    g.shape_first.push_back(static_cast<std::uint32_t>(g.shape_x.size()));
    g.edge_from.push_back(e.from);
    g.edge_to.push_back(e.to);
    g.length_m.push_back(e.length_m >= 0.0 ? e.length_m : planar);
    g.way_id.push_back(static_cast<std::int64_t>(g.way_id.size()) + 1);
  }
  build_arcs(g);
  g.shrink_to_fit();
  return g;
}

}  // namespace lifecircle::graph
