#include "lifecircle/util/geos.hpp"

#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle::geos {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  if (!handle_) throw Error("GEOS: cannot create a context");
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_message, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_message(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message ? message : "";
}

void GeosContext::fail(std::string_view what) const {
  throw Error("GEOS: " + std::string(what) + (last_error_.empty() ? "" : ": " + last_error_));
}

Geometry own(const GeosContext& ctx, GEOSGeometry* g, std::string_view what) {
  return Geometry(ctx.check(g, what), GeometryDeleter{ctx.handle()});
}

Geometry from_wkb(const GeosContext& ctx, const std::string& wkb) {
  return own(
      ctx,
      GEOSGeomFromWKB_buf_r(ctx.handle(), reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size()),
      "reading WKB");
}

std::string to_wkb(const GeosContext& ctx, const GEOSGeometry* g) {
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx.handle());
  ctx.check(writer, "creating a WKB writer");
  GEOSWKBWriter_setOutputDimension_r(ctx.handle(), writer, 2);
  GEOSWKBWriter_setFlavor_r(ctx.handle(), writer, GEOS_WKB_ISO);
  std::size_t size = 0;
  unsigned char* buffer = GEOSWKBWriter_write_r(ctx.handle(), writer, g, &size);
  GEOSWKBWriter_destroy_r(ctx.handle(), writer);
  ctx.check(buffer, "writing WKB");
  std::string out(reinterpret_cast<const char*>(buffer), size);
  GEOSFree_r(ctx.handle(), buffer);
  return out;
}

PreparedGeometry prepare(const GeosContext& ctx, const GEOSGeometry* g) {
  return PreparedGeometry(ctx.check(GEOSPrepare_r(ctx.handle(), g), "preparing a geometry"),
                          PreparedDeleter{ctx.handle()});
}

Geometry make_point(const GeosContext& ctx, double x, double y) {
  return own(ctx, GEOSGeom_createPointFromXY_r(ctx.handle(), x, y), "creating a point");
}

double area(const GeosContext& ctx, const GEOSGeometry* g) {
  double out = 0.0;
  if (GEOSArea_r(ctx.handle(), g, &out) == 0) ctx.fail("measuring an area");
  return out;
}

Envelope envelope(const GeosContext& ctx, const GEOSGeometry* g) {
  Envelope e;
  if (GEOSGeom_getXMin_r(ctx.handle(), g, &e.min_x) == 0 ||
      GEOSGeom_getYMin_r(ctx.handle(), g, &e.min_y) == 0 ||
      GEOSGeom_getXMax_r(ctx.handle(), g, &e.max_x) == 0 ||
      GEOSGeom_getYMax_r(ctx.handle(), g, &e.max_y) == 0) {
    ctx.fail("computing an envelope");
  }
  return e;
}

namespace {

// GEOS predicates answer 1 (true), 0 (false) or 2 (an exception).
bool predicate(const GeosContext& ctx, char answer, std::string_view what) {
  if (answer == 2) ctx.fail(what);
  return answer == 1;
}

}  // namespace

bool is_empty(const GeosContext& ctx, const GEOSGeometry* g) {
  return predicate(ctx, GEOSisEmpty_r(ctx.handle(), g), "testing for emptiness");
}

bool intersects(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  return predicate(ctx, GEOSIntersects_r(ctx.handle(), a, b), "testing two geometries for intersection");
}

bool intersects(const GeosContext& ctx, const GEOSPreparedGeometry* a, const GEOSGeometry* b) {
  return predicate(ctx, GEOSPreparedIntersects_r(ctx.handle(), a, b),
                   "testing two geometries for intersection");
}

std::optional<std::string> invalid_reason(const GeosContext& ctx, const GEOSGeometry* g) {
  if (predicate(ctx, GEOSisValid_r(ctx.handle(), g), "checking validity")) return std::nullopt;
  char* reason = GEOSisValidReason_r(ctx.handle(), g);
  if (!reason) return std::string("unknown reason");
  std::string out(reason);
  GEOSFree_r(ctx.handle(), reason);
  return out;
}

Geometry intersection(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  return own(ctx, GEOSIntersection_r(ctx.handle(), a, b), "intersecting two geometries");
}

Geometry make_valid(const GeosContext& ctx, const GEOSGeometry* g) {
  return own(ctx, GEOSMakeValid_r(ctx.handle(), g), "repairing a polygon");
}

namespace {

// A collection of `type` made of the parts, which it owns from then on (also
// when GEOS fails: the parts are destroyed with the Geometry handles).
Geometry collect(const GeosContext& ctx, int type, std::vector<Geometry> parts, std::string_view what) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (const Geometry& p : parts) raw.push_back(p.get());
  GEOSGeometry* out =
      GEOSGeom_createCollection_r(ctx.handle(), type, raw.data(), static_cast<unsigned>(raw.size()));
  if (out == nullptr) ctx.fail(what);
  for (Geometry& p : parts) static_cast<void>(p.release());  // the collection has them now
  return Geometry(out, GeometryDeleter{ctx.handle()});
}

Geometry clone(const GeosContext& ctx, const GEOSGeometry* g) {
  return own(ctx, GEOSGeom_clone_r(ctx.handle(), g), "cloning a polygon");
}

}  // namespace

Geometry polygonal_part(const GeosContext& ctx, Geometry g) {
  const int type = GEOSGeomTypeId_r(ctx.handle(), g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<Geometry> parts;
  const int count = GEOSGetNumGeometries_r(ctx.handle(), g.get());
  for (int i = 0; i < count; ++i) {
    const GEOSGeometry* part = ctx.check(GEOSGetGeometryN_r(ctx.handle(), g.get(), i), "reading a part");
    const int part_type = GEOSGeomTypeId_r(ctx.handle(), part);
    if (part_type == GEOS_POLYGON) {
      parts.push_back(clone(ctx, part));
    } else if (part_type == GEOS_MULTIPOLYGON) {
      for (int j = 0; j < GEOSGetNumGeometries_r(ctx.handle(), part); ++j) {
        parts.push_back(clone(ctx, ctx.check(GEOSGetGeometryN_r(ctx.handle(), part, j), "reading a part")));
      }
    }
  }
  return collect(ctx, GEOS_MULTIPOLYGON, std::move(parts), "collecting polygons");
}

Geometry convex_hull(const GeosContext& ctx, std::span<const double> xs, std::span<const double> ys) {
  std::vector<Geometry> points;
  points.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i)
    points.push_back(make_point(ctx, xs[i], ys[i]));
  const Geometry cloud = collect(ctx, GEOS_MULTIPOINT, std::move(points), "collecting points");
  return own(ctx, GEOSConvexHull_r(ctx.handle(), cloud.get()), "a convex hull");
}

Geometry buffer(const GeosContext& ctx, const GEOSGeometry* g, double width, int quadrant_segments) {
  return own(ctx, GEOSBuffer_r(ctx.handle(), g, width, quadrant_segments), "buffering a geometry");
}

}  // namespace lifecircle::geos
