#pragma once
// The distance from the reached street pieces, sampled on a square grid:
// what isochrone polygons are contoured from.
//
// Grid nodes sit at (i * cell_m, j * cell_m) in the working CRS, whatever the
// input, so every polygon built with one cell size shares one grid: polygons
// of nested bands nest node by node. Only 32 x 32 node tiles that some piece
// comes near are stored (8 KiB each), so memory follows the reached area,
// not its bounding box.
//
// Each node holds the exact planar distance to the nearest piece when that
// distance is at most reach_m; nodes farther away hold reach_m. A segment is
// stamped into the nodes of its slab (those whose nearest point of the line
// lies on the segment), an inner vertex of a piece into the wedge outside its
// turn, and a piece end into the nodes behind every piece leaving that point
// (a half disc at a dead end, next to nothing at a crossing): a node is
// computed about once per piece running beside it, not once per segment.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lifecircle/geom/reached_network.hpp"

namespace lifecircle::geom {

class DistanceGrid {
 public:
  static constexpr int kTile = 32;  // nodes per tile side

  // A grid covering every node within reach_m of the pieces.
  DistanceGrid(const ReachedNetwork& reached, double cell_m, double reach_m);
  // Hands its storage to the next grid built on this thread.
  ~DistanceGrid();
  DistanceGrid(const DistanceGrid&) = default;
  DistanceGrid& operator=(const DistanceGrid&) = default;
  DistanceGrid(DistanceGrid&&) noexcept = default;
  DistanceGrid& operator=(DistanceGrid&&) noexcept = default;

  double cell_m() const noexcept { return cell_m_; }
  double reach_m() const noexcept { return reach_m_; }

  // Tiles: (tx, ty) in [0, tiles_x) x [0, tiles_y); the node (a, b) of a
  // tile, a and b in [0, kTile), is the grid node (first_i() + tx * kTile + a,
  // first_j() + ty * kTile + b), stored at [b * kTile + a]. Null for a tile
  // no piece came near.
  std::int64_t tiles_x() const noexcept { return tiles_x_; }
  std::int64_t tiles_y() const noexcept { return tiles_y_; }
  std::int64_t first_i() const noexcept { return first_i_; }
  std::int64_t first_j() const noexcept { return first_j_; }
  const double* tile(std::int64_t tx, std::int64_t ty) const noexcept;
  std::size_t stored_tiles() const noexcept { return tiles_.size() / (std::size_t{kTile} * kTile); }

  // The value at grid node (i, j) (absolute indices); reach_m off the stored tiles.
  double at(std::int64_t i, std::int64_t j) const noexcept;

 private:
  struct HalfPlane {
    double a, b, c;  // a x + b y <= c
  };
  struct End {
    double x, y;    // a piece's end
    double dx, dy;  // unit direction of the piece leaving it; 0 for a piece of one point
  };
  void add_polyline(const std::vector<double>& x, const std::vector<double>& y, std::vector<End>& ends);
  void stamp_ends(std::vector<End>& ends);
  void stamp_segment(double ax, double ay, double bx, double by, double ux, double uy);  // u: unit direction
  void stamp_vertex(double vx, double vy, const HalfPlane* planes, std::size_t count);
  // Lowers the nodes of the region (half planes, and a disc {x, y, radius}
  // when given) to distance2(x, y), a squared distance: values are squared
  // until the constructor's end. The region is walked by rows of y in
  // [line_min, line_max], or by columns of x there when kByColumns (regions
  // wider than tall): long runs of nodes either way.
  template <bool kByColumns, typename Distance>
  void stamp_lines(const HalfPlane* planes, std::size_t count, const double* disc, double line_min,
                   double line_max, Distance distance2);
  double* tile_for_writing(std::int64_t tx, std::int64_t ty);
  [[gnu::noinline]] double* new_tile(std::int64_t tx, std::int64_t ty);

  double cell_m_;
  double reach_m_;
  double reach2_;  // reach_m_ squared: the value of unstamped nodes while stamping
  std::int64_t first_i_ = 0, first_j_ = 0, tiles_x_ = 0, tiles_y_ = 0;
  std::vector<std::int32_t> tile_index_;   // tiles_x * tiles_y, -1 where none
  std::vector<double> tiles_;              // kTile * kTile values per stored tile
  std::vector<double> px_, py_, ux_, uy_;  // add_polyline's scratch
};

}  // namespace lifecircle::geom
