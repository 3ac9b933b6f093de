#pragma once
// GEOS for the modules above geom: the checked handle layer of
// util/geos.hpp (contexts, owned geometries, WKB, the measures and
// constructions io needs), named here in geom, and the checked operations
// only the modules above geom use. No module outside geom calls GEOS itself.

#include <vector>

#include "lifecircle/geom/simplify.hpp"
#include "lifecircle/util/geos.hpp"

namespace lifecircle::geom {

using geos::Geometry;
using geos::GeometryDeleter;
using geos::GeosContext;
using geos::PreparedDeleter;
using geos::PreparedGeometry;

using geos::area;
using geos::buffer;
using geos::convex_hull;
using geos::envelope;
using geos::Envelope;
using geos::from_wkb;
using geos::intersection;
using geos::intersects;
using geos::invalid_reason;
using geos::is_empty;
using geos::make_point;
using geos::make_valid;
using geos::own;
using geos::polygonal_part;
using geos::prepare;
using geos::to_wkb;

// The union of the parts, which it takes over.
Geometry unary_union(const GeosContext& ctx, std::vector<Geometry> parts);

// A point surely inside the (Multi)Polygon (GEOS PointOnSurface).
XY point_on_surface(const GeosContext& ctx, const GEOSGeometry* g);

bool contains(const GeosContext& ctx, const GEOSPreparedGeometry* a, const GEOSGeometry* b);
double distance(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b);

// Every ring (exterior and holes) of the Polygons in `g`, a Polygon, a
// MultiPolygon or a collection holding them; other parts and empty polygons
// are skipped.
std::vector<std::vector<XY>> polygon_rings(const GeosContext& ctx, const GEOSGeometry* g);

}  // namespace lifecircle::geom
