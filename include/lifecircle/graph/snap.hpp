#pragma once
// Snapping points to the nearest walkable edge through a spatial index.

#include <memory>
#include <optional>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::graph {

struct SnapPoint {
  EdgeId edge = kInvalidId;
  double offset_m = 0.0;    // along the edge from edge_from, in length_m units
  double distance_m = 0.0;  // straight-line distance from the point to the edge
  double x = 0.0, y = 0.0;  // the snapped position, working CRS
};

class EdgeIndex {
 public:
  explicit EdgeIndex(const WalkGraph& graph);
  ~EdgeIndex();
  EdgeIndex(EdgeIndex&&) noexcept;
  EdgeIndex& operator=(EdgeIndex&&) noexcept;

  // The nearest edge within max_distance_m, or nothing. Ties go to the lower
  // edge id, so results do not depend on index layout. Thread-safe.
  std::optional<SnapPoint> nearest(double x, double y, double max_distance_m) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A point snapped to the graph, or not (farther than the plan's snap limit).
struct Snapped {
  std::optional<SnapPoint> snap;
  bool on_network() const noexcept { return snap.has_value(); }
};

}  // namespace lifecircle::graph
