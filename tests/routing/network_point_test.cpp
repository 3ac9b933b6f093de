#include "lifecircle/routing/network_point.hpp"

#include <gtest/gtest.h>

#include "testing/ascii_graph.hpp"

namespace lifecircle::routing {
namespace {

TEST(NetworkPoint, ReachedThroughEitherEndOrStraightAlongTheEdge) {
  // a---------b---------c   (100 m each, 1 m/s)
  const auto g = testing::ascii_graph("a---------b---------c");
  const graph::EdgeId ab = 0, bc = 1;
  ASSERT_EQ(g.graph.edge_from[ab], g.node_of('a'));
  const NetworkPoint facility{ab, 30.0, 5.0};  // 30 m from a, 5 m off the street
  const std::vector<NetworkPoint> facilities{facility};
  const SourcesOnEdges on_edges(facilities, {});
  const auto sources = sources_for(g.cost, facility, 0);
  EXPECT_DOUBLE_EQ(sources[0].time_s, 35.0);
  EXPECT_DOUBLE_EQ(sources[1].time_s, 75.0);

  BoundedDijkstra search(g.cost);
  search.run(sources, 120.0);
  // Same edge, 20 m further on: straight along the edge, both access walks.
  const Arrival same = arrival_at(search, {ab, 50.0, 2.0}, on_edges);
  EXPECT_DOUBLE_EQ(same.time_s, 5.0 + 20.0 + 2.0);
  EXPECT_EQ(same.label, 0u);
  // On the next edge, 40 m past b: via b (75 s) + 40 s.
  EXPECT_DOUBLE_EQ(arrival_at(search, {bc, 40.0, 0.0}, on_edges).time_s, 115.0);
  // 60 m past b is 135 s: out of the 120 s budget.
  EXPECT_EQ(arrival_at(search, {bc, 60.0, 0.0}, on_edges).time_s, kUnreached);
}

}  // namespace
}  // namespace lifecircle::routing
