#pragma once
// Coordinate systems: every layer is brought into one metric working CRS
// (a UTM zone by default) for geometry, and back to WGS84 for output.

#include <ogr_spatialref.h>

#include <memory>
#include <string>

namespace lifecircle::io {

// EPSG code of the WGS84 UTM zone containing (lon, lat), e.g. 32651 for Wenling.
int utm_epsg_for(double lon, double lat);

// A spatial reference from a user string: "EPSG:4490", "gcj02" is NOT accepted
// here (GCJ-02 is a datum shift handled by gcj02.hpp, not a PROJ CRS).
// Axis order is forced to lon/lat (x = east).
std::unique_ptr<OGRSpatialReference> make_srs(const std::string& definition);

// Transforms points between two CRSs, x = easting/longitude first.
class Transformer {
 public:
  Transformer(const OGRSpatialReference& from, const OGRSpatialReference& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  // Returns false when PROJ cannot transform the point (or it is not finite).
  // Safe to call from several threads: calls are serialised by one mutex, so
  // project in bulk before a parallel region rather than inside it.
  bool transform(double& x, double& y) const;

 private:
  std::unique_ptr<OGRCoordinateTransformation> transformation_;
};

// The working CRS: WGS84 <-> metric, both directions.
class WorkingCrs {
 public:
  explicit WorkingCrs(int epsg);
  int epsg() const noexcept { return epsg_; }
  const OGRSpatialReference& srs() const noexcept { return *srs_; }
  const OGRSpatialReference& wgs84() const noexcept { return *wgs84_; }
  bool to_metric(double lon, double lat, double& x, double& y) const;
  bool to_wgs84(double x, double y, double& lon, double& lat) const;

 private:
  int epsg_;
  std::unique_ptr<OGRSpatialReference> srs_;
  std::unique_ptr<OGRSpatialReference> wgs84_;
  std::unique_ptr<Transformer> forward_;
  std::unique_ptr<Transformer> inverse_;
};

// Longitude/latitude extent of some data, in WGS84 degrees.
struct LonLatExtent {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

// A working CRS may be off from true distances by this share at most.
inline constexpr double kMaxWorkingScaleError = 0.001;

// How far the working CRS's scale strays from true distance (0.0004 for
// UTM's central meridian), worst of east-west and north-south over the
// extent's corners, edge midpoints and centre.
double worst_scale_error(const WorkingCrs& crs, const LonLatExtent& data);

// Throws Error naming the CRS, its area of use and the data's extent when
// the data lies outside the CRS's area of use (PROJ's, with 1 degree to
// spare) or the scale error exceeds kMaxWorkingScaleError anywhere on it.
void check_working_crs(const WorkingCrs& crs, const LonLatExtent& data);

}  // namespace lifecircle::io
