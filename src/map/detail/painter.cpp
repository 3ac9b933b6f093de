#include "painter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <string_view>
#include <unordered_map>

#include "lifecircle/util/error.hpp"

namespace lifecircle::map::detail {
namespace {

// Vertices nearer than this to the last kept one are not drawn: polygons
// keep their outline to a pixel; streets, faint context lines, to two.
constexpr double kMinStepPx = 1.0;
constexpr double kMinStreetStepPx = 2.0;

void add_ring(const std::vector<geom::XY>& ring, Shape& shape) {
  if (ring.size() < 3) return;
  std::vector<WorldPoint> points;
  points.reserve(ring.size());
  for (const geom::XY& p : ring) {
    const bool first = shape.rings.empty() && points.empty();
    shape.min_x = first ? p.x : std::min(shape.min_x, p.x);
    shape.min_y = first ? p.y : std::min(shape.min_y, p.y);
    shape.max_x = first ? p.x : std::max(shape.max_x, p.x);
    shape.max_y = first ? p.y : std::max(shape.max_y, p.y);
    points.push_back({p.x, p.y});
  }
  shape.rings.push_back(std::move(points));
}

std::vector<PixelPoint> simplified(const std::vector<WorldPoint>& line, const Viewport& v, bool closed,
                                   double min_step_px = kMinStepPx) {
  std::vector<PixelPoint> out;
  out.reserve(std::min<std::size_t>(line.size(), 4096));
  for (std::size_t i = 0; i < line.size(); ++i) {
    const PixelPoint p = v.to_px(line[i].x, line[i].y);
    const bool last = i + 1 == line.size();
    if (!out.empty() && !last && std::hypot(p.x - out.back().x, p.y - out.back().y) < min_step_px) continue;
    out.push_back(p);
  }
  if (closed && out.size() < 3) out.clear();
  return out;
}

constexpr double kDotFillAlpha = 0.8;
constexpr double kDotStrokePx = 0.6;  // times the page scale

// Compact SVG: coordinates in tenths of a pixel (the group scales by 0.1),
// far below what a reader can see on a 1600-pixel-wide map.
long tenths(double px) { return std::lround(px * 10.0); }

void append_number(std::string& out, long n) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);
  (void)ec;
  // A minus sign separates numbers; otherwise two numbers need a space.
  if (n >= 0 && !out.empty() && out.back() >= '0' && out.back() <= '9') out.push_back(' ');
  out.append(buffer, end);
}

// "m4637 7306 24-6 3 5z": relative moves, implicit line-tos, repeated points dropped.
void append_path_data(std::string& out, const PixelRings& rings, bool closed) {
  long x = 0, y = 0;  // the current point; the first relative move is absolute
  for (const auto& ring : rings) {
    if (ring.size() < 2) continue;
    const long sx = tenths(ring.front().x), sy = tenths(ring.front().y);
    out.push_back('m');
    append_number(out, sx - x);
    append_number(out, sy - y);
    x = sx, y = sy;
    for (std::size_t i = 1; i < ring.size(); ++i) {
      const long px = tenths(ring[i].x), py = tenths(ring[i].y);
      if (px == x && py == y) continue;
      append_number(out, px - x);
      append_number(out, py - y);
      x = px, y = py;
    }
    if (closed) {
      out.push_back('z');
      x = sx, y = sy;  // a closed subpath ends where it began
    }
  }
}

// Cairo's current path (lines and curves) as compact path data, as above.
void append_cairo_path(std::string& out, cairo_t* cr) {
  cairo_path_t* path = cairo_copy_path(cr);
  long x = 0, y = 0, sx = 0, sy = 0;
  char last = 0;
  auto command = [&](char c) {
    if (c != last || c == 'm') out.push_back(c);  // repeated l or c may leave out the letter
    last = c;
  };
  auto point = [&](const cairo_path_data_t& p, long from_x, long from_y) {
    append_number(out, tenths(p.point.x) - from_x);
    append_number(out, tenths(p.point.y) - from_y);
  };
  for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
    const cairo_path_data_t* d = &path->data[i];
    switch (d->header.type) {
      case CAIRO_PATH_MOVE_TO:
        command('m');
        point(d[1], x, y);
        x = sx = tenths(d[1].point.x), y = sy = tenths(d[1].point.y);
        last = 'l';  // pairs after a move are line-tos
        break;
      case CAIRO_PATH_LINE_TO:
        command('l');
        point(d[1], x, y);
        x = tenths(d[1].point.x), y = tenths(d[1].point.y);
        break;
      case CAIRO_PATH_CURVE_TO:
        command('c');
        for (int k = 1; k <= 3; ++k) point(d[k], x, y);  // all relative to the curve's start
        x = tenths(d[3].point.x), y = tenths(d[3].point.y);
        break;
      case CAIRO_PATH_CLOSE_PATH:
        out.push_back('z');
        last = 'z';
        x = sx, y = sy;
        break;
    }
  }
  cairo_path_destroy(path);
}

std::string hex(Rgb c) {
  auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "#";
  for (const int b : {byte(c.r), byte(c.g), byte(c.b)}) {
    out.push_back(kDigits[b / 16]);
    out.push_back(kDigits[b % 16]);
  }
  return out;
}

std::string decimal(double v) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, std::round(v * 1000.0) / 1000.0);
  (void)ec;
  return std::string(buffer, end);
}

// Markers are 1-pixel squares in colours Cairo prints exactly (multiples of
// 1/256, as percentages): blue tells a marker, red (1-255) and green number it.
constexpr double kMarkerBlue = 5.0 / 256.0;
constexpr std::string_view kMarkerTail = "%,1.953125%)";  // the blue channel
constexpr std::size_t kMaxInserts = std::size_t{255} * 256;

// Dots grouped so that no two in a group overlap (with their outlines and
// antialiasing) and every dot comes after the earlier dots it overlaps:
// drawing group by group, each as one fill and one stroke, gives the picture
// of drawing dot by dot, with far fewer Cairo operations.
std::vector<std::vector<std::size_t>> non_overlapping_groups(const std::vector<Circle>& circles,
                                                             double margin) {
  double max_r = 0.0;
  for (const Circle& c : circles) max_r = std::max(max_r, c.radius);
  const double cell = std::max(2.0 * max_r + margin, 1.0);
  auto key = [&](long gx, long gy) {
    return (static_cast<long long>(gx) << 32) ^ static_cast<long long>(gy & 0xffffffff);
  };
  std::unordered_map<long long, std::vector<std::size_t>> grid;
  std::vector<std::size_t> group(circles.size(), 0);
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < circles.size(); ++i) {
    const Circle& c = circles[i];
    const long gx = std::lround(std::floor(c.at.x / cell)), gy = std::lround(std::floor(c.at.y / cell));
    std::size_t g = 0;
    for (long dx = -1; dx <= 1; ++dx) {
      for (long dy = -1; dy <= 1; ++dy) {
        const auto it = grid.find(key(gx + dx, gy + dy));
        if (it == grid.end()) continue;
        for (const std::size_t j : it->second) {
          const Circle& o = circles[j];
          if (std::hypot(c.at.x - o.at.x, c.at.y - o.at.y) < c.radius + o.radius + margin)
            g = std::max(g, group[j] + 1);
        }
      }
    }
    group[i] = g;
    grid[key(gx, gy)].push_back(i);
    if (g >= groups.size()) groups.resize(g + 1);
    groups[g].push_back(i);
  }
  return groups;
}

}  // namespace

void SvgInserts::add(cairo_t* cr, std::string markup) {
  if (markup_.size() >= kMaxInserts) throw Error("map: too many SVG layers on one page");
  const std::size_t n = markup_.size();  // red 1-255, green 0-255
  markup_.push_back(std::move(markup));
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);  // a marker outside the clip would not be drawn at all
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, std::floor(x0) + 1.0, std::floor(y0) + 1.0, 1.0, 1.0);
  const std::size_t high =
      n / 255;  // the marker's number in base 255: red the low digit + 1, green the high one
  cairo_set_source_rgb(cr, static_cast<double>(n % 255 + 1) / 256.0, static_cast<double>(high) / 256.0,
                       kMarkerBlue);
  cairo_fill(cr);
  cairo_restore(cr);
}

void SvgInserts::splice_into(std::string& svg) const {
  std::string out;
  out.reserve(svg.size());
  std::size_t from = 0, found = 0;
  for (std::size_t at = svg.find(kMarkerTail); at != std::string::npos; at = svg.find(kMarkerTail, at + 1)) {
    const std::size_t open = svg.rfind("rgb(", at), start = svg.rfind('<', at), end = svg.find("/>", at);
    if (open == std::string::npos || start == std::string::npos || end == std::string::npos || start < from) {
      throw Error("map: unexpected SVG around a layer marker");
    }
    char* rest = nullptr;
    const double red = std::strtod(svg.c_str() + open + 4, &rest);  // percent
    const double green = rest && *rest == '%' && rest[1] == ',' ? std::strtod(rest + 2, nullptr) : -1.0;
    const long r = std::lround(red * 2.56), g = std::lround(green * 2.56);
    const long n = (r - 1) + 255 * g;
    if (r < 1 || r > 255 || g < 0 || static_cast<std::size_t>(n) >= markup_.size()) {
      throw Error("map: unknown SVG layer marker");
    }
    out.append(svg, from, start - from);
    out += markup_[static_cast<std::size_t>(n)];
    from = end + 2;
    ++found;
  }
  if (found != markup_.size()) throw Error("map: Cairo's SVG output lost a layer marker");
  out.append(svg, from, std::string::npos);
  svg = std::move(out);
}

Shape shape_from_wkb(const geom::GeosContext& ctx, const std::string& wkb) {
  Shape shape;
  if (wkb.empty()) return shape;
  const geom::Geometry g = geom::from_wkb(ctx, wkb);
  for (const std::vector<geom::XY>& ring : geom::polygon_rings(ctx, g.get())) add_ring(ring, shape);
  return shape;
}

PixelRings to_pixels(const Shape& shape, const Viewport& viewport) {
  PixelRings rings;
  for (const auto& ring : shape.rings) {
    std::vector<PixelPoint> px = simplified(ring, viewport, true);
    if (!px.empty()) rings.push_back(std::move(px));
  }
  return rings;
}

PixelRings polylines_to_pixels(const std::vector<std::vector<WorldPoint>>& lines, const Viewport& viewport) {
  PixelRings out;
  for (const auto& line : lines) {
    std::vector<PixelPoint> px = simplified(line, viewport, false, kMinStreetStepPx);
    // A street shorter than a pixel draws nothing visible.
    if (px.size() >= 2 && std::hypot(px.back().x - px.front().x, px.back().y - px.front().y) >= 1.0) {
      out.push_back(std::move(px));
    }
  }
  return out;
}

Painter::Painter(cairo_t* cr, const std::string& font, double scale, SvgInserts* svg)
    : cr_(cr),
      scale_(scale),
      svg_(svg),
      pango_(pango_cairo_create_context(cr)),
      font_options_(cairo_font_options_create()),
      regular_(pango_font_description_from_string(font.c_str())),
      bold_(pango_font_description_copy(regular_)) {
  // Unhinted metrics: text measures the same on the PNG and the SVG surface,
  // so labels land in the same places in both.
  cairo_font_options_set_hint_metrics(font_options_, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(font_options_, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pango_, font_options_);
  pango_font_description_set_weight(bold_, PANGO_WEIGHT_BOLD);
}

Painter::~Painter() {
  pango_font_description_free(bold_);
  pango_font_description_free(regular_);
  cairo_font_options_destroy(font_options_);
  g_object_unref(pango_);
}

void Painter::colour(Rgb c, double alpha) const { cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha); }

void Painter::rings_path(const PixelRings& rings, bool closed) const {
  cairo_new_path(cr_);
  for (const auto& ring : rings) {
    cairo_move_to(cr_, ring.front().x, ring.front().y);
    for (std::size_t i = 1; i < ring.size(); ++i) cairo_line_to(cr_, ring[i].x, ring[i].y);
    if (closed) cairo_close_path(cr_);
  }
}

void Painter::fill_rings(const PixelRings& rings, Rgb fill) const {
  if (rings.empty()) return;
  if (svg_) {
    std::string markup =
        "<path transform=\"scale(.1)\" style=\"stroke:none;fill-rule:evenodd;fill:" + hex(fill) + "\" d=\"";
    append_path_data(markup, rings, true);
    markup += "\"/>";
    svg_->add(cr_, std::move(markup));
    return;
  }
  rings_path(rings, true);
  cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_EVEN_ODD);
  colour(fill);
  cairo_fill(cr_);
}

void Painter::stroke_rings(const PixelRings& rings, Rgb stroke, double width_px, bool closed, double alpha,
                           bool round_caps) const {
  if (rings.empty()) return;
  if (svg_) {
    std::string markup = "<path transform=\"scale(.1)\" style=\"fill:none;stroke:" + hex(stroke);
    if (alpha < 1.0) markup += ";stroke-opacity:" + decimal(alpha);
    markup += ";stroke-width:" + decimal(width_px * 10.0) + ";stroke-linejoin:round";
    if (round_caps) markup += ";stroke-linecap:round";
    markup += "\" d=\"";
    append_path_data(markup, rings, closed);
    markup += "\"/>";
    svg_->add(cr_, std::move(markup));
    return;
  }
  rings_path(rings, closed);
  colour(stroke, alpha);
  cairo_set_line_width(cr_, width_px);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr_, round_caps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  cairo_stroke(cr_);
}

void Painter::dots(const std::vector<Circle>& circles, Rgb fill, Rgb stroke) const {
  if (circles.empty()) return;
  const double width = kDotStrokePx * scale_;
  if (svg_) {
    std::string markup = "<g transform=\"scale(.1)\" style=\"fill:" + hex(fill) +
                         ";fill-opacity:" + decimal(kDotFillAlpha) + ";stroke:" + hex(stroke) +
                         ";stroke-width:" + decimal(width * 10.0) + "\">";
    for (const Circle& c : circles) {
      markup += "<circle cx=\"" + std::to_string(tenths(c.at.x)) + "\" cy=\"" +
                std::to_string(tenths(c.at.y)) + "\" r=\"" + std::to_string(tenths(c.radius)) + "\"/>";
    }
    markup += "</g>";
    svg_->add(cr_, std::move(markup));
    return;
  }
  for (const std::vector<std::size_t>& group : non_overlapping_groups(circles, width + 2.0)) {
    cairo_new_path(cr_);
    for (const std::size_t i : group) {
      cairo_new_sub_path(cr_);
      cairo_arc(cr_, circles[i].at.x, circles[i].at.y, circles[i].radius, 0.0, 2.0 * std::numbers::pi);
    }
    cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);
    colour(fill, kDotFillAlpha);
    cairo_fill_preserve(cr_);
    colour(stroke);
    cairo_set_line_width(cr_, width);
    cairo_stroke(cr_);
  }
}

void Painter::rect(const Box& box, Rgb fill, double alpha) const {
  cairo_new_path(cr_);
  cairo_rectangle(cr_, box.x0, box.y0, box.width(), box.height());
  colour(fill, alpha);
  cairo_fill(cr_);
}

Box Painter::symbol(Symbol kind, PixelPoint p, double size, Rgb fill, Rgb stroke) const {
  const double s = scale_;
  cairo_new_path(cr_);
  switch (kind) {
    case Symbol::filled_circle:
    case Symbol::dot:
      cairo_arc(cr_, p.x, p.y, size, 0.0, 2.0 * std::numbers::pi);
      colour(fill, kind == Symbol::dot ? kDotFillAlpha : 1.0);
      cairo_fill_preserve(cr_);
      colour(stroke);
      cairo_set_line_width(cr_, kind == Symbol::dot ? kDotStrokePx * s : 1.5 * s);
      cairo_stroke(cr_);
      break;
    case Symbol::hollow_square:
      cairo_rectangle(cr_, p.x - size, p.y - size, 2.0 * size, 2.0 * size);
      colour(Rgb{1.0, 1.0, 1.0});
      cairo_fill_preserve(cr_);
      colour(fill);
      cairo_set_line_width(cr_, 2.5 * s);
      cairo_stroke(cr_);
      break;
    case Symbol::star:
      for (int i = 0; i < 10; ++i) {
        const double r = i % 2 == 0 ? size * 1.5 : size * 0.65;
        const double a = -std::numbers::pi / 2.0 + i * std::numbers::pi / 5.0;
        cairo_line_to(cr_, p.x + r * std::cos(a), p.y + r * std::sin(a));
      }
      cairo_close_path(cr_);
      colour(fill);
      cairo_fill_preserve(cr_);
      colour(stroke);
      cairo_set_line_width(cr_, 1.5 * s);
      cairo_stroke(cr_);
      return {p.x - size * 1.5, p.y - size * 1.5, p.x + size * 1.5, p.y + size * 1.5};
    case Symbol::removed_cross:
      cairo_arc(cr_, p.x, p.y, size, 0.0, 2.0 * std::numbers::pi);
      colour(Rgb{1.0, 1.0, 1.0});
      cairo_fill_preserve(cr_);
      colour(fill);
      cairo_set_line_width(cr_, 1.5 * s);
      cairo_stroke(cr_);
      cairo_move_to(cr_, p.x - size * 0.6, p.y - size * 0.6);
      cairo_line_to(cr_, p.x + size * 0.6, p.y + size * 0.6);
      cairo_move_to(cr_, p.x + size * 0.6, p.y - size * 0.6);
      cairo_line_to(cr_, p.x - size * 0.6, p.y + size * 0.6);
      cairo_stroke(cr_);
      break;
  }
  return {p.x - size, p.y - size, p.x + size, p.y + size};
}

LayoutPtr Painter::layout(const std::string& text, double size_px, bool bold, double wrap_px) const {
  LayoutPtr layout(pango_layout_new(pango_));
  PangoFontDescription* font = pango_font_description_copy(bold ? bold_ : regular_);
  pango_font_description_set_absolute_size(font, size_px * scale_ * PANGO_SCALE);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  if (wrap_px > 0.0) {
    pango_layout_set_width(layout.get(), static_cast<int>(wrap_px * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_text(layout.get(), text.c_str(), -1);
  return layout;
}

Box Painter::extent(const PangoLayout* layout, double x, double y) {
  PangoRectangle logical;
  pango_layout_get_pixel_extents(const_cast<PangoLayout*>(layout), nullptr, &logical);
  return {x, y, x + logical.width, y + logical.height};
}

void Painter::text(const PangoLayout* layout, double x, double y, Rgb c, bool halo) const {
  auto* l = const_cast<PangoLayout*>(layout);
  cairo_new_path(cr_);
  cairo_move_to(cr_, x, y);
  if (halo && svg_) {
    // The outline once, stroked white under its fill.
    pango_cairo_layout_path(cr_, l);
    const std::string id = svg_->next_id();
    std::string markup = "<g transform=\"scale(.1)\"><defs><path id=\"" + id + "\" d=\"";
    append_cairo_path(markup, cr_);
    cairo_new_path(cr_);
    markup += "\"/></defs><use xlink:href=\"#" + id +
              "\" style=\"fill:none;stroke:#ffffff;stroke-opacity:0.9;stroke-linejoin:round;stroke-width:" +
              decimal(35.0 * scale_) + "\"/><use xlink:href=\"#" + id +
              "\" style=\"stroke:none;fill:" + hex(c) + "\"/></g>";
    svg_->add(cr_, std::move(markup));
    return;
  }
  if (halo) {
    pango_cairo_layout_path(cr_, l);
    colour(Rgb{1.0, 1.0, 1.0}, 0.9);
    cairo_set_line_width(cr_, 3.5 * scale_);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr_);
    colour(c);
    cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_WINDING);  // glyph contours may overlap
    cairo_fill(cr_);
    return;
  }
  colour(c);
  pango_cairo_show_layout(cr_, l);
}

}  // namespace lifecircle::map::detail
