#include "lifecircle/geom/geos_context.hpp"

#include <cstdarg>

#include "lifecircle/util/error.hpp"

namespace lifecircle::geom {

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
  return own(ctx,
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

}  // namespace lifecircle::geom
