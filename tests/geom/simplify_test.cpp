#include "lifecircle/geom/simplify.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace lifecircle::geom {
namespace {

double distance_to_segment(const XY& p, const XY& a, const XY& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  const double t =
      length2 > 0.0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0.0;
  return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}

TEST(SimplifyRing, SquareWithPointsOnItsSidesKeepsTheCorners) {
  std::vector<XY> ring;
  for (int i = 0; i < 10; ++i) ring.push_back({i * 10.0, 0.0});
  for (int i = 0; i < 10; ++i) ring.push_back({100.0, i * 10.0});
  for (int i = 0; i < 10; ++i) ring.push_back({100.0 - i * 10.0, 100.0});
  for (int i = 0; i < 10; ++i) ring.push_back({0.0, 100.0 - i * 10.0});
  ring.push_back(ring.front());
  const std::vector<XY> out = simplify_ring(ring, 1.0);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[1].x, 100.0);
  EXPECT_EQ(out[1].y, 0.0);
  EXPECT_EQ(out[2].x, 100.0);
  EXPECT_EQ(out[2].y, 100.0);
  EXPECT_EQ(out[3].x, 0.0);
  EXPECT_EQ(out[3].y, 100.0);
  EXPECT_EQ(out.back().x, out.front().x);
  EXPECT_EQ(out.back().y, out.front().y);
}

TEST(SimplifyRing, RingSmallerThanTheToleranceVanishes) {
  const std::vector<XY> ring{{0, 0}, {3, 0}, {3, 3}, {0, 3}, {0, 0}};
  EXPECT_TRUE(simplify_ring(ring, 10.0).empty());
  EXPECT_EQ(simplify_ring(ring, 1.0).size(), 5u);
  EXPECT_TRUE(simplify_ring(std::vector<XY>{{0, 0}, {1, 1}, {0, 0}}, 0.1).empty());
}

// A circle of radius r needs a vertex every 2·sqrt(2·r·t) of arc for a sagitta
// of at most t: r = 500 m, t = 1 m gives 50 chords, each within 1 m.
TEST(SimplifyRing, DenseCircleKeepsAboutTheChordsItsSagittaNeeds) {
  std::vector<XY> ring;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    const double a = 2.0 * std::numbers::pi * i / n;
    ring.push_back({500.0 * std::cos(a), 500.0 * std::sin(a)});
  }
  ring.push_back(ring.front());
  const std::vector<XY> out = simplify_ring(ring, 1.0);
  const double chords = 2.0 * std::numbers::pi * 500.0 / (2.0 * std::sqrt(2.0 * 500.0 * 1.0));
  EXPECT_GE(static_cast<double>(out.size()), chords);        // no fewer than the bound allows
  EXPECT_LE(static_cast<double>(out.size()), 2.0 * chords);  // DP splits at worst points: within a factor 2
}

// Every dropped vertex lies within the tolerance of the simplified ring, the
// result is a subsequence of the input with the same ends, and it is shorter.
TEST(SimplifyRing, RandomWigglyRingsStayWithinTheTolerance) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(-4.0, 4.0);
  for (int round = 0; round < 200; ++round) {
    const int n = 20 + round * 10;
    std::vector<XY> ring;
    for (int i = 0; i < n; ++i) {
      const double a = 2.0 * std::numbers::pi * i / n;
      const double r = 500.0 + 100.0 * std::sin(5.0 * a) + noise(rng);
      ring.push_back({r * std::cos(a), r * std::sin(a)});
    }
    ring.push_back(ring.front());
    const double tolerance = 1.0 + round % 7;
    const std::vector<XY> out = simplify_ring(ring, tolerance);
    ASSERT_GE(out.size(), 4u);
    EXPECT_EQ(out.front().x, ring.front().x);
    EXPECT_EQ(out.back().x, ring.back().x);
    std::size_t next = 0;  // subsequence check
    for (const XY& p : out) {
      while (next < ring.size() && (ring[next].x != p.x || ring[next].y != p.y)) ++next;
      ASSERT_LT(next, ring.size()) << "round " << round;
      ++next;
    }
    for (const XY& p : ring) {
      double nearest = INFINITY;
      for (std::size_t i = 0; i + 1 < out.size(); ++i)
        nearest = std::min(nearest, distance_to_segment(p, out[i], out[i + 1]));
      ASSERT_LE(nearest, tolerance + 1e-9) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace lifecircle::geom
