#include "lifecircle/graph/build.hpp"

#include <gtest/gtest.h>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geo.hpp"

namespace lifecircle::graph {
namespace {

// Vertices near Wenling, about 100 m apart.
io::RawRoads cross_and_loop() {
  io::RawRoads r;
  auto v = [&](double lon, double lat, std::int64_t id) {
    r.vertices.push_back({lon, lat, id});
    return static_cast<std::uint32_t>(r.vertices.size() - 1);
  };
  //        D
  //        |
  //  A--s--B--C        (s: a shape point of way 1, used once)
  //        |
  //        E
  const auto A = v(121.370, 28.370, 1), s = v(121.3705, 28.3701, 2), B = v(121.371, 28.370, 3),
             C = v(121.372, 28.370, 4), D = v(121.371, 28.371, 5), E = v(121.371, 28.369, 6);
  r.ways.push_back({100, {A, s, B, C}});
  r.ways.push_back({200, {D, B, B, E}});  // B repeated: a zero-length segment
  // A closed loop touching nothing else: one node, one self-loop edge.
  const auto P = v(121.380, 28.380, 7), Q = v(121.381, 28.380, 8), R = v(121.381, 28.381, 9);
  r.ways.push_back({300, {P, Q, R, P}});
  return r;
}

TEST(BuildWalkGraph, SplitsWaysAtSharedVerticesOnly) {
  const io::WorkingCrs crs(32651);
  BuildStats stats;
  const WalkGraph g = build_walk_graph(cross_and_loop(), crs, &stats);
  g.validate();
  // Nodes: A, B, C, D, E (way ends or shared) and P (loop end); s, Q, R are shape points.
  EXPECT_EQ(g.node_count(), 6u);
  EXPECT_EQ(g.edge_count(), 5u);  // A-B, B-C, D-B, B-E, P-P
  EXPECT_EQ(stats.zero_length_segments, 1u);
  EXPECT_EQ(stats.self_loops, 1u);
  // Edge A-B keeps its shape point and its length is the sum of both legs.
  const EdgeId ab = 0;
  EXPECT_EQ(g.way_id[ab], 100);
  EXPECT_EQ(g.shape(ab).size(), 3u);
  EXPECT_EQ(g.shape_first[ab + 1] - g.shape_first[ab], 1u);  // only the point between the ends is stored
  double sx = 0.0, sy = 0.0;
  ASSERT_TRUE(crs.to_metric(121.3705, 28.3701, sx, sy));
  EXPECT_EQ(g.shape(ab)[1].x, sx);
  EXPECT_EQ(g.shape(ab)[1].y, sy);
  EXPECT_EQ(g.shape(ab)[0].x, g.x[g.edge_from[ab]]);
  EXPECT_EQ(g.shape(ab)[2].y, g.y[g.edge_to[ab]]);
  EXPECT_EQ(g.node_source_id[g.edge_from[ab]], 1);  // the shape runs A, s, B: the way's direction
  EXPECT_EQ(g.node_source_id[g.edge_to[ab]], 3);
  // The loop P-Q-R-P: one node, both ends the same, Q and R stored.
  const EdgeId loop = 4;
  ASSERT_EQ(g.way_id[loop], 300);
  ASSERT_EQ(g.shape(loop).size(), 4u);
  EXPECT_EQ(g.shape(loop)[0].x, g.shape(loop)[3].x);
  EXPECT_EQ(g.shape(loop)[0].y, g.shape(loop)[3].y);
  EXPECT_NE(g.shape(loop)[1].x, g.shape(loop)[0].x);
  const double expected =
      haversine_m(121.370, 28.370, 121.3705, 28.3701) + haversine_m(121.3705, 28.3701, 121.371, 28.370);
  EXPECT_NEAR(g.length_m[ab], expected, 1e-9);
  // The crossing node B has degree 4.
  NodeId b = kInvalidId;
  for (NodeId n = 0; n < g.node_count(); ++n) {
    if (g.node_source_id[n] == 3) b = n;
  }
  ASSERT_NE(b, kInvalidId);
  EXPECT_EQ(g.first_out[b + 1] - g.first_out[b], 4u);
  // Planar coordinates are UTM 51N metres.
  EXPECT_GT(g.x[b], 300000.0);
  EXPECT_LT(g.x[b], 400000.0);
  EXPECT_GT(g.y[b], 3100000.0);
}

TEST(BuildWalkGraph, NothingWalkableIsAnInputError) {
  const io::WorkingCrs crs(32651);
  io::RawRoads empty;
  EXPECT_THROW(build_walk_graph(empty, crs), InputError);
}

}  // namespace
}  // namespace lifecircle::graph
