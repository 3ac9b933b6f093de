#include "lifecircle/geom/isochrone.hpp"

#include <vector>

namespace lifecircle::geom {
namespace {

GEOSGeometry* line_of(const GeosContext& ctx, const Piece& piece) {
  const std::size_t n = piece.x.size();
  GEOSCoordSequence* seq = ctx.check(GEOSCoordSeq_create_r(ctx.handle(), static_cast<unsigned>(n < 2 ? 2 : n), 2),
                                     "creating a coordinate sequence");
  for (std::size_t i = 0; i < n; ++i) {
    GEOSCoordSeq_setXY_r(ctx.handle(), seq, static_cast<unsigned>(i), piece.x[i], piece.y[i]);
  }
  if (n < 2) GEOSCoordSeq_setXY_r(ctx.handle(), seq, 1, piece.x[0], piece.y[0]);  // a degenerate segment
  return ctx.check(GEOSGeom_createLineString_r(ctx.handle(), seq), "creating a line");
}

}  // namespace

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

Geometry isochrone_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style) {
  if (reached.pieces.empty()) return own(ctx, GEOSGeom_createEmptyPolygon_r(ctx.handle()), "creating an empty polygon");
  const Geometry lines = pieces_as_lines(ctx, reached);
  return own(ctx, GEOSBuffer_r(ctx.handle(), lines.get(), style.width_m, style.quadrant_segments),
             "buffering the reached network");
}

}  // namespace lifecircle::geom
