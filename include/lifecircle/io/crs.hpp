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

}  // namespace lifecircle::io
