#include "lifecircle/util/geo.hpp"

#include <cmath>
#include <numbers>

namespace lifecircle {

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

bool is_valid_lonlat(double lon, double lat) {
  return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 && lon <= 180.0 && lat >= -90.0 &&
         lat <= 90.0;
}

}  // namespace lifecircle
