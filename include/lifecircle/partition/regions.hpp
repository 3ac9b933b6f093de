#pragma once
// The regions a run is partitioned by (counties, or towns), and who owns
// what: every town belongs to the region holding a point inside it (the
// nearest region when none does), every facility to its town's region (the
// region whose core box is nearest when it lies outside every town). A
// region's core box holds what it owns; its piece reaches a halo beyond.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/facilities.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/population.hpp"
#include "lifecircle/io/region_layer.hpp"
#include "lifecircle/io/towns.hpp"
#include "lifecircle/partition/halo.hpp"

namespace lifecircle::partition {

using io::Region;  // the regions layer is read by io (io/region_layer.hpp)

inline constexpr std::uint32_t kNoRegion = 0xffffffffu;

struct Ownership {
  std::vector<std::uint32_t> town_region;      // per town
  std::vector<std::uint32_t> facility_region;  // per facility
  std::vector<Box> core;                       // per region; empty for a region owning nothing
};

// facility_town: each facility's town (coverage::TownLocator), kNoTown outside all.
Ownership assign_owners(const std::vector<Region>& regions, const io::TownLayer& towns,
                        const std::vector<io::Facility>& facilities,
                        const std::vector<std::uint32_t>& facility_town);

// What a region's piece holds besides its roads, as indices into the whole
// lists (ascending, so a piece keeps the whole run's order).
struct PieceInputs {
  std::uint32_t region = 0;
  Box core;
  std::vector<std::uint32_t> towns;              // towns whose box meets the roads halo
  std::vector<std::uint32_t> facilities;         // within the facilities halo
  std::vector<std::uint32_t> population_points;  // within the facilities halo
  std::vector<std::uint32_t> owned_towns;        // subset of towns
  std::vector<std::uint32_t> owned_facilities;   // subset of facilities
};

PieceInputs piece_inputs(std::uint32_t region, const Ownership& owners, const Halo& halo,
                         const io::TownLayer& towns, const std::vector<io::Facility>& facilities,
                         const io::PopulationLayer* population);

// Regions dealt to ranks by estimated work, largest first, each to the rank
// with the least work so far (ties: the lower rank). Returns the rank of each region.
std::vector<int> deal_regions(const std::vector<double>& work, int ranks);

}  // namespace lifecircle::partition
