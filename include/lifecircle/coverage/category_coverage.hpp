#pragma once
// Coverage of one category: one multi-source search from all its facilities
// at once gives every demand point its time to the nearest facility (and
// which one). Shares, catchments and covered street length come from these
// network times, never from polygons.

#include <string>
#include <vector>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/routing/search.hpp"

namespace lifecircle::coverage {

// Facilities of a category that take part: existing, and on the network.
struct CategoryFacilities {
  std::vector<std::uint32_t> facility;        // index into study.facilities; the label is the position here
  std::vector<routing::NetworkPoint> points;  // parallel
};

CategoryFacilities facilities_of(const study::Study& study, const std::string& category_id);

struct Totals {
  double population = 0.0;
  double covered_population = 0.0;
  double street_m = 0.0;
  double covered_street_m = 0.0;
  std::uint32_t facilities = 0;
  double capacity = 0.0;
  double share() const { return population > 0.0 ? covered_population / population : 0.0; }
};

struct CategoryCoverage {
  std::string category;
  double budget_s = 0.0;
  CategoryFacilities members;
  std::vector<double> demand_time_s;           // per demand point; infinity when not reached
  std::vector<std::uint32_t> demand_facility;  // label of the nearest member, kNoLabel when not reached
  std::vector<double> catchment_population;    // per member: demand for which it is the nearest
  std::vector<Totals> towns;                   // per town
  Totals city;
};

// Runs the multi-source search with `search` (its scratch is reused).
// facility_town: the town of each city facility (kNoTown outside all).
CategoryCoverage cover_category(const study::Study& study, const io::Category& category,
                                const DemandModel& demand, const StreetChunks& chunks,
                                const std::vector<std::uint32_t>& facility_town,
                                routing::BoundedDijkstra& search);

}  // namespace lifecircle::coverage
