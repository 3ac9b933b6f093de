#include "lifecircle/geom/reached_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "testing/ascii_graph.hpp"
#include "testing/paths.hpp"
#include "testing/random_graph.hpp"

namespace lifecircle::geom {
namespace {

using routing::BoundedDijkstra;
using routing::NetworkPoint;
using routing::SourcesOnEdges;

TEST(ReachedIntervals, PartialEdgesAreCutWhereTheBudgetRunsOut) {
  // a---------b---------c---------d   (100 m edges, 1 m/s)
  const auto g = testing::ascii_graph("a---------b---------c---------d");
  const std::vector<NetworkPoint> facility{{0, 30.0, 0.0}};  // on a-b, 30 m from a
  const SourcesOnEdges on_edges(facility, {});
  BoundedDijkstra search(g.cost);
  const auto sources = routing::sources_for(g.cost, facility[0], 0);
  search.run(sources, 120.0);
  // a-b: the facility's own edge, all of it (a at 30 s, b at 70 s).
  const auto ab = reached_intervals(search, 0, on_edges, 120.0);
  ASSERT_EQ(ab.size(), 1u);
  EXPECT_DOUBLE_EQ(ab[0].from_m, 0.0);
  EXPECT_DOUBLE_EQ(ab[0].to_m, 100.0);
  // b-c: from b (70 s) 50 m remain.
  const auto bc = reached_intervals(search, 1, on_edges, 120.0);
  ASSERT_EQ(bc.size(), 1u);
  EXPECT_DOUBLE_EQ(bc[0].to_m, 50.0);
  EXPECT_TRUE(reached_intervals(search, 2, on_edges, 120.0).empty());
  // A smaller band from the same search: 60 s reaches 30 m left and right of the facility... and a at 30 s.
  const auto band = reached_intervals(search, 0, on_edges, 60.0);
  ASSERT_EQ(band.size(), 1u);
  EXPECT_DOUBLE_EQ(band[0].from_m, 0.0);
  EXPECT_DOUBLE_EQ(band[0].to_m, 90.0);
}

TEST(ReachedIntervals, AnEdgeReachedFromBothEndsHasAGapInTheMiddle) {
  //  a----------b    a and b both sources; the edge between is 100 m; budget 30 s.
  const auto g = testing::ascii_graph("a---------b");
  BoundedDijkstra search(g.cost);
  const std::vector<routing::Source> sources{{g.node_of('a'), 0.0, 0}, {g.node_of('b'), 0.0, 1}};
  search.run(sources, 30.0);
  const auto pieces = reached_intervals(search, 0, SourcesOnEdges{}, 30.0);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_DOUBLE_EQ(pieces[0].to_m, 30.0);
  EXPECT_DOUBLE_EQ(pieces[1].from_m, 70.0);
  const ReachedNetwork net = reached_network(search, SourcesOnEdges{}, 30.0);
  EXPECT_DOUBLE_EQ(net.length_m, 60.0);
  ASSERT_EQ(net.pieces.size(), 2u);
  EXPECT_DOUBLE_EQ(net.pieces[1].x.front(), 70.0);
  EXPECT_DOUBLE_EQ(net.pieces[1].x.back(), 100.0);
}

TEST(ReachedNetwork, SourceInTheMiddleOfALongEdge) {
  const auto g = testing::ascii_graph("a-------------------b");  // 200 m
  const std::vector<NetworkPoint> facility{{0, 100.0, 10.0}};
  const SourcesOnEdges on_edges(facility, {});
  BoundedDijkstra search(g.cost);
  search.run(routing::sources_for(g.cost, facility[0], 0), 60.0);
  EXPECT_TRUE(search.settled().empty()) << "neither end is within 60 s";
  const ReachedNetwork net = reached_network(search, on_edges, 60.0);
  ASSERT_EQ(net.pieces.size(), 1u);
  EXPECT_DOUBLE_EQ(net.pieces[0].along.from_m, 50.0);  // 60 s - 10 s access = 50 m each way
  EXPECT_DOUBLE_EQ(net.pieces[0].along.to_m, 150.0);
}

// Every point of every piece has a network time within the budget, and
// every point just outside a piece's cut end has not (checked by arrival_at).
TEST(ReachedNetwork, PiecesAgreeWithPointArrivalsOnAGrid) {
  const auto g = testing::ascii_graph(R"(
a---------b---------c---------d
|         |         |         |
e---------f---------g---------h
|         |         |         |
i---------j---------k---------l
)");
  const std::vector<NetworkPoint> facility{{3, 20.0, 4.0}};
  const SourcesOnEdges on_edges(facility, {});
  BoundedDijkstra search(g.cost);
  const double budget = 170.0;
  search.run(routing::sources_for(g.cost, facility[0], 0), budget);
  std::mt19937 rng(1);
  for (graph::EdgeId e = 0; e < g.graph.edge_count(); ++e) {
    const auto intervals = reached_intervals(search, e, on_edges, budget);
    std::uniform_real_distribution<double> offset(0.0, g.graph.length_m[e]);
    for (int k = 0; k < 200; ++k) {
      const double o = offset(rng);
      bool inside = false;
      for (const Interval& i : intervals) inside = inside || (o >= i.from_m && o <= i.to_m);
      const double t = routing::arrival_at(search, {e, o, 0.0}, on_edges).time_s;
      ASSERT_EQ(inside, t <= budget + 1e-9) << "edge " << e << " offset " << o;
    }
  }
}

// The street length measured on the cut shapes themselves: each piece's
// planar polyline length, scaled back to true length as cut_edge_shape scales
// offsets (edges whose shape has no planar length count their interval).
double measured_length_m(const graph::WalkGraph& g, const ReachedNetwork& net) {
  double total = 0.0;
  for (const Piece& piece : net.pieces) {
    double planar_edge = 0.0;
    const graph::EdgeShape shape = g.shape(piece.edge);
    for (std::uint32_t s = 0; s + 1 < shape.size(); ++s) {
      planar_edge += std::hypot(shape[s + 1].x - shape[s].x, shape[s + 1].y - shape[s].y);
    }
    if (planar_edge <= 0.0) {
      total += piece.along.to_m - piece.along.from_m;
      continue;
    }
    double planar_piece = 0.0;
    for (std::size_t k = 0; k + 1 < piece.x.size(); ++k) {
      planar_piece += std::hypot(piece.x[k + 1] - piece.x[k], piece.y[k + 1] - piece.y[k]);
    }
    total += planar_piece * g.length_m[piece.edge] / planar_edge;
  }
  return total;
}

// From facilities at random places on random edges, for several budgets: the
// shape-free length equals reached_network's to the bit, and the length
// measured on the cut shapes to 1e-6 m.
void expect_length_only_matches_geometry(const graph::WalkGraph& g, std::uint32_t seed, int facilities,
                                         double max_budget_s) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<graph::EdgeId> edge(0, g.edge_count() - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const routing::TravelCost walking = routing::walking_cost(g, 4000.0 / 3600.0);
  BoundedDijkstra search(walking);
  int spread = 0;  // facilities whose reach goes beyond their own edge: the test must see some
  for (int k = 0; k < facilities; ++k) {
    const graph::EdgeId e = edge(rng);
    // Some at an edge end (offset 0), some with an access walk.
    const double offset = k % 5 == 0 ? 0.0 : g.length_m[e] * unit(rng);
    const std::vector<NetworkPoint> facility{{e, offset, k % 3 == 0 ? 20.0 * unit(rng) : 0.0}};
    const SourcesOnEdges on_edges(facility, {});
    const double budget = max_budget_s * (0.05 + 0.95 * unit(rng));
    search.run(routing::sources_for(search.cost(), facility[0], 0), budget);
    for (const double band : {budget, budget / 2.0}) {
      const ReachedNetwork net = reached_network(search, on_edges, band);
      const double fast = reached_length_m(search, on_edges, band);
      ASSERT_EQ(fast, net.length_m) << "facility " << k << " band " << band;
      ASSERT_NEAR(fast, measured_length_m(g, net), 1e-6) << "facility " << k << " band " << band;
      if (net.pieces.size() > 3) ++spread;
    }
  }
  EXPECT_GT(spread, facilities / 2);
}

TEST(ReachedLength, EqualsTheGeometricLengthOnRandomGraphs) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    const graph::WalkGraph g = testing::random_graph(rng, 400, 900);
    expect_length_only_matches_geometry(g, static_cast<std::uint32_t>(trial), 60, 1800.0);
  }
}

TEST(ReachedLength, EqualsTheGeometricLengthOnRealExtracts) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  struct Extract {
    std::string path;
    int epsg;
  };
  for (const Extract& x :
       {Extract{"osm-monaco/monaco.osm.pbf", 32632}, Extract{"osm-andorra/andorra.osm.pbf", 32631}}) {
    SCOPED_TRACE(x.path);
    const graph::WalkGraph g =
        graph::build_walk_graph(io::read_osm_roads(*shared / x.path), io::WorkingCrs(x.epsg));
    expect_length_only_matches_geometry(g, 7, 150, 1200.0);
  }
}

}  // namespace
}  // namespace lifecircle::geom
