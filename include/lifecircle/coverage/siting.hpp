#pragma once
// Where to build next: maximal covering location. Each candidate site covers
// the demand within the category's time budget of it (one bounded search per
// candidate); greedy with lazy evaluation then picks K sites, each adding the
// most population not yet covered by the existing facilities or the sites
// already picked. Greedy is within (1 - 1/e) of the optimum (the covered
// population is submodular); tests check it against brute force.

#include <cstdint>
#include <span>
#include <vector>

#include "lifecircle/io/point_layer.hpp"
#include "lifecircle/routing/network_point.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::coverage {

struct SiteCandidate {
  routing::NetworkPoint at;
  double x = 0.0, y = 0.0;  // working CRS, for the spacing rule
};

// One candidate per network node with an edge (the node itself, no access
// walk), in node order.
std::vector<SiteCandidate> node_candidates(const graph::WalkGraph& graph);

// Candidates from a point layer, each snapped to the network within the
// plan's snap limit (its access walk counts). Points beyond the limit are left
// out and counted in `off_network`; when none is left the InputError names the
// layer's CRS (the usual cause: coordinates in another CRS than declared).
struct LayerCandidates {
  std::vector<SiteCandidate> candidates;
  std::vector<std::int64_t> feature;  // per candidate, the layer's feature
  std::size_t off_network = 0;
};
LayerCandidates layer_candidates(const study::Study& study, const io::PointLayer& layer);

// The candidates to keep, in order: a candidate that repeats an earlier kept
// one (within tolerance_m of it in a straight line, on the same edge with
// offsets and access walks within tolerance_m) is left out. The same point
// given five times is one site; greedy would otherwise propose its copies.
std::vector<std::uint32_t> distinct_candidates(std::span<const SiteCandidate> candidates,
                                               double tolerance_m = 1.0);

// Per candidate, the demand points it reaches within budget_s among those
// with `eligible` set: list of candidate c is index[first[c] .. first[c+1]).
struct CandidateReach {
  std::vector<std::uint64_t> first;
  std::vector<std::uint32_t> index;
  std::span<const std::uint32_t> of(std::size_t c) const {
    return {index.data() + first[c], static_cast<std::size_t>(first[c + 1] - first[c])};
  }
};

// One bounded search per candidate at `cost`, in parallel (threads <= 0: all cores).
CandidateReach candidate_reach(const routing::TravelCost& cost, std::span<const routing::NetworkPoint> demand,
                               std::span<const std::uint8_t> eligible,
                               std::span<const SiteCandidate> candidates, double budget_s, int threads);

// Whether candidate c lies at least min_spacing_m (straight line) from every
// candidate in `picked` (always true for a spacing of 0).
bool far_enough(const SiteCandidate& c, std::span<const SiteCandidate> all,
                std::span<const std::uint32_t> picked, double min_spacing_m);

struct SitingOptions {
  std::size_t count = 1;
  double min_spacing_m = 0.0;  // straight-line distance between picked sites; 0: none
};

struct PickedSite {
  std::uint32_t candidate = 0;
  double population_added = 0.0;
  double covered_after = 0.0;  // covered population after this site (existing + sites so far)
};

struct SitingResult {
  std::vector<PickedSite> sites;  // in the order picked
  std::size_t gain_evaluations = 0;
  bool no_gain_left = false;  // stopped before `count`: no candidate left would add anyone
};

// Lazy greedy over the reach lists. covered: per demand point, 1 when already
// covered; covered_before: the population already covered. Ties go to the
// lower candidate index. A site that would add nobody is never picked: when
// the best gain left is 0 it stops short of `count` (no_gain_left). Throws
// UsageError when count exceeds the candidates.
SitingResult greedy_sites(const CandidateReach& reach, std::span<const double> population,
                          std::span<const std::uint8_t> covered, double covered_before,
                          std::span<const SiteCandidate> candidates, const SitingOptions& options);

// The population a set of candidates covers beyond `covered` (for tests and
// brute force).
double added_population(const CandidateReach& reach, std::span<const double> population,
                        std::span<const std::uint8_t> covered, std::span<const std::uint32_t> picked);

}  // namespace lifecircle::coverage
