#include "lifecircle/coverage/category_coverage.hpp"

#include <algorithm>

namespace lifecircle::coverage {

CategoryFacilities facilities_of(const study::Study& study, const std::string& category_id) {
  CategoryFacilities out;
  for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (f.category != category_id || f.status != io::FacilityStatus::existing) continue;
    if (!study.facility_snaps[i].on_network()) continue;
    out.facility.push_back(i);
    out.points.push_back(routing::NetworkPoint::from_snap(*study.facility_snaps[i].snap));
  }
  return out;
}

namespace {

void count_streets(const StreetChunks& chunks, std::vector<Totals>& towns) {
  for (std::size_t k = 0; k < chunks.along.size(); ++k) {
    if (chunks.town[k] != kNoTown)
      towns[chunks.town[k]].street_m += chunks.along[k].to_m - chunks.along[k].from_m;
  }
}

void count_facilities(const study::Study& study, const std::string& category_id,
                      const std::vector<std::uint32_t>& facility_town, std::vector<Totals>& towns) {
  for (std::size_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (f.category != category_id || f.status != io::FacilityStatus::existing) continue;
    if (facility_town[i] == kNoTown) continue;
    ++towns[facility_town[i]].facilities;
    towns[facility_town[i]].capacity += f.capacity.value_or(0.0);
  }
}

Totals sum(const std::vector<Totals>& towns) {
  Totals all;
  for (const Totals& t : towns) {
    all.population += t.population;
    all.covered_population += t.covered_population;
    all.street_m += t.street_m;
    all.covered_street_m += t.covered_street_m;
    all.facilities += t.facilities;
    all.capacity += t.capacity;
  }
  return all;
}

}  // namespace

CategoryCoverage cover_category(const study::Study& study, const io::Category& category,
                                const DemandModel& demand, const StreetChunks& chunks,
                                const std::vector<std::uint32_t>& facility_town,
                                routing::BoundedDijkstra& search) {
  CategoryCoverage c;
  c.category = category.id;
  c.budget_s = category.reach.budget_s(search.cost().speed_mps);
  c.members = facilities_of(study, category.id);
  const routing::SourcesOnEdges on_edges(c.members.points, {});
  const auto sources = routing::sources_for_all(search.cost(), c.members.points, {});
  search.run(sources, c.budget_s);

  const std::size_t town_count = study.towns.towns.size();
  c.towns.assign(town_count, Totals{});
  c.catchment_population.assign(c.members.facility.size(), 0.0);
  c.demand_time_s.resize(demand.points.size());
  c.demand_facility.resize(demand.points.size());
  for (std::size_t i = 0; i < demand.points.size(); ++i) {
    const DemandPoint& p = demand.points[i];
    const routing::Arrival arrival = routing::arrival_at(search, p.at, on_edges);
    c.demand_time_s[i] = arrival.time_s;
    c.demand_facility[i] = arrival.label;
    if (arrival.label != routing::kNoLabel) {
      c.towns[p.town].covered_population += p.population;
      c.catchment_population[arrival.label] += p.population;
    }
  }
  for (std::size_t t = 0; t < town_count; ++t) {
    c.towns[t].population = demand.placed_population[t] + demand.unplaced_population[t];
  }
  count_streets(chunks, c.towns);
  std::vector<double> covered_m(town_count, 0.0);
  for (const graph::EdgeId e : geom::touched_edges(search, on_edges)) {
    add_covered_length(chunks, e, geom::reached_intervals(search, e, on_edges, c.budget_s), covered_m);
  }
  for (std::size_t t = 0; t < town_count; ++t) c.towns[t].covered_street_m = covered_m[t];
  count_facilities(study, category.id, facility_town, c.towns);
  c.city = sum(c.towns);
  return c;
}

}  // namespace lifecircle::coverage
