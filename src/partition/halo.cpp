#include "lifecircle/partition/halo.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle::partition {

void Box::add(double x, double y) noexcept {
  min_x = std::min(min_x, x);
  min_y = std::min(min_y, y);
  max_x = std::max(max_x, x);
  max_y = std::max(max_y, y);
}

void Box::add(const Box& other) noexcept {
  if (other.empty()) return;
  add(other.min_x, other.min_y);
  add(other.max_x, other.max_y);
}

Box Box::grown(double margin_m) const noexcept {
  if (empty()) return *this;
  return {min_x - margin_m, min_y - margin_m, max_x + margin_m, max_y + margin_m};
}

bool Box::contains(double x, double y) const noexcept {
  return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
}

bool Box::intersects(const Box& other) const noexcept {
  return !empty() && !other.empty() && other.min_x <= max_x && other.max_x >= min_x && other.min_y <= max_y &&
         other.max_y >= min_y;
}

double Box::distance(double x, double y) const noexcept {
  const double dx = std::max({min_x - x, 0.0, x - max_x});
  const double dy = std::max({min_y - y, 0.0, y - max_y});
  return std::hypot(dx, dy);
}

Halo halo_for(const io::Plan& plan) {
  constexpr double kBaseCellM = 5.0, kCoarsestCellFactor = 16.0;  // geom::cell_for's range
  double budget_s = 0.0;
  for (const io::Category& c : plan.categories)
    budget_s = std::max(budget_s, c.reach.budget_s(plan.walk_speed_mps));
  Halo h;
  h.search_m = budget_s * plan.walk_speed_mps * kProjectionSlack;
  h.polygon_m = plan.isochrone_buffer_m + 2.0 * kBaseCellM * kCoarsestCellFactor;
  h.facilities_m = h.search_m + h.polygon_m + plan.snap_limit_m;
  h.roads_m = h.facilities_m + plan.snap_limit_m;
  return h;
}

}  // namespace lifecircle::partition
