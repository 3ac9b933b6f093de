#include "lifecircle/graph/components.hpp"

#include <gtest/gtest.h>

#include "testing/ascii_graph.hpp"

namespace lifecircle::graph {
namespace {

TEST(Components, FindsIslandsLargestFirst) {
  const auto g = testing::ascii_graph(R"(
a---b   e---f---g
|   |
c---d   h---i

j
)");
  const Components c = find_components(g.graph);
  ASSERT_EQ(c.count(), 4u);
  EXPECT_EQ(c.node_count[0], 4u);  // a b c d
  EXPECT_EQ(c.node_count[1], 3u);  // e f g
  EXPECT_EQ(c.node_count[2], 2u);  // h i
  EXPECT_EQ(c.node_count[3], 1u);  // j: a node without edges (never made by the builder, but legal)
  EXPECT_EQ(c.component_of_node[g.node_of('d')], 0u);
  EXPECT_EQ(c.component_of_node[g.node_of('g')], 1u);
  EXPECT_EQ(c.component_of_node[g.node_of('h')], 2u);
  EXPECT_DOUBLE_EQ(c.length_m[1], 80.0);
}

TEST(Components, TiesGoToTheIslandWithTheSmallerNode) {
  // Ids follow reading order: a=0, b=1, c=2, d=3, e=4, f=5.
  const auto g = testing::ascii_graph(R"(
a   b---c
|
d   e   f
        |
        x
)");
  const Components c = find_components(g.graph);
  ASSERT_EQ(c.count(), 4u);
  EXPECT_EQ(c.component_of_node[g.node_of('a')], 0u);  // {a, d}, {b, c}, {f, x}: smallest node first
  EXPECT_EQ(c.component_of_node[g.node_of('d')], 0u);
  EXPECT_EQ(c.component_of_node[g.node_of('b')], 1u);
  EXPECT_EQ(c.component_of_node[g.node_of('f')], 2u);
  EXPECT_EQ(c.component_of_node[g.node_of('x')], 2u);
  EXPECT_EQ(c.component_of_node[g.node_of('e')], 3u);  // alone: the smallest
}

TEST(Components, DropSmallKeepsTheRestIntact) {
  const auto g = testing::ascii_graph(R"(
a---b   e---f---g
|   |
c---d   h---i
)");
  const Components c = find_components(g.graph);
  const WalkGraph kept = drop_small_components(g.graph, c, 3);
  kept.validate();
  EXPECT_EQ(kept.node_count(), 7u);
  EXPECT_EQ(kept.edge_count(), 6u);
  EXPECT_DOUBLE_EQ(kept.total_length_m(), g.graph.total_length_m() - 40.0);
  EXPECT_EQ(find_components(kept).count(), 2u);
}

}  // namespace
}  // namespace lifecircle::graph
