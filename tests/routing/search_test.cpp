#include "lifecircle/routing/search.hpp"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <random>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "testing/ascii_graph.hpp"
#include "testing/paths.hpp"
#include "testing/random_graph.hpp"

namespace lifecircle::routing {
namespace {

using graph::WalkGraph;

// Independent oracle: Boost.Graph's Dijkstra on an adjacency list made from
// the edge list (not from our CSR arrays).
std::vector<double> boost_times(const WalkGraph& g, const std::vector<Source>& sources) {
  using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                           boost::property<boost::edge_weight_t, double>>;
  // A super source joined to each source by an edge of its start time.
  const std::size_t n = g.node_count();
  BoostGraph bg(n + 1);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    boost::add_edge(g.edge_from[e], g.edge_to[e], g.walk_time_s[e], bg);
  }
  for (const Source& s : sources) boost::add_edge(n, s.node, s.time_s, bg);
  std::vector<double> dist(n + 1);
  boost::dijkstra_shortest_paths(bg, n, boost::distance_map(dist.data()));
  dist.pop_back();
  return dist;
}

TEST(BoundedDijkstra, AsciiGraphTimes) {
  // 10 m per cell, 1 m/s.
  const auto g = testing::ascii_graph(R"(
a---b---c
|       |
d-------e---f
)");
  BoundedDijkstra search(g.graph);
  const Source start{g.node_of('a'), 0.0, 7};
  search.run({&start, 1}, 100.0);
  EXPECT_DOUBLE_EQ(search.time_s(g.node_of('b')), 40.0);
  EXPECT_DOUBLE_EQ(search.time_s(g.node_of('c')), 80.0);
  EXPECT_DOUBLE_EQ(search.time_s(g.node_of('e')), 100.0);  // via d: 20 + 80, exactly the budget: reached
  EXPECT_TRUE(search.reached(g.node_of('e')));
  EXPECT_FALSE(search.reached(g.node_of('f')));  // 140 s
  EXPECT_EQ(search.label(g.node_of('c')), 7u);
  EXPECT_EQ(search.settled().size(), 5u);
  // The next run forgets the previous one (O(1) reset).
  const Source other{g.node_of('f'), 0.0, 1};
  search.run({&other, 1}, 30.0);
  EXPECT_FALSE(search.reached(g.node_of('a')));
  EXPECT_EQ(search.settled().size(), 1u);
}

TEST(BoundedDijkstra, TiesGoToTheSmallerLabel) {
  const auto g = testing::ascii_graph("a---b---c");
  BoundedDijkstra search(g.graph);
  const std::vector<Source> sources{{g.node_of('c'), 0.0, 5}, {g.node_of('a'), 0.0, 9}};
  search.run(sources, 1000.0);
  EXPECT_EQ(search.label(g.node_of('b')), 5u);
  EXPECT_EQ(search.label(g.node_of('a')), 9u);
}

TEST(BoundedDijkstra, MatchesBoostDijkstraOnRandomGraphs) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 20; ++trial) {
    const WalkGraph g = testing::random_graph(rng, 300, 700);
    BoundedDijkstra search(g);
    std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
    std::uniform_real_distribution<double> start(0.0, 60.0);
    std::vector<Source> sources;
    const int source_count = 1 + trial % 5;
    for (int s = 0; s < source_count; ++s) sources.push_back({node(rng), start(rng), static_cast<std::uint32_t>(s)});
    const double budget = 900.0;
    search.run(sources, budget);
    const auto truth = boost_times(g, sources);
    std::size_t reached = 0;
    for (graph::NodeId v = 0; v < g.node_count(); ++v) {
      if (truth[v] <= budget) {
        ++reached;
        ASSERT_TRUE(search.reached(v)) << "trial " << trial << " node " << v;
        ASSERT_NEAR(search.time_s(v), truth[v], 1e-9);
      } else {
        ASSERT_FALSE(search.reached(v)) << "trial " << trial << " node " << v;
      }
    }
    EXPECT_EQ(search.settled().size(), reached);
  }
}

TEST(BoundedDijkstra, MultiSourceEqualsMinimumOfSingleSearches) {
  std::mt19937 rng(7);
  const WalkGraph g = testing::random_graph(rng, 500, 1200);
  std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
  std::vector<Source> sources;
  for (std::uint32_t s = 0; s < 12; ++s) sources.push_back({node(rng), 0.0, s});
  BoundedDijkstra multi(g), single(g);
  multi.run(sources, 600.0);
  std::vector<double> best(g.node_count(), kUnreached);
  std::vector<std::uint32_t> best_label(g.node_count(), kNoLabel);
  for (const Source& s : sources) {
    single.run({&s, 1}, 600.0);
    for (graph::NodeId v : single.settled()) {
      const double t = single.time_s(v);
      if (t < best[v] || (t == best[v] && s.label < best_label[v])) {
        best[v] = t;
        best_label[v] = s.label;
      }
    }
  }
  for (graph::NodeId v = 0; v < g.node_count(); ++v) {
    ASSERT_EQ(multi.time_s(v) <= 600.0, best[v] <= 600.0) << v;
    if (best[v] <= 600.0) {
      ASSERT_DOUBLE_EQ(multi.time_s(v), best[v]);
      ASSERT_EQ(multi.label(v), best_label[v]) << "nearest facility differs at node " << v;
    }
  }
}

// The same check on the real extracts: every node within 15 minutes of a
// few random starts, with Boost.Graph's times, to the nanosecond.
TEST(BoundedDijkstra, MatchesBoostDijkstraOnRealExtracts) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  const std::vector<std::pair<const char*, int>> extracts{{"osm-monaco/monaco.osm.pbf", 32632},
                                                          {"osm-andorra/andorra.osm.pbf", 32631},
                                                          {"osm-beijing-haidian-cau/beijing_haidian_cau.osm", 32650}};
  std::mt19937 rng(5);
  for (const auto& [file, epsg] : extracts) {
    const WalkGraph g =
        graph::build_walk_graph(io::read_osm_roads(*shared / file), io::WorkingCrs(epsg), 4000.0 / 3600.0);
    BoundedDijkstra search(g);
    std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<Source> sources;
      for (std::uint32_t s = 0; s <= static_cast<std::uint32_t>(trial); ++s) sources.push_back({node(rng), 0.0, s});
      search.run(sources, 900.0);
      const auto truth = boost_times(g, sources);
      for (graph::NodeId v = 0; v < g.node_count(); ++v) {
        ASSERT_EQ(search.reached(v), truth[v] <= 900.0) << file << " node " << v;
        if (truth[v] <= 900.0) {
          ASSERT_NEAR(search.time_s(v), truth[v], 1e-9) << file << " node " << v;
        }
      }
    }
  }
}

}  // namespace
}  // namespace lifecircle::routing
