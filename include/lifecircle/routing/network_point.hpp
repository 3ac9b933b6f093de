#pragma once
// Points that sit on edges: facilities and demand points, snapped. A point is
// reached through either end of its edge, or straight along the edge from a
// source on the same edge; the straight-line access walk between the real
// point and the street counts too.

#include <array>
#include <span>
#include <vector>

#include "lifecircle/graph/snap.hpp"
#include "lifecircle/routing/search.hpp"

namespace lifecircle::routing {

struct NetworkPoint {
  graph::EdgeId edge = graph::kInvalidId;
  double offset_m = 0.0;  // from edge_from along the edge
  double access_m = 0.0;  // walked between the real point and the street

  static NetworkPoint from_snap(const graph::SnapPoint& s) { return {s.edge, s.offset_m, s.distance_m}; }
};

// The two sources of a point: the ends of its edge, with the time to them at `cost`.
std::array<Source, 2> sources_for(const TravelCost& cost, const NetworkPoint& point, std::uint32_t label);

// Labelled source points grouped by edge, to find the ones on a given edge.
class SourcesOnEdges {
 public:
  struct Entry {
    graph::EdgeId edge;
    std::uint32_t label;
    double offset_m;
    double access_m;
  };
  SourcesOnEdges() = default;
  SourcesOnEdges(std::span<const NetworkPoint> points, std::span<const std::uint32_t> labels);
  std::span<const Entry> on_edge(graph::EdgeId edge) const;
  std::span<const Entry> all() const noexcept { return entries_; }

 private:
  std::vector<Entry> entries_;  // sorted by edge, then label
};

struct Arrival {
  double time_s = kUnreached;
  std::uint32_t label = kNoLabel;
  // Keeps the earlier of this and (time, label), in the searches' order.
  void keep_better(double time, std::uint32_t by) noexcept {
    if (earlier(time, by, time_s, label)) *this = {time, by};
  }
};

// When the point is reached after `search` (at the search's cost), and from which label. The
// point's own access walk is added. Sources on the point's edge are taken
// straight along the edge.
Arrival arrival_at(const BoundedDijkstra& search, const NetworkPoint& point, const SourcesOnEdges& sources);

// Sources for many points at once (two per point), label = index in points
// unless labels are given.
std::vector<Source> sources_for_all(const TravelCost& cost, std::span<const NetworkPoint> points,
                                    std::span<const std::uint32_t> labels);

}  // namespace lifecircle::routing
