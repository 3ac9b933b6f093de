// WalkGraph::shape(e): the stored points between an edge's ends, with the
// ends put back from the nodes, on a graph built by hand.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lifecircle/graph/assemble.hpp"
#include "lifecircle/graph/components.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::graph {
namespace {

// Edge 0: node 0 (0,0) to node 1 (40,0), straight, nothing stored.
// Edge 1: node 2 (0,30) to node 1 (40,0) by (20,40) and (40,40): stored from
// the higher node id to the lower, so its direction is not the ids' order.
WalkGraph hand_built() {
  std::vector<PlanarEdge> edges;
  edges.push_back({0, 1, -1.0, {}});
  edges.push_back({2, 1, -1.0, {{20.0, 40.0}, {40.0, 40.0}}});  // from the higher id to the lower
  return assemble_graph({0.0, 40.0, 0.0}, {0.0, 0.0, 30.0}, edges);
}

std::vector<ShapePoint> points(const EdgeShape& shape) {
  std::vector<ShapePoint> out;
  for (const ShapePoint p : shape) out.push_back(p);
  return out;
}

void expect_point(ShapePoint p, double x, double y) {
  EXPECT_EQ(p.x, x);
  EXPECT_EQ(p.y, y);
}

TEST(EdgeShape, AnEdgeWithoutInnerPointsIsItsTwoNodes) {
  const WalkGraph g = hand_built();
  g.validate();
  EXPECT_EQ(g.shape_first[1] - g.shape_first[0], 0u);  // nothing stored
  const EdgeShape s = g.shape(0);
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.segment_count(), 1u);
  EXPECT_EQ(s.inner_size(), 0u);
  expect_point(s[0], 0.0, 0.0);
  expect_point(s[1], 40.0, 0.0);
  expect_point(s.front(), 0.0, 0.0);
  expect_point(s.back(), 40.0, 0.0);
  const auto all = points(s);
  ASSERT_EQ(all.size(), 2u);
  expect_point(all[0], 0.0, 0.0);
  expect_point(all[1], 40.0, 0.0);
  int segments = 0;
  s.for_each_segment([&](std::uint32_t k, ShapePoint a, ShapePoint b) {
    EXPECT_EQ(k, 0u);
    expect_point(a, 0.0, 0.0);
    expect_point(b, 40.0, 0.0);
    ++segments;
  });
  EXPECT_EQ(segments, 1);
  EXPECT_EQ(g.length_m[0], 40.0);
}

TEST(EdgeShape, AnEdgeWithTwoInnerPointsRunsFromItsFromNodeToItsToNode) {
  const WalkGraph g = hand_built();
  EXPECT_EQ(g.edge_from[1], 2u);
  EXPECT_EQ(g.edge_to[1], 1u);
  EXPECT_EQ(g.shape_x.size(), 2u);  // the graph stores the two inner points only
  const EdgeShape s = g.shape(1);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.segment_count(), 3u);
  ASSERT_EQ(s.inner_size(), 2u);
  // Forwards, from node 2 to node 1.
  const double want_x[] = {0.0, 20.0, 40.0, 40.0}, want_y[] = {30.0, 40.0, 40.0, 0.0};
  for (std::uint32_t i = 0; i < 4; ++i) expect_point(s[i], want_x[i], want_y[i]);
  expect_point(s.inner(0), 20.0, 40.0);
  expect_point(s.inner(1), 40.0, 40.0);
  const auto all = points(s);
  ASSERT_EQ(all.size(), 4u);
  for (std::uint32_t i = 0; i < 4; ++i) expect_point(all[i], want_x[i], want_y[i]);
  // Backwards, from node 1 to node 2, as a walk entering at the to-node reads it.
  for (std::uint32_t i = 4; i-- > 0;) expect_point(s[i], want_x[i], want_y[i]);
  expect_point(s[s.size() - 1], g.x[g.edge_to[1]], g.y[g.edge_to[1]]);
  expect_point(s[0], g.x[g.edge_from[1]], g.y[g.edge_from[1]]);
  // Segments in order, each starting where the last ended; lengths 10 sqrt 5, 20, 40.
  std::vector<std::uint32_t> ks;
  double planar = 0.0;
  s.for_each_segment([&](std::uint32_t k, ShapePoint a, ShapePoint b) {
    ks.push_back(k);
    expect_point(a, want_x[k], want_y[k]);
    expect_point(b, want_x[k + 1], want_y[k + 1]);
    planar += std::hypot(b.x - a.x, b.y - a.y);
  });
  EXPECT_EQ(ks, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(planar, 10.0 * std::sqrt(5.0) + 20.0 + 40.0);
  EXPECT_DOUBLE_EQ(g.length_m[1], planar);  // assemble_graph measured the same shape
}

TEST(EdgeShape, DroppingComponentsKeepsEveryShape) {
  std::vector<PlanarEdge> edges;
  edges.push_back({0, 1, -1.0, {{5.0, 5.0}}});  // a two-node component, dropped below
  edges.push_back({2, 3, -1.0, {}});
  edges.push_back({4, 3, -1.0, {{150.0, 20.0}, {140.0, 10.0}}});
  const WalkGraph g = assemble_graph({0.0, 10.0, 100.0, 120.0, 160.0}, {0.0, 0.0, 0.0, 0.0, 0.0}, edges);
  const WalkGraph kept = drop_small_components(g, find_components(g), 3);
  kept.validate();
  ASSERT_EQ(kept.edge_count(), 2u);
  const EdgeShape a = kept.shape(0), b = kept.shape(1);
  ASSERT_EQ(a.size(), 2u);
  expect_point(a[0], 100.0, 0.0);
  expect_point(a[1], 120.0, 0.0);
  ASSERT_EQ(b.size(), 4u);
  expect_point(b[0], 160.0, 0.0);
  expect_point(b[1], 150.0, 20.0);
  expect_point(b[2], 140.0, 10.0);
  expect_point(b[3], 120.0, 0.0);
}

TEST(EdgeShape, ValidateCatchesABrokenShapeIndexOrPoint) {
  const WalkGraph g = hand_built();
  auto short_index = g;
  short_index.shape_first.back() = 1;  // one stored point left out
  EXPECT_THROW(short_index.validate(), Error);
  auto decreasing = g;
  decreasing.shape_first[1] = 3;  // {0, 3, 2}: edge 1 would end before it starts
  EXPECT_THROW(decreasing.validate(), Error);
  auto no_position = g;
  no_position.shape_y[1] = NAN;
  EXPECT_THROW(no_position.validate(), Error);
}

}  // namespace
}  // namespace lifecircle::graph
