#pragma once
// Where things go on a map page: pixel boxes, the world-to-pixel transform of
// the map frame (metres of the working CRS, equal scale in x and y, north up),
// and the choice of a scale bar's length.

#include <string>

namespace lifecircle::map {

// A pixel box, y down.
struct Box {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
  double width() const noexcept { return x1 - x0; }
  double height() const noexcept { return y1 - y0; }
  bool overlaps(const Box& other) const noexcept {
    return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1;
  }
  bool contains(const Box& other) const noexcept {
    return other.x0 >= x0 && other.x1 <= x1 && other.y0 >= y0 && other.y1 <= y1;
  }
  Box grown(double by) const noexcept { return {x0 - by, y0 - by, x1 + by, y1 + by}; }
};

struct PixelPoint {
  double x = 0.0, y = 0.0;
};

// Working-CRS metres to pixels: the world box fitted into the frame, centred.
class Viewport {
 public:
  Viewport() = default;
  // Throws Error for an empty frame; a world box of zero size is widened to 1 m.
  Viewport(double min_x, double min_y, double max_x, double max_y, const Box& frame);
  PixelPoint to_px(double x, double y) const noexcept {
    return {frame_cx_ + (x - world_cx_) * px_per_m_, frame_cy_ - (y - world_cy_) * px_per_m_};
  }
  double px_per_m() const noexcept { return px_per_m_; }
  const Box& frame() const noexcept { return frame_; }

 private:
  Box frame_;
  double px_per_m_ = 1.0;
  double world_cx_ = 0.0, world_cy_ = 0.0, frame_cx_ = 0.0, frame_cy_ = 0.0;
};

// The boxes of one page, scaled from a 1600 x 1200 design.
struct PageLayout {
  double scale = 1.0;  // font and symbol sizes are multiplied by this
  Box page, title, map_frame, legend, footer;
};
PageLayout page_layout(int width_px, int height_px);

// The longest "nice" length (1, 2 or 5 times a power of ten metres) not
// longer than max_m. Throws Error unless max_m > 0 and finite.
double nice_scale_length_m(double max_m);

// "500 m", "2 km", "0.5 m".
std::string format_length(double metres);

}  // namespace lifecircle::map
