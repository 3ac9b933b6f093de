#pragma once
// What the siting tests (coverage/siting.hpp, coverage/siting_capacity.hpp)
// share: the exact optimum by brute force over every K-subset, random reach
// lists, the line city's street demand and candidates, and demand on a real
// network.

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <vector>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/coverage/siting.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::testing {

// Greedy on a monotone submodular objective reaches at least this share of the optimum.
inline const double kGreedyBound = 1.0 - 1.0 / std::exp(1.0);

// Calls f on every k-subset of {0 .. n-1}.
void each_subset(std::uint32_t n, std::size_t k,
                 const std::function<void(const std::vector<std::uint32_t>&)>& f);

// Reach lists of `candidates` candidates over `demand` points: each point is in
// each list with probability 1 / one_in.
coverage::CandidateReach random_reach(std::mt19937_64& rng, std::uint32_t candidates, std::uint32_t demand,
                                      std::uint32_t one_in);

// The city's residents spread over its streets in 100 m chunks (coverage/demand.hpp).
coverage::DemandModel street_demand(const study::Study& study);

// A candidate on the line city's street (tests/data/city) `along_m` from its
// west end, no access walk. Throws when no street is within 50 m.
coverage::SiteCandidate line_city_candidate(const graph::WalkNetwork& network, double along_m);

// Demand on a real network: Monaco's walking network (shared data, UTM 32N,
// 4 km/h) with a point at the middle of every edge holding 1 to 50 residents
// drawn from rng. Empty when the shared data is absent (the test then skips).
struct NetworkDemand {
  graph::WalkGraph graph;
  std::vector<routing::NetworkPoint> points;
  std::vector<double> population;
};
std::optional<NetworkDemand> monaco_edge_demand(std::mt19937_64& rng);

}  // namespace lifecircle::testing
