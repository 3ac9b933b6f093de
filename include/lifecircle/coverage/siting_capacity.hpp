#pragma once
// Capacity-aware siting with a two-step floating catchment (2SFCA; Luo and
// Wang 2003), without distance decay, on the category's time budget:
//   step 1  each facility j: supply ratio R_j = capacity_j / P_j, where P_j is
//           the population within the budget of j (R_j = 0 when P_j = 0);
//   step 2  each demand point i: accessibility A_i = sum of R_j over the
//           facilities within the budget of i (capacity per resident; times
//           1,000: places per 1,000 residents).
// A new site s of capacity C reaching population P_s adds R_s = C / P_s to
// every A_i it reaches; the ratios of the other facilities do not change (each
// depends only on its own catchment). With a threshold T per resident (the
// plan's places per 1,000, over 1,000) the need met is
//   f(S) = sum_i pop_i * min(T, A_i),
// and a site's gain is the unmet need (in capacity units) it removes:
//   sum over i reached by s of pop_i * (min(T, A_i + R_s) - min(T, A_i)).
// f is a sum of concave functions of additive terms: monotone and submodular,
// so greedy with lazy evaluation applies and stays within (1 - 1/e) of the
// optimum. Each pick also reports the population at or above T.

#include <cstdint>
#include <span>
#include <vector>

#include "lifecircle/coverage/siting.hpp"

namespace lifecircle::coverage {

struct SupplyPoint {
  routing::NetworkPoint at;
  double capacity = 0.0;
};

struct Accessibility {
  std::vector<double> catchment_population;  // per facility: P_j
  std::vector<double> supply_ratio;          // per facility: R_j
  std::vector<double> access;                // per demand point: A_i
};

// Both steps; one bounded search per facility, in parallel (threads <= 0: all cores).
Accessibility two_step_fca(const routing::TravelCost& cost, std::span<const routing::NetworkPoint> demand,
                           std::span<const double> population, std::span<const SupplyPoint> facilities,
                           double budget_s, int threads);

// Step 1 for one site from its reach list: P_s and C / P_s (0 when P_s = 0).
double catchment_population(std::span<const std::uint32_t> reached, std::span<const double> population);
double supply_ratio(double capacity, double catchment_population);

struct CapacitySitingOptions {
  std::size_t count = 1;
  double min_spacing_m = 0.0;
  double site_capacity = 0.0;  // of each new site
  double threshold = 0.0;      // T, capacity per resident
};

struct PickedCapacitySite {
  std::uint32_t candidate = 0;
  double catchment_population = 0.0;  // P_s
  double supply_ratio = 0.0;          // R_s
  double need_met = 0.0;              // the gain: unmet need removed, capacity units
  double unmet_after = 0.0;           // sum of pop_i * max(0, T - A_i) after this site
  double population_at_threshold_after = 0.0;
};

struct CapacitySitingResult {
  double unmet_before = 0.0;
  double population_at_threshold_before = 0.0;
  std::vector<PickedCapacitySite> sites;  // in the order picked
  std::size_t gain_evaluations = 0;
  bool no_gain_left = false;  // stopped before `count`: no candidate left would meet any need
};

// Lazy greedy. reach: per candidate every demand point within the budget (all
// eligible); access: A_i of the existing facilities. Ties go to the lower
// candidate. A site that would meet no need is never picked: when the best
// gain left is 0 it stops short of `count` (no_gain_left). Throws UsageError when count exceeds the
// candidates or the threshold or capacity is not positive.
CapacitySitingResult greedy_capacity_sites(const CandidateReach& reach, std::span<const double> population,
                                           std::span<const double> access,
                                           std::span<const SiteCandidate> candidates,
                                           const CapacitySitingOptions& options);

// f(S) - f(empty) for a set of candidates, computed from scratch (for tests and brute force).
double need_met(const CandidateReach& reach, std::span<const double> population,
                std::span<const double> access, double site_capacity, double threshold,
                std::span<const std::uint32_t> picked);

}  // namespace lifecircle::coverage
