#include "lifecircle/graph/assemble.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "lifecircle/util/error.hpp"
#include "testing/ascii_graph.hpp"

namespace lifecircle::graph {
namespace {

TEST(AssembleGraph, AsciiArtGivesNodesEdgesAndLengths) {
  const auto g = testing::ascii_graph(R"(
a---b---c
|       |
d---e   f
)");
  g.graph.validate();
  EXPECT_EQ(g.graph.node_count(), 6u);
  EXPECT_EQ(g.graph.edge_count(), 5u);
  EXPECT_EQ(g.graph.arc_count(), 10u);
  EXPECT_DOUBLE_EQ(g.graph.total_length_m(), 40.0 + 40.0 + 20.0 + 20.0 + 40.0);
  const NodeId a = g.node_of('a');
  for (ArcId arc = g.graph.first_out[a]; arc < g.graph.first_out[a + 1]; ++arc) {
    if (g.graph.head[arc] == g.node_of('b')) {
      EXPECT_DOUBLE_EQ(g.graph.length_m[g.graph.arc_edge[arc]], 40.0);
    }
    if (g.graph.head[arc] == g.node_of('d')) {
      EXPECT_DOUBLE_EQ(g.graph.length_m[g.graph.arc_edge[arc]], 20.0);
    }
  }
}

TEST(AssembleGraph, ArcsOfANodeAreSortedByHead) {
  const auto g = testing::ascii_graph(R"(
  a
  |
b-c-d
  |
  e
)");
  const NodeId c = g.node_of('c');
  ASSERT_EQ(g.graph.first_out[c + 1] - g.graph.first_out[c], 4u);
  for (ArcId arc = g.graph.first_out[c] + 1; arc < g.graph.first_out[c + 1]; ++arc) {
    EXPECT_LT(g.graph.head[arc - 1], g.graph.head[arc]);
  }
}

TEST(WalkGraphValidate, CatchesBrokenInvariants) {
  auto g = testing::ascii_graph("a---b---c");
  g.graph.validate();
  auto wrong_arc_edge = g.graph;
  std::swap(wrong_arc_edge.arc_edge[0], wrong_arc_edge.arc_edge[wrong_arc_edge.arc_count() - 1]);
  EXPECT_THROW(wrong_arc_edge.validate(), Error);
  auto bad_head = g.graph;
  bad_head.head[0] = 99;
  EXPECT_THROW(bad_head.validate(), Error);
  auto bad_length = g.graph;
  bad_length.length_m[1] = -1.0;
  EXPECT_THROW(bad_length.validate(), Error);
  auto bad_shape = g.graph;
  bad_shape.shape_x.push_back(1.0);  // a stored shape point no edge owns
  bad_shape.shape_y.push_back(1.0);
  EXPECT_THROW(bad_shape.validate(), Error);
}

}  // namespace
}  // namespace lifecircle::graph
