#include "ogr_geometry.hpp"

#include "lifecircle/util/error.hpp"

namespace lifecircle::report::detail {

Wgs84::Wgs84(const OGRSpatialReference& working, const std::string& where) {
  srs_.importFromEPSG(4326);
  srs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  transformation_.reset(OGRCreateCoordinateTransformation(&working, &srs_));
  if (!transformation_)
    throw OutputError(where + "cannot set up the transformation from the working CRS to WGS84");
}

GeometryPtr wgs84_geometry(const std::string& wkb, OGRCoordinateTransformation& to_wgs84,
                           const std::function<GeometryPtr(GeometryPtr)>& reshape,
                           const std::function<std::string(GeometryFault)>& message) {
  OGRGeometry* raw = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) {
    throw OutputError(message(GeometryFault::unreadable));
  }
  GeometryPtr geometry = reshape(GeometryPtr(raw));
  if (!geometry->IsEmpty() && geometry->transform(&to_wgs84) != OGRERR_NONE) {
    throw OutputError(message(GeometryFault::untransformable));
  }
  return geometry;
}

}  // namespace lifecircle::report::detail
