// Writes lifecircle's walking graph as plain CSV so that every tool in the
// peer comparison (pgRouting, networkx, igraph and lifecircle itself) reads
// the very same nodes and edges:
//   nodes.csv       id,x,y                         (working CRS, metres)
//   edges.csv       id,source,target,length_m,seconds,wkt
//   facilities.txt  1,000 node ids, one a line: a deterministic sample of
//                   nodes with at least one edge; the first 100 are the
//                   100-facility case.
// Numbers are written with 17 significant digits, so every reader gets the
// same doubles back and sums the same edge times.
//
//   peers_export_graph --osm FILE --epsg N OUT_DIR
//   peers_export_graph --plan PLAN.toml OUT_DIR   (the graph `lifecircle run` builds)
//   peers_export_graph --grid SIDE OUT_DIR        (bench/synthetic_city: SIDE^2 nodes)

#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/routing/travel_cost.hpp"
#include "lifecircle/study/study.hpp"
#include "synthetic_city.hpp"
#include "walk_graphs.hpp"

namespace {

using namespace lifecircle;

constexpr std::size_t kFacilities = 1000;
constexpr std::uint64_t kSeed = 20261129;
constexpr double kWalkSpeedMps = 4000.0 / 3600.0;  // the extracts' and the grid's

struct File {
  std::FILE* f;
  explicit File(const std::filesystem::path& p) : f(std::fopen(p.c_str(), "w")) {
    if (!f) throw std::runtime_error("cannot write " + p.string());
  }
  ~File() { std::fclose(f); }
};

void write_graph(const graph::WalkGraph& g, double walk_speed_mps, const std::filesystem::path& dir) {
  const routing::TravelCost walking = routing::walking_cost(g, walk_speed_mps);
  std::filesystem::create_directories(dir);
  {
    File out(dir / "nodes.csv");
    std::fputs("id,x,y\n", out.f);
    for (graph::NodeId u = 0; u < g.node_count(); ++u)
      std::fprintf(out.f, "%u,%.17g,%.17g\n", u, g.x[u], g.y[u]);
  }
  {
    File out(dir / "edges.csv");
    std::fputs("id,source,target,length_m,seconds,wkt\n", out.f);
    for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
      std::fprintf(out.f, "%u,%u,%u,%.17g,%.17g,\"LINESTRING(", e, g.edge_from[e], g.edge_to[e],
                   g.length_m[e], walking.edge_time_s(e));
      const graph::EdgeShape shape = g.shape(e);
      for (std::uint32_t i = 0; i < shape.size(); ++i) {
        std::fprintf(out.f, "%s%.3f %.3f", i == 0 ? "" : ",", shape[i].x, shape[i].y);
      }
      std::fputs(")\"\n", out.f);
    }
  }
  // A partial Fisher-Yates shuffle of the nodes that have an edge.
  std::vector<graph::NodeId> candidates;
  for (graph::NodeId u = 0; u < g.node_count(); ++u) {
    if (g.first_out[u + 1] > g.first_out[u]) candidates.push_back(u);
  }
  std::mt19937_64 rng(kSeed);
  const std::size_t k = std::min(kFacilities, candidates.size());
  for (std::size_t i = 0; i < k; ++i) {
    std::uniform_int_distribution<std::size_t> pick(i, candidates.size() - 1);
    std::swap(candidates[i], candidates[pick(rng)]);
  }
  File out(dir / "facilities.txt");
  for (std::size_t i = 0; i < k; ++i) std::fprintf(out.f, "%u\n", candidates[i]);
  std::printf("exported %u nodes, %u edges, %zu facilities to %s (walk speed %.6f m/s)\n", g.node_count(),
              g.edge_count(), k, dir.c_str(), walking.speed_mps);
}

int usage() {
  std::fputs("usage: peers_export_graph (--osm FILE --epsg N | --plan PLAN.toml | --grid SIDE) OUT_DIR\n",
             stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 5 && args[0] == "--osm" && args[2] == "--epsg") {
      write_graph(bench::osm_walk_graph(args[1], std::stoi(args[3])), kWalkSpeedMps, args[4]);
    } else if (args.size() == 3 && args[0] == "--plan") {
      const auto study = study::load_study(io::load_plan(args[1]));
      write_graph(study->network.graph, study->plan.walk_speed_mps, args[2]);
    } else if (args.size() == 3 && args[0] == "--grid") {
      write_graph(bench::synthetic_grid(static_cast<std::uint32_t>(std::stoul(args[1]))), kWalkSpeedMps,
                  args[2]);
    } else {
      return usage();
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "peers_export_graph: %s\n", e.what());
    return 1;
  }
}
