#pragma once
// Isochrone polygons: the reached street pieces buffered by a width and
// merged. Built from the network actually reached (partial edges included),
// so a polygon never spans a block nobody can walk into unless the block is
// narrower than twice the width, and keeps the holes the network leaves.

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/geom/reached_network.hpp"

namespace lifecircle::geom {

struct BufferStyle {
  double width_m = 50.0;
  int quadrant_segments = 4;  // arcs of 90 degrees in 4 steps: 2 m error at 50 m
};

// A valid (Multi)Polygon in the working CRS; an empty polygon when nothing was reached.
Geometry isochrone_polygon(const GeosContext& ctx, const ReachedNetwork& reached, const BufferStyle& style);

// The pieces as one MultiLineString (zero-length pieces as tiny segments).
Geometry pieces_as_lines(const GeosContext& ctx, const ReachedNetwork& reached);

}  // namespace lifecircle::geom
