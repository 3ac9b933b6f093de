// Node numbering for locality: the Hilbert index against the curve's defining
// property, and the renumbered graph against the original (same streets, same
// search results node for node).

#include "lifecircle/graph/node_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <set>

#include "lifecircle/graph/assemble.hpp"
#include "lifecircle/routing/search.hpp"
#include "testing/random_graph.hpp"

namespace lifecircle {
namespace {

using graph::NodeId;

// Every cell of an 8 x 8 curve gets its own index, and cells one apart on
// the curve share a side: the property that makes the order local.
TEST(NodeOrder, HilbertIndexVisitsEveryCellOnceThroughNeighbours) {
  constexpr int kOrder = 3;
  constexpr int kSide = 1 << kOrder;
  std::vector<std::pair<int, int>> cell_at(kSide * kSide, {-1, -1});
  for (int cx = 0; cx < kSide; ++cx) {
    for (int cy = 0; cy < kSide; ++cy) {
      // The centre of cell (cx, cy) in a box of kSide x kSide metres.
      const auto d = graph::hilbert_index(cx + 0.5, cy + 0.5, 0.0, 0.0, kSide, kSide, kOrder);
      ASSERT_LT(d, static_cast<std::uint64_t>(kSide * kSide));
      ASSERT_EQ(cell_at[d].first, -1) << "index " << d << " given twice";
      cell_at[d] = {cx, cy};
    }
  }
  EXPECT_EQ(cell_at.front(), std::make_pair(0, 0));
  for (std::size_t d = 1; d < cell_at.size(); ++d) {
    const int step = std::abs(cell_at[d].first - cell_at[d - 1].first) +
                     std::abs(cell_at[d].second - cell_at[d - 1].second);
    EXPECT_EQ(step, 1) << "cells " << d - 1 << " and " << d << " are not neighbours";
  }
  // Points on or outside the box edge fall in the edge cells, not past them.
  EXPECT_EQ(graph::hilbert_index(kSide, kSide, 0.0, 0.0, kSide, kSide, kOrder),
            graph::hilbert_index(kSide - 0.5, kSide - 0.5, 0.0, 0.0, kSide, kSide, kOrder));
  EXPECT_EQ(graph::hilbert_index(-3.0, -3.0, 0.0, 0.0, kSide, kSide, kOrder), 0u);
}

TEST(NodeOrder, RenumberedGraphHasTheSameStreetsAndTimes) {
  std::mt19937 rng(2024);
  const graph::WalkGraph original = testing::random_graph(rng, 600, 1500);
  graph::WalkGraph ordered = original;
  const std::vector<NodeId> new_of_old = graph::order_nodes_for_locality(ordered);
  ordered.validate();

  // A permutation, each node keeping its place and id.
  ASSERT_EQ(new_of_old.size(), original.node_count());
  ASSERT_EQ(std::set<NodeId>(new_of_old.begin(), new_of_old.end()).size(), original.node_count());
  for (NodeId u = 0; u < original.node_count(); ++u) {
    const NodeId v = new_of_old[u];
    ASSERT_LT(v, ordered.node_count());
    EXPECT_EQ(ordered.x[v], original.x[u]);
    EXPECT_EQ(ordered.y[v], original.y[u]);
    EXPECT_EQ(ordered.lon[v], original.lon[u]);
    EXPECT_EQ(ordered.node_source_id[v], original.node_source_id[u]);
  }
  // Edges keep their ids, direction and length.
  ASSERT_EQ(ordered.edge_count(), original.edge_count());
  for (graph::EdgeId e = 0; e < original.edge_count(); ++e) {
    EXPECT_EQ(ordered.edge_from[e], new_of_old[original.edge_from[e]]);
    EXPECT_EQ(ordered.edge_to[e], new_of_old[original.edge_to[e]]);
    EXPECT_EQ(ordered.length_m[e], original.length_m[e]);
  }
  // Nodes in Hilbert order of their position.
  const auto [min_x, max_x] = std::minmax_element(ordered.x.begin(), ordered.x.end());
  const auto [min_y, max_y] = std::minmax_element(ordered.y.begin(), ordered.y.end());
  const double side = std::max(*max_x - *min_x, *max_y - *min_y);
  for (NodeId v = 1; v < ordered.node_count(); ++v) {
    EXPECT_LE(graph::hilbert_index(ordered.x[v - 1], ordered.y[v - 1], *min_x, *min_y, *min_x + side,
                                   *min_y + side),
              graph::hilbert_index(ordered.x[v], ordered.y[v], *min_x, *min_y, *min_x + side, *min_y + side));
  }
  // Multi-source searches give every node the same time and facility.
  std::uniform_int_distribution<NodeId> node(0, original.node_count() - 1);
  std::vector<routing::Source> before, after;
  for (std::uint32_t k = 0; k < 20; ++k) {
    const NodeId u = node(rng);
    before.push_back({u, 0.0, k});
    after.push_back({new_of_old[u], 0.0, k});
  }
  const routing::TravelCost walk_original = routing::walking_cost(original, 1.0);
  const routing::TravelCost walk_ordered = routing::walking_cost(ordered, 1.0);
  routing::BoundedDijkstra a(walk_original), b(walk_ordered);
  a.run(before, 900.0);
  b.run(after, 900.0);
  EXPECT_EQ(a.settled().size(), b.settled().size());
  for (NodeId u = 0; u < original.node_count(); ++u) {
    ASSERT_EQ(a.time_s(u), b.time_s(new_of_old[u])) << u;
    ASSERT_EQ(a.label(u), b.label(new_of_old[u])) << u;
  }
}

// A 40 x 40 street grid numbered at random: neighbours end up far apart in
// memory; after ordering, a street's two ends are close.
TEST(NodeOrder, StreetEndsEndUpNearInMemory) {
  constexpr NodeId kSide = 40;
  std::mt19937 rng(5);
  std::vector<NodeId> shuffled(kSide * kSide);
  std::iota(shuffled.begin(), shuffled.end(), NodeId{0});
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::vector<double> x(shuffled.size()), y(shuffled.size());
  std::vector<graph::PlanarEdge> edges;
  for (NodeId r = 0; r < kSide; ++r) {
    for (NodeId c = 0; c < kSide; ++c) {
      const NodeId id = shuffled[r * kSide + c];
      x[id] = 100.0 * c;
      y[id] = 100.0 * r;
      if (c + 1 < kSide) edges.push_back({id, shuffled[r * kSide + c + 1], -1.0, {}});
      if (r + 1 < kSide) edges.push_back({id, shuffled[(r + 1) * kSide + c], -1.0, {}});
    }
  }
  graph::WalkGraph g = graph::assemble_graph(std::move(x), std::move(y), edges);
  const auto median_gap = [](const graph::WalkGraph& graph) {
    std::vector<NodeId> gaps;
    for (graph::EdgeId e = 0; e < graph.edge_count(); ++e) {
      gaps.push_back(graph.edge_from[e] > graph.edge_to[e] ? graph.edge_from[e] - graph.edge_to[e]
                                                           : graph.edge_to[e] - graph.edge_from[e]);
    }
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
    return gaps[gaps.size() / 2];
  };
  const NodeId before = median_gap(g);
  graph::order_nodes_for_locality(g);
  g.validate();
  const NodeId after = median_gap(g);
  EXPECT_GT(before, 200u);  // random: about a third of the 1,600 nodes
  EXPECT_LE(after, 3u);     // half of all streets join nodes at most 3 apart
}

}  // namespace
}  // namespace lifecircle
