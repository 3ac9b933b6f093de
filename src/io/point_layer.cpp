#include "lifecircle/io/point_layer.hpp"

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::io {
namespace {

void point_of(const detail::OgrLayer& layer, const OGRFeature& feature, std::int64_t fid, double& x,
              double& y) {
  const OGRGeometry* g = feature.GetGeometryRef();
  if (!g || g->IsEmpty()) throw InputError(layer.where(fid), "has no point geometry");
  if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
    g = g->toMultiPoint()->getGeometryRef(0);
  }
  if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
    throw InputError(layer.where(fid), "has a " +
                                           detail::geometry_type_name(wkbFlatten(g->getGeometryType())) +
                                           " geometry; a candidate site must be a Point");
  }
  x = g->toPoint()->getX();
  y = g->toPoint()->getY();
}

double number_of(const detail::OgrLayer& layer, const OGRFeature& feature, int field, std::int64_t row) {
  const std::string text = layer.text(feature, field, row);
  const std::string& name = layer.field_name(field);
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw InputError(layer.where(row, name), "is not a number ('" + text + "')");
}

int coordinate_field(const detail::OgrLayer& layer, const char* a, const char* b) {
  if (const auto f = layer.optional_field(a)) return *f;
  if (const auto f = layer.optional_field(b)) return *f;
  return layer.required_field(a, std::string(a) + " (or " + b + ") column");
}

}  // namespace

PointLayer load_point_layer(const LayerRef& ref, const WorkingCrs& crs) {
  require_regular_file(ref.path, "candidates layer", DirectoryInput::allowed);
  const detail::OgrLayer layer(ref);
  layer.require_features("no candidate sites to choose from");
  const detail::SourceCrs source = detail::resolve_source_crs(layer, ref.crs);
  const detail::PointConverter converter(source, crs);
  PointLayer out{layer.path(), layer.layer_name(), source.description, {}};
  const bool table = layer.kind() == detail::LayerKind::table;
  const int lon_field = table ? coordinate_field(layer, "lon", "longitude") : -1;
  const int lat_field = table ? coordinate_field(layer, "lat", "latitude") : -1;
  layer.layer().ResetReading();
  std::int64_t row = 0;
  for (OGRFeatureUniquePtr f(layer.layer().GetNextFeature()); f; f.reset(layer.layer().GetNextFeature())) {
    PlainPoint p;
    p.feature = table ? ++row : f->GetFID();
    double x = 0.0, y = 0.0;
    if (table) {
      x = number_of(layer, *f, lon_field, p.feature);
      y = number_of(layer, *f, lat_field, p.feature);
    } else {
      point_of(layer, *f, p.feature, x, y);
    }
    const InputLocation where = layer.where(p.feature);
    converter.to_wgs84(x, y, p.lon, p.lat, where);
    converter.to_working(p.lon, p.lat, p.x, p.y, where);
    out.points.push_back(p);
  }
  return out;
}

}  // namespace lifecircle::io
