#include "lifecircle/partition/cut.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// graph/build.cpp's rules, restated: consecutive repeats are skipped, and a
// vertex becomes a node where a way ends or where it is used more than once.
std::vector<std::uint32_t> without_repeats(const std::vector<std::uint32_t>& vertices) {
  std::vector<std::uint32_t> out;
  out.reserve(vertices.size());
  for (const std::uint32_t v : vertices) {
    if (out.empty() || out.back() != v) out.push_back(v);
  }
  return out;
}

std::vector<std::uint8_t> split_vertices(const std::vector<std::vector<std::uint32_t>>& ways,
                                         std::size_t count) {
  std::vector<std::uint8_t> uses(count, 0), split(count, 0);
  for (const auto& way : ways) {
    if (way.size() < 2) continue;
    split[way.front()] = split[way.back()] = 1;
    for (const std::uint32_t v : way) {
      if (uses[v] < 2) ++uses[v];
    }
  }
  for (std::size_t v = 0; v < count; ++v) {
    if (uses[v] >= 2) split[v] = 1;
  }
  return split;
}

std::uint32_t find(std::vector<std::uint32_t>& parent, std::uint32_t v) {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

// Drops edges of components with fewer than min_nodes nodes, as
// graph::drop_small_components does on the built graph.
void drop_small(WholeEdges& w, std::size_t vertex_count, std::size_t min_nodes) {
  std::vector<std::uint32_t> parent(vertex_count);
  std::iota(parent.begin(), parent.end(), 0u);
  std::vector<std::uint8_t> is_node(vertex_count, 0);
  for (std::size_t e = 0; e < w.way.size(); ++e) {
    const std::uint32_t a = w.ways[w.way[e]][w.first[e]], b = w.ways[w.way[e]][w.last[e]];
    is_node[a] = is_node[b] = 1;
    const std::uint32_t ra = find(parent, a), rb = find(parent, b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<std::uint32_t> nodes_of_root(vertex_count, 0);
  for (std::uint32_t v = 0; v < vertex_count; ++v) {
    if (is_node[v]) ++nodes_of_root[find(parent, v)];
  }
  for (std::uint32_t v = 0; v < vertex_count; ++v) {
    if (!is_node[v]) continue;
    ++w.nodes;
    if (find(parent, v) == v && nodes_of_root[v] < min_nodes) {
      ++w.dropped_components;
      w.dropped_nodes += nodes_of_root[v];
    }
  }
  w.nodes -= w.dropped_nodes;
  if (min_nodes <= 1) return;
  std::size_t kept = 0;
  for (std::size_t e = 0; e < w.way.size(); ++e) {
    const std::uint32_t root = find(parent, w.ways[w.way[e]][w.first[e]]);
    if (nodes_of_root[root] < min_nodes) continue;
    w.way[kept] = w.way[e];
    w.first[kept] = w.first[e];
    w.last[kept] = w.last[e];
    ++kept;
  }
  w.way.resize(kept);
  w.first.resize(kept);
  w.last.resize(kept);
}

}  // namespace

WholeEdges whole_edges(const io::RawRoads& roads, std::size_t min_component_nodes) {
  WholeEdges w;
  w.ways.reserve(roads.ways.size());
  for (const io::RawWay& way : roads.ways) {
    for (const std::uint32_t v : way.vertices) {
      if (v >= roads.vertices.size()) {
        throw Error("raw roads are broken: way " + std::to_string(way.source_id) + " names a missing vertex");
      }
    }
    w.ways.push_back(without_repeats(way.vertices));
  }
  const auto split = split_vertices(w.ways, roads.vertices.size());
  for (std::uint32_t i = 0; i < w.ways.size(); ++i) {
    const auto& way = w.ways[i];
    if (way.size() < 2) continue;
    std::uint32_t start = 0;
    for (std::uint32_t k = 1; k < way.size(); ++k) {
      if (!split[way[k]]) continue;
      w.way.push_back(i);
      w.first.push_back(start);
      w.last.push_back(k);
      start = k;
    }
  }
  if (w.way.size() >= kNone) throw Error("more than 2^32 - 2 edges in the walking network");
  drop_small(w, roads.vertices.size(), min_component_nodes);
  return w;
}

std::vector<RoadPiece> cut_roads(const io::RawRoads& roads, const io::WorkingCrs& crs,
                                 const std::vector<Box>& boxes, std::size_t min_component_nodes,
                                 CutStats* stats) {
  const WholeEdges w = whole_edges(roads, min_component_nodes);
  // Vertices in the working CRS, projected as the graph builder projects them.
  std::vector<double> x(roads.vertices.size()), y(roads.vertices.size());
  for (std::size_t v = 0; v < roads.vertices.size(); ++v) {
    if (!crs.to_metric(roads.vertices[v].lon, roads.vertices[v].lat, x[v], y[v])) {
      x[v] = y[v] = std::numeric_limits<double>::quiet_NaN();  // the piece's graph build reports it
    }
  }
  std::vector<RoadPiece> pieces(boxes.size());
  for (std::size_t e = 0; e < w.way.size(); ++e) {
    const auto& way = w.ways[w.way[e]];
    Box shape;
    bool unprojectable = false;
    for (std::uint32_t k = w.first[e]; k <= w.last[e]; ++k) {
      shape.add(x[way[k]], y[way[k]]);
      unprojectable = unprojectable || std::isnan(x[way[k]]);
    }
    for (std::size_t p = 0; p < boxes.size(); ++p) {
      if (boxes[p].empty() || (!unprojectable && !shape.intersects(boxes[p]))) continue;
      io::RawWay& out = pieces[p].roads.ways.emplace_back();
      out.source_id = roads.ways[w.way[e]].source_id;
      out.vertices.assign(way.begin() + w.first[e], way.begin() + w.last[e] + 1);  // whole ids for now
      pieces[p].edge_global.push_back(static_cast<std::uint32_t>(e));
    }
  }
  // Whole vertex ids become the piece's own, numbered in whole id order.
  for (RoadPiece& piece : pieces) {
    std::vector<std::uint32_t> used;
    for (const io::RawWay& way : piece.roads.ways)
      used.insert(used.end(), way.vertices.begin(), way.vertices.end());
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    for (io::RawWay& way : piece.roads.ways) {
      for (std::uint32_t& v : way.vertices) {
        v = static_cast<std::uint32_t>(std::lower_bound(used.begin(), used.end(), v) - used.begin());
      }
    }
    piece.roads.vertices.reserve(used.size());
    for (const std::uint32_t v : used) piece.roads.vertices.push_back(roads.vertices[v]);
    piece.roads.ways_seen = piece.roads.ways_walkable = piece.roads.ways.size();
  }
  if (stats) {
    stats->edges = w.way.size();
    stats->nodes = w.nodes;
    stats->dropped_components = w.dropped_components;
    stats->dropped_nodes = w.dropped_nodes;
    stats->piece_edges = 0;
    for (const RoadPiece& p : pieces) stats->piece_edges += p.edge_global.size();
  }
  return pieces;
}

}  // namespace lifecircle::partition
