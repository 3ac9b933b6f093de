#include "lifecircle/partition/regions.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <numeric>

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {

Ownership assign_owners(const std::vector<Region>& regions, const io::TownLayer& towns,
                        const std::vector<io::Facility>& facilities,
                        const std::vector<std::uint32_t>& facility_town) {
  const geom::GeosContext ctx;
  std::vector<geom::Geometry> shapes;
  std::vector<geom::PreparedGeometry> prepared;
  for (const Region& r : regions) {
    shapes.push_back(geom::from_wkb(ctx, r.wkb));
    prepared.push_back(geom::prepare(ctx, shapes.back().get()));
  }
  Ownership o;
  o.core.assign(regions.size(), Box{});
  for (const io::Town& town : towns.towns) {
    const geom::Geometry polygon = geom::from_wkb(ctx, town.wkb);
    const geom::XY surface = geom::point_on_surface(ctx, polygon.get());
    const geom::Geometry inside = geom::make_point(ctx, surface.x, surface.y);
    std::uint32_t owner = kNoRegion;
    double nearest = std::numeric_limits<double>::infinity();
    for (std::uint32_t r = 0; r < regions.size() && nearest > 0.0; ++r) {
      if (geom::contains(ctx, prepared[r].get(), inside.get())) {
        owner = r;
        nearest = 0.0;
        break;
      }
      const double d = geom::distance(ctx, shapes[r].get(), inside.get());
      if (d < nearest) {
        nearest = d;
        owner = r;
      }
    }
    if (owner == kNoRegion) throw Error("no region to hold town " + town.code + " " + town.name);
    o.town_region.push_back(owner);
    o.core[owner].add(Box{town.min_x, town.min_y, town.max_x, town.max_y});
  }
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    std::uint32_t owner = facility_town[i] < towns.towns.size() ? o.town_region[facility_town[i]] : kNoRegion;
    if (owner == kNoRegion) {
      double nearest = std::numeric_limits<double>::infinity();
      for (std::uint32_t r = 0; r < regions.size(); ++r) {
        const double d = o.core[r].empty() ? nearest : o.core[r].distance(facilities[i].x, facilities[i].y);
        if (d < nearest) nearest = d, owner = r;
      }
    }
    o.facility_region.push_back(owner);
  }
  // A facility outside every town widens its region's core: its reach must fit the piece.
  for (std::size_t i = 0; i < facilities.size(); ++i) {
    if (o.facility_region[i] != kNoRegion) o.core[o.facility_region[i]].add(facilities[i].x, facilities[i].y);
  }
  return o;
}

PieceInputs piece_inputs(std::uint32_t region, const Ownership& owners, const Halo& halo,
                         const io::TownLayer& towns, const std::vector<io::Facility>& facilities,
                         const io::PopulationLayer* population) {
  PieceInputs in;
  in.region = region;
  in.core = owners.core[region];
  const Box roads = in.core.grown(halo.roads_m);
  const Box near = in.core.grown(halo.facilities_m);
  for (std::uint32_t t = 0; t < towns.towns.size(); ++t) {
    const io::Town& town = towns.towns[t];
    if (roads.intersects(Box{town.min_x, town.min_y, town.max_x, town.max_y})) in.towns.push_back(t);
    if (owners.town_region[t] == region) in.owned_towns.push_back(t);
  }
  for (std::uint32_t i = 0; i < facilities.size(); ++i) {
    if (near.contains(facilities[i].x, facilities[i].y)) in.facilities.push_back(i);
    if (owners.facility_region[i] == region) in.owned_facilities.push_back(i);
  }
  if (population) {
    for (std::uint32_t i = 0; i < population->points.size(); ++i) {
      if (near.contains(population->points[i].x, population->points[i].y)) in.population_points.push_back(i);
    }
  }
  return in;
}

std::vector<int> deal_regions(const std::vector<double>& work, int ranks) {
  std::vector<std::size_t> order(work.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return work[a] > work[b]; });
  std::vector<double> load(static_cast<std::size_t>(std::max(ranks, 1)), 0.0);
  std::vector<int> rank_of(work.size(), 0);
  for (const std::size_t r : order) {
    const auto least = std::min_element(load.begin(), load.end());  // the first, i.e. lowest rank, on ties
    *least += work[r];
    rank_of[r] = static_cast<int>(least - load.begin());
  }
  return rank_of;
}

}  // namespace lifecircle::partition
