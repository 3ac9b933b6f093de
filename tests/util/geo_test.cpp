#include "lifecircle/util/geo.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace lifecircle {
namespace {

TEST(Haversine, OneDegreeOfLatitude) {
  // pi * R / 180 on the mean-radius sphere.
  EXPECT_NEAR(haversine_m(121.0, 28.0, 121.0, 29.0), 111195.08, 0.01);
}

TEST(Haversine, LongitudeShrinksWithLatitude) {
  const double at_equator = haversine_m(0.0, 0.0, 0.001, 0.0);
  const double at_60 = haversine_m(0.0, 60.0, 0.001, 60.0);
  EXPECT_NEAR(at_60 / at_equator, 0.5, 1e-6);
  EXPECT_DOUBLE_EQ(haversine_m(1.0, 2.0, 1.0, 2.0), 0.0);
}

TEST(LonLat, Validity) {
  EXPECT_TRUE(is_valid_lonlat(121.4, 28.4));
  EXPECT_FALSE(is_valid_lonlat(NAN, 28.4));
  EXPECT_FALSE(is_valid_lonlat(181.0, 0.0));
  EXPECT_FALSE(is_valid_lonlat(0.0, -90.5));
  EXPECT_FALSE(is_valid_lonlat(INFINITY, 0.0));
}

}  // namespace
}  // namespace lifecircle
