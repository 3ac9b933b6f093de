#pragma once
// The whole coverage run for a plan: demand, every category's coverage from
// one multi-source search, coverage polygons per band, per-facility
// isochrones, the composite basket, per town and citywide.

#include <functional>
#include <string>
#include <vector>

#include "lifecircle/coverage/category_coverage.hpp"
#include "lifecircle/coverage/facility_isochrones.hpp"

namespace lifecircle::coverage {

struct CategoryResult {
  CategoryCoverage coverage;
  std::vector<double> band_minutes;   // as bands_for()
  std::vector<std::string> band_wkb;  // coverage polygon per band, working CRS
  std::vector<double> band_area_m2;
  std::vector<double> town_covered_area_m2;  // full budget, per town
  double city_covered_area_m2 = 0.0;
};

struct Composite {
  std::vector<std::string> basket;
  std::vector<double> town_covered_population;
  std::vector<double> town_population;
  double covered_population = 0.0, population = 0.0;
};

struct StepTime {
  std::string step;
  double seconds;
};

struct RunResult {
  DemandModel demand;
  StreetChunks chunks;
  std::vector<std::uint32_t> facility_town;  // per city facility
  std::vector<double> town_area_m2;
  std::vector<CategoryResult> categories;    // plan order
  std::vector<FacilityIsochrone> facilities;  // per city facility
  Composite composite;
  std::vector<StepTime> timings;
};

struct RunOptions {
  int threads = 0;
  bool polygons = true;
  std::function<void(const std::string&)> progress;  // optional, one line per step
};

// Throws InputError for a town of zero population and for a category with no
// existing facility on the network.
RunResult run_coverage(const graph::City& city, const RunOptions& options);

}  // namespace lifecircle::coverage
