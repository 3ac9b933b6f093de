#pragma once
// Roads from any GDAL line layer (Shapefile, GeoPackage, GeoJSON), noded into
// shared vertices where lines meet: at shared vertices (within 1 cm), where a
// line's end lies on another line (T-junction), and at crossings, except
// where a grade-separation field (bridge, tunnel) is set on either line.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::io {

struct GdalRoads {
  LayerInfo info;
  // One way per LineString (a MultiLineString gives one per part), in
  // feature order; source_id is the feature id. Vertices are WGS84.
  RawRoads roads;

  std::uint64_t empty_geometries = 0;     // features without geometry: skipped
  std::uint64_t degenerate_lines = 0;     // lines of fewer than 2 distinct points: skipped
  std::uint64_t crossings_noded = 0;      // proper crossings that became a shared vertex
  std::uint64_t crossings_separated = 0;  // crossings left apart by a grade-separation field
  std::vector<std::string> warnings;      // for `info` and the run log
};

// Throws InputError naming the file, layer and feature for a missing file or
// layer, a geometry that is not a line, or a coordinate that is not finite.
GdalRoads read_gdal_roads(const RoadsInput& input);

}  // namespace lifecircle::io
