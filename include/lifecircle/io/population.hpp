#pragma once
// Population from a raster (GeoTIFF or any GDAL raster: each cell with
// people becomes a point at its centre) or from a vector layer of residential
// points or polygons (polygons count at their centroid) with a population field.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/towns.hpp"

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
  std::uint64_t nodata_cells = 0;  // rasters: cells skipped as NODATA (or NaN)
};

// Throws InputError for a missing file, a raster without a CRS (and none
// declared), a raster without any cell with people (all NODATA or zero) or
// with cells that cannot be brought into the working CRS, a population that
// is negative, non-numeric, not finite or above 100,000 in one cell or point
// (the message names the cell's row, column, lon/lat and value), geometries
// that are not points or polygons.
PopulationLayer load_population(const PopulationInput& input, const WorkingCrs& crs);

// Throws InputError when the layer's people lie wholly outside the towns'
// extent (a layer in the wrong CRS, or of another city), naming both extents
// in lon/lat.
void check_population_meets_towns(const PopulationLayer& population, const TownLayer& towns);

// "lon 121.39800 .. 121.42000, lat 28.39700 .. 28.40300"
std::string lon_lat_extent_text(const LayerInfo& info);

}  // namespace lifecircle::io
