#pragma once
// Douglas–Peucker simplification of a ring for display (report.html's
// interactive map). The coverage contours carry a vertex every grid cell;
// a browser needs one every few metres of screen. Unlike GEOS's
// topology-preserving simplifier (which dominated writing the report), this
// does not guard against rings touching after simplification: a map shows
// no difference, and no area or share is computed from the result.
#include <span>
#include <vector>

namespace lifecircle::geom {

struct XY {
  double x = 0.0, y = 0.0;
};

// The vertices of a closed ring (first == last) kept by Douglas–Peucker with
// `tolerance` (every dropped vertex lies within `tolerance` of the segment
// that replaces it). Returns an empty vector when fewer than four vertices
// (a triangle, closed) would remain: the ring is smaller than the tolerance.
std::vector<XY> simplify_ring(std::span<const XY> ring, double tolerance);

}  // namespace lifecircle::geom
