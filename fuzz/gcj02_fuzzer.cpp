// The GCJ-02 converter on arbitrary doubles (16 bytes: lon, lat). Checks the
// documented contract, not just for crashes: finite points stay finite, points
// outside the GCJ-02 box are left alone, and inside it the inverse maps forward
// to the input within 1e-7 degrees.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz_input.hpp"
#include "lifecircle/io/gcj02.hpp"

namespace {
[[noreturn]] void fail(const char* what, double lon, double lat) {
  std::fprintf(stderr, "gcj02: %s at (%.17g, %.17g)\n", what, lon, lat);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2 * sizeof(double)) return 0;
  double lon = 0.0;
  double lat = 0.0;
  std::memcpy(&lon, data, sizeof lon);
  std::memcpy(&lat, data + sizeof lon, sizeof lat);
  double glon = 0.0, glat = 0.0, wlon = 0.0, wlat = 0.0;
  lifecircle::io::wgs84_to_gcj02(lon, lat, glon, glat);
  lifecircle::io::gcj02_to_wgs84(lon, lat, wlon, wlat);
  if (!std::isfinite(lon) || !std::isfinite(lat)) return 0;
  if (!std::isfinite(glon) || !std::isfinite(glat) || !std::isfinite(wlon) || !std::isfinite(wlat)) {
    fail("non-finite result", lon, lat);
  }
  if (!lifecircle::io::gcj02_applies(lon, lat)) {
    if (glon != lon || glat != lat) fail("forward moved a point outside the box", lon, lat);
    return 0;
  }
  // The inverse is exact away from the box's edge: there the forward map jumps
  // (shifted inside, identity outside), so a point within the shift (< 0.01
  // degrees) of the edge may have no WGS84 preimage at all.
  constexpr double kMargin = 0.05;
  if (lifecircle::io::gcj02_applies(lon - kMargin, lat - kMargin) &&
      lifecircle::io::gcj02_applies(lon + kMargin, lat + kMargin)) {
    double flon = 0.0, flat = 0.0;
    lifecircle::io::wgs84_to_gcj02(wlon, wlat, flon, flat);
    if (std::abs(flon - lon) > 1e-7 || std::abs(flat - lat) > 1e-7)
      fail("inverse does not map back", lon, lat);
  }
  return 0;
}
