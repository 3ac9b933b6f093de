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
  std::vector<CategoryResult> categories;     // plan order
  std::vector<FacilityIsochrone> facilities;  // per city facility
  Composite composite;
  std::vector<StepTime> timings;
};

// The coverage polygons' grid work limit (geom::cell_for): about 0.2 s per polygon.
inline constexpr double kMaxCoverageGridNodes = 8e6;

// For a piece of a larger network (src/partition): what a piece cannot know
// by itself, agreed between the pieces before their runs.
struct WholeNetwork {
  // Per town of the piece: its street length in the whole network, the
  // street-length demand model's divisor (a town in the halo is cut short).
  std::vector<double> town_street_m;
  // Per category (plan order): the coverage grid cell of the whole network.
  std::vector<double> category_cell_m;
  // Per facility of the piece: its isochrone is wanted (the region owns it).
  std::vector<std::uint8_t> facility_owned;
};

struct RunOptions {
  int threads = 0;
  bool polygons = true;  // coverage polygons per category and band, and per facility (below)
  std::function<void(const std::string&)> progress;  // optional, one line per step
  // Set for a piece: a category without a facility in the piece is then not an error.
  const WholeNetwork* whole = nullptr;
  // Per-facility isochrone polygons (the isochrones layer), when `polygons`.
  // Last, so that positional initialisers {threads, polygons, progress} keep their meaning.
  bool facility_polygons = true;
  // Optional: within a step of known size ("coverage of categories", "isochrones of facilities"),
  // `done` of `total` after each item; called from the worker threads, one at a time.
  std::function<void(const std::string& step, std::size_t done, std::size_t total)> counted_progress;
};

// Throws InputError for a town of zero population and for a category with no
// existing facility on the network.
RunResult run_coverage(const study::Study& study, const RunOptions& options);

}  // namespace lifecircle::coverage
