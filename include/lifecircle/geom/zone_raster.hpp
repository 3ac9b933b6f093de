#pragma once
// Zones (towns) on the grid of a DistanceGrid: each grid cell belongs to the
// zone that holds its centre. Stored as runs of cells per row, so memory
// follows the zones' outlines, not their area.

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "lifecircle/geom/geos_context.hpp"

namespace lifecircle::geom {

inline constexpr std::uint32_t kNoZone = std::numeric_limits<std::uint32_t>::max();

class ZoneRaster {
 public:
  // zones: (Multi)Polygons (other parts of collections are ignored), in the
  // order that gives their numbers. Zones should not overlap; where they do,
  // a cell counts for one of them.
  ZoneRaster(const GeosContext& ctx, std::span<const GEOSGeometry* const> zones, double cell_m);

  double cell_m() const noexcept { return cell_m_; }
  std::size_t zone_count() const noexcept { return zone_count_; }

  // The zone of the cell whose lower-left node is grid node (i, j), or kNoZone.
  std::uint32_t zone_of_cell(std::int64_t i, std::int64_t j) const noexcept;

 private:
  struct Run {
    std::int64_t first_i, end_i;  // cells [first_i, end_i) of the row
    std::uint32_t zone;
  };
  double cell_m_;
  std::size_t zone_count_;
  std::int64_t first_j_ = 0;
  std::vector<std::uint32_t> row_first_;  // runs of row first_j_ + r: [row_first_[r], row_first_[r + 1])
  std::vector<Run> runs_;                 // sorted by first_i within a row
};

}  // namespace lifecircle::geom
