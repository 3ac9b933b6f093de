#include "lifecircle/io/detail/source_crs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/util/geo.hpp"

namespace lifecircle::io::detail {
namespace {

bool is_gcj02(const std::string& declared) {
  std::string lower(trim(declared));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "gcj02" || lower == "gcj-02";
}

std::unique_ptr<OGRSpatialReference> declared_srs(const OgrLayer& layer, const std::string& declared) {
  try {
    return make_srs(declared);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(layer.where(), std::string("declared crs: ") + e.what());
  }
}

std::unique_ptr<OGRSpatialReference> file_srs(const OgrLayer& layer) {
  const OGRSpatialReference* srs = layer.layer().GetSpatialRef();
  if (!srs) return nullptr;
  auto copy = std::unique_ptr<OGRSpatialReference>(srs->Clone());
  copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

SourceCrs gcj02_source(const OgrLayer& layer, const OGRSpatialReference* in_file) {
  if (in_file && !in_file->IsGeographic()) {
    throw InputError(layer.where(),
                     "is declared crs = \"gcj02\" (GCJ-02 longitude/latitude) but the file's CRS is " +
                         describe_srs(*in_file) + ", a projected CRS");
  }
  SourceCrs out;
  out.srs = make_srs("EPSG:4326");
  out.gcj02 = true;
  out.description = "GCJ-02 (converted to WGS84)";
  return out;
}

}  // namespace

std::string describe_srs(const OGRSpatialReference& srs) {
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority && code) return std::string(authority) + ":" + code;
  const auto copy = std::unique_ptr<OGRSpatialReference>(srs.Clone());
  if (copy->AutoIdentifyEPSG() == OGRERR_NONE) {
    authority = copy->GetAuthorityName(nullptr);
    code = copy->GetAuthorityCode(nullptr);
    if (authority && code) return std::string(authority) + ":" + code;
  }
  const char* name = srs.GetName();
  return name && *name ? std::string(name) : std::string("unnamed CRS");
}

SourceCrs resolve_source_crs(const OgrLayer& layer, const std::string& declared) {
  const auto in_file = file_srs(layer);
  if (is_gcj02(declared)) return gcj02_source(layer, in_file.get());
  SourceCrs out;
  if (!trim(declared).empty()) {
    out.srs = declared_srs(layer, declared);
    out.description = describe_srs(*out.srs) + " (declared)";
    if (in_file && !in_file->IsSame(out.srs.get())) {
      out.warning =
          "the declared crs " + describe_srs(*out.srs) + " overrides the file's " + describe_srs(*in_file);
    }
    return out;
  }
  if (in_file) {
    out.srs = std::make_unique<OGRSpatialReference>(*in_file);
    out.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    out.description = describe_srs(*out.srs);
    return out;
  }
  if (layer.kind() == LayerKind::table) {
    out.srs = make_srs("EPSG:4326");
    out.description = "EPSG:4326 (default for tables)";
    return out;
  }
  throw InputError(layer.where(), "has no coordinate reference system: declare one with crs = \"EPSG:....\"");
}

void LonLatBox::add(double lon, double lat) {
  if (empty) {
    min_lon = max_lon = lon;
    min_lat = max_lat = lat;
    empty = false;
    return;
  }
  min_lon = std::min(min_lon, lon);
  max_lon = std::max(max_lon, lon);
  min_lat = std::min(min_lat, lat);
  max_lat = std::max(max_lat, lat);
}

PointConverter::PointConverter(const SourceCrs& source, const WorkingCrs& working)
    : working_(working), gcj02_(source.gcj02), geographic_(source.srs->IsGeographic() != 0) {
  if (!source.srs->IsSame(&working.wgs84())) {
    to_wgs84_ = std::make_unique<Transformer>(*source.srs, working.wgs84());
  }
}

void PointConverter::to_wgs84(double x, double y, double& lon, double& lat,
                              const InputLocation& where) const {
  if (!std::isfinite(x) || !std::isfinite(y)) {
    throw InputError(where, "has a coordinate that is not a finite number (" + format_number(x) + ", " +
                                format_number(y) + ")");
  }
  if (geographic_ && !is_valid_lonlat(x, y)) {
    throw InputError(where, "has a coordinate (" + format_number(x) + ", " + format_number(y) +
                                ") outside longitude -180..180, latitude -90..90: is the layer's CRS right?");
  }
  double px = x;
  double py = y;
  if (gcj02_) gcj02_to_wgs84(x, y, px, py);
  if (to_wgs84_ && !to_wgs84_->transform(px, py)) {
    throw InputError(where, "has a coordinate (" + format_number(x) + ", " + format_number(y) +
                                ") that cannot be transformed to WGS84: is the layer's CRS right?");
  }
  if (!is_valid_lonlat(px, py)) {
    throw InputError(where, "has a coordinate (" + format_number(x) + ", " + format_number(y) +
                                ") far outside the plausible range (WGS84 " + format_number(px) + ", " +
                                format_number(py) + "): is the layer's CRS right?");
  }
  lon = px;
  lat = py;
}

void PointConverter::to_working(double lon, double lat, double& x_m, double& y_m,
                                const InputLocation& where) const {
  if (!working_.to_metric(lon, lat, x_m, y_m)) {
    throw InputError(
        where, "has a coordinate (lon=" + format_number(lon) + ", lat=" + format_number(lat) +
                   ") that cannot be projected to the working CRS EPSG:" + std::to_string(working_.epsg()));
  }
}

LayerInfo layer_info(const OgrLayer& layer, const SourceCrs& source, std::uint64_t feature_count,
                     const LonLatBox& box) {
  return LayerInfo{.path = layer.path(),
                   .layer = layer.layer_name(),
                   .driver = layer.driver(),
                   .crs = source.description,
                   .feature_count = feature_count,
                   .min_lon = box.min_lon,
                   .min_lat = box.min_lat,
                   .max_lon = box.max_lon,
                   .max_lat = box.max_lat};
}

}  // namespace lifecircle::io::detail
