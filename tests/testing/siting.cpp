#include "testing/siting.hpp"

#include <stdexcept>
#include <string>

#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/graph/build.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "testing/paths.hpp"

namespace lifecircle::testing {

void each_subset(std::uint32_t n, std::size_t k,
                 const std::function<void(const std::vector<std::uint32_t>&)>& f) {
  std::vector<std::uint32_t> pick;
  std::function<void(std::uint32_t)> walk = [&](std::uint32_t from) {
    if (pick.size() == k) return f(pick);
    for (std::uint32_t c = from; c < n; ++c) {
      pick.push_back(c);
      walk(c + 1);
      pick.pop_back();
    }
  };
  walk(0);
}

coverage::CandidateReach random_reach(std::mt19937_64& rng, std::uint32_t candidates, std::uint32_t demand,
                                      std::uint32_t one_in) {
  coverage::CandidateReach reach;
  reach.first.push_back(0);
  for (std::uint32_t c = 0; c < candidates; ++c) {
    for (std::uint32_t i = 0; i < demand; ++i) {
      if (rng() % one_in == 0) reach.index.push_back(i);
    }
    reach.first.push_back(reach.index.size());
  }
  return reach;
}

coverage::DemandModel street_demand(const study::Study& study) {
  const geom::GeosContext ctx;
  const coverage::TownLocator towns(ctx, study.towns);
  return coverage::street_length_demand(study, coverage::cut_streets(study.network.graph, towns));
}

coverage::SiteCandidate line_city_candidate(const graph::WalkNetwork& network, double along_m) {
  graph::NodeId west = 0;
  for (graph::NodeId u = 0; u < network.graph.node_count(); ++u) {
    if (network.graph.x[u] < network.graph.x[west]) west = u;
  }
  const double x = network.graph.x[west] + along_m, y = network.graph.y[west];
  const auto snap = network.index->nearest(x, y, 50.0);
  if (!snap) {
    std::string what = "no street within 50 m of the point ";
    what += std::to_string(along_m);
    what += " m along the line city's street";
    throw std::runtime_error(what);
  }
  return {{snap->edge, snap->offset_m, 0.0}, x, y};
}

std::optional<NetworkDemand> monaco_edge_demand(std::mt19937_64& rng) {
  const auto shared = shared_data_dir();
  if (!shared) return std::nullopt;
  const auto raw = io::read_osm_roads(*shared / "osm-monaco/monaco.osm.pbf");
  NetworkDemand demand{graph::build_walk_graph(raw, io::WorkingCrs(32632)), {}, {}};
  for (graph::EdgeId e = 0; e < demand.graph.edge_count(); ++e) {
    demand.points.push_back({e, 0.5 * demand.graph.length_m[e], 0.0});
    demand.population.push_back(1.0 + static_cast<double>(rng() % 50));
  }
  return demand;
}

}  // namespace lifecircle::testing
