#pragma once
// Noding of WGS84 polylines into RawRoads: vertices within 1 cm of each other
// become one vertex; a line's end on another line's interior (T-junction) and
// proper crossings become a vertex inserted in both lines. Crossings, and
// interior vertices touching another line, are left apart when either line
// is grade-separated (bridge, tunnel). The work happens in a local
// equirectangular frame in metres around the data's centre; output order is
// deterministic (input order of lines, vertices by first use).

#include <cstdint>
#include <vector>

#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::io::detail {

inline constexpr double kNodingToleranceM = 0.01;

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

struct NodingLine {
  std::int64_t source_id = 0;
  bool grade_separated = false;
  std::vector<LonLat> points;  // WGS84
};

struct NodingStats {
  std::uint64_t degenerate_lines = 0;     // fewer than 2 distinct vertices: dropped
  std::uint64_t crossings_noded = 0;      // proper crossings given a shared vertex
  std::uint64_t crossings_separated = 0;  // crossings or touches left apart (grade separation)
  std::uint64_t touches_noded = 0;        // vertices inserted where they lie on another line
};

// One RawWay per input line with at least 2 distinct vertices, in input order.
RawRoads node_lines(const std::vector<NodingLine>& lines, NodingStats& stats);

}  // namespace lifecircle::io::detail
