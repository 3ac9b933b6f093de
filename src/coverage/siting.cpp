#include "lifecircle/coverage/siting.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <queue>
#include <unordered_map>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::coverage {

std::vector<SiteCandidate> node_candidates(const graph::WalkGraph& g) {
  std::vector<SiteCandidate> out;
  out.reserve(g.node_count());
  for (graph::NodeId u = 0; u < g.node_count(); ++u) {
    if (g.first_out[u] == g.first_out[u + 1]) continue;
    const graph::EdgeId e = g.arc_edge[g.first_out[u]];
    const double offset_m = g.edge_from[e] == u ? 0.0 : g.length_m[e];
    out.push_back({{e, offset_m, 0.0}, g.x[u], g.y[u]});
  }
  return out;
}

LayerCandidates layer_candidates(const study::Study& study, const io::PointLayer& layer) {
  LayerCandidates out;
  for (const io::PlainPoint& p : layer.points) {
    const auto snap = study.network.index->nearest(p.x, p.y, study.plan.snap_limit_m);
    if (!snap) {
      ++out.off_network;
      continue;
    }
    out.candidates.push_back({routing::NetworkPoint::from_snap(*snap), p.x, p.y});
    out.feature.push_back(p.feature);
  }
  if (out.candidates.empty()) {
    throw InputError(
        {.path = layer.path, .layer = layer.layer},
        "none of its " + std::to_string(layer.points.size()) + " points lies within " +
            std::to_string(static_cast<long long>(study.plan.snap_limit_m)) +
            " m of the walking network (read as " + layer.crs +
            "): are the coordinates in another CRS than the layer says? Declare it with --candidates-crs");
  }
  return out;
}

namespace {

bool same_site(const SiteCandidate& a, const SiteCandidate& b, double tolerance_m) {
  return a.at.edge == b.at.edge && std::abs(a.at.offset_m - b.at.offset_m) <= tolerance_m &&
         std::abs(a.at.access_m - b.at.access_m) <= tolerance_m &&
         std::hypot(a.x - b.x, a.y - b.y) <= tolerance_m;
}

}  // namespace

std::vector<std::uint32_t> distinct_candidates(std::span<const SiteCandidate> candidates,
                                               double tolerance_m) {
  // Kept candidates by (edge, offset cell); a repeat lies in its cell or a neighbour.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> cells;
  const auto cell_of = [&](const SiteCandidate& c) {
    return static_cast<std::int64_t>(std::floor(c.at.offset_m / std::max(tolerance_m, 1e-9)));
  };
  const auto key = [](graph::EdgeId edge, std::int64_t cell) {
    return (static_cast<std::uint64_t>(edge) << 32U) ^
           static_cast<std::uint64_t>(static_cast<std::uint32_t>(cell));
  };
  std::vector<std::uint32_t> kept;
  for (std::uint32_t c = 0; c < candidates.size(); ++c) {
    const std::int64_t cell = cell_of(candidates[c]);
    bool repeat = false;
    for (std::int64_t d = -1; d <= 1 && !repeat; ++d) {
      const auto it = cells.find(key(candidates[c].at.edge, cell + d));
      if (it == cells.end()) continue;
      for (const std::uint32_t k : it->second)
        repeat = repeat || same_site(candidates[k], candidates[c], tolerance_m);
    }
    if (repeat) continue;
    cells[key(candidates[c].at.edge, cell)].push_back(c);
    kept.push_back(c);
  }
  return kept;
}

namespace {

// Demand point index by edge (counting sort).
struct DemandByEdge {
  std::vector<std::uint32_t> first, order;
  DemandByEdge(const graph::WalkGraph& g, std::span<const routing::NetworkPoint> demand)
      : first(g.edge_count() + 1, 0), order(demand.size()) {
    for (const auto& p : demand) ++first[p.edge + 1];
    for (std::size_t e = 0; e < g.edge_count(); ++e) first[e + 1] += first[e];
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::uint32_t i = 0; i < demand.size(); ++i) order[next[demand[i].edge]++] = i;
  }
};

std::vector<std::uint32_t> reach_of(routing::BoundedDijkstra& search, const DemandByEdge& by_edge,
                                    std::span<const routing::NetworkPoint> demand,
                                    std::span<const std::uint8_t> eligible, const SiteCandidate& c,
                                    double budget_s) {
  const graph::WalkGraph& g = search.graph();
  const routing::SourcesOnEdges on_edge(std::span<const routing::NetworkPoint>(&c.at, 1), {});
  const auto sources = routing::sources_for(search.cost(), c.at, 0);
  search.run(sources, budget_s);
  std::vector<graph::EdgeId> edges{c.at.edge};
  for (const graph::NodeId u : search.settled()) {
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) edges.push_back(g.arc_edge[a]);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<std::uint32_t> out;
  for (const graph::EdgeId e : edges) {
    for (std::uint32_t k = by_edge.first[e]; k < by_edge.first[e + 1]; ++k) {
      const std::uint32_t i = by_edge.order[k];
      if (!eligible[i]) continue;
      if (routing::arrival_at(search, demand[i], on_edge).label != routing::kNoLabel) out.push_back(i);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

CandidateReach candidate_reach(const routing::TravelCost& cost, std::span<const routing::NetworkPoint> demand,
                               std::span<const std::uint8_t> eligible,
                               std::span<const SiteCandidate> candidates, double budget_s, int threads) {
  const DemandByEdge by_edge(*cost.graph, demand);
  std::vector<std::vector<std::uint32_t>> lists(candidates.size());
  FirstException failure("candidate reach");
  const auto n = static_cast<std::int64_t>(candidates.size());
#pragma omp parallel num_threads(threads > 0 ? threads : omp_get_max_threads())
  {
    std::optional<routing::BoundedDijkstra> search;
    failure.run([&] { search.emplace(cost); });
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t c = 0; c < n; ++c) {
      if (!search || failure.failed()) continue;
      failure.run([&] {
        lists[static_cast<std::size_t>(c)] =
            reach_of(*search, by_edge, demand, eligible, candidates[static_cast<std::size_t>(c)], budget_s);
      });
    }
  }
  failure.rethrow();
  CandidateReach reach;
  reach.first.reserve(candidates.size() + 1);
  reach.first.push_back(0);
  for (const auto& l : lists) {
    reach.index.insert(reach.index.end(), l.begin(), l.end());
    reach.first.push_back(reach.index.size());
  }
  return reach;
}

namespace {

struct Gain {
  double population;
  std::uint32_t candidate;
  bool operator<(const Gain& o) const {  // max-heap: larger gain, then lower index
    return population != o.population ? population < o.population : candidate > o.candidate;
  }
};

double gain_of(std::span<const std::uint32_t> list, std::span<const double> population,
               const std::vector<std::uint8_t>& covered) {
  double sum = 0.0;
  for (const std::uint32_t i : list) {
    if (!covered[i]) sum += population[i];
  }
  return sum;
}

}  // namespace

bool far_enough(const SiteCandidate& c, std::span<const SiteCandidate> all,
                std::span<const std::uint32_t> picked, double min_spacing_m) {
  if (min_spacing_m <= 0.0) return true;
  for (const std::uint32_t p : picked) {
    const double dx = all[p].x - c.x, dy = all[p].y - c.y;
    if (dx * dx + dy * dy < min_spacing_m * min_spacing_m) return false;
  }
  return true;
}

SitingResult greedy_sites(const CandidateReach& reach, std::span<const double> population,
                          std::span<const std::uint8_t> covered_in, double covered_before,
                          std::span<const SiteCandidate> candidates, const SitingOptions& options) {
  if (options.count == 0) throw UsageError("the number of sites to propose must be at least 1");
  if (options.count > candidates.size()) {
    throw UsageError("asked for " + std::to_string(options.count) + " sites but there are only " +
                     std::to_string(candidates.size()) + " candidates");
  }
  std::vector<std::uint8_t> covered(covered_in.begin(), covered_in.end());
  std::priority_queue<Gain> heap;
  SitingResult result;
  for (std::uint32_t c = 0; c < candidates.size(); ++c)
    heap.push({gain_of(reach.of(c), population, covered), c});
  result.gain_evaluations = candidates.size();
  double covered_now = covered_before;
  std::vector<std::uint32_t> picked;
  while (result.sites.size() < options.count && !heap.empty()) {
    const Gain top = heap.top();
    heap.pop();
    if (!far_enough(candidates[top.candidate], candidates, picked, options.min_spacing_m)) continue;
    const Gain fresh{gain_of(reach.of(top.candidate), population, covered), top.candidate};
    ++result.gain_evaluations;
    if (!heap.empty() && fresh < heap.top()) {  // stale: someone else may be better now
      heap.push(fresh);
      continue;
    }
    if (!(fresh.population > 0.0)) {  // the best gain left: gains only fall, so no site adds anyone
      result.no_gain_left = true;
      break;
    }
    for (const std::uint32_t i : reach.of(top.candidate)) covered[i] = 1;
    covered_now += fresh.population;
    result.sites.push_back({top.candidate, fresh.population, covered_now});
    picked.push_back(top.candidate);
  }
  return result;
}

double added_population(const CandidateReach& reach, std::span<const double> population,
                        std::span<const std::uint8_t> covered_in, std::span<const std::uint32_t> picked) {
  std::vector<std::uint8_t> covered(covered_in.begin(), covered_in.end());
  double sum = 0.0;
  for (const std::uint32_t c : picked) {
    for (const std::uint32_t i : reach.of(c)) {
      if (!covered[i]) sum += population[i], covered[i] = 1;
    }
  }
  return sum;
}

}  // namespace lifecircle::coverage
