#pragma once
// One map page: what every map shares (the basemap: frame, towns, streets,
// scale bar, north arrow, footer) and the drawing of a page on the PNG and
// the SVG surface from one description.

#include <functional>
#include <string>
#include <vector>

#include "lifecircle/map/maps.hpp"
#include "lifecircle/study/study.hpp"
#include "painter.hpp"

namespace lifecircle::map::detail {

struct TownShape {
  std::string name;
  double area_m2 = 0.0;
  PixelRings px;
  PixelPoint label_at;  // a point on the town's surface
};

// Premultiplied ARGB32 pixels of the whole page, transparent where empty.
struct RasterLayer {
  int width = 0, height = 0, stride = 0;
  std::vector<unsigned char> pixels;
};

// Computed once per run: every map of a run shares frame and scale.
struct Basemap {
  const study::Study* study = nullptr;
  PageLayout layout;
  Viewport viewport;
  std::vector<TownShape> towns;         // study.towns order
  std::vector<std::size_t> town_order;  // largest first, for labels
  PixelRings streets;
  // The streets drawn once for all PNG pages: tens of thousands of thin
  // lines were most of a coverage map's drawing time. Empty when no PNG is made.
  RasterLayer streets_raster;
  std::string date;
  std::string attribution;  // the road data's credit (graph::road_attribution), may be empty
  double north_rad = 0.0;   // true north, clockwise from the page's up
};
Basemap make_basemap(const study::Study& study);

struct LegendItem {
  enum class Kind { heading, swatch, outline, symbol, text };
  Kind kind = Kind::text;
  std::string label;
  Rgb fill, stroke;
  Symbol symbol = Symbol::filled_circle;
  double size = 0.0;  // symbol radius, pixels at scale 1
};

struct MapLabel {
  std::string text;
  PixelPoint anchor;
  double size_px = 15.0;
  bool bold = false;
};

// What a map draws inside its frame (clipped to it); it adds its labels in
// placement order and the boxes labels must keep clear of.
using DrawMap = std::function<void(const Painter&, std::vector<MapLabel>&, std::vector<Box>&)>;

struct Page {
  std::string title, subtitle;
  std::vector<LegendItem> legend;
  DrawMap draw;
};

struct PageResult {
  std::string png, svg;
  std::vector<LegendSwatch> swatches;
  std::size_t labels_placed = 0, labels_dropped = 0;
};
PageResult render_page(const Basemap& basemap, const io::MapStyle& style, const Page& page);

// Town fills and boundaries.
void draw_towns(const Painter& p, const Basemap& basemap, const std::vector<Rgb>& fills);
void draw_town_boundaries(const Painter& p, const Basemap& basemap);
void draw_streets(const Painter& p, const Basemap& basemap);
// Town names (plus an optional second line per town), largest towns first.
void add_town_labels(const Basemap& basemap, const std::vector<std::string>& second_line,
                     std::vector<MapLabel>& labels);

// Residents summed over square cells of the page, one dot per cell at the
// population-weighted centre: legible at any density, bounded in number.
struct Dot {
  PixelPoint at;
  double population = 0.0;
};
struct WeightedPoint {
  double x, y, population;
};
std::vector<Dot> aggregate_dots(const std::vector<WeightedPoint>& points, const Viewport& viewport,
                                double cell_px);
// Dot area grows with population; the largest dot has radius max_radius_px.
double dot_radius(double population, double max_population, double max_radius_px);
// Legend entries for dot sizes: round values up to max_population.
void add_dot_legend(std::vector<LegendItem>& legend, const std::string& unit_label, Rgb fill, Rgb stroke,
                    double max_population, double max_radius_px);

// Titles: "诊所 15分钟步行覆盖", "clinic: 15-minute walk coverage" style parts.
std::string circle_zh(const io::Category& category);
std::string circle_en(const io::Category& category);
std::string format_count(double value);    // 12,345
std::string format_percent(double share);  // 0.634 -> "63.4%"

}  // namespace lifecircle::map::detail
