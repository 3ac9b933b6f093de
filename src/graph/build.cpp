#include "lifecircle/graph/build.hpp"

#include <algorithm>
#include <string>

#include "lifecircle/graph/assemble.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geo.hpp"

namespace lifecircle::graph {
namespace {

constexpr std::uint32_t kNotANode = kInvalidId;

// A way's vertex list without consecutive repeats (zero-length segments).
std::vector<std::uint32_t> without_repeats(const std::vector<std::uint32_t>& vertices, BuildStats& stats) {
  std::vector<std::uint32_t> out;
  out.reserve(vertices.size());
  for (const std::uint32_t v : vertices) {
    if (!out.empty() && out.back() == v) {
      ++stats.zero_length_segments;
      continue;
    }
    out.push_back(v);
  }
  return out;
}

// A vertex becomes a graph node where a way ends or where it is used more
// than once (shared by ways, or revisited by one way).
std::vector<std::uint8_t> find_split_vertices(const std::vector<std::vector<std::uint32_t>>& ways,
                                              std::size_t vertex_count) {
  std::vector<std::uint8_t> uses(vertex_count, 0);
  std::vector<std::uint8_t> split(vertex_count, 0);
  for (const auto& way : ways) {
    if (way.size() < 2) continue;
    split[way.front()] = 1;
    split[way.back()] = 1;
    for (const std::uint32_t v : way) {
      if (uses[v] < 2) ++uses[v];
    }
  }
  for (std::size_t v = 0; v < vertex_count; ++v) {
    if (uses[v] >= 2) split[v] = 1;
  }
  return split;
}

struct Projected {
  std::vector<double> x, y;
};

Projected project_vertices(const io::RawRoads& roads, const io::WorkingCrs& crs,
                           const std::vector<std::vector<std::uint32_t>>& ways) {
  Projected p;
  p.x.assign(roads.vertices.size(), 0.0);
  p.y.assign(roads.vertices.size(), 0.0);
  std::vector<std::uint8_t> done(roads.vertices.size(), 0);
  for (const auto& way : ways) {
    for (const std::uint32_t v : way) {
      if (done[v]) continue;
      const io::RawVertex& raw = roads.vertices[v];
      if (!crs.to_metric(raw.lon, raw.lat, p.x[v], p.y[v])) {
        throw InputError({.path = "", .layer = "roads", .feature = raw.source_id, .field = ""},
                         "vertex (" + std::to_string(raw.lon) + ", " + std::to_string(raw.lat) +
                             ") cannot be projected to EPSG:" + std::to_string(crs.epsg()));
      }
      done[v] = 1;
    }
  }
  return p;
}

class EdgeCollector {
 public:
  EdgeCollector(const io::RawRoads& roads, const Projected& projected, WalkGraph& graph, BuildStats& stats)
      : roads_(roads),
        projected_(projected),
        g_(graph),
        stats_(stats),
        node_of_vertex_(roads.vertices.size(), kNotANode) {}

  NodeId node_for(std::uint32_t v) {
    if (node_of_vertex_[v] == kNotANode) {
      node_of_vertex_[v] = g_.node_count();
      const io::RawVertex& raw = roads_.vertices[v];
      g_.x.push_back(projected_.x[v]);
      g_.y.push_back(projected_.y[v]);
      g_.lon.push_back(raw.lon);
      g_.lat.push_back(raw.lat);
      g_.node_source_id.push_back(raw.source_id);
    }
    return node_of_vertex_[v];
  }

  // Adds the edge over vertices [first, last] of a way.
  void add_edge(const std::vector<std::uint32_t>& way, std::size_t first, std::size_t last,
                std::int64_t way_id) {
    const NodeId from = node_for(way[first]);
    const NodeId to = node_for(way[last]);
    if (from == to) ++stats_.self_loops;
    double length = 0.0;
    for (std::size_t i = first + 1; i <= last; ++i) {
      const std::uint32_t v = way[i];
      if (i < last) {  // the ends are the nodes' coordinates: not stored twice
        g_.shape_x.push_back(projected_.x[v]);
        g_.shape_y.push_back(projected_.y[v]);
      }
      const io::RawVertex& a = roads_.vertices[way[i - 1]];
      const io::RawVertex& b = roads_.vertices[v];
      length += haversine_m(a.lon, a.lat, b.lon, b.lat);
    }
    g_.shape_first.push_back(static_cast<std::uint32_t>(g_.shape_x.size()));
    g_.edge_from.push_back(from);
    g_.edge_to.push_back(to);
    g_.length_m.push_back(length);
    g_.way_id.push_back(way_id);
  }

 private:
  const io::RawRoads& roads_;
  const Projected& projected_;
  WalkGraph& g_;
  BuildStats& stats_;
  std::vector<NodeId> node_of_vertex_;
};

}  // namespace

WalkGraph build_walk_graph(const io::RawRoads& roads, const io::WorkingCrs& crs, BuildStats* stats_out) {
  BuildStats stats;
  std::vector<std::vector<std::uint32_t>> ways;
  ways.reserve(roads.ways.size());
  for (const io::RawWay& way : roads.ways) {
    for (const std::uint32_t v : way.vertices) {
      if (v >= roads.vertices.size()) {
        throw Error("raw roads are broken: way " + std::to_string(way.source_id) + " names vertex " +
                    std::to_string(v) + " of " + std::to_string(roads.vertices.size()));
      }
    }
    ways.push_back(without_repeats(way.vertices, stats));
  }
  const auto split = find_split_vertices(ways, roads.vertices.size());
  const Projected projected = project_vertices(roads, crs, ways);

  WalkGraph g;
  g.working_epsg = crs.epsg();
  g.shape_first.push_back(0);
  EdgeCollector collector(roads, projected, g, stats);
  for (std::size_t w = 0; w < ways.size(); ++w) {
    const auto& way = ways[w];
    if (way.size() < 2) continue;
    std::size_t start = 0;
    for (std::size_t i = 1; i < way.size(); ++i) {
      if (split[way[i]]) {
        collector.add_edge(way, start, i, roads.ways[w].source_id);
        start = i;
      }
    }
  }
  if (g.edge_count() == 0) {
    throw InputError({.path = "", .layer = "roads", .feature = std::nullopt, .field = ""},
                     "no walkable road segment remains to build a graph from");
  }
  build_arcs(g);
  g.shrink_to_fit();
  if (stats_out) *stats_out = stats;
  return g;
}

}  // namespace lifecircle::graph
