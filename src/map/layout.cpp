#include "lifecircle/map/layout.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "lifecircle/util/error.hpp"

namespace lifecircle::map {

Viewport::Viewport(double min_x, double min_y, double max_x, double max_y, const Box& frame) : frame_(frame) {
  if (!(frame.width() > 0.0) || !(frame.height() > 0.0)) throw Error("map frame is empty");
  const double world_w = std::max(max_x - min_x, 1.0);
  const double world_h = std::max(max_y - min_y, 1.0);
  px_per_m_ = std::min(frame.width() / world_w, frame.height() / world_h);
  world_cx_ = (min_x + max_x) / 2.0;
  world_cy_ = (min_y + max_y) / 2.0;
  frame_cx_ = (frame.x0 + frame.x1) / 2.0;
  frame_cy_ = (frame.y0 + frame.y1) / 2.0;
}

PageLayout page_layout(int width_px, int height_px) {
  PageLayout l;
  const double w = width_px, h = height_px;
  l.scale = std::min(w / 1600.0, h / 1200.0);
  const double s = l.scale;
  const double margin = 20.0 * s;
  l.page = {0.0, 0.0, w, h};
  l.title = {margin, margin, w - margin, 95.0 * s};
  l.footer = {margin, h - 40.0 * s, w - margin, h - 8.0 * s};
  const double legend_w = std::max(380.0 * s, 0.24 * w);
  l.legend = {w - margin - legend_w, l.title.y1 + 10.0 * s, w - margin, l.footer.y0 - 10.0 * s};
  l.map_frame = {margin, l.title.y1 + 10.0 * s, l.legend.x0 - margin, l.footer.y0 - 10.0 * s};
  return l;
}

double nice_scale_length_m(double max_m) {
  if (!(max_m > 0.0) || !std::isfinite(max_m)) throw Error("scale bar: the longest length must be > 0");
  double power = std::pow(10.0, std::floor(std::log10(max_m)));
  // log10 may land just below an exact power of ten.
  if (power * 10.0 <= max_m) power *= 10.0;
  for (const double step : {5.0, 2.0, 1.0}) {
    if (step * power <= max_m * (1.0 + 1e-12)) return step * power;
  }
  return power;
}

std::string format_length(double metres) {
  std::ostringstream out;
  if (metres >= 1000.0) {
    out << metres / 1000.0 << " km";
  } else {
    out << metres << " m";
  }
  return out.str();
}

}  // namespace lifecircle::map
