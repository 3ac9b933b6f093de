#include "page.hpp"

#include <cairo-svg.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <new>
#include <numbers>
#include <sstream>

#include "lifecircle/map/labels.hpp"
#include "lifecircle/util/error.hpp"
#include "png.hpp"

namespace lifecircle::map::detail {
namespace {

constexpr Rgb kInk{0.13, 0.13, 0.13};
constexpr Rgb kGrey{0.45, 0.45, 0.45};
constexpr Rgb kWhite{1.0, 1.0, 1.0};
constexpr Rgb kTownLine{0.30, 0.30, 0.30};
constexpr double kWorldPadding = 0.03;  // of the towns' extent, each side

PixelPoint point_on_surface(const geom::GeosContext& ctx, const std::string& wkb) {
  const geom::XY p = geom::point_on_surface(ctx, geom::from_wkb(ctx, wkb).get());
  return {p.x, p.y};
}

double area_of(const geom::GeosContext& ctx, const std::string& wkb) {
  return geom::area(ctx, geom::from_wkb(ctx, wkb).get());
}

// The angle of true north at the map's centre, clockwise from grid north.
double north_angle(const study::Study& study, double x, double y) {
  if (!study.crs) return 0.0;
  double lon = 0.0, lat = 0.0, nx = 0.0, ny = 0.0;
  if (!study.crs->to_wgs84(x, y, lon, lat) || !study.crs->to_metric(lon, lat + 0.01, nx, ny)) return 0.0;
  return std::atan2(nx - x, ny - y);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Box draw_scale_bar(const Painter& p, const Viewport& v) {
  const double s = p.scale();
  const Box& frame = v.frame();
  const double length_m = nice_scale_length_m(0.22 * frame.width() / v.px_per_m());
  const double bar_px = length_m * v.px_per_m();
  const double x0 = frame.x0 + 18.0 * s, y_bar = frame.y1 - 22.0 * s, bar_h = 6.0 * s;
  const LayoutPtr zero = p.layout("0", 13.0);
  const LayoutPtr end = p.layout(format_length(length_m), 13.0);
  const Box end_box = Painter::extent(end.get(), 0, 0);
  const Box box{x0 - 10.0 * s, y_bar - end_box.height() - 10.0 * s,
                x0 + bar_px + end_box.width() / 2.0 + 10.0 * s, y_bar + bar_h + 8.0 * s};
  p.rect(box, kWhite, 0.8);
  for (int i = 0; i < 4; ++i) {
    const Box segment{x0 + bar_px * i / 4.0, y_bar, x0 + bar_px * (i + 1) / 4.0, y_bar + bar_h};
    p.rect(segment, i % 2 == 0 ? kInk : kWhite);
  }
  cairo_new_path(p.cr());
  cairo_rectangle(p.cr(), x0, y_bar, bar_px, bar_h);
  p.colour(kInk);
  cairo_set_line_width(p.cr(), 1.0 * s);
  cairo_stroke(p.cr());
  const double text_y = y_bar - end_box.height() - 2.0 * s;
  p.text(zero.get(), x0 - Painter::extent(zero.get(), 0, 0).width() / 2.0, text_y, kInk);
  p.text(end.get(), x0 + bar_px - end_box.width() / 2.0, text_y, kInk);
  return box;
}

Box draw_north_arrow(const Painter& p, const Viewport& v, double north_rad) {
  const double s = p.scale();
  const Box& frame = v.frame();
  const double cx = frame.x1 - 38.0 * s, cy = frame.y0 + 52.0 * s, r = 22.0 * s;
  const Box box{cx - 30.0 * s, frame.y0 + 8.0 * s, cx + 30.0 * s, cy + r + 8.0 * s};
  p.rect(box, kWhite, 0.8);
  cairo_t* cr = p.cr();
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_rotate(cr, north_rad);
  cairo_new_path(cr);
  cairo_move_to(cr, 0, -r);
  cairo_line_to(cr, 0.55 * r, r);
  cairo_line_to(cr, 0, 0.55 * r);
  cairo_close_path(cr);
  p.colour(kInk);
  cairo_fill(cr);
  cairo_move_to(cr, 0, -r);
  cairo_line_to(cr, -0.55 * r, r);
  cairo_line_to(cr, 0, 0.55 * r);
  cairo_close_path(cr);
  p.colour(kWhite);
  cairo_fill_preserve(cr);
  p.colour(kInk);
  cairo_set_line_width(cr, 1.2 * s);
  cairo_stroke(cr);
  cairo_restore(cr);
  const LayoutPtr n = p.layout("N 北", 14.0, true);
  const Box n_box = Painter::extent(n.get(), 0, 0);
  p.text(n.get(), cx - n_box.width() / 2.0, frame.y0 + 10.0 * s, kInk);
  return box;
}

// Labels keep clear of symbols where they can; a label that finds no such
// place gets a second chance over the symbols (its halo keeps it legible),
// still clear of other labels, the scale bar and the north arrow.
void draw_labels(const Painter& p, const Viewport& v, const std::vector<MapLabel>& labels,
                 const std::vector<Box>& symbols, const std::vector<Box>& furniture, PageResult* result) {
  const double s = p.scale();
  std::vector<LayoutPtr> layouts;
  std::vector<LabelRequest> requests;
  for (const MapLabel& label : labels) {
    layouts.push_back(p.layout(label.text, label.size_px, label.bold));
    pango_layout_set_alignment(layouts.back().get(), PANGO_ALIGN_CENTER);
    const Box size = Painter::extent(layouts.back().get(), 0, 0);
    requests.push_back({label.anchor, size.width(), size.height()});
  }
  const Box bounds = v.frame().grown(-4.0 * s);
  std::vector<Box> obstacles = symbols;
  obstacles.insert(obstacles.end(), furniture.begin(), furniture.end());
  auto placed = place_labels(requests, obstacles, bounds, 3.0 * s, 8.0 * s);
  std::vector<Box> hard = furniture;
  std::vector<LabelRequest> retry;
  std::vector<std::size_t> retry_of;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (placed[i]) {
      hard.push_back(*placed[i]);
    } else {
      retry.push_back(requests[i]);
      retry_of.push_back(i);
    }
  }
  const auto again = place_labels(retry, hard, bounds, 3.0 * s, 8.0 * s);
  for (std::size_t j = 0; j < again.size(); ++j) placed[retry_of[j]] = again[j];
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (placed[i]) p.text(layouts[i].get(), placed[i]->x0, placed[i]->y0, kInk, true);
  }
  if (result) {
    result->labels_placed = static_cast<std::size_t>(
        std::count_if(placed.begin(), placed.end(), [](const auto& b) { return b.has_value(); }));
    result->labels_dropped = labels.size() - result->labels_placed;
  }
}

void draw_legend(const Painter& p, const Box& area, const std::vector<LegendItem>& items,
                 PageResult* result) {
  const double s = p.scale();
  double y = area.y0 + 4.0 * s;
  const double x_text = area.x0 + 48.0 * s, wrap = area.x1 - x_text;
  const LayoutPtr heading = p.layout("图例 Legend", 19.0, true);
  p.text(heading.get(), area.x0, y, kInk);
  y += Painter::extent(heading.get(), 0, 0).height() + 8.0 * s;
  for (const LegendItem& item : items) {
    const bool bold = item.kind == LegendItem::Kind::heading;
    const double x =
        item.kind == LegendItem::Kind::heading || item.kind == LegendItem::Kind::text ? area.x0 : x_text;
    const LayoutPtr text = p.layout(item.label, bold ? 15.0 : 14.0, bold, area.x1 - x);
    const Box text_box = Painter::extent(text.get(), x, y);
    const double row_h = std::max(text_box.height(), 22.0 * s);
    if (item.kind == LegendItem::Kind::heading) y += 6.0 * s;
    if (y + row_h > area.y1) break;  // the rest would not fit on the page
    const PixelPoint mid{area.x0 + 18.0 * s, y + row_h / 2.0};
    const Box swatch{area.x0, mid.y - 9.0 * s, area.x0 + 36.0 * s, mid.y + 9.0 * s};
    switch (item.kind) {
      case LegendItem::Kind::swatch:
        p.rect(swatch, item.fill);
        cairo_new_path(p.cr());
        cairo_rectangle(p.cr(), swatch.x0, swatch.y0, swatch.width(), swatch.height());
        p.colour(kGrey);
        cairo_set_line_width(p.cr(), 0.8 * s);
        cairo_stroke(p.cr());
        if (result) result->swatches.push_back({item.label, swatch, item.fill});
        break;
      case LegendItem::Kind::outline:
        cairo_new_path(p.cr());
        cairo_rectangle(p.cr(), swatch.x0, swatch.y0, swatch.width(), swatch.height());
        p.colour(item.fill);
        cairo_fill_preserve(p.cr());
        p.colour(item.stroke);
        cairo_set_line_width(p.cr(), item.size * s);
        cairo_stroke(p.cr());
        break;
      case LegendItem::Kind::symbol:
        p.symbol(item.symbol, mid, item.size * s, item.fill, item.stroke);
        break;
      case LegendItem::Kind::heading:
      case LegendItem::Kind::text:
        break;
    }
    p.text(text.get(), x, y + (row_h - text_box.height()) / 2.0,
           item.kind == LegendItem::Kind::text ? kGrey : kInk);
    y += row_h + 6.0 * s;
  }
  (void)wrap;
}

void draw_footer(const Painter& p, const Basemap& b) {
  const Box& f = b.layout.footer;
  std::string left = "数据日期 Data date: " + b.date;
  if (b.study && b.study->crs) left += "  ·  EPSG:" + std::to_string(b.study->crs->epsg());
  left += "  ·  lifecircle";
  const LayoutPtr text = p.layout(left, 13.0);
  p.text(text.get(), f.x0, f.y0 + 6.0 * p.scale(), kGrey);
  if (!b.attribution.empty()) {
    const LayoutPtr credit = p.layout(b.attribution, 13.0);
    const Box box = Painter::extent(credit.get(), 0, 0);
    p.text(credit.get(), f.x1 - box.width(), f.y0 + 6.0 * p.scale(), kGrey);
  }
}

void draw_page(const Painter& p, const Basemap& b, const Page& page, PageResult* result) {
  const PageLayout& l = b.layout;
  const double s = l.scale;
  p.rect(l.page, kWhite);
  const LayoutPtr title = p.layout(page.title, 28.0, true, l.title.width());
  p.text(title.get(), l.title.x0, l.title.y0, kInk);
  const LayoutPtr subtitle = p.layout(page.subtitle, 15.0, false, l.title.width());
  p.text(subtitle.get(), l.title.x0, l.title.y0 + Painter::extent(title.get(), 0, 0).height() + 2.0 * s,
         kGrey);

  cairo_t* cr = p.cr();
  cairo_save(cr);
  cairo_rectangle(cr, l.map_frame.x0, l.map_frame.y0, l.map_frame.width(), l.map_frame.height());
  cairo_clip(cr);
  p.rect(l.map_frame, rgb(0xfbfbfb));
  std::vector<MapLabel> labels;
  std::vector<Box> symbols;
  page.draw(p, labels, symbols);
  const std::vector<Box> furniture = {draw_scale_bar(p, b.viewport),
                                      draw_north_arrow(p, b.viewport, b.north_rad)};
  draw_labels(p, b.viewport, labels, symbols, furniture, result);
  cairo_restore(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, l.map_frame.x0, l.map_frame.y0, l.map_frame.width(), l.map_frame.height());
  p.colour(kGrey);
  cairo_set_line_width(cr, 1.0 * s);
  cairo_stroke(cr);
  draw_legend(p, l.legend, page.legend, result);
  draw_footer(p, b);
}

// Cairo's out-of-memory is ours too (exit status 3), not an output error.
void check(cairo_status_t status, const std::string& what) {
  if (status == CAIRO_STATUS_NO_MEMORY) throw std::bad_alloc();
  if (status != CAIRO_STATUS_SUCCESS)
    throw OutputError("map: " + what + ": " + cairo_status_to_string(status));
}

constexpr Rgb kStreet{0.55, 0.55, 0.55};
constexpr double kStreetAlpha = 0.45, kStreetWidthPx = 0.6;

RasterLayer streets_raster(const Basemap& b, const io::MapStyle& style) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, style.width_px, style.height_px);
  cairo_t* cr = cairo_create(surface);
  RasterLayer layer;
  if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
    {
      const Painter p(cr, style.font, b.layout.scale);
      p.stroke_rings(b.streets, kStreet, kStreetWidthPx * p.scale(), false, kStreetAlpha, false);
    }
    cairo_surface_flush(surface);
    layer.width = cairo_image_surface_get_width(surface);
    layer.height = cairo_image_surface_get_height(surface);
    layer.stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    layer.pixels.assign(
        data, data + static_cast<std::size_t>(layer.stride) * static_cast<std::size_t>(layer.height));
  }
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  check(status, "cannot draw the streets");
  if (layer.pixels.empty()) throw OutputError("map: cannot create the streets image");
  return layer;
}

}  // namespace

Basemap make_basemap(const study::Study& study) {
  const io::MapStyle& style = study.plan.maps;
  Basemap b;
  b.study = &study;
  b.layout = page_layout(style.width_px, style.height_px);
  const auto& towns = study.towns.towns;
  if (towns.empty()) throw Error("map: the city has no towns to draw");
  double min_x = towns[0].min_x, min_y = towns[0].min_y, max_x = towns[0].max_x, max_y = towns[0].max_y;
  for (const io::Town& t : towns) {
    min_x = std::min(min_x, t.min_x), min_y = std::min(min_y, t.min_y);
    max_x = std::max(max_x, t.max_x), max_y = std::max(max_y, t.max_y);
  }
  const double pad = kWorldPadding * std::max(max_x - min_x, max_y - min_y);
  b.viewport = Viewport(min_x - pad, min_y - pad, max_x + pad, max_y + pad, b.layout.map_frame);
  const geom::GeosContext ctx;
  for (const io::Town& t : towns) {
    TownShape shape;
    shape.name = t.name;
    shape.area_m2 = area_of(ctx, t.wkb);
    shape.px = to_pixels(shape_from_wkb(ctx, t.wkb), b.viewport);
    const PixelPoint at = point_on_surface(ctx, t.wkb);
    shape.label_at = b.viewport.to_px(at.x, at.y);
    b.towns.push_back(std::move(shape));
  }
  b.town_order.resize(towns.size());
  for (std::size_t i = 0; i < towns.size(); ++i) b.town_order[i] = i;
  std::stable_sort(b.town_order.begin(), b.town_order.end(),
                   [&](std::size_t a, std::size_t c) { return b.towns[a].area_m2 > b.towns[c].area_m2; });
  const graph::WalkGraph& g = study.network.graph;
  std::vector<std::vector<WorldPoint>> lines(g.edge_count());
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    for (const graph::ShapePoint p : g.shape(e)) lines[e].push_back({p.x, p.y});
  }
  b.streets = polylines_to_pixels(lines, b.viewport);
  if (std::find(style.formats.begin(), style.formats.end(), "png") != style.formats.end()) {
    b.streets_raster = streets_raster(b, style);
  }
  b.date = data_date(study.plan);
  b.attribution = study::road_attribution(study.plan);
  b.north_rad = north_angle(study, (min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
  return b;
}

PageResult render_page(const Basemap& b, const io::MapStyle& style, const Page& page) {
  PageResult result;
  const bool png = std::find(style.formats.begin(), style.formats.end(), "png") != style.formats.end();
  const bool svg = std::find(style.formats.begin(), style.formats.end(), "svg") != style.formats.end();
  bool first = true;
  for (const bool as_png : {true, false}) {
    if (as_png ? !png : !svg) continue;
    std::string* out = as_png ? &result.png : &result.svg;
    cairo_surface_t* surface =
        as_png ? cairo_image_surface_create(CAIRO_FORMAT_RGB24, style.width_px, style.height_px)
               : cairo_svg_surface_create_for_stream(append_to_string, out, style.width_px, style.height_px);
    cairo_t* cr = cairo_create(surface);
    SvgInserts inserts;
    try {
      check(cairo_surface_status(surface), "cannot create the drawing surface");
      const Painter painter(cr, style.font, b.layout.scale, as_png ? nullptr : &inserts);
      draw_page(painter, b, page, first ? &result : nullptr);
      check(cairo_status(cr), "drawing failed");
      cairo_destroy(cr);
      cr = nullptr;
      if (as_png) {
        *out = encode_png(surface);
      } else {
        cairo_surface_finish(surface);
        check(cairo_surface_status(surface), "cannot write the SVG");
        inserts.splice_into(*out);
      }
    } catch (...) {
      if (cr) cairo_destroy(cr);
      cairo_surface_destroy(surface);
      throw;
    }
    cairo_surface_destroy(surface);
    first = false;
  }
  return result;
}

void draw_towns(const Painter& p, const Basemap& b, const std::vector<Rgb>& fills) {
  for (std::size_t t = 0; t < b.towns.size(); ++t) p.fill_rings(b.towns[t].px, fills[t]);
}

void draw_town_boundaries(const Painter& p, const Basemap& b) {
  for (const TownShape& t : b.towns) p.stroke_rings(t.px, kTownLine, 1.2 * p.scale());
}

void draw_streets(const Painter& p, const Basemap& b) {
  const RasterLayer& r = b.streets_raster;
  if (p.svg() || r.pixels.empty()) {
    p.stroke_rings(b.streets, kStreet, kStreetWidthPx * p.scale(), false, kStreetAlpha, false);
    return;
  }
  // Painting the streets drawn once composites exactly as stroking them here.
  // Each page wraps the shared pixels in its own surface, read only.
  cairo_surface_t* image = cairo_image_surface_create_for_data(
      const_cast<unsigned char*>(r.pixels.data()), CAIRO_FORMAT_ARGB32, r.width, r.height, r.stride);
  cairo_set_source_surface(p.cr(), image, 0.0, 0.0);
  cairo_paint(p.cr());
  cairo_set_source_rgb(p.cr(), 0.0, 0.0, 0.0);  // releases the image
  cairo_surface_destroy(image);
}

void add_town_labels(const Basemap& b, const std::vector<std::string>& second_line,
                     std::vector<MapLabel>& labels) {
  for (const std::size_t t : b.town_order) {
    std::string text = b.towns[t].name;
    if (t < second_line.size() && !second_line[t].empty()) text += "\n" + second_line[t];
    labels.push_back({text, b.towns[t].label_at, 15.0, true});
  }
}

std::vector<Dot> aggregate_dots(const std::vector<WeightedPoint>& points, const Viewport& v, double cell_px) {
  struct Sum {
    double x = 0, y = 0, population = 0;
  };
  std::map<std::pair<long, long>, Sum> cells;  // ordered: dots come out in a stable order
  for (const WeightedPoint& w : points) {
    if (!(w.population > 0.0)) continue;
    const PixelPoint px = v.to_px(w.x, w.y);
    Sum& sum = cells[{std::lround(std::floor(px.x / cell_px)), std::lround(std::floor(px.y / cell_px))}];
    sum.x += px.x * w.population;
    sum.y += px.y * w.population;
    sum.population += w.population;
  }
  std::vector<Dot> dots;
  dots.reserve(cells.size());
  for (const auto& [cell, sum] : cells)
    dots.push_back({{sum.x / sum.population, sum.y / sum.population}, sum.population});
  return dots;
}

double dot_radius(double population, double max_population, double max_radius_px) {
  if (!(max_population > 0.0)) return 0.0;
  return std::max(1.2, max_radius_px * std::sqrt(std::min(population, max_population) / max_population));
}

namespace {
// The largest 1-2-5 value not above v.
double round_down_nice(double v) {
  if (!(v >= 1.0)) return v;
  return nice_scale_length_m(v);
}
}  // namespace

void add_dot_legend(std::vector<LegendItem>& legend, const std::string& unit_label, Rgb fill, Rgb stroke,
                    double max_population, double max_radius_px) {
  if (!(max_population > 0.0)) return;
  double last = -1.0;
  for (const double fraction : {1.0, 0.25, 0.04}) {
    const double value = round_down_nice(max_population * fraction);
    if (value <= 0.0 || value == last) continue;
    last = value;
    LegendItem item;
    item.kind = LegendItem::Kind::symbol;
    item.symbol = Symbol::dot;
    item.fill = fill;
    item.stroke = stroke;
    item.size = dot_radius(value, max_population, max_radius_px);
    item.label = format_count(value) + " " + unit_label;
    legend.push_back(item);
  }
}

std::string circle_zh(const io::Category& c) {
  if (c.reach.is_distance()) return format_count(c.reach.metres) + "米";
  std::ostringstream out;
  out << c.reach.minutes << "分钟";
  return out.str();
}

std::string circle_en(const io::Category& c) {
  if (c.reach.is_distance()) return format_count(c.reach.metres) + " m";
  std::ostringstream out;
  out << c.reach.minutes << "-minute";
  return out.str();
}

std::string format_count(double value) {
  const long long n = std::llround(value);
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  if (n < 0) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_percent(double share) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << share * 100.0 << "%";
  return out.str();
}

}  // namespace lifecircle::map::detail
