#include "lifecircle/coverage/siting_capacity.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "lifecircle/util/error.hpp"

namespace lifecircle::coverage {

double catchment_population(std::span<const std::uint32_t> reached, std::span<const double> population) {
  double sum = 0.0;
  for (const std::uint32_t i : reached) sum += population[i];
  return sum;
}

double supply_ratio(double capacity, double catchment) {
  return catchment > 0.0 ? capacity / catchment : 0.0;
}

Accessibility two_step_fca(const routing::TravelCost& cost, std::span<const routing::NetworkPoint> demand,
                           std::span<const double> population, std::span<const SupplyPoint> facilities,
                           double budget_s, int threads) {
  std::vector<SiteCandidate> sites;
  for (const SupplyPoint& f : facilities) sites.push_back({f.at, 0.0, 0.0});
  const std::vector<std::uint8_t> everyone(demand.size(), 1);
  const CandidateReach reach = candidate_reach(cost, demand, everyone, sites, budget_s, threads);
  Accessibility a;
  a.access.assign(demand.size(), 0.0);
  for (std::size_t j = 0; j < facilities.size(); ++j) {
    a.catchment_population.push_back(catchment_population(reach.of(j), population));
    a.supply_ratio.push_back(supply_ratio(facilities[j].capacity, a.catchment_population.back()));
    for (const std::uint32_t i : reach.of(j)) a.access[i] += a.supply_ratio.back();
  }
  return a;
}

namespace {

double met(double access, double threshold) { return std::min(access, threshold); }

struct Gain {
  double need;
  std::uint32_t candidate;
  bool operator<(const Gain& o) const {  // max-heap: larger gain, then lower index
    return need != o.need ? need < o.need : candidate > o.candidate;
  }
};

double gain_of(std::span<const std::uint32_t> list, std::span<const double> population,
               const std::vector<double>& access, double ratio, double threshold) {
  double sum = 0.0;
  for (const std::uint32_t i : list) {
    sum += population[i] * (met(access[i] + ratio, threshold) - met(access[i], threshold));
  }
  return sum;
}

struct Standing {
  double unmet = 0.0, at_threshold = 0.0;
};

Standing standing(std::span<const double> population, const std::vector<double>& access, double threshold) {
  Standing s;
  for (std::size_t i = 0; i < population.size(); ++i) {
    s.unmet += population[i] * (threshold - met(access[i], threshold));
    if (access[i] >= threshold) s.at_threshold += population[i];
  }
  return s;
}

void check_options(const CapacitySitingOptions& o, std::size_t candidates) {
  if (o.count == 0) throw UsageError("the number of sites to propose must be at least 1");
  if (o.count > candidates) {
    throw UsageError("asked for " + std::to_string(o.count) + " sites but there are only " +
                     std::to_string(candidates) + " candidates");
  }
  if (!(o.site_capacity > 0.0) || !std::isfinite(o.site_capacity)) {
    throw UsageError("the capacity of a new site must be positive");
  }
  if (!(o.threshold > 0.0) || !std::isfinite(o.threshold)) {
    throw UsageError("the capacity-aware threshold (per 1,000 residents) must be positive");
  }
}

}  // namespace

CapacitySitingResult greedy_capacity_sites(const CandidateReach& reach, std::span<const double> population,
                                           std::span<const double> access_in,
                                           std::span<const SiteCandidate> candidates,
                                           const CapacitySitingOptions& options) {
  check_options(options, candidates.size());
  std::vector<double> access(access_in.begin(), access_in.end());
  const double t = options.threshold;
  std::vector<double> ratio(candidates.size());
  std::priority_queue<Gain> heap;
  for (std::uint32_t c = 0; c < candidates.size(); ++c) {
    ratio[c] = supply_ratio(options.site_capacity, catchment_population(reach.of(c), population));
    heap.push({gain_of(reach.of(c), population, access, ratio[c], t), c});
  }
  CapacitySitingResult result;
  result.gain_evaluations = candidates.size();
  const Standing before = standing(population, access, t);
  result.unmet_before = before.unmet;
  result.population_at_threshold_before = before.at_threshold;
  std::vector<std::uint32_t> picked;
  while (result.sites.size() < options.count && !heap.empty()) {
    const Gain top = heap.top();
    heap.pop();
    if (!far_enough(candidates[top.candidate], candidates, picked, options.min_spacing_m)) continue;
    const Gain fresh{gain_of(reach.of(top.candidate), population, access, ratio[top.candidate], t),
                     top.candidate};
    ++result.gain_evaluations;
    if (!heap.empty() && fresh < heap.top()) {  // stale: another may be better now
      heap.push(fresh);
      continue;
    }
    if (!(fresh.need > 0.0)) {  // the best gain left: gains only fall, so no site meets any need
      result.no_gain_left = true;
      break;
    }
    for (const std::uint32_t i : reach.of(top.candidate)) access[i] += ratio[top.candidate];
    picked.push_back(top.candidate);
    const Standing now = standing(population, access, t);
    result.sites.push_back({top.candidate, catchment_population(reach.of(top.candidate), population),
                            ratio[top.candidate], fresh.need, now.unmet, now.at_threshold});
  }
  return result;
}

double need_met(const CandidateReach& reach, std::span<const double> population,
                std::span<const double> access, double site_capacity, double threshold,
                std::span<const std::uint32_t> picked) {
  std::vector<double> after(access.begin(), access.end());
  for (const std::uint32_t c : picked) {
    double p = 0.0;
    for (const std::uint32_t i : reach.of(c)) p += population[i];
    for (const std::uint32_t i : reach.of(c)) after[i] += p > 0.0 ? site_capacity / p : 0.0;
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < population.size(); ++i) {
    sum += population[i] * (std::min(after[i], threshold) - std::min(access[i], threshold));
  }
  return sum;
}

}  // namespace lifecircle::coverage
