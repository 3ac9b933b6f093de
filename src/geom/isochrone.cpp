#include "lifecircle/geom/isochrone.hpp"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "lifecircle/geom/contour.hpp"
#include "lifecircle/geom/distance_grid.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::geom {
namespace {

GEOSGeometry* line_of(const GeosContext& ctx, const Piece& piece) {
  const std::size_t n = piece.x.size();
  GEOSCoordSequence* seq =
      ctx.check(GEOSCoordSeq_create_r(ctx.handle(), static_cast<unsigned>(n < 2 ? 2 : n), 2),
                "creating a coordinate sequence");
  for (std::size_t i = 0; i < n; ++i) {
    GEOSCoordSeq_setXY_r(ctx.handle(), seq, static_cast<unsigned>(i), piece.x[i], piece.y[i]);
  }
  if (n < 2) GEOSCoordSeq_setXY_r(ctx.handle(), seq, 1, piece.x[0], piece.y[0]);  // a degenerate segment
  return ctx.check(GEOSGeom_createLineString_r(ctx.handle(), seq), "creating a line");
}

void check_style(const BufferStyle& style) {
  if (!(style.width_m > 0.0) || !(style.cell_m > 0.0)) {
    throw Error("isochrone: buffer width (" + std::to_string(style.width_m) + " m) and grid cell (" +
                std::to_string(style.cell_m) + " m) must be positive");
  }
}

// Nodes up to 1.6 cells beyond the width hold exact distances: the contour
// needs 1.5 (see contour.hpp).
DistanceGrid grid_for(const ReachedNetwork& reached, const BufferStyle& style) {
  check_style(style);
  return DistanceGrid(reached, style.cell_m, style.width_m + 1.6 * style.cell_m);
}

}  // namespace

double boundary_tolerance_m(const BufferStyle& style) {
  return (1.0 + std::numbers::sqrt2 / 2.0) * style.cell_m;
}

Geometry isochrone_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style) {
  return contour_polygon(ctx, grid_for(reached, style), style.width_m);
}

ZonedPolygon isochrone_polygon_by_zone(const GeosContext& ctx, const ReachedNetwork& reached,
                                       const BufferStyle& style, const ZoneRaster& zones) {
  const DistanceGrid grid = grid_for(reached, style);
  ZonedPolygon out{contour_polygon(ctx, grid, style.width_m),
                   contour_area_by_zone(grid, style.width_m, zones)};
  return out;
}

double cell_for(const ReachedNetwork& reached, const BufferStyle& style, double max_stamped_nodes) {
  check_style(style);
  double cell = style.cell_m;
  for (int step = 0; step < 4; ++step, cell *= 2.0) {
    const double reach = style.width_m + 1.6 * cell;
    const double area = 2.0 * reach * reached.length_m + std::numbers::pi * reach * reach;
    if (area / (cell * cell) <= max_stamped_nodes) break;
  }
  return cell;
}

Geometry buffer_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style) {
  if (reached.pieces.empty())
    return own(ctx, GEOSGeom_createEmptyPolygon_r(ctx.handle()), "creating an empty polygon");
  const Geometry lines = pieces_as_lines(ctx, reached);
  return own(ctx, GEOSBuffer_r(ctx.handle(), lines.get(), style.width_m, style.quadrant_segments),
             "buffering the reached network");
}

Geometry pieces_as_lines(const GeosContext& ctx, const ReachedNetwork& reached) {
  std::vector<GEOSGeometry*> lines;
  lines.reserve(reached.pieces.size());
  try {
    for (const Piece& piece : reached.pieces) lines.push_back(line_of(ctx, piece));
  } catch (...) {
    for (GEOSGeometry* g : lines) GEOSGeom_destroy_r(ctx.handle(), g);
    throw;
  }
  // The collection takes ownership of the lines.
  return own(ctx,
             GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTILINESTRING, lines.data(),
                                         static_cast<unsigned>(lines.size())),
             "collecting lines");
}

}  // namespace lifecircle::geom
