#include "lifecircle/geom/simplify.hpp"

#include <cmath>
#include <utility>

namespace lifecircle::geom {
namespace {

// Squared distance from p to the segment a–b.
double squared_distance(const XY& p, const XY& a, const XY& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0.0;
  t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
  const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

// Marks the vertices Douglas–Peucker keeps in [first, last] (ends kept by the caller).
// An explicit stack: rings of a citywide contour hold hundreds of thousands of vertices.
void mark_kept(std::span<const XY> points, std::size_t first, std::size_t last, double tolerance2,
               std::vector<char>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    double worst = -1.0;
    std::size_t worst_at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = squared_distance(points[i], points[a], points[b]);
      if (d > worst) {
        worst = d;
        worst_at = i;
      }
    }
    if (worst <= tolerance2) continue;
    keep[worst_at] = 1;
    stack.emplace_back(a, worst_at);
    stack.emplace_back(worst_at, b);
  }
}

}  // namespace

std::vector<XY> simplify_ring(std::span<const XY> ring, double tolerance) {
  if (ring.size() < 4) return {};
  // Split the closed ring at its first vertex and the vertex farthest from it,
  // so that neither half is a degenerate chord from a point to itself.
  const std::size_t last = ring.size() - 1;
  std::size_t far = 1;
  double far2 = -1.0;
  for (std::size_t i = 1; i < last; ++i) {
    const double dx = ring[i].x - ring[0].x, dy = ring[i].y - ring[0].y;
    if (dx * dx + dy * dy > far2) {
      far2 = dx * dx + dy * dy;
      far = i;
    }
  }
  std::vector<char> keep(ring.size(), 0);
  keep[0] = keep[far] = keep[last] = 1;
  const double tolerance2 = tolerance * tolerance;
  mark_kept(ring, 0, far, tolerance2, keep);
  mark_kept(ring, far, last, tolerance2, keep);
  std::vector<XY> out;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    if (keep[i]) out.push_back(ring[i]);
  }
  if (out.size() < 4) return {};
  return out;
}

}  // namespace lifecircle::geom
