#pragma once
// GEOS through its reentrant C API: one context per thread, every handle
// owned by a deleter bound to its context, every call checked (GEOS's own
// advice). GEOS errors become lifecircle::Error with GEOS's message.

#include <geos_c.h>

#include <memory>
#include <string>
#include <string_view>

namespace lifecircle::geom {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const noexcept { return handle_; }

  // Throws Error("<what>: <last GEOS message>") when result is null.
  template <typename T>
  T* check(T* result, std::string_view what) const {
    if (!result) fail(what);
    return result;
  }
  [[noreturn]] void fail(std::string_view what) const;
  const std::string& last_error() const noexcept { return last_error_; }

 private:
  static void on_message(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeometryDeleter {
  GEOSContextHandle_t context;
  void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(context, g); }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t context;
  void operator()(const GEOSPreparedGeometry* g) const noexcept { GEOSPreparedGeom_destroy_r(context, g); }
};
using PreparedGeometry = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// Owning wrappers.
Geometry own(const GeosContext& ctx, GEOSGeometry* g, std::string_view what);
Geometry from_wkb(const GeosContext& ctx, const std::string& wkb);
std::string to_wkb(const GeosContext& ctx, const GEOSGeometry* g);  // ISO WKB, 2D
PreparedGeometry prepare(const GeosContext& ctx, const GEOSGeometry* g);
Geometry make_point(const GeosContext& ctx, double x, double y);

}  // namespace lifecircle::geom
