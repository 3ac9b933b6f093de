#pragma once
// A plain layer of points (candidate sites, say): a GIS point layer in any
// CRS, or a CSV/XLSX with lon and lat columns (WGS84 unless declared, or
// GCJ-02 with crs = "gcj02"), converted to WGS84 and the working CRS.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

struct PlainPoint {
  double lon = 0.0, lat = 0.0;  // WGS84
  double x = 0.0, y = 0.0;      // working CRS
  std::int64_t feature = 0;     // FID, or 1-based data row for tables
};

struct PointLayer {
  std::string path, layer, crs;  // crs: how the source was read, for messages
  std::vector<PlainPoint> points;
};

// Throws InputError for a missing or unreadable file, a layer without CRS
// (GIS layers), a non-point geometry, a table without lon/lat columns, a
// coordinate that is not a number, and an empty layer.
PointLayer load_point_layer(const LayerRef& ref, const WorkingCrs& crs);

}  // namespace lifecircle::io
