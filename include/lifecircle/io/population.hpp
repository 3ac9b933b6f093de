#pragma once
// Population from a raster (GeoTIFF or any GDAL raster: each cell with
// people becomes a point at its centre) or from a vector layer of residential
// points or polygons (polygons count at their centroid) with a population field.

#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

struct PopulationPoint {
  double x = 0.0, y = 0.0;  // working CRS
  double population = 0.0;
};

enum class PopulationSource { raster, points, polygons };

struct PopulationLayer {
  LayerInfo info;
  PopulationSource source = PopulationSource::points;
  std::vector<PopulationPoint> points;
  double total = 0.0;
};

// Throws InputError for a missing file, a raster without a CRS (and none
// declared), negative or non-numeric populations, geometries that are not
// points or polygons.
PopulationLayer load_population(const PopulationInput& input, const WorkingCrs& crs);

}  // namespace lifecircle::io
