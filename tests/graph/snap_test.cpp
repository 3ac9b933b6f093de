#include "lifecircle/graph/snap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lifecircle/graph/assemble.hpp"
#include "testing/ascii_graph.hpp"

namespace lifecircle::graph {
namespace {

struct Brute {
  double distance_m;
  EdgeId edge;
  double offset_m;
};

// Independent truth: every segment of every edge, no index.
Brute brute_nearest(const WalkGraph& g, double px, double py) {
  Brute best{INFINITY, kInvalidId, 0.0};
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    double along = 0.0, total = 0.0;
    const EdgeShape shape = g.shape(e);
    for (std::uint32_t s = 0; s + 1 < shape.size(); ++s) {
      total += std::hypot(shape[s + 1].x - shape[s].x, shape[s + 1].y - shape[s].y);
    }
    for (std::uint32_t s = 0; s + 1 < shape.size(); ++s) {
      const double ax = shape[s].x, ay = shape[s].y, dx = shape[s + 1].x - ax, dy = shape[s + 1].y - ay;
      const double len = std::hypot(dx, dy);
      double t = len > 0 ? ((px - ax) * dx + (py - ay) * dy) / (len * len) : 0.0;
      t = std::fmax(0.0, std::fmin(1.0, t));
      const double d = std::hypot(px - (ax + t * dx), py - (ay + t * dy));
      if (d < best.distance_m) best = {d, e, (along + t * len) / total * g.length_m[e]};
      along += len;
    }
  }
  return best;
}

TEST(Snap, PointBesideAnEdgeLandsOnItWithOffset) {
  const auto g = testing::ascii_graph(R"(
a---b
|
c
)");
  const EdgeIndex index(g.graph);
  const auto snap = index.nearest(12.0, -7.0, 100.0);  // 3 m above a-b (row 1: y = -10), 12 m from a
  ASSERT_TRUE(snap);
  EXPECT_EQ(g.graph.edge_from[snap->edge], g.node_of('a'));
  EXPECT_EQ(g.graph.edge_to[snap->edge], g.node_of('b'));
  EXPECT_NEAR(snap->offset_m, 12.0, 1e-9);
  EXPECT_NEAR(snap->distance_m, 3.0, 1e-9);
  EXPECT_FALSE(index.nearest(12.0, 300.0, 100.0)) << "beyond the limit: no snap";
}

TEST(Snap, OffsetIsInTrueLengthUnitsAlongAShape) {
  // An L-shaped edge of planar length 200 m whose true length is 220 m.
  std::vector<PlanarEdge> edges{{0, 1, 220.0, {{100.0, 0.0}}}};
  const WalkGraph g = assemble_graph({0.0, 100.0}, {0.0, 100.0}, edges);
  const EdgeIndex index(g);
  const auto snap = index.nearest(105.0, 50.0, 50.0);  // beside the second leg, halfway up
  ASSERT_TRUE(snap);
  EXPECT_NEAR(snap->offset_m, 150.0 / 200.0 * 220.0, 1e-9);
  EXPECT_NEAR(snap->x, 100.0, 1e-9);
  EXPECT_NEAR(snap->y, 50.0, 1e-9);
}

TEST(Snap, AgreesWithBruteForceOnARandomNetwork) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> coord(0.0, 2000.0);
  std::vector<double> x, y;
  for (int i = 0; i < 400; ++i) {
    x.push_back(coord(rng));
    y.push_back(coord(rng));
  }
  std::vector<PlanarEdge> edges;
  std::uniform_int_distribution<NodeId> node(0, 399);
  std::uniform_real_distribution<double> jitter(-40.0, 40.0);
  for (int i = 0; i < 700; ++i) {
    const NodeId a = node(rng), b = node(rng);
    if (a == b) continue;
    PlanarEdge e{a, b, -1.0, {}};
    if (i % 3 == 0)
      e.inner_shape.push_back({(x[a] + x[b]) / 2 + jitter(rng), (y[a] + y[b]) / 2 + jitter(rng)});
    edges.push_back(e);
  }
  const WalkGraph g = assemble_graph(x, y, edges);
  const EdgeIndex index(g);
  for (int q = 0; q < 2000; ++q) {
    const double px = coord(rng) - 100.0, py = coord(rng) - 100.0;
    const Brute truth = brute_nearest(g, px, py);
    const auto snap = index.nearest(px, py, 5000.0);
    ASSERT_TRUE(snap);
    ASSERT_NEAR(snap->distance_m, truth.distance_m, 1e-9) << "query " << q;
    if (snap->edge == truth.edge) {
      EXPECT_NEAR(snap->offset_m, truth.offset_m, 1e-6);
    }
    const auto limited = index.nearest(px, py, truth.distance_m * 0.999);
    EXPECT_FALSE(limited && limited->distance_m < truth.distance_m * 0.999 - 1e-9);
  }
}

}  // namespace
}  // namespace lifecircle::graph
