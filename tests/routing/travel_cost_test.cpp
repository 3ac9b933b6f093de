#include "lifecircle/routing/travel_cost.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "lifecircle/routing/search.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/ascii_graph.hpp"

namespace lifecircle::routing {
namespace {

TEST(TravelCost, WalkingTimesAreLengthOverSpeedOnBothArcs) {
  const auto g = testing::ascii_graph(R"(
a---b
|
c
)");
  const TravelCost at_2mps = walking_cost(g.graph, 2.0);
  ASSERT_EQ(at_2mps.graph, &g.graph);
  ASSERT_EQ(at_2mps.arc_time_s.size(), g.graph.arc_count());
  for (graph::ArcId a = 0; a < g.graph.arc_count(); ++a) {
    const double length_m = g.graph.length_m[g.graph.arc_edge[a]];  // 40 m to b, 20 m to c
    EXPECT_EQ(at_2mps.arc_time_s[a], length_m / 2.0) << "arc " << a;
  }
  EXPECT_DOUBLE_EQ(at_2mps.seconds_along(0, 30.0), 15.0);  // any stretch of any edge
  EXPECT_DOUBLE_EQ(at_2mps.metres_within(0, 15.0), 30.0);
  EXPECT_DOUBLE_EQ(at_2mps.edge_time_s(0), g.graph.length_m[0] / 2.0);
}

TEST(TravelCost, RefusesASpeedThatIsNotPositive) {
  const auto g = testing::ascii_graph("a---b");
  EXPECT_THROW(walking_cost(g.graph, 0.0), Error);
  EXPECT_THROW(walking_cost(g.graph, -1.0), Error);
  EXPECT_THROW(walking_cost(g.graph, std::numeric_limits<double>::infinity()), Error);
}

// One graph, two costs: the same 60 s search reaches twice as far at twice the speed.
TEST(TravelCost, TwoSpeedsOverOneGraph) {
  const auto g = testing::ascii_graph("a--b--c--d");  // 30 m apart
  const TravelCost slow = walking_cost(g.graph, 0.5), fast = walking_cost(g.graph, 1.0);
  BoundedDijkstra at_slow(slow), at_fast(fast);
  const Source start{g.node_of('a'), 0.0, 0};
  at_slow.run({&start, 1}, 60.0);
  at_fast.run({&start, 1}, 60.0);
  EXPECT_TRUE(at_slow.reached(g.node_of('b')));
  EXPECT_FALSE(at_slow.reached(g.node_of('c')));
  EXPECT_TRUE(at_fast.reached(g.node_of('c')));
  EXPECT_DOUBLE_EQ(at_fast.time_s(g.node_of('c')), 60.0);
  EXPECT_DOUBLE_EQ(at_slow.time_s(g.node_of('b')), 60.0);
}

}  // namespace
}  // namespace lifecircle::routing
