#include "lifecircle/graph/walk_graph.hpp"

#include <cmath>
#include <numeric>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle::graph {
namespace {

template <typename T>
std::size_t bytes_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

void require(bool condition, const std::string& what) {
  if (!condition) throw Error("walking graph is broken: " + what);
}

}  // namespace

double WalkGraph::total_length_m() const { return std::accumulate(length_m.begin(), length_m.end(), 0.0); }

void WalkGraph::shrink_to_fit() {
  for (auto* v : {&x, &y, &lon, &lat, &length_m, &shape_x, &shape_y}) v->shrink_to_fit();
  for (auto* v : {&node_source_id, &way_id}) v->shrink_to_fit();
  for (auto* v : {&edge_from, &edge_to, &shape_first, &first_out, &head, &arc_edge}) v->shrink_to_fit();
}

std::size_t WalkGraph::memory_bytes() const {
  return bytes_of(x) + bytes_of(y) + bytes_of(lon) + bytes_of(lat) + bytes_of(node_source_id) +
         bytes_of(edge_from) + bytes_of(edge_to) + bytes_of(length_m) + bytes_of(way_id) +
         bytes_of(shape_first) + bytes_of(shape_x) + bytes_of(shape_y) + bytes_of(first_out) +
         bytes_of(head) + bytes_of(arc_edge);
}

void WalkGraph::validate() const {
  const std::size_t n = x.size();
  const std::size_t m = edge_from.size();
  require(y.size() == n && lon.size() == n && lat.size() == n && node_source_id.size() == n,
          "node arrays differ in size");
  require(edge_to.size() == m && length_m.size() == m && way_id.size() == m, "edge arrays differ in size");
  require(shape_first.size() == m + 1 && shape_first.front() == 0 && shape_first.back() == shape_x.size() &&
              shape_y.size() == shape_x.size(),
          "shape index does not match the shape arrays");
  require(first_out.size() == n + 1 && first_out.front() == 0 && first_out.back() == head.size(),
          "first_out does not span the arcs");
  require(head.size() == 2 * m && arc_edge.size() == head.size(), "arc arrays must hold two arcs per edge");
  for (std::size_t u = 0; u < n; ++u) {
    require(first_out[u] <= first_out[u + 1], "first_out decreases at node " + std::to_string(u));
    require(std::isfinite(x[u]) && std::isfinite(y[u]), "node " + std::to_string(u) + " has no position");
    for (ArcId a = first_out[u]; a < first_out[u + 1]; ++a) {
      const EdgeId e = arc_edge[a];
      require(head[a] < n && e < m, "arc " + std::to_string(a) + " points outside the graph");
      const bool forward = edge_from[e] == u && edge_to[e] == head[a];
      const bool backward = edge_to[e] == u && edge_from[e] == head[a];
      require(forward || backward, "arc " + std::to_string(a) + " does not match edge " + std::to_string(e));
    }
  }
  for (std::size_t e = 0; e < m; ++e) {
    require(edge_from[e] < n && edge_to[e] < n, "edge " + std::to_string(e) + " has an unknown end");
    require(std::isfinite(length_m[e]) && length_m[e] >= 0.0,
            "edge " + std::to_string(e) + " has length " + std::to_string(length_m[e]));
    // The shape's ends are the nodes; only the points between are stored.
    require(shape_first[e + 1] >= shape_first[e],
            "edge " + std::to_string(e) + " has a shape index that decreases");
  }
  for (std::size_t s = 0; s < shape_x.size(); ++s) {  // the message is built only for a bad point
    if (!std::isfinite(shape_x[s]) || !std::isfinite(shape_y[s])) {
      require(false, "shape point " + std::to_string(s) + " has no position");
    }
  }
}

}  // namespace lifecircle::graph
