#pragma once
// Small geodesy helpers. Coordinates are WGS84 degrees unless a name says _m.

namespace lifecircle {

inline constexpr double kEarthRadiusM = 6371008.8;  // mean radius (IUGG)

// Great-circle distance in metres between two WGS84 points (haversine).
double haversine_m(double lon1, double lat1, double lon2, double lat2);

// True when (lon, lat) is a finite, in-range WGS84 coordinate.
bool is_valid_lonlat(double lon, double lat);

}  // namespace lifecircle
