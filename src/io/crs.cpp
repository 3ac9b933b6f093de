#include "lifecircle/io/crs.hpp"

#include <cpl_error.h>

#include <cmath>
#include <mutex>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::io {
namespace {

// OGRCoordinateTransformation is not safe to use from two threads at once;
// calls are serialised here (cheap next to PROJ's own cost).
std::mutex& transform_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::string lowercase_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::unique_ptr<OGRSpatialReference> traditional_clone(const OGRSpatialReference& srs) {
  auto copy = std::unique_ptr<OGRSpatialReference>(srs.Clone());
  copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}

}  // namespace

int utm_epsg_for(double lon, double lat) {
  if (!std::isfinite(lon) || !std::isfinite(lat) || lon < -180.0 || lon > 180.0 || lat < -90.0 ||
      lat > 90.0) {
    throw Error("no UTM zone for (lon=" + detail::format_number(lon) + ", lat=" + detail::format_number(lat) +
                "): not a WGS84 coordinate");
  }
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  if (zone > 60) zone = 60;  // lon = 180 exactly
  return (lat >= 0.0 ? 32600 : 32700) + zone;
}

std::unique_ptr<OGRSpatialReference> make_srs(const std::string& definition) {
  const std::string text(detail::trim(definition));
  if (text.empty()) throw Error("empty CRS definition");
  if (lowercase_ascii(text) == "gcj02" || lowercase_ascii(text) == "gcj-02") {
    throw Error("'" + text + "' is not a PROJ CRS: GCJ-02 is handled by the layer loaders (crs = \"gcj02\")");
  }
  detail::register_gdal_once();
  const detail::QuietGdal quiet;
  CPLErrorReset();
  auto srs = std::make_unique<OGRSpatialReference>();
  // No file or network access: a plan names a CRS, not a place to fetch one.
  if (srs->SetFromUserInput(text.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
      OGRERR_NONE) {
    const std::string why = detail::last_gdal_error();
    throw Error("CRS definition '" + text + "' is not understood" + (why.empty() ? "" : ": " + why) +
                " (use e.g. EPSG:4490, a WKT string or a PROJ string)");
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

Transformer::Transformer(const OGRSpatialReference& from, const OGRSpatialReference& to) {
  detail::register_gdal_once();
  const detail::QuietGdal quiet;
  CPLErrorReset();
  const auto source = traditional_clone(from);
  const auto target = traditional_clone(to);
  transformation_.reset(OGRCreateCoordinateTransformation(source.get(), target.get()));
  if (!transformation_) {
    const std::string why = detail::last_gdal_error();
    throw Error("no coordinate transformation from " + std::string(from.GetName() ? from.GetName() : "?") +
                " to " + std::string(to.GetName() ? to.GetName() : "?") + (why.empty() ? "" : ": " + why));
  }
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

bool Transformer::transform(double& x, double& y) const {
  if (!std::isfinite(x) || !std::isfinite(y)) return false;
  double out_x = x;
  double out_y = y;
  {
    const std::lock_guard lock(transform_mutex());
    const detail::QuietGdal quiet;
    if (!transformation_->Transform(1, &out_x, &out_y)) return false;
  }
  if (!std::isfinite(out_x) || !std::isfinite(out_y)) return false;
  x = out_x;
  y = out_y;
  return true;
}

WorkingCrs::WorkingCrs(int epsg) : epsg_(epsg) {
  srs_ = make_srs("EPSG:" + std::to_string(epsg));
  if (!srs_->IsProjected() || std::abs(srs_->GetLinearUnits() - 1.0) > 1e-12) {
    throw Error("working CRS EPSG:" + std::to_string(epsg) + " is not a projected CRS in metres");
  }
  wgs84_ = make_srs("EPSG:4326");
  forward_ = std::make_unique<Transformer>(*wgs84_, *srs_);
  inverse_ = std::make_unique<Transformer>(*srs_, *wgs84_);
}

bool WorkingCrs::to_metric(double lon, double lat, double& x, double& y) const {
  double px = lon;
  double py = lat;
  if (!forward_->transform(px, py)) return false;
  x = px;
  y = py;
  return true;
}

bool WorkingCrs::to_wgs84(double x, double y, double& lon, double& lat) const {
  double px = x;
  double py = y;
  if (!inverse_->transform(px, py)) return false;
  lon = px;
  lat = py;
  return true;
}

}  // namespace lifecircle::io
