#include "ogr_geometry.hpp"

#include "lifecircle/util/error.hpp"

namespace lifecircle::report::detail {

Wgs84::Wgs84(const OGRSpatialReference& working, const std::string& where, const std::string& target) {
  if (target.empty()) {
    srs_.importFromEPSG(4326);
  } else if (srs_.SetFromUserInput(target.c_str()) != OGRERR_NONE) {
    throw OutputError(where + "output CRS '" + target +
                      "': not a coordinate system GDAL knows (e.g. EPSG:4326)");
  }
  srs_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  transformation_.reset(OGRCreateCoordinateTransformation(&working, &srs_));
  if (!transformation_) {
    throw OutputError(where + "cannot set up the transformation from the working CRS to " +
                      (target.empty() ? std::string("WGS84") : target));
  }
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

CPLStringList gdal_options(const std::vector<std::string>& options) {
  CPLStringList list;
  for (const std::string& option : options) list.AddString(option.c_str());
  return list;
}

}  // namespace lifecircle::report::detail
