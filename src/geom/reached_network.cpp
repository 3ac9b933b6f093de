#include "lifecircle/geom/reached_network.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle::geom {
namespace {

void add_interval(std::vector<Interval>& out, double from_m, double to_m, double length_m) {
  from_m = std::max(0.0, from_m);
  to_m = std::min(length_m, to_m);
  if (from_m <= to_m) out.push_back({from_m, to_m});
}

// Sorts and merges `intervals` in place.
void merge(std::vector<Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
    return a.from_m != b.from_m ? a.from_m < b.from_m : a.to_m < b.to_m;
  });
  std::size_t kept = 0;
  for (std::size_t k = 0; k < intervals.size(); ++k) {
    const Interval i = intervals[k];
    if (kept > 0 && i.from_m <= intervals[kept - 1].to_m) {
      intervals[kept - 1].to_m = std::max(intervals[kept - 1].to_m, i.to_m);
    } else {
      intervals[kept++] = i;
    }
  }
  intervals.resize(kept);
}

// The reached stretches of edge e into `out` (cleared first), merged and sorted.
void intervals_into(const routing::BoundedDijkstra& search, graph::EdgeId e, const routing::SourcesOnEdges& sources,
                    double budget_s, std::vector<Interval>& out) {
  const graph::WalkGraph& g = search.graph();
  const double v = g.walk_speed_mps;
  const double length = g.length_m[e];
  out.clear();
  const double t_from = search.time_s(g.edge_from[e]);
  const double t_to = search.time_s(g.edge_to[e]);
  if (t_from <= budget_s) add_interval(out, 0.0, (budget_s - t_from) * v, length);
  if (t_to <= budget_s) add_interval(out, length - (budget_s - t_to) * v, length, length);
  for (const auto& s : sources.on_edge(e)) {
    const double reach_m = budget_s * v - s.access_m;
    if (reach_m >= 0.0) add_interval(out, s.offset_m - reach_m, s.offset_m + reach_m, length);
  }
  merge(out);
}

// Point at planar distance `target` along the shape [first, last].
void point_along(const graph::WalkGraph& g, std::uint32_t first, std::uint32_t last, double target, double& x,
                 double& y, std::uint32_t& segment) {
  double walked = 0.0;
  for (std::uint32_t s = first; s < last; ++s) {
    const double len = std::hypot(g.shape_x[s + 1] - g.shape_x[s], g.shape_y[s + 1] - g.shape_y[s]);
    if (walked + len >= target || s + 1 == last) {
      const double t = len > 0.0 ? std::clamp((target - walked) / len, 0.0, 1.0) : 0.0;
      x = g.shape_x[s] + t * (g.shape_x[s + 1] - g.shape_x[s]);
      y = g.shape_y[s] + t * (g.shape_y[s + 1] - g.shape_y[s]);
      segment = s;
      return;
    }
    walked += len;
  }
  x = g.shape_x[first];
  y = g.shape_y[first];
  segment = first;
}

}  // namespace

std::vector<Interval> reached_intervals(const routing::BoundedDijkstra& search, graph::EdgeId e,
                                        const routing::SourcesOnEdges& sources, double budget_s) {
  std::vector<Interval> out;
  intervals_into(search, e, sources, budget_s, out);
  return out;
}

void cut_edge_shape(const graph::WalkGraph& g, graph::EdgeId e, Interval along, std::vector<double>& x,
                    std::vector<double>& y) {
  x.clear();
  y.clear();
  const std::uint32_t first = g.shape_first[e];
  const std::uint32_t last = g.shape_first[e + 1] - 1;
  double planar_total = 0.0;
  for (std::uint32_t s = first; s < last; ++s) {
    planar_total += std::hypot(g.shape_x[s + 1] - g.shape_x[s], g.shape_y[s + 1] - g.shape_y[s]);
  }
  // Offsets are in true length; the shape is planar: scale between the two.
  const double scale = g.length_m[e] > 0.0 ? planar_total / g.length_m[e] : 0.0;
  double x0, y0, x1, y1;
  std::uint32_t s0, s1;
  point_along(g, first, last, along.from_m * scale, x0, y0, s0);
  point_along(g, first, last, along.to_m * scale, x1, y1, s1);
  x.push_back(x0);
  y.push_back(y0);
  if (along.to_m <= along.from_m) return;
  for (std::uint32_t s = s0 + 1; s <= s1; ++s) {
    x.push_back(g.shape_x[s]);
    y.push_back(g.shape_y[s]);
  }
  if (x.back() != x1 || y.back() != y1) {
    x.push_back(x1);
    y.push_back(y1);
  }
  if (x.size() == 1) {  // a stretch shorter than rounding: keep it a segment
    x.push_back(x1);
    y.push_back(y1);
  }
}

std::vector<graph::EdgeId> touched_edges(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& sources,
                                         double budget_s) {
  const graph::WalkGraph& g = search.graph();
  std::vector<graph::EdgeId> edges;
  for (const graph::NodeId u : search.settled()) {
    if (search.time_s(u) > budget_s) continue;
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) edges.push_back(g.arc_edge[a]);
  }
  for (const auto& s : sources.all()) edges.push_back(s.edge);  // sources whose edge ends are out of reach
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  return edges;
}

ReachedNetwork reached_network(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& sources,
                               double budget_s) {
  const graph::WalkGraph& g = search.graph();
  ReachedNetwork out;
  std::vector<Interval> intervals;
  for (const graph::EdgeId e : touched_edges(search, sources, budget_s)) {
    intervals_into(search, e, sources, budget_s, intervals);
    for (const Interval& i : intervals) {
      Piece piece{e, i, {}, {}};
      cut_edge_shape(g, e, i, piece.x, piece.y);
      out.length_m += i.to_m - i.from_m;
      out.pieces.push_back(std::move(piece));
    }
  }
  return out;
}

double reached_length_m(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& sources,
                        double budget_s) {
  // Same edges, same intervals, same order of addition as reached_network:
  // the same total to the last bit, without cutting any shape.
  double length_m = 0.0;
  std::vector<Interval> intervals;
  for (const graph::EdgeId e : touched_edges(search, sources, budget_s)) {
    intervals_into(search, e, sources, budget_s, intervals);
    for (const Interval& i : intervals) length_m += i.to_m - i.from_m;
  }
  return length_m;
}

}  // namespace lifecircle::geom
