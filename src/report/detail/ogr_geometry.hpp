#pragma once
// The report's OGR geometries: owned by a unique_ptr, and read from the
// working-CRS WKB of the results and moved to WGS84 (longitude first), as the
// output layers and report.html's map both write them.

#include <cpl_string.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lifecircle::report::detail {

struct GeometryDeleter {
  void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

// EPSG:4326 in longitude, latitude order (or the output CRS `target` names,
// east first), and the transformation to it from the working CRS.
class Wgs84 {
 public:
  // Throws OutputError(where + "cannot set up the transformation from the working CRS to WGS84"),
  // or naming `target` when GDAL does not know it.
  Wgs84(const OGRSpatialReference& working, const std::string& where, const std::string& target = "");

  OGRSpatialReference& srs() noexcept { return srs_; }  // not const: GDAL 3.6's CreateLayer wants it so
  // Not thread-safe: a thread of its own takes a Clone().
  OGRCoordinateTransformation& transformation() const noexcept { return *transformation_; }

 private:
  OGRSpatialReference srs_;
  std::unique_ptr<OGRCoordinateTransformation> transformation_;
};

// What went wrong with one geometry; the caller words the message.
enum class GeometryFault { unreadable, untransformable };

// The geometry of working-CRS `wkb`, handed to `reshape` (which may return its
// argument), then transformed by `to_wgs84` unless empty. Throws
// OutputError(message(fault)) when the WKB is no geometry or PROJ fails.
GeometryPtr wgs84_geometry(const std::string& wkb, OGRCoordinateTransformation& to_wgs84,
                           const std::function<GeometryPtr(GeometryPtr)>& reshape,
                           const std::function<std::string(GeometryFault)>& message);

// NAME=VALUE options (--lco, --dsco) as GDAL takes them.
CPLStringList gdal_options(const std::vector<std::string>& options);

}  // namespace lifecircle::report::detail
