#include "lifecircle/io/gcj02.hpp"

#include <cmath>
#include <numbers>

namespace lifecircle::io {
namespace {

// The published GCJ-02 constants: Krasovsky 1940 ellipsoid.
constexpr double kSemiMajorAxisM = 6378245.0;
constexpr double kEccentricitySquared = 0.00669342162296594323;
constexpr double kPi = std::numbers::pi;

constexpr double kConvergedDeg = 1e-9;
constexpr int kMaxIterations = 50;

// The two offset polynomials of the public formula, in the shifted frame
// x = lon - 105, y = lat - 35.
double offset_lat(double x, double y) {
  double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return ret;
}

double offset_lon(double x, double y) {
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return ret;
}

// The forward shift in degrees at a WGS84 point (no box test).
void forward_shift(double lon, double lat, double& dlon, double& dlat) {
  const double offset_y = offset_lat(lon - 105.0, lat - 35.0);
  const double offset_x = offset_lon(lon - 105.0, lat - 35.0);
  const double lat_rad = lat / 180.0 * kPi;
  const double sin_lat = std::sin(lat_rad);
  const double magic = 1.0 - kEccentricitySquared * sin_lat * sin_lat;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (offset_y * 180.0) / ((kSemiMajorAxisM * (1.0 - kEccentricitySquared)) / (magic * sqrt_magic) * kPi);
  dlon = (offset_x * 180.0) / (kSemiMajorAxisM / sqrt_magic * std::cos(lat_rad) * kPi);
}

}  // namespace

bool gcj02_applies(double lon, double lat) {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
  if (!gcj02_applies(lon, lat)) {
    out_lon = lon;
    out_lat = lat;
    return;
  }
  double dlon = 0.0;
  double dlat = 0.0;
  forward_shift(lon, lat, dlon, dlat);
  out_lon = lon + dlon;
  out_lat = lat + dlat;
}

// Fixed point of w = g - shift(w): the shift changes by ~1e-5 of itself per
// degree, so each step gains about five digits.
void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat) {
  double wgs_lon = lon;
  double wgs_lat = lat;
  for (int i = 0; i < kMaxIterations; ++i) {
    double gcj_lon = 0.0;
    double gcj_lat = 0.0;
    wgs84_to_gcj02(wgs_lon, wgs_lat, gcj_lon, gcj_lat);
    const double step_lon = lon - gcj_lon;
    const double step_lat = lat - gcj_lat;
    wgs_lon += step_lon;
    wgs_lat += step_lat;
    if (std::abs(step_lon) < kConvergedDeg && std::abs(step_lat) < kConvergedDeg) break;
  }
  out_lon = wgs_lon;
  out_lat = wgs_lat;
}

}  // namespace lifecircle::io
