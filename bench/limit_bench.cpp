// Near the limit: the bare search (BoundedDijkstra, no street cutting, no
// polygons) from 1,000 facilities at nodes, 15 minutes at 4 km/h, on
// Andorra's graph and on the generated 1000x1000 grid, at 1 and 2 threads.
// `settled_per_s_per_thread` is the figure to compare with the hardware:
// settled nodes over the wall time, divided by the threads. Prints figures,
// asserts nothing.

#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

#include "lifecircle/routing/network_point.hpp"
#include "memory.hpp"
#include "synthetic_city.hpp"
#include "walk_graphs.hpp"

namespace {

using namespace lifecircle;

std::filesystem::path shared_data() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DATA");
  return env && *env ? std::filesystem::path(env)
                     : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "data";
}

constexpr double kWalkSpeedMps = 4000.0 / 3600.0;

struct Network {
  graph::WalkGraph graph;
  std::vector<graph::NodeId> facilities;
};

Network with_facilities(graph::WalkGraph g) {
  Network out{std::move(g), {}};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<graph::NodeId> node(0, out.graph.node_count() - 1);
  while (out.facilities.size() < 1000) out.facilities.push_back(node(rng));
  return out;
}

const Network* network(int which) {
  static std::unique_ptr<Network> andorra, grid;
  if (which == 0) {
    const auto file = shared_data() / "osm-andorra" / "andorra.osm.pbf";
    if (!andorra && std::filesystem::exists(file)) {
      andorra = std::make_unique<Network>(with_facilities(bench::osm_walk_graph(file, 32631)));
    }
    return andorra.get();
  }
  if (!grid) grid = std::make_unique<Network>(with_facilities(bench::synthetic_grid(1000)));
  return grid.get();
}

void BM_BareSearches(benchmark::State& state) {
  const Network* net = network(static_cast<int>(state.range(0)));
  if (!net) {
    state.SkipWithError("Andorra extract missing");
    return;
  }
  const int threads = static_cast<int>(state.range(1));
  const auto count = static_cast<std::int64_t>(net->facilities.size());
  // The walking cost and one search object per thread, made before the timing (as the engine keeps them).
  const routing::TravelCost walking = routing::walking_cost(net->graph, kWalkSpeedMps);
  std::vector<std::unique_ptr<routing::BoundedDijkstra>> searches;
  for (int t = 0; t < threads; ++t) searches.push_back(std::make_unique<routing::BoundedDijkstra>(walking));
  std::uint64_t settled = 0;
  for (auto _ : state) {
#pragma omp parallel num_threads(threads) reduction(+ : settled)
    {
      routing::BoundedDijkstra& search = *searches[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 8)
      for (std::int64_t k = 0; k < count; ++k) {
        const routing::Source s{net->facilities[static_cast<std::size_t>(k)], 0.0, 0};
        search.run({&s, 1}, 900.0);
        settled += search.settled().size();
      }
    }
  }
  state.counters["nodes"] = net->graph.node_count();
  state.counters["settled_per_search"] =
      static_cast<double>(settled) / static_cast<double>(count * state.iterations());
  state.counters["settled_per_s_per_thread"] =
      benchmark::Counter(static_cast<double>(settled) / threads, benchmark::Counter::kIsRate);
  state.counters["graph_B_per_node_edge"] =
      static_cast<double>(net->graph.memory_bytes()) / (net->graph.node_count() + net->graph.edge_count());
  // The walking cost: one time per arc.
  state.counters["cost_B_per_node_edge"] = static_cast<double>(walking.arc_time_s.size() * sizeof(double)) /
                                           (net->graph.node_count() + net->graph.edge_count());
  // One 16-byte slot per node (time, label, mark), per thread.
  state.counters["search_B_per_node_edge"] =
      16.0 * net->graph.node_count() / (net->graph.node_count() + net->graph.edge_count());
}
BENCHMARK(BM_BareSearches)
    ->ArgNames({"andorra0_grid1", "threads"})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Args({1, 1})
    ->Args({1, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Multi-source coverage: one search from all 1,000 facilities at once.
void BM_MultiSource(benchmark::State& state) {
  const Network* net = network(static_cast<int>(state.range(0)));
  if (!net) {
    state.SkipWithError("Andorra extract missing");
    return;
  }
  std::vector<routing::Source> sources;
  for (std::uint32_t k = 0; k < net->facilities.size(); ++k) sources.push_back({net->facilities[k], 0.0, k});
  const routing::TravelCost walking = routing::walking_cost(net->graph, kWalkSpeedMps);
  routing::BoundedDijkstra search(walking);
  for (auto _ : state) search.run(sources, 900.0);
  state.counters["settled"] = static_cast<double>(search.settled().size());
  state.counters["settled_per_s"] = benchmark::Counter(
      static_cast<double>(search.settled().size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MultiSource)->ArgName("andorra0_grid1")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
