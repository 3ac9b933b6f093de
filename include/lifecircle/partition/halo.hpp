#pragma once
// Boxes in the working CRS, and how far a piece of a partitioned run must
// reach beyond the region it owns so that nothing computed for the region
// depends on what lies outside the piece.

#include <limits>

#include "lifecircle/io/plan.hpp"

namespace lifecircle::partition {

struct Box {
  double min_x = std::numeric_limits<double>::max(), min_y = std::numeric_limits<double>::max();
  double max_x = std::numeric_limits<double>::lowest(), max_y = std::numeric_limits<double>::lowest();

  bool empty() const noexcept { return min_x > max_x || min_y > max_y; }
  void add(double x, double y) noexcept;
  void add(const Box& other) noexcept;
  Box grown(double margin_m) const noexcept;
  bool contains(double x, double y) const noexcept;
  bool intersects(const Box& other) const noexcept;
  // Planar distance from a point to the box (0 inside).
  double distance(double x, double y) const noexcept;
};

// Widths beyond a region's core box, in metres of the working CRS.
//   search_m: the farthest any search walks: the largest category budget at
//     the plan's walking speed, times kProjectionSlack (network length is
//     measured on the sphere, boxes in the projected CRS, whose scale differs
//     from 1 by up to a few per mil inside a UTM zone).
//   polygon_m: coverage polygons near the core are drawn from pieces within
//     the isochrone width plus the grid's reach (up to 16 base cells of 5 m).
//   facilities_m = search_m + polygon_m + snap limit: facilities, residential
//     points (and towns) whose snapped place a search from the core can reach.
//   roads_m = facilities_m + snap limit: every edge those points could snap to.
struct Halo {
  double search_m = 0.0;
  double polygon_m = 0.0;
  double facilities_m = 0.0;
  double roads_m = 0.0;
};

inline constexpr double kProjectionSlack = 1.05;

Halo halo_for(const io::Plan& plan);

}  // namespace lifecircle::partition
