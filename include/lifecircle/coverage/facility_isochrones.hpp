#pragma once
// Per facility: a search bounded by its category's budget from its snapped
// position, the population it can reach, and its isochrone polygon for each
// band. All facilities run in parallel (OpenMP), one search object and one
// GEOS context per thread, results in preallocated slots: the same results
// for any thread count.

#include <functional>
#include <string>
#include <vector>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/geom/isochrone.hpp"

namespace lifecircle::coverage {

struct FacilityIsochrone {
  bool computed = false;  // false: not existing, or off the network
  std::uint32_t reached_nodes = 0;
  double reachable_population = 0.0;
  double reached_street_m = 0.0;
  std::vector<double> band_minutes;   // ascending, the last is the search budget
  std::vector<std::string> band_wkb;  // (Multi)Polygon per band, working CRS, ISO WKB
  std::vector<double> band_area_m2;
};

struct IsochroneOptions {
  int threads = 0;       // 0: OpenMP's default
  bool polygons = true;  // false: searches and population only
  geom::BufferStyle style;
  // When set (a piece of a partitioned run): per city facility, whether to
  // compute it; the others are left computed = false.
  const std::vector<std::uint8_t>* wanted = nullptr;
  // Optional: facilities done of all, after each; called from the worker threads, one at a time.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// One facility's job: where it sits and its bands (the last band is the budget).
struct IsochroneJob {
  routing::NetworkPoint at;
  std::vector<double> band_minutes;
};

// The bands of a category: the plan's band minutes below its budget, then the
// budget (its circle's minutes, or its metres walked at the plan's speed).
std::vector<double> bands_for(const io::Plan& plan, const io::Category& category);

// The engine: all jobs in parallel on cost.graph at that cost, demand optional (empty model).
std::vector<FacilityIsochrone> isochrones(const routing::TravelCost& cost,
                                          const std::vector<IsochroneJob>& jobs, const DemandModel& demand,
                                          const IsochroneOptions& options);

// Every existing facility of the city on the network; others get computed = false.
std::vector<FacilityIsochrone> facility_isochrones(const study::Study& study, const routing::TravelCost& cost,
                                                   const DemandModel& demand,
                                                   const IsochroneOptions& options);

}  // namespace lifecircle::coverage
