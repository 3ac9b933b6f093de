#include "lifecircle/graph/bgl.hpp"

#include <gtest/gtest.h>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <vector>

#include "testing/ascii_graph.hpp"

namespace lifecircle::graph {
namespace {

BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<WalkGraph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<WalkGraph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<WalkGraph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<WalkGraph>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<WalkGraph, NodeId, boost::vertex_index_t>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<WalkGraph, WalkEdge, boost::edge_weight_t>));

TEST(Bgl, SeesTheCsrArraysAsAnUndirectedGraph) {
  // 1 m/s: an edge's time is its length.
  const auto g = testing::ascii_graph(R"(
a---b---c
    |
    d
)");
  const WalkGraph& w = g.graph;
  EXPECT_EQ(num_vertices(w), 4u);
  EXPECT_EQ(num_edges(w), 3u);
  const NodeId b = g.node_of('b');
  EXPECT_EQ(out_degree(b, w), 3u);
  std::vector<NodeId> targets;
  for (auto [it, end] = out_edges(b, w); it != end; ++it) {
    EXPECT_EQ(source(*it, w), b);
    targets.push_back(target(*it, w));
    EXPECT_DOUBLE_EQ(get(get(boost::edge_weight, w), *it), 40.0 - 20.0 * (target(*it, w) == g.node_of('d')));
  }
  EXPECT_EQ(targets, (std::vector<NodeId>{g.node_of('a'), g.node_of('c'), g.node_of('d')}));  // CSR order
  const auto [adjacent, adjacent_end] = adjacent_vertices(b, w);
  EXPECT_EQ(std::vector<NodeId>(adjacent, adjacent_end), targets);

  double length_m = 0.0;
  std::uint32_t edge_count = 0;
  for (auto [it, end] = edges(w); it != end; ++it) {
    length_m += get(length_m_map(w), *it);
    ++edge_count;
  }
  EXPECT_EQ(edge_count, 3u);
  EXPECT_DOUBLE_EQ(length_m, w.total_length_m());

  std::vector<NodeId> listed;
  for (auto [it, end] = vertices(w); it != end; ++it) listed.push_back(*it);
  ASSERT_EQ(listed.size(), 4u);
  for (std::uint32_t i = 0; i < listed.size(); ++i) EXPECT_EQ(get(boost::vertex_index, w, listed[i]), i);
}

TEST(Bgl, BothHalvesOfAnEdgeAreTheSameEdge) {
  const auto g = testing::ascii_graph("a---b");
  const WalkGraph& w = g.graph;
  const WalkEdge from_a = *out_edges(g.node_of('a'), w).first;
  const WalkEdge from_b = *out_edges(g.node_of('b'), w).first;
  EXPECT_EQ(from_a, from_b);
  EXPECT_EQ(source(from_a, w), target(from_b, w));
}

TEST(Bgl, BreadthFirstSearchRunsOnTheGraph) {
  const auto g = testing::ascii_graph(R"(
a---b---c   e
        |
        d
)");
  const WalkGraph& w = g.graph;
  std::vector<std::uint32_t> hops(w.node_count(), 99);
  hops[g.node_of('a')] = 0;
  const auto record = boost::record_distances(
      boost::make_iterator_property_map(hops.begin(), get(boost::vertex_index, w)), boost::on_tree_edge());
  boost::breadth_first_search(w, g.node_of('a'), boost::visitor(boost::make_bfs_visitor(record)));
  EXPECT_EQ(hops[g.node_of('c')], 2u);
  EXPECT_EQ(hops[g.node_of('d')], 3u);
  EXPECT_EQ(hops[g.node_of('e')], 99u);  // another island
}

}  // namespace
}  // namespace lifecircle::graph
