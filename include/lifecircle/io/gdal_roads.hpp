#pragma once
// Roads from any GDAL line layer (Shapefile, GeoPackage, GeoJSON), noded into
// shared vertices where lines meet: at shared vertices (within 1 cm) and at
// crossings, except where a grade-separation field (bridge, tunnel) is set on
// either line.

#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::io {

struct GdalRoads {
  LayerInfo info;
  RawRoads roads;
};

GdalRoads read_gdal_roads(const RoadsInput& input);

}  // namespace lifecircle::io
