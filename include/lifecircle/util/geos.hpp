#pragma once
// GEOS through its reentrant C API, the one checked layer every module uses
// (GEOS's own advice): one context per thread, every handle owned by a
// deleter bound to its context, every call checked. GEOS errors become
// lifecircle::Error with GEOS's message. It sits in util because io checks
// and repairs town polygons on load; geom/geos_context.hpp builds the
// operations only the modules above it need on top of it.

#include <geos_c.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lifecircle::geos {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const noexcept { return handle_; }

  // Throws Error("GEOS: <what>: <last GEOS message>") when result is null.
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

// Measures and predicates.
struct Envelope {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};
double area(const GeosContext& ctx, const GEOSGeometry* g);
Envelope envelope(const GeosContext& ctx, const GEOSGeometry* g);
bool is_empty(const GeosContext& ctx, const GEOSGeometry* g);
bool intersects(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b);
bool intersects(const GeosContext& ctx, const GEOSPreparedGeometry* a, const GEOSGeometry* b);
// GEOS's reason when `g` is invalid ("Self-intersection[x y]"), std::nullopt when it is valid.
std::optional<std::string> invalid_reason(const GeosContext& ctx, const GEOSGeometry* g);

// Constructions.
Geometry intersection(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b);
Geometry make_valid(const GeosContext& ctx, const GEOSGeometry* g);
// The polygonal parts of `g` (MakeValid may add lines or points): `g` itself
// when it is a (Multi)Polygon, else a MultiPolygon of its polygons.
Geometry polygonal_part(const GeosContext& ctx, Geometry g);
// The convex hull of the points (xs[i], ys[i]).
Geometry convex_hull(const GeosContext& ctx, std::span<const double> xs, std::span<const double> ys);
Geometry buffer(const GeosContext& ctx, const GEOSGeometry* g, double width, int quadrant_segments);

}  // namespace lifecircle::geos
