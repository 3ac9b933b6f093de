// The coverage engine's speed: Andorra (real OSM) with 1,000 facilities at
// random places (fixed seed), 15 minutes at 4 km/h; and the whole run on the
// bundled Wenling demo. Prints figures, asserts nothing.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "lifecircle/coverage/facility_isochrones.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"
#include "memory.hpp"
#include "walk_graphs.hpp"

namespace {

using namespace lifecircle;

std::filesystem::path shared_data() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DATA");
  return env && *env ? std::filesystem::path(env)
                     : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "data";
}

struct Andorra {
  graph::WalkGraph graph;
  std::vector<coverage::IsochroneJob> jobs;
  bool ok = false;
};

const Andorra& andorra() {
  static const Andorra a = [] {
    Andorra out;
    const auto file = shared_data() / "osm-andorra" / "andorra.osm.pbf";
    if (!std::filesystem::exists(file)) return out;
    out.graph = bench::osm_walk_graph(file, 32631);
    std::mt19937 rng(12345);
    std::uniform_int_distribution<graph::EdgeId> edge(0, out.graph.edge_count() - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 1000; ++i) {
      const graph::EdgeId e = edge(rng);
      out.jobs.push_back({{e, unit(rng) * out.graph.length_m[e], 0.0}, {15.0}});
    }
    out.ok = true;
    return out;
  }();
  return a;
}

void per_facility(benchmark::State& state, bool polygons) {
  const Andorra& a = andorra();
  if (!a.ok) {
    state.SkipWithError("Andorra extract missing");
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  const coverage::DemandModel no_demand;
  std::uint64_t settled = 0;
  for (auto _ : state) {
    const auto results = coverage::isochrones(a.graph, a.jobs, no_demand, {threads, polygons, {50.0, 4}});
    settled = 0;
    for (const auto& r : results) settled += r.reached_nodes;
    benchmark::DoNotOptimize(settled);
  }
  state.counters["facilities"] = static_cast<double>(a.jobs.size());
  state.counters["settled_nodes"] = static_cast<double>(settled);
  state.counters["settled_per_s_per_thread"] =
      benchmark::Counter(static_cast<double>(settled) / threads, benchmark::Counter::kIsRate);
  state.counters["peak_rss_MiB"] = bench::peak_rss_mib();
}

void BM_Andorra1000Searches(benchmark::State& state) { per_facility(state, false); }
BENCHMARK(BM_Andorra1000Searches)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Andorra1000SearchesAndPolygons(benchmark::State& state) { per_facility(state, true); }
BENCHMARK(BM_Andorra1000SearchesAndPolygons)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AndorraMultiSourceCoverage(benchmark::State& state) {
  const Andorra& a = andorra();
  if (!a.ok) {
    state.SkipWithError("Andorra extract missing");
    return;
  }
  std::vector<routing::NetworkPoint> points;
  for (const auto& j : a.jobs) points.push_back(j.at);
  const auto sources = routing::sources_for_all(a.graph, points, {});
  routing::BoundedDijkstra search(a.graph);
  for (auto _ : state) {
    search.run(sources, 900.0);
    benchmark::DoNotOptimize(search.settled().data());
  }
  state.counters["reached_nodes"] = static_cast<double>(search.settled().size());
}
BENCHMARK(BM_AndorraMultiSourceCoverage)->Unit(benchmark::kMillisecond);

void BM_WenlingDemoWholeRun(benchmark::State& state) {
  const auto plan_file = std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/plan.toml";
  if (!std::filesystem::exists(plan_file)) {
    state.SkipWithError("demo plan missing");
    return;
  }
  const io::Plan plan = io::load_plan(plan_file);
  std::size_t facilities = 0, nodes = 0;
  for (auto _ : state) {
    const auto study = study::load_study(plan);
    const auto result = coverage::run_coverage(*study, {static_cast<int>(state.range(0)), true, {}});
    facilities = study->facilities.size();
    nodes = study->network.graph.node_count();
    benchmark::DoNotOptimize(result.categories.data());
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["facilities"] = static_cast<double>(facilities);
  state.counters["peak_rss_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(BM_WenlingDemoWholeRun)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
