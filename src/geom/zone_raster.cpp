#include "lifecircle/geom/zone_raster.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/util/error.hpp"

namespace lifecircle::geom {
namespace {

struct Crossing {
  std::int64_t row;  // cell row whose centre line the ring edge crosses
  std::uint32_t zone;
  double x;
};

// Where the ring's edges cross the centre lines of cell rows (y = (j + 0.5) * cell),
// each edge taken half-open in y so a vertex on a centre line counts once.
void add_ring(const GeosContext& ctx, const GEOSGeometry* ring, std::uint32_t zone, double cell_m,
              std::vector<Crossing>& out) {
  const GEOSCoordSequence* seq = ctx.check(GEOSGeom_getCoordSeq_r(ctx.handle(), ring), "reading a zone ring");
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n);
  double x0 = 0.0, y0 = 0.0;
  for (unsigned k = 0; k < n; ++k) {
    double x1 = 0.0, y1 = 0.0;
    GEOSCoordSeq_getXY_r(ctx.handle(), seq, k, &x1, &y1);
    if (k > 0 && y0 != y1) {
      const double lo = std::min(y0, y1), hi = std::max(y0, y1);
      // rows j with lo <= (j + 0.5) * cell < hi
      const auto j0 = static_cast<std::int64_t>(std::ceil(lo / cell_m - 0.5));
      for (std::int64_t j = j0; (static_cast<double>(j) + 0.5) * cell_m < hi; ++j) {
        const double yc = (static_cast<double>(j) + 0.5) * cell_m;
        out.push_back({j, zone, x0 + (yc - y0) / (y1 - y0) * (x1 - x0)});
      }
    }
    x0 = x1;
    y0 = y1;
  }
}

void add_zone(const GeosContext& ctx, const GEOSGeometry* g, std::uint32_t zone, double cell_m,
              std::vector<Crossing>& out) {
  const int type = GEOSGeomTypeId_r(ctx.handle(), g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx.handle(), g) == 1) return;
    add_ring(ctx, ctx.check(GEOSGetExteriorRing_r(ctx.handle(), g), "reading a zone shell"), zone, cell_m,
             out);
    const int holes = GEOSGetNumInteriorRings_r(ctx.handle(), g);
    for (int k = 0; k < holes; ++k) {
      add_ring(ctx, ctx.check(GEOSGetInteriorRingN_r(ctx.handle(), g, k), "reading a zone hole"), zone,
               cell_m, out);
    }
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int parts = GEOSGetNumGeometries_r(ctx.handle(), g);
    for (int k = 0; k < parts; ++k) add_zone(ctx, GEOSGetGeometryN_r(ctx.handle(), g, k), zone, cell_m, out);
  }
}

}  // namespace

ZoneRaster::ZoneRaster(const GeosContext& ctx, std::span<const GEOSGeometry* const> zones, double cell_m)
    : cell_m_(cell_m), zone_count_(zones.size()) {
  if (!(cell_m > 0.0))
    throw Error("zone raster: the cell (" + std::to_string(cell_m) + " m) must be positive");
  std::vector<Crossing> crossings;
  for (std::size_t z = 0; z < zones.size(); ++z)
    add_zone(ctx, zones[z], static_cast<std::uint32_t>(z), cell_m, crossings);
  std::sort(crossings.begin(), crossings.end(), [](const Crossing& a, const Crossing& b) {
    if (a.row != b.row) return a.row < b.row;
    return a.zone != b.zone ? a.zone < b.zone : a.x < b.x;
  });
  if (crossings.empty()) {
    row_first_.assign(1, 0);
    return;
  }
  first_j_ = crossings.front().row;
  const std::int64_t rows = crossings.back().row - first_j_ + 1;
  row_first_.assign(static_cast<std::size_t>(rows) + 1, 0);
  std::size_t k = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::size_t row_begin = runs_.size();
    // Per zone, crossings pair up (even-odd): cells whose centres lie in [x_a, x_b).
    while (k < crossings.size() && crossings[k].row == first_j_ + r) {
      std::size_t end = k;
      while (end < crossings.size() && crossings[end].row == crossings[k].row &&
             crossings[end].zone == crossings[k].zone) {
        ++end;
      }
      for (std::size_t a = k; a + 1 < end; a += 2) {
        const auto first = static_cast<std::int64_t>(std::ceil(crossings[a].x / cell_m - 0.5));
        const auto last = static_cast<std::int64_t>(std::ceil(crossings[a + 1].x / cell_m - 0.5));
        if (first < last) runs_.push_back({first, last, crossings[k].zone});
      }
      k = end;
    }
    std::sort(runs_.begin() + static_cast<std::ptrdiff_t>(row_begin), runs_.end(),
              [](const Run& a, const Run& b) { return a.first_i < b.first_i; });
    row_first_[static_cast<std::size_t>(r) + 1] = static_cast<std::uint32_t>(runs_.size());
  }
}

std::uint32_t ZoneRaster::zone_of_cell(std::int64_t i, std::int64_t j) const noexcept {
  const std::int64_t r = j - first_j_;
  if (r < 0 || r + 1 >= static_cast<std::int64_t>(row_first_.size())) return kNoZone;
  const auto begin = runs_.begin() + row_first_[static_cast<std::size_t>(r)];
  const auto end = runs_.begin() + row_first_[static_cast<std::size_t>(r) + 1];
  auto it = std::upper_bound(begin, end, i, [](std::int64_t v, const Run& run) { return v < run.first_i; });
  if (it == begin) return kNoZone;
  --it;
  return i < it->end_i ? it->zone : kNoZone;
}

}  // namespace lifecircle::geom
