// lifecircle's side of the peer comparison: reads the CSV graph written by
// peers_export_graph (the same files the peers read), and times
//   (a) one search per facility: the bare search (BoundedDijkstra, one per
//       thread, node times as the peers return them), and apart from it
//       the coverage engine's path, which also cuts the reached streets,
//   (b) one search + isochrone polygon per facility (50 m, 5 m grid),
//   (c) the multi-source coverage of all facilities at once,
// for the first N facilities of facilities.txt, at each thread count given,
// each the best of 3 runs (milliseconds on a shared machine are noisy; the
// peers' capped loops of many calls average their noise out).
// Prints one JSON object per thread count (the format of peers_common.py).
// Per-facility reached-node counts come from an untimed pass, with the count
// of nodes whose time lies within 1e-6 s of the budget (ties another tool
// may sum to the other side of the budget).
//
//   peers_lifecircle DIR N THREADS... > result.jsonl

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lifecircle/coverage/facility_isochrones.hpp"
#include "lifecircle/graph/assemble.hpp"

namespace {

using namespace lifecircle;
using Clock = std::chrono::steady_clock;
using routing::kUnreached;

constexpr double kWalkSpeedMps = 4000.0 / 3600.0;
constexpr double kBudgetS = 900.0;
constexpr double kTieS = 1e-6;
constexpr int kRepeats = 3;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<std::string> lines;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

// Parses "a,b,c,..." numbers at the start of a line; returns the rest.
const char* numbers(const char* p, double* out, int count, const std::string& where) {
  for (int i = 0; i < count; ++i) {
    char* end = nullptr;
    out[i] = std::strtod(p, &end);
    if (end == p || (*end != ',' && *end != '\0')) throw std::runtime_error(where + ": bad number");
    p = *end ? end + 1 : end;
  }
  return p;
}

struct Loaded {
  graph::WalkGraph graph;
  std::vector<graph::NodeId> facilities;
};

Loaded load(const std::filesystem::path& dir) {
  std::vector<double> x, y;
  for (const auto& line : lines_of(dir / "nodes.csv")) {
    double v[3];
    numbers(line.c_str(), v, 3, "nodes.csv");
    if (v[0] != static_cast<double>(x.size()))
      throw std::runtime_error("nodes.csv: ids must be 0, 1, 2, ...");
    x.push_back(v[1]);
    y.push_back(v[2]);
  }
  std::vector<graph::PlanarEdge> edges;
  std::vector<double> seconds;
  for (const auto& line : lines_of(dir / "edges.csv")) {
    double v[5];
    const char* wkt = numbers(line.c_str(), v, 5, "edges.csv");
    graph::PlanarEdge e{static_cast<graph::NodeId>(v[1]), static_cast<graph::NodeId>(v[2]), v[3], {}};
    // "LINESTRING(x y,x y,...)": the inner points are the edge's shape.
    const char* p = std::strchr(wkt, '(');
    if (!p) throw std::runtime_error("edges.csv: edge " + std::to_string(edges.size()) + " has no shape");
    std::vector<std::pair<double, double>> points;
    for (++p; *p && *p != ')';) {
      char* end = nullptr;
      const double px = std::strtod(p, &end);
      const double py = std::strtod(end, &end);
      points.emplace_back(px, py);
      p = *end == ',' ? end + 1 : end;
    }
    if (points.size() > 2) e.inner_shape.assign(points.begin() + 1, points.end() - 1);
    edges.push_back(std::move(e));
    seconds.push_back(v[4]);
  }
  Loaded out{graph::assemble_graph(std::move(x), std::move(y), edges), {}};
  const routing::TravelCost walking = routing::walking_cost(out.graph, kWalkSpeedMps);
  for (graph::EdgeId e = 0; e < out.graph.edge_count(); ++e) {
    if (walking.edge_time_s(e) != seconds[e]) {
      throw std::runtime_error("edges.csv: edge " + std::to_string(e) + " time differs from length / 4 km/h");
    }
  }
  std::ifstream in(dir / "facilities.txt");
  for (graph::NodeId u; in >> u;) out.facilities.push_back(u);
  return out;
}

// A facility at a node: the start of one of its edges.
routing::NetworkPoint at_node(const graph::WalkGraph& g, graph::NodeId u) {
  if (g.first_out[u] == g.first_out[u + 1]) throw std::runtime_error("facility node without an edge");
  const graph::EdgeId e = g.arc_edge[g.first_out[u]];
  return {e, g.edge_from[e] == u ? 0.0 : g.length_m[e], 0.0};
}

// One search per facility in parallel, one search object per thread; seconds.
double bare_searches(const routing::TravelCost& walking, const std::vector<routing::NetworkPoint>& points,
                     int threads) {
  const auto t0 = Clock::now();
  const auto count = static_cast<std::int64_t>(points.size());
  std::size_t settled = 0;
#pragma omp parallel num_threads(threads) reduction(+ : settled)
  {
    routing::BoundedDijkstra search(walking);
#pragma omp for schedule(dynamic, 8)
    for (std::int64_t k = 0; k < count; ++k) {
      search.run(routing::sources_for(walking, points[static_cast<std::size_t>(k)], 0), kBudgetS);
      settled += search.settled().size();
    }
  }
  if (settled == 0 && count > 0) std::fputs("peers_lifecircle: nothing settled\n", stderr);
  return seconds_since(t0);
}

void print_array(std::ostringstream& out, const char* name, const std::vector<double>& v) {
  out << ",\"" << name << "\":[";
  for (std::size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << v[i];
  out << "]";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 4) {
      std::fputs("usage: peers_lifecircle DIR N THREADS...\n", stderr);
      return 2;
    }
    const std::filesystem::path dir = argv[1];
    const std::size_t n = std::stoul(argv[2]);
    const auto t_load = Clock::now();
    const Loaded in = load(dir);
    const double load_s = seconds_since(t_load);
    const double load_mib = peak_mib();
    const graph::WalkGraph& g = in.graph;
    const routing::TravelCost walking = routing::walking_cost(g, kWalkSpeedMps);
    if (in.facilities.size() < n) throw std::runtime_error("facilities.txt has fewer than N ids");

    std::vector<coverage::IsochroneJob> jobs;
    std::vector<routing::NetworkPoint> points;
    for (std::size_t i = 0; i < n; ++i) {
      points.push_back(at_node(g, in.facilities[i]));
      jobs.push_back({points.back(), {kBudgetS / 60.0}});
    }
    // Untimed: reached nodes per facility, and those within kTieS of the budget.
    std::vector<double> counts, ties;
    routing::BoundedDijkstra check(walking);
    for (const auto& p : points) {
      check.run(routing::sources_for(walking, p, 0), kBudgetS);
      double tie = 0;
      for (const auto u : check.settled()) tie += std::fabs(check.time_s(u) - kBudgetS) <= kTieS;
      counts.push_back(static_cast<double>(check.settled().size()));
      ties.push_back(tie);
    }
    const coverage::DemandModel no_demand;
    for (int a = 3; a < argc; ++a) {
      const int threads = std::atoi(argv[a]);
      // Best of kRepeats: lifecircle's phases take milliseconds on a shared machine.
      double search_s = kUnreached, polygon_s = kUnreached;
      std::vector<coverage::FacilityIsochrone> searched, polygons;
      for (int r = 0; r < kRepeats; ++r) {
        auto t0 = Clock::now();
        searched = coverage::isochrones(walking, jobs, no_demand, {threads, false, {}});
        search_s = std::min(search_s, seconds_since(t0));
      }
      const double search_mib = peak_mib();
      double bare_s = kUnreached;
      for (int r = 0; r < kRepeats; ++r) bare_s = std::min(bare_s, bare_searches(walking, points, threads));
      for (int r = 0; r < kRepeats; ++r) {
        auto t0 = Clock::now();
        polygons = coverage::isochrones(walking, jobs, no_demand, {threads, true, {50.0, 4, 5.0}});
        polygon_s = std::min(polygon_s, seconds_since(t0));
      }
      const double polygon_mib = peak_mib();
      std::vector<double> areas;
      for (std::size_t i = 0; i < n; ++i) {
        if (searched[i].reached_nodes != counts[i] || polygons[i].reached_nodes != counts[i]) {
          throw std::runtime_error("the engine and the check pass disagree on facility " + std::to_string(i));
        }
        areas.push_back(polygons[i].band_area_m2.at(0));
      }
      double coverage_s = kUnreached;
      routing::BoundedDijkstra multi(walking);
      for (int r = 0; r < kRepeats; ++r) {
        const auto t0 = Clock::now();
        routing::BoundedDijkstra fresh(walking);  // allocation included, as a one-off coverage run pays it
        fresh.run(routing::sources_for_all(walking, points, {}), kBudgetS);
        coverage_s = std::min(coverage_s, seconds_since(t0));
        if (r == 0) multi.run(routing::sources_for_all(walking, points, {}), kBudgetS);
      }
      std::size_t coverage_ties = 0;
      for (const auto u : multi.settled()) coverage_ties += std::fabs(multi.time_s(u) - kBudgetS) <= kTieS;
      std::ostringstream out;
      out.precision(10);
      out << "{\"tool\":\"lifecircle " << threads << "T\",\"facilities\":" << n
          << ",\"nodes\":" << g.node_count() << ",\"edges\":" << g.edge_count() << ",\"load_s\":" << load_s
          << ",\"load_mib\":" << load_mib << ",\"graph_bytes_per_node_edge\":"
          << static_cast<double>(g.memory_bytes()) / (g.node_count() + g.edge_count())
          << ",\"searches\":{\"s\":" << bare_s << ",\"done\":" << n << ",\"mib\":" << search_mib << "}"
          << ",\"engine_searches_s\":" << search_s << ",\"polygons\":{\"s\":" << polygon_s
          << ",\"done\":" << n << ",\"mib\":" << polygon_mib << "}"
          << ",\"coverage\":{\"s\":" << coverage_s << ",\"reached\":" << multi.settled().size()
          << ",\"ties\":" << coverage_ties << ",\"mib\":" << peak_mib() << "}";
      print_array(out, "counts", counts);
      print_array(out, "ties", ties);
      print_array(out, "areas", areas);
      out << "}\n";
      std::fputs(out.str().c_str(), stdout);
      std::fflush(stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "peers_lifecircle: %s\n", e.what());
    return 1;
  }
}
