#include "lifecircle/geom/distance_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "lifecircle/util/error.hpp"

namespace lifecircle::geom {
namespace {

// Regions are widened by this much so nodes on their borders are never lost;
// a node stamped by an extra region only gets a distance that is still true.
constexpr double kSlackM = 1e-6;
constexpr std::int64_t kTileArea = static_cast<std::int64_t>(DistanceGrid::kTile) * DistanceGrid::kTile;

struct Extent {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
};

Extent extent_of(const ReachedNetwork& reached) {
  Extent e;
  for (const Piece& p : reached.pieces) {
    for (std::size_t k = 0; k < p.x.size(); ++k) {
      e.min_x = std::min(e.min_x, p.x[k]);
      e.max_x = std::max(e.max_x, p.x[k]);
      e.min_y = std::min(e.min_y, p.y[k]);
      e.max_y = std::max(e.max_y, p.y[k]);
    }
  }
  return e;
}

std::int64_t floor_index(double v, double cell_m) {
  return static_cast<std::int64_t>(std::floor(v / cell_m));
}

// The last grid's storage, kept per thread so the next grid reuses its pages
// instead of faulting fresh ones in (one grid is built per isochrone).
struct SpareStorage {
  std::vector<double> tiles;
  std::vector<std::int32_t> index;
};
SpareStorage& spare() {
  thread_local SpareStorage s;
  return s;
}
// Larger buffers go back to the allocator: a citywide grid is not kept alive.
constexpr std::size_t kMaxSpareBytes = std::size_t{64} << 20;

}  // namespace

DistanceGrid::DistanceGrid(const ReachedNetwork& reached, double cell_m, double reach_m)
    : cell_m_(cell_m), reach_m_(reach_m), reach2_(reach_m * reach_m) {
  if (!(cell_m > 0.0) || !(reach_m > 0.0)) {
    throw Error("distance grid: cell (" + std::to_string(cell_m) + " m) and reach (" +
                std::to_string(reach_m) + " m) must be positive");
  }
  const Extent e = extent_of(reached);
  if (reached.pieces.empty() || !(e.min_x <= e.max_x)) return;
  tiles_ = std::move(spare().tiles);
  tiles_.clear();
  tile_index_ = std::move(spare().index);
  first_i_ = floor_index(e.min_x - reach_m, cell_m) - 1;
  first_j_ = floor_index(e.min_y - reach_m, cell_m) - 1;
  const std::int64_t last_i = floor_index(e.max_x + reach_m, cell_m) + 2;
  const std::int64_t last_j = floor_index(e.max_y + reach_m, cell_m) + 2;
  tiles_x_ = (last_i - first_i_) / kTile + 1;
  tiles_y_ = (last_j - first_j_) / kTile + 1;
  tile_index_.assign(static_cast<std::size_t>(tiles_x_ * tiles_y_), -1);
  // About three tiles per tile-width of street swept by its band: fewer reallocations.
  const double tile_m = cell_m * kTile;
  const double expected = 3.0 * reached.length_m * (2.0 * reach_m + tile_m) / (tile_m * tile_m) + 16.0;
  tiles_.reserve(static_cast<std::size_t>(std::min(expected, static_cast<double>(tile_index_.size()))) *
                 kTileArea);
  std::vector<End> ends;
  for (const Piece& p : reached.pieces) add_polyline(p.x, p.y, ends);
  stamp_ends(ends);
  // Stamping kept squared distances (reach_m^2 where nothing came nearer):
  // the root of the least square is the least root, bit for bit (sqrt is
  // correctly rounded and monotone, and sqrt(reach_m^2) == reach_m), so one
  // root per node replaces one per stamp.
  const double reach2 = reach2_;
  for (double& v : tiles_) v = v < reach2 ? std::sqrt(v) : reach_m;
}

DistanceGrid::~DistanceGrid() {
  SpareStorage& s = spare();
  if (tiles_.capacity() > s.tiles.capacity() && tiles_.capacity() * sizeof(double) <= kMaxSpareBytes)
    s.tiles = std::move(tiles_);
  if (tile_index_.capacity() > s.index.capacity() &&
      tile_index_.capacity() * sizeof(std::int32_t) <= kMaxSpareBytes)
    s.index = std::move(tile_index_);
}

const double* DistanceGrid::tile(std::int64_t tx, std::int64_t ty) const noexcept {
  if (tx < 0 || ty < 0 || tx >= tiles_x_ || ty >= tiles_y_) return nullptr;
  const std::int32_t k = tile_index_[static_cast<std::size_t>(ty * tiles_x_ + tx)];
  return k < 0 ? nullptr : tiles_.data() + static_cast<std::ptrdiff_t>(k) * kTileArea;
}

double DistanceGrid::at(std::int64_t i, std::int64_t j) const noexcept {
  const std::int64_t li = i - first_i_, lj = j - first_j_;
  if (li < 0 || lj < 0) return reach_m_;
  const double* t = tile(li / kTile, lj / kTile);
  return t ? t[(lj % kTile) * kTile + li % kTile] : reach_m_;
}

// Called for every row a region crosses in a tile: the lookup is inlined,
// the first touch of a tile is not.
inline double* DistanceGrid::tile_for_writing(std::int64_t tx, std::int64_t ty) {
  const std::int32_t k = tile_index_[static_cast<std::size_t>(ty * tiles_x_ + tx)];
  return k < 0 ? new_tile(tx, ty) : tiles_.data() + static_cast<std::ptrdiff_t>(k) * kTileArea;
}

double* DistanceGrid::new_tile(std::int64_t tx, std::int64_t ty) {
  const auto k = static_cast<std::int32_t>(tiles_.size() / kTileArea);
  tile_index_[static_cast<std::size_t>(ty * tiles_x_ + tx)] = k;
  tiles_.resize(tiles_.size() + kTileArea, reach2_);
  return tiles_.data() + static_cast<std::ptrdiff_t>(k) * kTileArea;
}

void DistanceGrid::add_polyline(const std::vector<double>& x, const std::vector<double>& y,
                                std::vector<End>& ends) {
  // Drop repeated points: what remains has no zero-length segment.
  std::vector<double>&px = px_, &py = py_, &ux = ux_, &uy = uy_;  // scratch reused from piece to piece
  px.clear();
  py.clear();
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (k == 0 || x[k] != px.back() || y[k] != py.back()) {
      px.push_back(x[k]);
      py.push_back(y[k]);
    }
  }
  const std::size_t n = px.size();
  if (n == 0) return;
  if (n == 1) {
    ends.push_back({px[0], py[0], 0.0, 0.0});
    return;
  }
  ux.resize(n - 1);  // unit directions of the segments
  uy.resize(n - 1);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    const double len = std::hypot(px[k + 1] - px[k], py[k + 1] - py[k]);
    ux[k] = (px[k + 1] - px[k]) / len;
    uy[k] = (py[k + 1] - py[k]) / len;
    stamp_segment(px[k], py[k], px[k + 1], py[k + 1], ux[k], uy[k]);
  }
  // Nodes whose nearest point of the piece is an inner vertex: on the outer
  // side of the turn, behind both segments.
  for (std::size_t k = 1; k + 1 < n; ++k) {
    const HalfPlane planes[2] = {
        {-ux[k - 1], -uy[k - 1], -(ux[k - 1] * px[k] + uy[k - 1] * py[k]) + kSlackM},
        {ux[k], uy[k], ux[k] * px[k] + uy[k] * py[k] + kSlackM},
    };
    stamp_vertex(px[k], py[k], planes, 2);
  }
  ends.push_back({px[0], py[0], ux[0], uy[0]});
  ends.push_back({px[n - 1], py[n - 1], -ux[n - 2], -uy[n - 2]});
}

// Nodes whose nearest point of all pieces is a piece end v lie behind every
// piece leaving v: (p - v) . d <= 0 for each direction d. Ends at one point
// are taken together.
void DistanceGrid::stamp_ends(std::vector<End>& ends) {
  std::sort(ends.begin(), ends.end(),
            [](const End& a, const End& b) { return a.x != b.x ? a.x < b.x : a.y < b.y; });
  std::vector<HalfPlane> planes;
  for (std::size_t k = 0; k < ends.size();) {
    const End& v = ends[k];
    planes.clear();
    for (; k < ends.size() && ends[k].x == v.x && ends[k].y == v.y; ++k) {
      const End& e = ends[k];
      if (e.dx != 0.0 || e.dy != 0.0) planes.push_back({e.dx, e.dy, e.dx * v.x + e.dy * v.y + kSlackM});
    }
    stamp_vertex(v.x, v.y, planes.data(), planes.size());
  }
}

void DistanceGrid::stamp_segment(double ax, double ay, double bx, double by, double ux, double uy) {
  const double ex = bx - ax, ey = by - ay;
  const double nx = -uy, ny = ux;
  const double r = reach_m_ + kSlackM;
  const HalfPlane planes[4] = {
      {-ux, -uy, -(ux * ax + uy * ay) + kSlackM},
      {ux, uy, ux * bx + uy * by + kSlackM},
      {nx, ny, nx * ax + ny * ay + r},
      {-nx, -ny, -(nx * ax + ny * ay) + r},
  };
  const double inv_len2 = 1.0 / (ex * ex + ey * ey);
  const auto distance2 = [=](double x, double y) {
    const double dx = x - ax, dy = y - ay;
    // std::clamp(raw, 0, 1), spelled as selects so the loop vectorises.
    const double raw = (dx * ex + dy * ey) * inv_len2;
    const double below_one = 1.0 < raw ? 1.0 : raw;
    const double t = raw < 0.0 ? 0.0 : below_one;
    const double fx = dx - t * ex, fy = dy - t * ey;
    return fx * fx + fy * fy;
  };
  // The slab is the segment's length one way and 2 reach_m the other: walk
  // it along its long side, so a short street piece costs a few long runs of
  // nodes rather than many runs of one or two.
  if (std::abs(ux) > std::abs(uy)) {
    const double half_width = reach_m_ * std::abs(uy) + kSlackM;
    stamp_lines<true>(planes, 4, nullptr, std::min(ax, bx) - half_width, std::max(ax, bx) + half_width,
                      distance2);
  } else {
    const double half_height = reach_m_ * std::abs(ux) + kSlackM;
    stamp_lines<false>(planes, 4, nullptr, std::min(ay, by) - half_height, std::max(ay, by) + half_height,
                       distance2);
  }
}

void DistanceGrid::stamp_vertex(double vx, double vy, const HalfPlane* planes, std::size_t count) {
  const double disc[3] = {vx, vy, reach_m_ + kSlackM};
  stamp_lines<false>(planes, count, disc, vy - disc[2], vy + disc[2], [=](double x, double y) {
    const double dx = x - vx, dy = y - vy;
    return dx * dx + dy * dy;
  });
}

// Rows (kByColumns false) run along x at y = j h, columns along y at x = i h.
// Both walk the same steps with the axes swapped, so each node gets the same
// distance2(x, y) whichever way its region is walked.
template <bool kByColumns, typename Distance>
void DistanceGrid::stamp_lines(const HalfPlane* planes, std::size_t count, const double* disc,
                               double line_min, double line_max, Distance distance2) {
  const double h = cell_m_;
  const std::int64_t first_line = kByColumns ? first_i_ : first_j_;
  const std::int64_t first_run = kByColumns ? first_j_ : first_i_;
  const std::int64_t last_line = first_line + (kByColumns ? tiles_x_ : tiles_y_) * kTile - 1;
  const std::int64_t last_run = first_run + (kByColumns ? tiles_y_ : tiles_x_) * kTile - 1;
  // Tiles are stored row by row: along a row the next node is the next value, along a column kTile values on.
  constexpr std::ptrdiff_t line_stride = kByColumns ? 1 : kTile;
  constexpr std::ptrdiff_t run_stride = kByColumns ? kTile : 1;
  const std::size_t line_axis = kByColumns ? 0 : 1, run_axis = 1 - line_axis;  // of the disc's centre
  const std::int64_t l0 = std::max(first_line, static_cast<std::int64_t>(std::ceil(line_min / h)));
  const std::int64_t l1 = std::min(last_line, static_cast<std::int64_t>(std::floor(line_max / h)));
  const double run_floor = static_cast<double>(first_run) * h,
               run_ceiling = static_cast<double>(last_run) * h;
  for (std::int64_t l = l0; l <= l1; ++l) {
    const double line = static_cast<double>(l) * h;
    double lo = run_floor, hi = run_ceiling;
    if (disc) {
      const double d = line - disc[line_axis];
      const double s2 = disc[2] * disc[2] - d * d;
      if (s2 < 0.0) continue;
      const double s = std::sqrt(s2) + kSlackM;
      lo = std::max(lo, disc[run_axis] - s);
      hi = std::min(hi, disc[run_axis] + s);
    }
    bool empty = false;
    for (std::size_t k = 0; k < count && !empty; ++k) {
      const HalfPlane& p = planes[k];
      const double line_coefficient = kByColumns ? p.a : p.b, run_coefficient = kByColumns ? p.b : p.a;
      const double rhs = p.c - line_coefficient * line;
      if (run_coefficient > 1e-12) {
        hi = std::min(hi, rhs / run_coefficient);
      } else if (run_coefficient < -1e-12) {
        lo = std::max(lo, rhs / run_coefficient);
      } else {
        empty = rhs < 0.0;
      }
    }
    if (empty || lo > hi) continue;
    const auto r0 = static_cast<std::int64_t>(std::ceil(lo / h));
    const auto r1 = static_cast<std::int64_t>(std::floor(hi / h));
    const std::int64_t ll = l - first_line, line_tile = ll / kTile, line_offset = (ll % kTile) * line_stride;
    for (std::int64_t r = r0; r <= r1;) {
      const std::int64_t run_tile = (r - first_run) / kTile;
      const std::int64_t tile_end = std::min(r1, first_run + (run_tile + 1) * kTile - 1);
      double* tile =
          kByColumns ? tile_for_writing(line_tile, run_tile) : tile_for_writing(run_tile, line_tile);
      double* values = tile + line_offset + (r - (first_run + run_tile * kTile)) * run_stride;
      // A 32-bit counter and a double base keep the loop vectorisable; the
      // coordinate along the run is still exactly double(r + k) * h.
      const double first = static_cast<double>(r);
      const int run = static_cast<int>(tile_end - r + 1);
      for (int k = 0; k < run; ++k) {
        const double along = (first + static_cast<double>(k)) * h;
        double d2 = 0.0;
        if constexpr (kByColumns) {
          d2 = distance2(line, along);
        } else {
          d2 = distance2(along, line);
        }
        double& v = values[std::ptrdiff_t{k} * run_stride];
        v = d2 < v ? d2 : v;
      }
      r = tile_end + 1;
    }
  }
}

}  // namespace lifecircle::geom
