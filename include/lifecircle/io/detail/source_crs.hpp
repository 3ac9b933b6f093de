#pragma once
// The CRS a layer's coordinates are in, decided once per layer, and the
// per-point conversion to WGS84 and the working CRS with checked results.

#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <string>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::io::detail {

struct SourceCrs {
  std::unique_ptr<OGRSpatialReference> srs;  // WGS84 for GCJ-02 (after the datum shift)
  bool gcj02 = false;                        // coordinates are GCJ-02 lon/lat
  std::string description;                   // for LayerInfo::crs
  std::optional<std::string> warning;        // e.g. the declared CRS overrides the file's
};

// The declared `crs` wins over the file's; "gcj02" means GCJ-02 lon/lat. A
// layer without CRS and without declaration is WGS84 for tables (CSV/XLSX),
// otherwise an InputError.
SourceCrs resolve_source_crs(const OgrLayer& layer, const std::string& declared);

// "EPSG:4490", or the CRS's name when it has no authority code.
std::string describe_srs(const OGRSpatialReference& srs);

// WGS84 lon/lat bounding box of what a loader read.
struct LonLatBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
  bool empty = true;
  void add(double lon, double lat);
};

// What `info` tells about a layer a loader read: path, layer, driver, CRS,
// how many features, and the WGS84 box of what was read.
LayerInfo layer_info(const OgrLayer& layer, const SourceCrs& source, std::uint64_t feature_count,
                     const LonLatBox& box);

// Converts one layer's coordinates to WGS84 and the working CRS. Every
// fault is an InputError at the caller's location: a NaN or infinite
// coordinate, a geographic coordinate out of range, a point PROJ cannot
// transform or that lands outside WGS84's range.
class PointConverter {
 public:
  PointConverter(const SourceCrs& source, const WorkingCrs& working);
  bool geographic() const noexcept { return geographic_; }

  // Source (x, y) -> WGS84 (lon, lat).
  void to_wgs84(double x, double y, double& lon, double& lat, const InputLocation& where) const;
  // WGS84 (lon, lat) -> working CRS (x_m, y_m).
  void to_working(double lon, double lat, double& x_m, double& y_m, const InputLocation& where) const;

 private:
  const WorkingCrs& working_;
  bool gcj02_ = false;
  bool geographic_ = true;
  std::unique_ptr<Transformer> to_wgs84_;  // null when the source is WGS84 itself
};

}  // namespace lifecircle::io::detail
