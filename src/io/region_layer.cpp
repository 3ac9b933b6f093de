#include "lifecircle/io/region_layer.hpp"

#include <memory>
#include <optional>

#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::io {
namespace {

void project_rings(OGRGeometry& g, const detail::PointConverter& converter, const InputLocation& where) {
  const auto project = [&](OGRLinearRing& ring) {
    for (int i = 0; i < ring.getNumPoints(); ++i) {
      double lon = 0.0, lat = 0.0, x = 0.0, y = 0.0;
      converter.to_wgs84(ring.getX(i), ring.getY(i), lon, lat, where);
      converter.to_working(lon, lat, x, y, where);
      ring.setPoint(i, x, y);
    }
  };
  const auto polygon = [&](OGRPolygon& p) {
    for (auto* ring : p) project(*ring);
  };
  if (auto* multi = dynamic_cast<OGRMultiPolygon*>(&g)) {
    for (auto* part : *multi) polygon(*part);
  } else {
    polygon(*dynamic_cast<OGRPolygon*>(&g));
  }
}

}  // namespace

std::vector<Region> load_regions(const LayerRef& ref, const std::string& name_field, const WorkingCrs& crs) {
  detail::register_gdal_once();
  const detail::OgrLayer layer(ref);
  layer.require_features("there is nothing to partition the run by");
  const std::optional<int> name =
      name_field.empty() ? layer.optional_field("name")
                         : std::optional<int>(layer.required_field(name_field, "--partition-field"));
  const detail::SourceCrs source = detail::resolve_source_crs(layer, ref.crs);
  const detail::PointConverter converter(source, crs);
  std::vector<Region> out;
  layer.layer().ResetReading();
  for (auto& feature : layer.layer()) {
    const std::int64_t fid = feature->GetFID();
    const OGRGeometry* geometry = feature->GetGeometryRef();
    const auto type = geometry ? wkbFlatten(geometry->getGeometryType()) : wkbUnknown;
    if (type != wkbPolygon && type != wkbMultiPolygon) {
      throw InputError(layer.where(fid),
                       "is not a polygon (" +
                           (geometry ? detail::geometry_type_name(type) : std::string("none")) +
                           "): regions must be polygons");
    }
    std::unique_ptr<OGRGeometry> g(geometry->clone());
    project_rings(*g, converter, layer.where(fid));
    Region r;
    r.name = name ? layer.text(*feature, *name, fid) : std::string();
    if (r.name.empty()) r.name = "feature " + std::to_string(fid);
    r.wkb.assign(g->WkbSize(), '\0');
    g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(r.wkb.data()), wkbVariantIso);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lifecircle::io
