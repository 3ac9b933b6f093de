#include "lifecircle/geom/geos_context.hpp"

namespace lifecircle::geom {

Geometry unary_union(const GeosContext& ctx, std::vector<Geometry> parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (const Geometry& p : parts) raw.push_back(p.get());
  GEOSGeometry* all = GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                  static_cast<unsigned>(raw.size()));
  if (all == nullptr) ctx.fail("collecting geometries to merge");
  for (Geometry& p : parts) static_cast<void>(p.release());  // the collection has them now
  const Geometry collection(all, GeometryDeleter{ctx.handle()});
  return own(ctx, GEOSUnaryUnion_r(ctx.handle(), collection.get()), "merging geometries");
}

XY point_on_surface(const GeosContext& ctx, const GEOSGeometry* g) {
  const Geometry p = own(ctx, GEOSPointOnSurface_r(ctx.handle(), g), "a point on a surface");
  XY out;
  if (GEOSGeomGetX_r(ctx.handle(), p.get(), &out.x) == 0 ||
      GEOSGeomGetY_r(ctx.handle(), p.get(), &out.y) == 0) {
    ctx.fail("reading a point on a surface");
  }
  return out;
}

bool contains(const GeosContext& ctx, const GEOSPreparedGeometry* a, const GEOSGeometry* b) {
  const char answer = GEOSPreparedContains_r(ctx.handle(), a, b);
  if (answer == 2) ctx.fail("testing containment");
  return answer == 1;
}

double distance(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  double out = 0.0;
  if (GEOSDistance_r(ctx.handle(), a, b, &out) == 0) ctx.fail("measuring a distance");
  return out;
}

namespace {

std::vector<XY> ring_points(const GeosContext& ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = ctx.check(GEOSGeom_getCoordSeq_r(ctx.handle(), ring), "ring coordinates");
  unsigned int size = 0;
  if (GEOSCoordSeq_getSize_r(ctx.handle(), seq, &size) == 0) ctx.fail("ring size");
  std::vector<XY> points(size);
  for (unsigned int i = 0; i < size; ++i) {
    if (GEOSCoordSeq_getXY_r(ctx.handle(), seq, i, &points[i].x, &points[i].y) == 0) ctx.fail("ring point");
  }
  return points;
}

void add_rings(const GeosContext& ctx, const GEOSGeometry* g, std::vector<std::vector<XY>>& rings) {
  const int type = GEOSGeomTypeId_r(ctx.handle(), g);
  if (type == GEOS_POLYGON) {
    if (is_empty(ctx, g)) return;
    rings.push_back(ring_points(ctx, ctx.check(GEOSGetExteriorRing_r(ctx.handle(), g), "exterior ring")));
    const int holes = GEOSGetNumInteriorRings_r(ctx.handle(), g);
    for (int i = 0; i < holes; ++i) {
      rings.push_back(
          ring_points(ctx, ctx.check(GEOSGetInteriorRingN_r(ctx.handle(), g, i), "interior ring")));
    }
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int parts = GEOSGetNumGeometries_r(ctx.handle(), g);
    for (int i = 0; i < parts; ++i)
      add_rings(ctx, ctx.check(GEOSGetGeometryN_r(ctx.handle(), g, i), "a part"), rings);
  }
}

}  // namespace

std::vector<std::vector<XY>> polygon_rings(const GeosContext& ctx, const GEOSGeometry* g) {
  std::vector<std::vector<XY>> rings;
  add_rings(ctx, g, rings);
  return rings;
}

}  // namespace lifecircle::geom
