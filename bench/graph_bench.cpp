// Graph build time and memory: Andorra's real OSM extract and a generated
// network of about a million nodes. Prints figures, asserts nothing.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "memory.hpp"
#include "synthetic_city.hpp"
#include "walk_graphs.hpp"

namespace {

std::filesystem::path shared_data() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DATA");
  return env && *env ? std::filesystem::path(env)
                     : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "data";
}

void BM_AndorraReadAndBuild(benchmark::State& state) {
  const auto file = shared_data() / "osm-andorra" / "andorra.osm.pbf";
  if (!std::filesystem::exists(file)) {
    state.SkipWithError(("missing " + file.string()).c_str());
    return;
  }
  lifecircle::graph::WalkGraph g;
  for (auto _ : state) {
    g = lifecircle::bench::osm_walk_graph(file, 32631);  // read, build, order as build_walk_network does
    benchmark::DoNotOptimize(g.head.data());
  }
  state.counters["nodes"] = g.node_count();
  state.counters["edges"] = g.edge_count();
  state.counters["bytes_per_node_plus_edge"] =
      static_cast<double>(g.memory_bytes()) / (g.node_count() + g.edge_count());
  // Shapes (16 bytes a stored point: the ends are the nodes, not stored) apart from the rest.
  const double shape_bytes =
      static_cast<double>((g.shape_x.capacity() + g.shape_y.capacity()) * sizeof(double));
  state.counters["stored_shape_points_per_edge"] = static_cast<double>(g.shape_x.size()) / g.edge_count();
  state.counters["B_per_node_edge_without_shapes"] =
      (static_cast<double>(g.memory_bytes()) - shape_bytes) / (g.node_count() + g.edge_count());
  state.counters["peak_rss_MiB"] = lifecircle::bench::peak_rss_mib();
}
BENCHMARK(BM_AndorraReadAndBuild)->Unit(benchmark::kMillisecond);

void BM_SyntheticMillionNodes(benchmark::State& state) {
  lifecircle::graph::WalkGraph g;
  for (auto _ : state) {
    g = lifecircle::bench::synthetic_grid(1000);
    benchmark::DoNotOptimize(g.head.data());
  }
  state.counters["nodes"] = g.node_count();
  state.counters["edges"] = g.edge_count();
  state.counters["graph_MiB"] = static_cast<double>(g.memory_bytes()) / 1048576.0;
  state.counters["bytes_per_node_plus_edge"] =
      static_cast<double>(g.memory_bytes()) / (g.node_count() + g.edge_count());
  state.counters["peak_rss_MiB"] = lifecircle::bench::peak_rss_mib();
}
BENCHMARK(BM_SyntheticMillionNodes)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
