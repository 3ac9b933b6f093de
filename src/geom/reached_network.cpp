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
void intervals_into(const routing::BoundedDijkstra& search, graph::EdgeId e,
                    const routing::SourcesOnEdges& sources, double budget_s, std::vector<Interval>& out) {
  const graph::WalkGraph& g = search.graph();
  const routing::TravelCost& cost = search.cost();
  const double length = g.length_m[e];
  out.clear();
  const double t_from = search.time_s(g.edge_from[e]);
  const double t_to = search.time_s(g.edge_to[e]);
  if (t_from <= budget_s) add_interval(out, 0.0, cost.metres_within(e, budget_s - t_from), length);
  if (t_to <= budget_s) add_interval(out, length - cost.metres_within(e, budget_s - t_to), length, length);
  for (const auto& s : sources.on_edge(e)) {
    const double reach_m = cost.metres_within(e, budget_s) - s.access_m;
    if (reach_m >= 0.0) add_interval(out, s.offset_m - reach_m, s.offset_m + reach_m, length);
  }
  merge(out);
}

// Point at planar distance `target` along `shape`, and the segment it is on.
// The last segment takes any target beyond the shape's end.
void point_along(const graph::EdgeShape& shape, double target, double& x, double& y, std::uint32_t& segment) {
  double walked = 0.0;
  graph::ShapePoint a = shape.front();
  const auto at = [&](graph::ShapePoint b, double len) {
    const double t = len > 0.0 ? std::clamp((target - walked) / len, 0.0, 1.0) : 0.0;
    x = a.x + t * (b.x - a.x);
    y = a.y + t * (b.y - a.y);
  };
  for (std::uint32_t k = 0; k < shape.inner_size(); ++k) {
    const graph::ShapePoint b = shape.inner(k);
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (walked + len >= target) {
      at(b, len);
      segment = k;
      return;
    }
    walked += len;
    a = b;
  }
  const graph::ShapePoint b = shape.back();
  at(b, std::hypot(b.x - a.x, b.y - a.y));
  segment = shape.inner_size();
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
  const graph::EdgeShape shape = g.shape(e);
  double planar_total = 0.0;
  shape.for_each_segment([&](std::uint32_t, graph::ShapePoint a, graph::ShapePoint b) {
    planar_total += std::hypot(b.x - a.x, b.y - a.y);
  });
  // Offsets are in true length; the shape is planar: scale between the two.
  const double scale = g.length_m[e] > 0.0 ? planar_total / g.length_m[e] : 0.0;
  double x0, y0, x1, y1;
  std::uint32_t s0, s1;
  point_along(shape, along.from_m * scale, x0, y0, s0);
  point_along(shape, along.to_m * scale, x1, y1, s1);
  x.push_back(x0);
  y.push_back(y0);
  if (along.to_m <= along.from_m) return;
  // The shape points after the cut's first segment up to its last one's start:
  // points s0 + 1 .. s1, all between the ends, so stored points s0 .. s1 - 1.
  for (std::uint32_t i = s0; i < s1; ++i) {
    const graph::ShapePoint p = shape.inner(i);
    x.push_back(p.x);
    y.push_back(p.y);
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

std::vector<graph::EdgeId> touched_edges(const routing::BoundedDijkstra& search,
                                         const routing::SourcesOnEdges& sources, double budget_s) {
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
