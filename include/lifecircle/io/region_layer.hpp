#pragma once
// A layer of named polygons (the counties or towns a run is partitioned by),
// read in any CRS the layer declares and reprojected to the working CRS.

#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

struct Region {
  std::string name;  // from the name field, or "feature <fid>"
  std::string wkb;   // (Multi)Polygon, working CRS, ISO WKB
};

// Polygons of a layer (any CRS it declares, or `ref.crs`), reprojected to the
// working CRS. name_field: empty for "name" when the layer has it. Throws
// InputError for a missing file or field, an empty layer, a feature without
// a polygon.
std::vector<Region> load_regions(const LayerRef& ref, const std::string& name_field, const WorkingCrs& crs);

}  // namespace lifecircle::io
