#include "lifecircle/report/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace lifecircle::report {
namespace {

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%5.1f%%", share * 100.0);
  return buffer;
}

std::string worst_towns(const study::Study& study, const std::vector<double>& shares) {
  std::vector<std::size_t> order(shares.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return shares[a] < shares[b]; });
  std::string out;
  for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i) {
    out += (i ? ", " : "") + study.towns.towns[order[i]].name + " " + percent(shares[order[i]]);
  }
  return out;
}

}  // namespace

std::string run_summary(const study::Study& study, const coverage::RunResult& result) {
  std::string out =
      "Population model: " + to_string(result.demand.kind) + " (" + result.demand.description + ")\n";
  double unplaced = 0.0;
  for (const double u : result.demand.unplaced_population) unplaced += u;
  if (unplaced > 0.0) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%.0f", unplaced);
    out += "  " + std::string(buffer) +
           " residents could not be placed on the network (counted as not covered)\n";
  }
  for (const std::string& w : result.demand.warnings) out += "  warning: " + w + "\n";
  out += "Coverage (share of residents within the circle; worst three towns)\n";
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const auto& r = result.categories[k];
    const io::Category& c = study.plan.categories[k];
    std::vector<double> shares;
    for (const auto& t : r.coverage.towns) shares.push_back(t.share());
    char head[160];
    std::snprintf(head, sizeof head, "  %-18s %4.0f min  %s  (%u facilities)  worst: ", c.id.c_str(),
                  r.coverage.budget_s / 60.0, percent(r.coverage.city.share()).c_str(),
                  r.coverage.city.facilities);
    out += head + worst_towns(study, shares) + "\n";
  }
  const auto& comp = result.composite;
  if (!comp.basket.empty()) {
    std::vector<double> shares;
    for (std::size_t t = 0; t < comp.town_population.size(); ++t) {
      shares.push_back(
          comp.town_population[t] > 0.0 ? comp.town_covered_population[t] / comp.town_population[t] : 0.0);
    }
    char head[160];
    std::snprintf(head, sizeof head, "  %-18s           %s  (all of %zu categories)  worst: ", "composite",
                  percent(comp.population > 0.0 ? comp.covered_population / comp.population : 0.0).c_str(),
                  comp.basket.size());
    out += head + worst_towns(study, shares) + "\n";
  }
  return out;
}

}  // namespace lifecircle::report
