#pragma once
// What `info` tells about an input: driver, CRS, feature count, extent.

#include <cstdint>
#include <string>

namespace lifecircle::io {

struct LayerInfo {
  std::string path;
  std::string layer;
  std::string driver;  // GDAL driver short name, or "OSM" for libosmium reads
  std::string crs;     // e.g. "EPSG:4490", "GCJ-02 (converted to WGS84)"
  std::uint64_t feature_count = 0;
  // Bounding box in WGS84 degrees.
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

}  // namespace lifecircle::io
