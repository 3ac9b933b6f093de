#include "lifecircle/routing/network_point.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/util/error.hpp"

namespace lifecircle::routing {
std::array<Source, 2> sources_for(const TravelCost& cost, const NetworkPoint& p, std::uint32_t label) {
  const graph::WalkGraph& g = *cost.graph;
  const double to_from = cost.seconds_along(p.edge, p.access_m + p.offset_m);
  const double to_to = cost.seconds_along(p.edge, p.access_m + (g.length_m[p.edge] - p.offset_m));
  return {Source{g.edge_from[p.edge], to_from, label}, Source{g.edge_to[p.edge], to_to, label}};
}

std::vector<Source> sources_for_all(const TravelCost& cost, std::span<const NetworkPoint> points,
                                    std::span<const std::uint32_t> labels) {
  if (!labels.empty() && labels.size() != points.size()) throw Error("sources_for_all: one label per point");
  std::vector<Source> out;
  out.reserve(2 * points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto label = labels.empty() ? static_cast<std::uint32_t>(i) : labels[i];
    const auto two = sources_for(cost, points[i], label);
    out.insert(out.end(), two.begin(), two.end());
  }
  return out;
}

SourcesOnEdges::SourcesOnEdges(std::span<const NetworkPoint> points, std::span<const std::uint32_t> labels) {
  if (!labels.empty() && labels.size() != points.size()) throw Error("SourcesOnEdges: one label per point");
  entries_.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto label = labels.empty() ? static_cast<std::uint32_t>(i) : labels[i];
    entries_.push_back({points[i].edge, label, points[i].offset_m, points[i].access_m});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.edge != b.edge ? a.edge < b.edge : a.label < b.label;
  });
}

std::span<const SourcesOnEdges::Entry> SourcesOnEdges::on_edge(graph::EdgeId edge) const {
  const auto first = std::lower_bound(entries_.begin(), entries_.end(), edge,
                                      [](const Entry& e, graph::EdgeId id) { return e.edge < id; });
  auto last = first;
  while (last != entries_.end() && last->edge == edge) ++last;
  return {first, last};
}

Arrival arrival_at(const BoundedDijkstra& search, const NetworkPoint& p, const SourcesOnEdges& sources) {
  const graph::WalkGraph& g = search.graph();
  const TravelCost& cost = search.cost();
  const graph::EdgeId e = p.edge;
  const double access_s = cost.seconds_along(e, p.access_m);
  Arrival best;
  const graph::NodeId from = g.edge_from[e];
  const graph::NodeId to = g.edge_to[e];
  best.keep_better(search.time_s(from) + cost.seconds_along(e, p.offset_m) + access_s, search.label(from));
  best.keep_better(search.time_s(to) + cost.seconds_along(e, g.length_m[e] - p.offset_m) + access_s,
                   search.label(to));
  for (const auto& s : sources.on_edge(e)) {
    best.keep_better(cost.seconds_along(e, s.access_m + std::fabs(s.offset_m - p.offset_m) + p.access_m),
                     s.label);
  }
  if (best.time_s > search.budget_s()) return {};  // not reached within the budget
  return best;
}

}  // namespace lifecircle::routing
