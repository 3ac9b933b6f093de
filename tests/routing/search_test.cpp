#include "lifecircle/routing/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <functional>
#include <queue>
#include <random>
#include <tuple>

#include "lifecircle/graph/bgl.hpp"
#include "lifecircle/graph/build.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "testing/ascii_graph.hpp"
#include "testing/paths.hpp"
#include "testing/random_graph.hpp"

namespace lifecircle::routing {
namespace {

using graph::WalkGraph;

// Oracle: Boost.Graph's Dijkstra (a 4-ary heap, nothing shared with ours)
// run on the production graph itself through graph/bgl.hpp. Several sources
// with start times: each source node starts at its earliest start time.
std::vector<double> boost_times(const TravelCost& cost, const std::vector<Source>& sources) {
  const WalkGraph& g = *cost.graph;
  std::vector<double> dist(g.node_count(), kUnreached);
  std::vector<graph::NodeId> starts;
  for (const Source& s : sources) {
    if (dist[s.node] == kUnreached) starts.push_back(s.node);  // each vertex enters BGL's queue once
    dist[s.node] = std::min(dist[s.node], s.time_s);
  }
  std::vector<double> edge_time_s(g.edge_count());  // the cost's seconds, per edge
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) edge_time_s[e] = cost.edge_time_s(e);
  const auto index = get(boost::vertex_index, g);
  boost::dijkstra_shortest_paths_no_init(g, starts.begin(), starts.end(), boost::dummy_property_map(),
                                         boost::make_iterator_property_map(dist.begin(), index),
                                         graph::bgl::EdgeValueMap{edge_time_s.data()}, index, std::less<>(),
                                         std::plus<>(), 0.0, boost::default_dijkstra_visitor());
  return dist;
}

TEST(BoundedDijkstra, AsciiGraphTimes) {
  // 10 m per cell, 1 m/s.
  const auto g = testing::ascii_graph(R"(
a---b---c
|       |
d-------e---f
)");
  BoundedDijkstra search(g.cost);
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
  BoundedDijkstra search(g.cost);
  const std::vector<Source> sources{{g.node_of('c'), 0.0, 5}, {g.node_of('a'), 0.0, 9}};
  search.run(sources, 1000.0);
  EXPECT_EQ(search.label(g.node_of('b')), 5u);
  EXPECT_EQ(search.label(g.node_of('a')), 9u);
}

TEST(BoundedDijkstra, MatchesBoostDijkstraOnRandomGraphs) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 20; ++trial) {
    const WalkGraph g = testing::random_graph(rng, 300, 700);
    const TravelCost walking = walking_cost(g, testing::kRandomGraphSpeedMps);
    BoundedDijkstra search(walking);
    std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
    std::uniform_real_distribution<double> start(0.0, 60.0);
    std::vector<Source> sources;
    const int source_count = 1 + trial % 5;
    for (int s = 0; s < source_count; ++s)
      sources.push_back({node(rng), start(rng), static_cast<std::uint32_t>(s)});
    const double budget = 900.0;
    search.run(sources, budget);
    const auto truth = boost_times(walking, sources);
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
  const TravelCost walking = walking_cost(g, testing::kRandomGraphSpeedMps);
  BoundedDijkstra multi(walking), single(walking);
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

// Reference for the order of settling: a plain lazy-deletion Dijkstra on
// std::priority_queue of (time, label, node). Any correct queue pops the
// live entries in the same order, so settled() must equal it, ties included.
struct Reference {
  std::vector<double> time_s;
  std::vector<std::uint32_t> label;
  std::vector<graph::NodeId> settled;
};

Reference reference_search(const TravelCost& cost, const std::vector<Source>& sources, double budget_s) {
  const WalkGraph& g = *cost.graph;
  const std::size_t n = g.node_count();
  Reference r{std::vector<double>(n, kUnreached), std::vector<std::uint32_t>(n, kNoLabel), {}};
  std::vector<char> done(n, 0);
  using Item = std::tuple<double, std::uint32_t, graph::NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  const auto offer = [&](double t, std::uint32_t l, graph::NodeId v) {
    if (t <= budget_s && !done[v] && earlier(t, l, r.time_s[v], r.label[v])) {
      r.time_s[v] = t;
      r.label[v] = l;
      queue.emplace(t, l, v);
    }
  };
  for (const Source& s : sources) offer(s.time_s, s.label, s.node);
  while (!queue.empty()) {
    const auto [t, l, u] = queue.top();
    queue.pop();
    if (done[u] || t != r.time_s[u] || l != r.label[u]) continue;
    done[u] = 1;
    r.settled.push_back(u);
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a)
      offer(t + cost.arc_time_s[a], l, g.head[a]);
  }
  return r;
}

// Times rounded to whole half-minutes (short edges to zero) make ties
// everywhere: equal times from different labels, and equal (time, label) at
// many nodes, the cases where a queue could settle in another order.
TEST(BoundedDijkstra, SettlesInTheReferenceOrderUnderTies) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 10; ++trial) {
    const WalkGraph g = testing::random_graph(rng, 400, 1000);
    TravelCost rounded = walking_cost(g, testing::kRandomGraphSpeedMps);
    for (double& t : rounded.arc_time_s) t = 30.0 * std::round(t / 30.0);  // both arcs of an edge alike
    std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
    std::uniform_int_distribution<int> start(0, 2);
    std::uniform_int_distribution<std::uint32_t> label(0, 9);
    std::vector<Source> sources;
    for (int s = 0; s < 5 + 10 * trial; ++s) sources.push_back({node(rng), 30.0 * start(rng), label(rng)});
    sources.push_back({sources.front().node, -0.0, 3});  // a second source at a node, at minus zero
    BoundedDijkstra search(rounded);
    // Several runs on one object: the reset must hold. The queue cuts the
    // budget into 1,024 slices: 1024 s puts the half-minute times exactly on
    // slice boundaries, 30 * 1024 s each half minute in a slice of its own,
    // next to the next; an infinite budget puts every time in the first slice,
    // a zero budget only the sources at (minus) zero.
    for (const double budget : {600.0, 90.0, 1024.0, 30.0 * 1024.0, kUnreached, 0.0}) {
      search.run(sources, budget);
      const Reference truth = reference_search(rounded, sources, budget);
      ASSERT_EQ(search.settled(), truth.settled) << "trial " << trial << " budget " << budget;
      for (graph::NodeId v = 0; v < g.node_count(); ++v) {
        ASSERT_EQ(search.time_s(v) <= budget, truth.time_s[v] <= budget) << v;
        if (truth.time_s[v] <= budget) {
          ASSERT_EQ(search.time_s(v), truth.time_s[v]) << v;
          ASSERT_EQ(search.label(v), truth.label[v]) << v;
        }
      }
    }
  }
}

// The same check on the real extracts: every node within 15 minutes of a
// few random starts, with Boost.Graph's times, to the nanosecond.
TEST(BoundedDijkstra, MatchesBoostDijkstraOnRealExtracts) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  const std::vector<std::pair<const char*, int>> extracts{
      {"osm-monaco/monaco.osm.pbf", 32632},
      {"osm-andorra/andorra.osm.pbf", 32631},
      {"osm-beijing-haidian-cau/beijing_haidian_cau.osm", 32650}};
  std::mt19937 rng(5);
  for (const auto& [file, epsg] : extracts) {
    const WalkGraph g = graph::build_walk_graph(io::read_osm_roads(*shared / file), io::WorkingCrs(epsg));
    const TravelCost walking = walking_cost(g, 4000.0 / 3600.0);
    BoundedDijkstra search(walking);
    std::uniform_int_distribution<graph::NodeId> node(0, g.node_count() - 1);
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<Source> sources;
      for (std::uint32_t s = 0; s <= static_cast<std::uint32_t>(trial); ++s)
        sources.push_back({node(rng), 0.0, s});
      search.run(sources, 900.0);
      const auto truth = boost_times(walking, sources);
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
