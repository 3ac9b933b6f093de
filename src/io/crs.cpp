#include "lifecircle/io/crs.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
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
    throw Error("working CRS EPSG:" + std::to_string(epsg) + " (" +
                (srs_->GetName() ? srs_->GetName() : "?") + ") is not a projected CRS in metres" +
                (srs_->IsGeographic() ? std::string(": its coordinates are degrees") : std::string()));
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

namespace {

// Beyond its area of use a CRS still works for a while (a 3-degree zone is
// fine 1 degree past its edge); the scale check decides how far.
constexpr double kAreaOfUseMarginDeg = 1.0;

std::string degrees_text(double v) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.3f", v);
  return text.data();
}

std::string extent_text(const LonLatExtent& e) {
  return "lon " + degrees_text(e.min_lon) + " .. " + degrees_text(e.max_lon) + ", lat " +
         degrees_text(e.min_lat) + " .. " + degrees_text(e.max_lat);
}

// Lengths on the WGS84 ellipsoid of a small step in longitude and latitude.
constexpr double kWgs84A = 6378137.0;
constexpr double kWgs84E2 = 0.00669437999014;
constexpr double kPi = 3.14159265358979323846;
constexpr double kStepDeg = 0.001;  // about 100 m

// Returns the larger of |k - 1| east-west and north-south at (lon, lat), or
// a large value when PROJ cannot project the point.
double scale_error_at(const WorkingCrs& crs, double lon, double lat) {
  const double phi = lat * kPi / 180.0;
  const double w = std::sqrt(1.0 - kWgs84E2 * std::sin(phi) * std::sin(phi));
  const double step = kStepDeg * kPi / 180.0;
  const double east_true_m = kWgs84A / w * std::cos(phi) * step;
  const double north_true_m = kWgs84A * (1.0 - kWgs84E2) / (w * w * w) * step;
  const double half = kStepDeg / 2.0;
  double wx = 0, wy = 0, ex = 0, ey = 0, sx = 0, sy = 0, nx = 0, ny = 0;
  if (!crs.to_metric(lon - half, lat, wx, wy) || !crs.to_metric(lon + half, lat, ex, ey) ||
      !crs.to_metric(lon, lat - half, sx, sy) || !crs.to_metric(lon, lat + half, nx, ny)) {
    return std::numeric_limits<double>::infinity();
  }
  const double k_east = std::hypot(ex - wx, ey - wy) / east_true_m;
  const double k_north = std::hypot(nx - sx, ny - sy) / north_true_m;
  return std::max(std::abs(k_east - 1.0), std::abs(k_north - 1.0));
}

}  // namespace

double worst_scale_error(const WorkingCrs& crs, const LonLatExtent& data) {
  double worst = 0.0;
  const double lat_mid = (data.min_lat + data.max_lat) / 2.0, lon_mid = (data.min_lon + data.max_lon) / 2.0;
  for (const double lon : {data.min_lon, lon_mid, data.max_lon}) {
    for (const double lat : {data.min_lat, lat_mid, data.max_lat}) {
      worst = std::max(worst, scale_error_at(crs, lon, std::clamp(lat, -89.0, 89.0)));
    }
  }
  return worst;
}

void check_working_crs(const WorkingCrs& crs, const LonLatExtent& data) {
  const std::string name =
      "EPSG:" + std::to_string(crs.epsg()) + " (" + (crs.srs().GetName() ? crs.srs().GetName() : "?") + ")";
  double west = 0, south = 0, east = 0, north = 0;
  const char* area_name = nullptr;
  const bool has_area = crs.srs().GetAreaOfUse(&west, &south, &east, &north, &area_name) && west > -1000.0;
  std::string area;
  if (has_area) {
    std::string place = area_name ? area_name : "";
    while (!place.empty() && (place.back() == '.' || place.back() == ' ')) place.pop_back();
    area = "lon " + degrees_text(west) + " .. " + degrees_text(east) + ", lat " + degrees_text(south) +
           " .. " + degrees_text(north) + (place.empty() ? "" : " (" + place + ")");
    const double m = kAreaOfUseMarginDeg;
    const bool lon_inside = west <= east
                                ? data.min_lon >= west - m && data.max_lon <= east + m
                                : data.min_lon >= west - m || data.max_lon <= east + m;  // across 180
    if (!lon_inside || data.min_lat < south - m || data.max_lat > north + m) {
      throw Error("working CRS " + name + " is meant for " + area + "; the data lie at " + extent_text(data) +
                  ": choose a projected CRS for the data's place (e.g. its UTM zone, EPSG:" +
                  std::to_string(utm_epsg_for((data.min_lon + data.max_lon) / 2.0,
                                              (data.min_lat + data.max_lat) / 2.0)) +
                  ") or leave working_crs out");
    }
  }
  const double error = worst_scale_error(crs, data);
  if (error > kMaxWorkingScaleError) {
    throw Error(
        "working CRS " + name + " distorts distances over the data (" + extent_text(data) + ") by " +
        (std::isfinite(error) ? degrees_text(100.0 * error) + " %" : std::string("an unknown amount")) +
        ", more than the " + degrees_text(100.0 * kMaxWorkingScaleError) + " % allowed" +
        (has_area ? " (its area of use: " + area + ")" : "") +
        ": choose a conformal CRS for the data's place (e.g. its UTM zone, EPSG:" +
        std::to_string(
            utm_epsg_for((data.min_lon + data.max_lon) / 2.0, (data.min_lat + data.max_lat) / 2.0)) +
        ") or leave working_crs out");
  }
}

}  // namespace lifecircle::io
