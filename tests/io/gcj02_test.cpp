#include "lifecircle/io/gcj02.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lifecircle::io {
namespace {

struct Pair {
  const char* where;
  double wgs_lon, wgs_lat, gcj_lon, gcj_lat;
};

// Published pairs from two independent implementations of the formula:
// - googollee/eviltransform, python/test.py (also its PHP port's tests):
//   (wgsLat, wgsLng, gcjLat, gcjLng) for Shanghai, Shenzhen and Beijing;
// - wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915)
//   -> [116.41024449916938, 39.91640428150164].
// The Wenling pair was computed by hand with the written formula:
//   python3 -c '
//   import math; a=6378245.0; ee=0.00669342162296594323; pi=math.pi
//   def tlat(x,y):
//     r=-100+2*x+3*y+0.2*y*y+0.1*x*y+0.2*math.sqrt(abs(x))
//     r+=(20*math.sin(6*x*pi)+20*math.sin(2*x*pi))*2/3
//     r+=(20*math.sin(y*pi)+40*math.sin(y/3*pi))*2/3
//     return r+(160*math.sin(y/12*pi)+320*math.sin(y*pi/30))*2/3
//   def tlon(x,y):
//     r=300+x+2*y+0.1*x*x+0.1*x*y+0.1*math.sqrt(abs(x))
//     r+=(20*math.sin(6*x*pi)+20*math.sin(2*x*pi))*2/3
//     r+=(20*math.sin(x*pi)+40*math.sin(x/3*pi))*2/3
//     return r+(150*math.sin(x/12*pi)+300*math.sin(x/30*pi))*2/3
//   lon,lat=121.4,28.4; rad=lat/180*pi; m=1-ee*math.sin(rad)**2; s=math.sqrt(m)
//   print(lon+tlon(lon-105,lat-35)*180/(a/s*math.cos(rad)*pi),
//         lat+tlat(lon-105,lat-35)*180/((a*(1-ee))/(m*s)*pi))'
//   -> 121.40441698142418 28.3969549502371
constexpr Pair kPublished[] = {
    {"Shanghai (eviltransform)", 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597},
    {"Shenzhen (eviltransform)", 113.912316, 22.543847, 113.9171764808363, 22.540796131694766},
    {"Beijing (eviltransform)", 116.377817, 39.911954, 116.38404722455657, 39.91334545536069},
    {"Beijing (coordtransform)", 116.404, 39.915, 116.41024449916938, 39.91640428150164},
    {"Wenling (by hand)", 121.4, 28.4, 121.40441698142418, 28.3969549502371},
};

TEST(Gcj02, ForwardMatchesPublishedPairs) {
  for (const Pair& p : kPublished) {
    double lon = 0, lat = 0;
    wgs84_to_gcj02(p.wgs_lon, p.wgs_lat, lon, lat);
    EXPECT_NEAR(lon, p.gcj_lon, 1e-10) << p.where;
    EXPECT_NEAR(lat, p.gcj_lat, 1e-10) << p.where;
  }
}

TEST(Gcj02, InverseMatchesPublishedPairs) {
  for (const Pair& p : kPublished) {
    double lon = 0, lat = 0;
    gcj02_to_wgs84(p.gcj_lon, p.gcj_lat, lon, lat);
    EXPECT_NEAR(lon, p.wgs_lon, 1e-8) << p.where;
    EXPECT_NEAR(lat, p.wgs_lat, 1e-8) << p.where;
  }
}

TEST(Gcj02, KnownBeijingPointRoundTrips) {
  // Tiananmen, WGS84 (116.397128, 39.916527); forward by the formula above:
  // 116.40337249402477, 39.91793074924595.
  double gcj_lon = 0, gcj_lat = 0;
  wgs84_to_gcj02(116.397128, 39.916527, gcj_lon, gcj_lat);
  EXPECT_NEAR(gcj_lon, 116.40337249402477, 1e-10);
  EXPECT_NEAR(gcj_lat, 39.91793074924595, 1e-10);
  double lon = 0, lat = 0;
  gcj02_to_wgs84(gcj_lon, gcj_lat, lon, lat);
  EXPECT_LT(std::abs(lon - 116.397128), 1e-7);
  EXPECT_LT(std::abs(lat - 39.916527), 1e-7);
}

TEST(Gcj02, RoundTripOverChinaGrid) {
  for (double lon = 73.5; lon < 135.0; lon += 2.9) {
    for (double lat = 3.5; lat < 53.5; lat += 2.3) {
      double gcj_lon = 0, gcj_lat = 0, back_lon = 0, back_lat = 0;
      wgs84_to_gcj02(lon, lat, gcj_lon, gcj_lat);
      gcj02_to_wgs84(gcj_lon, gcj_lat, back_lon, back_lat);
      ASSERT_LT(std::abs(back_lon - lon), 1e-9) << lon << " " << lat;
      ASSERT_LT(std::abs(back_lat - lat), 1e-9) << lon << " " << lat;
    }
  }
}

TEST(Gcj02, WenlingShiftIsAboutHalfAKilometre) {
  // ../shared/data/wenling-boundary/SOURCE.md: GCJ-02 -> WGS84 shifts Wenling
  // by about -0.0044 deg lon and +0.0031 deg lat.
  double lon = 0, lat = 0;
  gcj02_to_wgs84(121.385604, 28.372506, lon, lat);
  EXPECT_NEAR(lon - 121.385604, -0.0044, 0.0002);
  EXPECT_NEAR(lat - 28.372506, 0.0031, 0.0002);
}

TEST(Gcj02, AppliesOnlyInTheChinaBox) {
  EXPECT_TRUE(gcj02_applies(121.4, 28.4));
  EXPECT_TRUE(gcj02_applies(72.004, 0.8293));
  EXPECT_TRUE(gcj02_applies(137.8347, 55.8271));
  EXPECT_FALSE(gcj02_applies(72.0, 30.0));
  EXPECT_FALSE(gcj02_applies(138.0, 30.0));
  EXPECT_FALSE(gcj02_applies(121.0, 0.5));
  EXPECT_FALSE(gcj02_applies(121.0, 56.0));
  EXPECT_FALSE(gcj02_applies(std::numeric_limits<double>::quiet_NaN(), 30.0));
}

TEST(Gcj02, OutsideChinaUnchanged) {
  const double points[][2] = {{2.3522, 48.8566}, {-74.006, 40.7128}, {151.2093, -33.8688}, {7.4246, 43.7384}};
  for (const auto& p : points) {
    double lon = 0, lat = 0;
    wgs84_to_gcj02(p[0], p[1], lon, lat);
    EXPECT_EQ(lon, p[0]);
    EXPECT_EQ(lat, p[1]);
    gcj02_to_wgs84(p[0], p[1], lon, lat);
    EXPECT_EQ(lon, p[0]);
    EXPECT_EQ(lat, p[1]);
  }
}

}  // namespace
}  // namespace lifecircle::io
