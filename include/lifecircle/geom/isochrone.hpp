#pragma once
// Isochrone polygons: the land within a width of the reached street pieces.
// Built from the network actually reached (partial edges included), so a
// polygon never spans a block nobody can walk into unless the block is
// narrower than twice the width, and keeps the holes the network leaves.
//
// Method: the exact distance to the pieces is computed at the nodes of a
// square grid (geom/distance_grid.hpp) and the region where it is at most the
// width is contoured (geom/contour.hpp), instead of buffering and merging the
// pieces with GEOS (kept as buffer_polygon, the reference: exact, but 8 s for
// a citywide coverage polygon of 27,000 pieces).
//
// Tolerance: the boundary lies between the exact buffers of width - T and
// width + T, T = boundary_tolerance_m(style) = (1 + sqrt(2) / 2) cell_m (the
// distance is 1-Lipschitz: a contour point on a cell edge is within one cell
// of the true width, a point inside a cell within half a diagonal of one).
// Measured on real extracts it is far smaller (see tests/geom/isochrone_test.cpp).
// No land farther than width + T from a reached piece is claimed, and every
// point within width - T of one is inside.
//
// Nesting: grid nodes sit at multiples of cell_m in the working CRS, so all
// polygons with one cell share one grid; a band with fewer pieces has nowhere
// a smaller distance, so its polygon lies inside the larger band's, exactly.
// The same pieces give the same polygon, bit for bit, whatever else was asked.

#include <vector>

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/geom/reached_network.hpp"
#include "lifecircle/geom/zone_raster.hpp"

namespace lifecircle::geom {

struct BufferStyle {
  double width_m = 50.0;
  int quadrant_segments = 4;  // buffer_polygon only: arcs of 90 degrees in 4 steps, 2 m error at 50 m
  double cell_m = 5.0;        // grid cell of isochrone_polygon
};

// T above: how far the boundary may stray from the exact buffer's.
double boundary_tolerance_m(const BufferStyle& style);

// A valid (Multi)Polygon in the working CRS; an empty polygon when nothing was reached.
Geometry isochrone_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style);

// The same polygon and its area in each zone of `zones` (rasterised with
// style.cell_m): each grid cell's exact share of the polygon counts for the
// zone holding the cell's centre, so a zone's area is off by at most the
// cells its outline crosses inside the polygon.
struct ZonedPolygon {
  Geometry polygon;
  std::vector<double> zone_area_m2;
};
ZonedPolygon isochrone_polygon_by_zone(const GeosContext& ctx, const ReachedNetwork& reached,
                                       const BufferStyle& style, const ZoneRaster& zones);

// A cell for large inputs: the smallest of style.cell_m times 1, 2, 4, 8 or
// 16 for which the grid work (nodes stamped beside the reached length)
// stays under max_stamped_nodes. Choose it once from the largest band and use it
// for every band so the bands still nest.
double cell_for(const ReachedNetwork& reached, const BufferStyle& style, double max_stamped_nodes);

// The exact GEOS buffer of the pieces (round, style.quadrant_segments): the
// reference the grid method is tested against; slow on large inputs.
Geometry buffer_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style);

// The pieces as one MultiLineString (zero-length pieces as tiny segments).
Geometry pieces_as_lines(const GeosContext& ctx, const ReachedNetwork& reached);

}  // namespace lifecircle::geom
