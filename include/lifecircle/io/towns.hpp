#pragma once
// Towns (乡镇/街道): polygons with code, name and population.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

struct Town {
  std::string code;
  std::string name;
  double population = 0.0;
  std::string wkb;                                    // (Multi)Polygon in the working CRS, ISO WKB, valid
  bool repaired = false;                              // made valid with GEOS MakeValid on load
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // envelope, working CRS
};

struct TownLayer {
  LayerInfo info;
  std::vector<Town> towns;
  // e.g. "feature 3: polygon was invalid (Self-intersection[121.41 28.41]) and was repaired with MakeValid"
  std::vector<std::string> warnings;
};

// Throws InputError for a missing file/layer/field, an empty layer, a
// non-polygon or empty geometry, NaN or implausible coordinates, a layer
// without CRS (unless `crs` is declared), a missing, negative or non-numeric
// population, an empty or duplicate code, two towns overlapping by more than
// 1 % of the smaller one (naming both and the area; a smaller sliver is a
// warning).
TownLayer load_towns(const TownsInput& input, const WorkingCrs& crs);

// The one town of a plan without [towns]: code "all", the given name and
// population, its polygon the convex hull of the points (the walking graph's
// nodes and shape points, working CRS) buffered by buffer_m (the snap limit), so that every
// street and every facility that snaps to one lies inside it. A hull, not a
// concave outline: simple, and it never cuts a street off. Throws Error for
// fewer than one point.
// The people of weighted points (xs, ys, weights: working CRS) inside the town.
double population_inside(const Town& town, const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::vector<double>& weights);

TownLayer whole_area_town(const std::vector<double>& xs, const std::vector<double>& ys, double buffer_m,
                          std::string name, double population, const WorkingCrs& crs);

}  // namespace lifecircle::io
