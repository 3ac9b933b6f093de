// Scenarios and siting: a one-facility and a ten-facility scenario applied
// incrementally (against a full recomputation of the category), and a K = 10
// suggestion over every network node, on the bundled Wenling demo (childcare,
// its real demand model) and on Andorra (real OSM, 200 random facilities,
// one demand point per edge weighted by its length). 15 minutes at 4 km/h.
// Prints figures, asserts nothing.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "lifecircle/coverage/incremental.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/siting.hpp"
#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"
#include "walk_graphs.hpp"

namespace {

using namespace lifecircle;

struct Instance {
  const graph::WalkGraph* graph = nullptr;
  routing::TravelCost walking;  // over *graph
  std::vector<routing::NetworkPoint> demand;
  std::vector<double> population;
  std::vector<coverage::LabelledPoint> base;
  double budget_s = 900.0;
  bool ok = false;
};

std::filesystem::path shared_data() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DATA");
  return env && *env ? std::filesystem::path(env)
                     : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "data";
}

const Instance& demo() {
  static std::unique_ptr<study::Study> study;
  static const Instance instance = [] {
    Instance out;
    study = study::load_study(
        io::load_plan(std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/plan.toml"));
    const geom::GeosContext ctx;
    const coverage::TownLocator towns(ctx, study->towns);
    const auto demand =
        coverage::street_length_demand(*study, coverage::cut_streets(study->network.graph, towns));
    for (const auto& p : demand.points) out.demand.push_back(p.at), out.population.push_back(p.population);
    out.graph = &study->network.graph;
    out.walking = routing::walking_cost(study->network.graph, study->plan.walk_speed_mps);
    out.base = coverage::base_facilities(*study, "childcare");
    out.budget_s = study->plan.find_category("childcare")->reach.budget_s(out.walking.speed_mps);
    out.ok = true;
    return out;
  }();
  return instance;
}

const Instance& andorra() {
  static graph::WalkGraph graph;
  static const Instance instance = [] {
    Instance out;
    const auto file = shared_data() / "osm-andorra" / "andorra.osm.pbf";
    if (!std::filesystem::exists(file)) return out;
    graph = bench::osm_walk_graph(file, 32631);
    for (graph::EdgeId e = 0; e < graph.edge_count(); ++e) {
      out.demand.push_back({e, 0.5 * graph.length_m[e], 0.0});
      out.population.push_back(graph.length_m[e]);
    }
    std::mt19937 rng(12345);
    std::uniform_int_distribution<graph::EdgeId> edge(0, graph.edge_count() - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (std::uint32_t i = 0; i < 200; ++i) {
      const graph::EdgeId e = edge(rng);
      out.base.push_back({i, {e, unit(rng) * graph.length_m[e], 0.0}});
    }
    out.graph = &graph;
    out.walking = routing::walking_cost(graph, 4000.0 / 3600.0);
    out.ok = true;
    return out;
  }();
  return instance;
}

const Instance& instance_of(benchmark::State& state) {
  const Instance& i = state.range(0) == 0 ? demo() : andorra();
  if (!i.ok) state.SkipWithError("data missing");
  return i;
}

// n facilities changed: half removed (existing ones), half added (random
// places); the scenario is undone outside the timing.
void scenario(benchmark::State& state, int changes) {
  const Instance& in = instance_of(state);
  if (!in.ok) return;
  coverage::IncrementalCoverage cov(in.walking, in.demand, in.budget_s);
  cov.reset(in.base);
  std::mt19937 rng(7);
  std::uniform_int_distribution<graph::EdgeId> edge(0,
                                                    static_cast<graph::EdgeId>(in.graph->edge_count() - 1));
  std::uniform_int_distribution<std::size_t> existing(0, in.base.size() - 1);
  std::size_t changed_nodes = 0;
  for (auto _ : state) {
    std::vector<coverage::LabelledPoint> removed, added;
    for (int k = 0; k < changes; ++k) {
      if (changes > 1 && k % 2 == 0) {
        const auto& f = in.base[existing(rng)];
        bool twice = false;
        for (const auto& r : removed) twice |= r.label == f.label;
        if (twice) continue;
        cov.remove(f.label);
        removed.push_back(f);
      } else {
        const graph::EdgeId e = edge(rng);
        const coverage::LabelledPoint f{1'000'000u + static_cast<std::uint32_t>(k),
                                        {e, 0.5 * in.graph->length_m[e], 0.0}};
        cov.add(f);
        added.push_back(f);
      }
      changed_nodes += cov.last_changed_nodes();
    }
    state.PauseTiming();
    for (const auto& f : added) cov.remove(f.label);
    for (const auto& f : removed) cov.add(f);
    state.ResumeTiming();
  }
  state.counters["nodes_changed_per_edit"] =
      static_cast<double>(changed_nodes) /
      static_cast<double>(state.iterations() * static_cast<std::size_t>(changes));
  state.counters["graph_nodes"] = static_cast<double>(in.graph->node_count());
}

void full_recomputation(benchmark::State& state) {
  const Instance& in = instance_of(state);
  if (!in.ok) return;
  coverage::IncrementalCoverage cov(in.walking, in.demand, in.budget_s);
  for (auto _ : state) cov.reset(in.base);
}

void suggest_ten(benchmark::State& state) {
  const Instance& in = instance_of(state);
  if (!in.ok) return;
  coverage::IncrementalCoverage cov(in.walking, in.demand, in.budget_s);
  cov.reset(in.base);
  std::vector<std::uint8_t> covered, eligible;
  for (const auto label : cov.demand_label()) {
    covered.push_back(label != routing::kNoLabel);
    eligible.push_back(label == routing::kNoLabel);
  }
  const auto candidates = coverage::node_candidates(*in.graph);
  for (auto _ : state) {
    const auto reach = coverage::candidate_reach(in.walking, in.demand, eligible, candidates, in.budget_s,
                                                 static_cast<int>(state.range(1)));
    const auto r = coverage::greedy_sites(reach, in.population, covered, 0.0, candidates, {10, 0.0});
    benchmark::DoNotOptimize(r.sites.data());
    state.counters["gain_evaluations"] = static_cast<double>(r.gain_evaluations);
  }
  state.counters["candidates"] = static_cast<double>(candidates.size());
}

void one_facility(benchmark::State& state) { scenario(state, 1); }
void ten_facilities(benchmark::State& state) { scenario(state, 10); }

// range(0): 0 = Wenling demo, 1 = Andorra.
BENCHMARK(one_facility)->ArgName("demo0_andorra1")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(ten_facilities)->ArgName("demo0_andorra1")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(full_recomputation)->ArgName("demo0_andorra1")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(suggest_ten)
    ->ArgNames({"demo0_andorra1", "threads"})
    ->Args({0, 1})
    ->Args({0, 2})
    ->Args({1, 2})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
