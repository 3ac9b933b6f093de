#pragma once
// Cairo and Pango behind a small drawing interface: polygons from WKB drawn
// at pixel resolution, symbols, and text laid out with Pango (CJK through the
// plan's font) with a white halo.

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <vector>

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/map/colour.hpp"
#include "lifecircle/map/layout.hpp"

namespace lifecircle::map::detail {

struct WorldPoint {
  double x, y;
};

// Polygons as rings (exterior and holes alike), filled even-odd.
struct Shape {
  std::vector<std::vector<WorldPoint>> rings;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool empty() const noexcept { return rings.empty(); }
};

// Polygon, MultiPolygon or a collection holding them; other parts are skipped.
Shape shape_from_wkb(const geom::GeosContext& ctx, const std::string& wkb);

// Rings in pixels, with vertices closer than a pixel to the last one
// kept dropped: a city's coverage polygon has far more vertices than pixels.
using PixelRings = std::vector<std::vector<PixelPoint>>;
PixelRings to_pixels(const Shape& shape, const Viewport& viewport);

// Polylines (streets) in pixels, simplified the same way.
PixelRings polylines_to_pixels(const std::vector<std::vector<WorldPoint>>& lines, const Viewport& viewport);

struct GObjectUnref {
  void operator()(void* p) const noexcept { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;

enum class Symbol { filled_circle, hollow_square, star, removed_cross, dot };

struct Circle {
  PixelPoint at;
  double radius = 0.0;
};

// Cairo's SVG surface prints every coordinate with six decimals, which made a
// city's streets, coverage polygons and dots most of each SVG and most of its
// writing time. On an SVG page the Painter writes those layers itself as
// compact markup (tenths of a pixel, relative moves, <circle>) and has Cairo
// draw a marker in their place; splice_svg_inserts puts the markup there.
class SvgInserts {
 public:
  // Throws Error when a page holds more inserts than markers can tell apart.
  void add(cairo_t* cr, std::string markup);
  // An id for an element of the next insert, unique in the page.
  std::string next_id() const { return "lifecircle-" + std::to_string(markup_.size() + 1); }
  // Replaces each marker in Cairo's SVG output by its markup. Throws Error
  // when a marker is missing (a Cairo whose SVG output differs).
  void splice_into(std::string& svg) const;

 private:
  std::vector<std::string> markup_;
};

class Painter {
 public:
  // `svg` is null when drawing raster (PNG) pages.
  Painter(cairo_t* cr, const std::string& font, double scale, SvgInserts* svg = nullptr);
  ~Painter();
  Painter(const Painter&) = delete;
  Painter& operator=(const Painter&) = delete;

  cairo_t* cr() const noexcept { return cr_; }
  bool svg() const noexcept { return svg_ != nullptr; }
  double scale() const noexcept { return scale_; }
  void colour(Rgb c, double alpha = 1.0) const;

  void rings_path(const PixelRings& rings, bool closed) const;
  void fill_rings(const PixelRings& rings, Rgb fill) const;
  // Round joins; round caps, else butt caps.
  void stroke_rings(const PixelRings& rings, Rgb stroke, double width_px, bool closed = true,
                    double alpha = 1.0, bool round_caps = true) const;
  // Symbol::dot for every circle, in order (later dots over earlier ones).
  void dots(const std::vector<Circle>& circles, Rgb fill, Rgb stroke) const;
  void rect(const Box& box, Rgb fill, double alpha = 1.0) const;

  // A map symbol centred at p, `size` its radius in pixels; returns its box.
  Box symbol(Symbol kind, PixelPoint p, double size, Rgb fill, Rgb stroke) const;

  // Text: size in pixels (before scale), top-left at (x, y). `wrap_px` > 0 wraps lines.
  LayoutPtr layout(const std::string& text, double size_px, bool bold = false, double wrap_px = 0.0) const;
  static Box extent(const PangoLayout* layout, double x, double y);
  void text(const PangoLayout* layout, double x, double y, Rgb colour, bool halo = false) const;

 private:
  cairo_t* cr_;
  double scale_;
  SvgInserts* svg_;
  PangoContext* pango_;
  cairo_font_options_t* font_options_;
  PangoFontDescription* regular_;
  PangoFontDescription* bold_;
};

}  // namespace lifecircle::map::detail
