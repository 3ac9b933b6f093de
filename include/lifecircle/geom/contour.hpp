#pragma once
// The region where a DistanceGrid is at most a level, as polygons: marching
// squares over the stored tiles, contour points interpolated linearly along
// cell edges, saddles decided by the mean of the four corners, rings traced
// from cell to cell and holes given to the polygon around them.
//
// Nesting: a contour point moves only towards the outside node when node
// values drop, and the saddle rule is monotone too, so on one grid a field
// that is nowhere larger gives a region that contains the other, cell by cell.
//
// Validity: each cell edge carries at most one contour point, kept a millionth
// of a cell away from the nodes, and segments within a cell never cross, so
// rings are simple and pairwise disjoint: the result is a valid polygon.

#include <vector>

#include "lifecircle/geom/distance_grid.hpp"
#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/geom/zone_raster.hpp"

namespace lifecircle::geom {

// A valid (Multi)Polygon; an empty polygon when no node is at most level_m.
// level_m must leave at least 1.5 cells to the grid's reach.
Geometry contour_polygon(const GeosContext& ctx, const DistanceGrid& grid, double level_m);

// The area of contour_polygon(grid, level_m) in each zone, from the exact
// area of the polygon in each cell, each cell counted for the zone holding its
// centre (so a zone's area is off by at most the cells its outline crosses).
std::vector<double> contour_area_by_zone(const DistanceGrid& grid, double level_m, const ZoneRaster& zones);

}  // namespace lifecircle::geom
