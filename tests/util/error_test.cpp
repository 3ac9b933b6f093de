#include "lifecircle/util/error.hpp"

#include <gtest/gtest.h>

namespace lifecircle {
namespace {

TEST(InputError, NamesFileLayerFeatureAndField) {
  const InputError e({.path = "towns.gpkg", .layer = "towns", .feature = 12, .field = "population"},
                     "is negative (-40)");
  EXPECT_STREQ(e.what(), "towns.gpkg: layer 'towns', feature 12: field 'population' is negative (-40)");
  EXPECT_EQ(e.detail(), "is negative (-40)");
  EXPECT_EQ(e.where().feature, 12);
}

TEST(InputError, LeavesOutWhatIsUnknown) {
  EXPECT_STREQ(InputError({.path = "roads.osm"}, "is not an OSM file").what(),
               "roads.osm: is not an OSM file");
  EXPECT_STREQ(InputError({.path = "f.csv", .feature = 3}, "has no coordinates").what(),
               "f.csv: feature 3: has no coordinates");
}

}  // namespace
}  // namespace lifecircle
