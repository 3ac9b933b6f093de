#include "lifecircle/geom/contour.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lifecircle/util/error.hpp"

namespace lifecircle::geom {
namespace {

constexpr int kTile = DistanceGrid::kTile;
constexpr double kNodeGap = 1e-6;     // contour points stay this fraction of a cell away from nodes
constexpr double kCollinearM = 1e-7;  // a ring vertex this close to its neighbours' chord is dropped

// A cell's corners: 0 = (i, j), 1 = (i + 1, j), 2 = (i + 1, j + 1), 3 = (i, j + 1),
// counter-clockwise; edge k joins corner k and corner k + 1 (mod 4).
struct Cell {
  std::int64_t li, lj;      // lower-left node, relative to the grid's first node
  std::array<double, 4> v;  // corner values
  unsigned inside;          // bit k: corner k is at most the level
};

// Calls visit(cell) for every cell with some corner at most the level, and
// with some corner above it unless `full` is set, tile by tile, then row by
// row, then left to right. All such cells have their lower-left node in a
// stored tile, because every node within 1.5 cells of one at most the level
// is stamped. Each row of nodes becomes a bit mask first, so the cells to
// visit come from a few word operations per row and untouched rows and
// tiles cost next to nothing.
// Bit a set when values[a] <= level, for a in [0, kTile).
std::uint64_t at_most_bits(const double* values, double level) {
  std::uint64_t m = 0;
#if defined(__SSE2__)
  // Two compares per instruction: this runs for every node of every tile.
  const __m128d l = _mm_set1_pd(level);
  for (int a = 0; a < kTile; a += 2) {
    const int pair = _mm_movemask_pd(_mm_cmple_pd(_mm_loadu_pd(values + a), l));
    m |= static_cast<std::uint64_t>(pair) << a;
  }
#else
  for (int a = 0; a < kTile; ++a) m |= static_cast<std::uint64_t>(values[a] <= level ? 1 : 0) << a;
#endif
  return m;
}

template <typename Visit>
void for_each_inside_cell(const DistanceGrid& grid, double level, bool full, Visit visit) {
  static_assert(kTile + 1 <= 64, "a row of nodes, with the next tile's first, must fit a word");
  constexpr std::uint64_t kCells = (std::uint64_t{1} << kTile) - 1;  // one bit per cell of a row
  const double far = grid.reach_m();
  const std::uint64_t far_bit = far <= level ? 1 : 0;
  // Bit a of rows[b]: node (a, b) of the tile, a and b up to kTile (the next tiles' first nodes), is at most
  // the level.
  std::array<std::uint64_t, kTile + 1> rows{};
  for (std::int64_t ty = 0; ty < grid.tiles_y(); ++ty) {
    for (std::int64_t tx = 0; tx < grid.tiles_x(); ++tx) {
      const double* here = grid.tile(tx, ty);
      if (!here) continue;
      const double* right = grid.tile(tx + 1, ty);
      const double* up = grid.tile(tx, ty + 1);
      const double* corner = grid.tile(tx + 1, ty + 1);
      const auto row_bits = [level](const double* values) { return at_most_bits(values, level); };
      std::uint64_t any = 0;
      for (int b = 0; b < kTile; ++b) {
        const std::ptrdiff_t row = std::ptrdiff_t{b} * kTile;
        const std::uint64_t last = right ? (right[row] <= level ? 1 : 0) : far_bit;
        rows[static_cast<std::size_t>(b)] = row_bits(here + row) | last << kTile;
        any |= rows[static_cast<std::size_t>(b)];
      }
      const std::uint64_t top_last = corner ? (corner[0] <= level ? 1 : 0) : far_bit;
      rows[kTile] = (up ? row_bits(up) : (far_bit ? kCells : 0)) | top_last << kTile;
      if ((any | rows[kTile]) == 0) continue;  // no cell has an inside corner
      const auto value = [&](int a, int b) {
        const std::ptrdiff_t row = std::ptrdiff_t{b} * kTile;
        if (b < kTile) return a < kTile ? here[row + a] : right ? right[row] : far;
        return a < kTile ? (up ? up[a] : far) : corner ? corner[0] : far;
      };
      for (int b = 0; b < kTile; ++b) {
        const std::uint64_t lo = rows[static_cast<std::size_t>(b)],
                            hi = rows[static_cast<std::size_t>(b) + 1];
        const std::uint64_t some = (lo | lo >> 1 | hi | hi >> 1) & kCells;
        std::uint64_t cells = full ? some : some & ~(lo & lo >> 1 & hi & hi >> 1);
        while (cells != 0) {
          const int a = std::countr_zero(cells);
          cells &= cells - 1;
          const auto mask = static_cast<unsigned>((lo >> a & 1u) | (lo >> (a + 1) & 1u) << 1 |
                                                  (hi >> (a + 1) & 1u) << 2 | (hi >> a & 1u) << 3);
          visit(Cell{tx * kTile + a,
                     ty * kTile + b,
                     {value(a, b), value(a + 1, b), value(a + 1, b + 1), value(a, b + 1)},
                     mask});
        }
      }
    }
  }
}

// Where the level crosses an edge, as a fraction of the edge from its first
// node (left or bottom) with value v0 to its second with value v1.
double crossing(double v0, double v1, double level) {
  return std::clamp((level - v0) / (v1 - v0), kNodeGap, 1.0 - kNodeGap);
}

// The contour segments of a cell, as pairs of edges (from, to) with the
// inside on the left: each exit (inside to outside, going counter-clockwise
// round the cell) joins the next entry, or in a saddle whose centre is
// outside, the entry that began its own run of inside corners.
int cell_segments(const Cell& c, double level, std::array<std::array<int, 2>, 2>& out) {
  const auto in = [&](int k) { return (c.inside >> (k & 3)) & 1u; };
  const bool saddle = c.inside == 5u || c.inside == 10u;
  const bool joined = !saddle || (c.v[0] + c.v[1] + c.v[2] + c.v[3]) * 0.25 <= level;
  int count = 0;
  for (int k = 0; k < 4; ++k) {
    if (!(in(k) && !in(k + 1))) continue;  // not an exit
    int to = joined ? k + 1 : k + 3;
    while (!(!in(to) && in(to + 1))) to += joined ? 1 : 3;
    out[static_cast<std::size_t>(count++)] = {k, to & 3};
  }
  return count;
}

struct EdgePoint {
  std::uint64_t key;
  double x, y;
};

class SegmentCollector {
 public:
  SegmentCollector(const DistanceGrid& grid, double level)
      : grid_(grid), level_(level), width_(static_cast<std::uint64_t>(grid.tiles_x() * kTile + 1)) {}

  std::uint64_t row_of(std::uint64_t key) const noexcept { return (key >> 1) / width_; }

  EdgePoint point(const Cell& c, int edge) const {
    const double h = grid_.cell_m();
    const std::int64_t i = c.li + (edge == 1 ? 1 : 0), j = c.lj + (edge == 2 ? 1 : 0);
    const bool vertical = edge == 1 || edge == 3;
    const std::uint64_t key =
        ((static_cast<std::uint64_t>(j) * width_ + static_cast<std::uint64_t>(i)) << 1) |
        (vertical ? 1u : 0u);
    static constexpr std::array<std::array<int, 2>, 4> kEnds{{{0, 1}, {1, 2}, {3, 2}, {0, 3}}};
    const auto& ends = kEnds[static_cast<std::size_t>(edge)];
    const double t =
        crossing(c.v[static_cast<std::size_t>(ends[0])], c.v[static_cast<std::size_t>(ends[1])], level_);
    const double x = static_cast<double>(grid_.first_i() + i) * h,
                 y = static_cast<double>(grid_.first_j() + j) * h;
    return vertical ? EdgePoint{key, x, y + t * h} : EdgePoint{key, x + t * h, y};
  }

 private:
  const DistanceGrid& grid_;
  double level_;
  std::uint64_t width_;
};

struct Segment {
  std::uint64_t from, to;
  double x, y;  // the point on edge `from`
};

struct Rings {
  std::vector<double> x, y;
  std::vector<std::uint64_t> key;
  std::vector<std::size_t> first{0};  // ring r: vertices [first[r], first[r + 1])
  std::size_t count() const noexcept { return first.size() - 1; }
};

// Rings from segments, each ring starting at its smallest edge key and the
// rings in the order of those keys: the output does not depend on the tiles.
Rings trace(std::vector<Segment> segments) {
  const auto by_from = [](const Segment& a, const Segment& b) { return a.from < b.from; };
  std::sort(segments.begin(), segments.end(), by_from);
  // Every edge is the `to` of exactly one segment and the `from` of exactly
  // one: the k-th smallest `to` leads to segment k.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> to(segments.size());
  for (std::size_t k = 0; k < segments.size(); ++k) to[k] = {segments[k].to, static_cast<std::uint32_t>(k)};
  std::sort(to.begin(), to.end());
  std::vector<std::uint32_t> next(segments.size());
  for (std::size_t k = 0; k < segments.size(); ++k) {
    if (to[k].first != segments[k].from) throw Error("contour: an open ring (internal error)");
    next[to[k].second] = static_cast<std::uint32_t>(k);
  }
  std::vector<std::uint8_t> used(segments.size(), 0);
  Rings rings;
  rings.x.reserve(segments.size());
  rings.y.reserve(segments.size());
  rings.key.reserve(segments.size());
  for (std::size_t s = 0; s < segments.size(); ++s) {
    if (used[s]) continue;
    std::size_t k = s;
    while (!used[k]) {
      used[k] = 1;
      rings.x.push_back(segments[k].x);
      rings.y.push_back(segments[k].y);
      rings.key.push_back(segments[k].from);
      k = next[k];
    }
    if (k != s) throw Error("contour: rings cross (internal error)");
    rings.first.push_back(rings.x.size());
  }
  return rings;
}

double signed_area(const Rings& rings, std::size_t r) {
  const std::size_t b = rings.first[r], e = rings.first[r + 1];
  const double ox = rings.x[b], oy = rings.y[b];
  double twice = 0.0;
  for (std::size_t k = b; k < e; ++k) {
    const std::size_t n = k + 1 == e ? b : k + 1;
    twice += (rings.x[k] - ox) * (rings.y[n] - oy) - (rings.x[n] - ox) * (rings.y[k] - oy);
  }
  return twice / 2.0;
}

// For each ring, the shell it belongs to (itself for a shell). Going left
// along a node row from a hole's leftmost point on a horizontal edge, the
// first contour point met lies on the same polygon's shell or on another of
// its holes whose leftmost point lies further left, already resolved.
std::vector<std::size_t> owners(const Rings& rings, const std::vector<bool>& is_shell,
                                const SegmentCollector& grid) {
  struct RowPoint {
    std::uint64_t row;
    double x;
    std::size_t ring;
  };
  std::vector<RowPoint> points;
  const std::size_t n = rings.count();
  std::vector<std::size_t> leftmost(n, SIZE_MAX);  // a hole's leftmost vertex on a horizontal edge
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t k = rings.first[r]; k < rings.first[r + 1]; ++k) {
      if ((rings.key[k] & 1u) != 0) continue;
      points.push_back({grid.row_of(rings.key[k]), rings.x[k], r});
      if (!is_shell[r] && (leftmost[r] == SIZE_MAX || rings.x[k] < rings.x[leftmost[r]])) leftmost[r] = k;
    }
  }
  const auto before = [](const RowPoint& a, const RowPoint& b) {
    return a.row != b.row ? a.row < b.row : a.x < b.x;
  };
  std::sort(points.begin(), points.end(), before);
  std::vector<std::size_t> holes;
  for (std::size_t r = 0; r < n; ++r) {
    if (!is_shell[r]) holes.push_back(r);
  }
  std::sort(holes.begin(), holes.end(),
            [&](std::size_t a, std::size_t b) { return rings.x[leftmost[a]] < rings.x[leftmost[b]]; });
  std::vector<std::size_t> owner(n);
  for (std::size_t r = 0; r < n; ++r) owner[r] = r;
  for (const std::size_t h : holes) {
    if (leftmost[h] == SIZE_MAX) throw Error("contour: a hole crosses no node row (internal error)");
    const RowPoint me{grid.row_of(rings.key[leftmost[h]]), rings.x[leftmost[h]], h};
    const auto at = std::lower_bound(points.begin(), points.end(), me, before);
    if (at == points.begin() || std::prev(at)->row != me.row)
      throw Error("contour: a hole with no polygon round it");
    owner[h] = owner[std::prev(at)->ring];
  }
  return owner;
}

// The ring's vertices as a closed coordinate buffer, dropping vertices that
// lie on the chord of their neighbours (runs along straight streets).
std::vector<double> ring_buffer(const Rings& rings, std::size_t r) {
  const std::size_t b = rings.first[r], e = rings.first[r + 1], n = e - b;
  std::vector<double> out;
  out.reserve(2 * n + 2);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t p = b + (k + n - 1) % n, c = b + k, q = b + (k + 1) % n;
    const double ux = rings.x[q] - rings.x[p], uy = rings.y[q] - rings.y[p];
    const double wx = rings.x[c] - rings.x[p], wy = rings.y[c] - rings.y[p];
    const double chord = std::sqrt(ux * ux + uy * uy);  // not hypot: no overflow to fear, and far cheaper
    const bool on_chord = chord > 0.0 && std::abs(ux * wy - uy * wx) <= kCollinearM * chord &&
                          ux * wx + uy * wy > 0.0 && ux * wx + uy * wy < chord * chord;
    if (on_chord) continue;
    out.push_back(rings.x[c]);
    out.push_back(rings.y[c]);
  }
  if (out.size() < 6) {  // never thin a ring below a triangle
    out.clear();
    for (std::size_t k = b; k < e; ++k) {
      out.push_back(rings.x[k]);
      out.push_back(rings.y[k]);
    }
  }
  out.push_back(out[0]);
  out.push_back(out[1]);
  return out;
}

class GeometryList {
 public:
  explicit GeometryList(const GeosContext& ctx) : ctx_(ctx) {}
  ~GeometryList() {
    for (GEOSGeometry* g : items_) GEOSGeom_destroy_r(ctx_.handle(), g);
  }
  GeometryList(const GeometryList&) = delete;
  GeometryList& operator=(const GeometryList&) = delete;
  void push(GEOSGeometry* g) { items_.push_back(g); }
  std::vector<GEOSGeometry*> release() { return std::exchange(items_, {}); }
  std::size_t size() const noexcept { return items_.size(); }

 private:
  const GeosContext& ctx_;
  std::vector<GEOSGeometry*> items_;
};

GEOSGeometry* linear_ring(const GeosContext& ctx, const std::vector<double>& xy) {
  GEOSCoordSequence* seq = ctx.check(
      GEOSCoordSeq_copyFromBuffer_r(ctx.handle(), xy.data(), static_cast<unsigned>(xy.size() / 2), 0, 0),
      "creating a ring's coordinates");
  return ctx.check(GEOSGeom_createLinearRing_r(ctx.handle(), seq), "creating a ring");
}

Geometry assemble(const GeosContext& ctx, const Rings& rings, const SegmentCollector& grid) {
  const std::size_t n = rings.count();
  std::vector<bool> is_shell(n);
  for (std::size_t r = 0; r < n; ++r) is_shell[r] = signed_area(rings, r) > 0.0;  // inside on the left
  const std::vector<std::size_t> owner = owners(rings, is_shell, grid);
  std::vector<std::vector<std::size_t>> holes_of(n);
  for (std::size_t r = 0; r < n; ++r) {
    if (!is_shell[r]) holes_of[owner[r]].push_back(r);
  }
  GeometryList polygons(ctx);
  for (std::size_t r = 0; r < n; ++r) {
    if (!is_shell[r]) continue;
    GeometryList holes(ctx);
    for (const std::size_t h : holes_of[r]) holes.push(linear_ring(ctx, ring_buffer(rings, h)));
    GEOSGeometry* shell = linear_ring(ctx, ring_buffer(rings, r));
    const auto count = static_cast<unsigned>(holes.size());
    std::vector<GEOSGeometry*> hole_list = holes.release();
    GEOSGeometry* polygon = GEOSGeom_createPolygon_r(ctx.handle(), shell, hole_list.data(), count);
    if (!polygon) {
      GEOSGeom_destroy_r(ctx.handle(), shell);
      for (GEOSGeometry* g : hole_list) GEOSGeom_destroy_r(ctx.handle(), g);
      ctx.fail("creating a polygon");
    }
    polygons.push(polygon);
  }
  if (polygons.size() == 0)
    return own(ctx, GEOSGeom_createEmptyPolygon_r(ctx.handle()), "creating an empty polygon");
  std::vector<GEOSGeometry*> parts = polygons.release();
  if (parts.size() == 1) return own(ctx, parts[0], "creating a polygon");
  GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                    static_cast<unsigned>(parts.size()));
  if (!multi) {
    for (GEOSGeometry* g : parts) GEOSGeom_destroy_r(ctx.handle(), g);
    ctx.fail("collecting polygons");
  }
  return own(ctx, multi, "collecting polygons");
}

void check_level(const DistanceGrid& grid, double level_m) {
  if (!(level_m + 1.5 * grid.cell_m() <= grid.reach_m())) {
    throw Error("contour: level " + std::to_string(level_m) +
                " m needs a grid reaching 1.5 cells further than " + std::to_string(grid.reach_m()) + " m");
  }
}

// The area of the cell's part that is at most the level, in the cell's own
// coordinates: the polygon of inside corners and contour points, or two
// corner triangles in a saddle whose centre is outside.
double inside_area(const Cell& c, double level, double h) {
  static constexpr std::array<std::array<double, 2>, 4> kCorner{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}};
  static constexpr std::array<std::array<int, 2>, 4> kEnds{{{0, 1}, {1, 2}, {3, 2}, {0, 3}}};
  if (c.inside == 15u) return h * h;
  std::array<std::array<double, 2>, 4> edge{};
  for (std::size_t k = 0; k < 4; ++k) {
    const auto a = static_cast<std::size_t>(kEnds[k][0]), b = static_cast<std::size_t>(kEnds[k][1]);
    const double t = crossing(c.v[a], c.v[b], level);
    edge[k] = {kCorner[a][0] + t * (kCorner[b][0] - kCorner[a][0]),
               kCorner[a][1] + t * (kCorner[b][1] - kCorner[a][1])};
  }
  const auto in = [&](std::size_t k) { return ((c.inside >> (k & 3)) & 1u) != 0; };
  using Point = std::array<double, 2>;
  const auto shoelace = [](const Point* p, std::size_t n) {
    double twice = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const auto& q = p[(k + 1) % n];
      twice += p[k][0] * q[1] - q[0] * p[k][1];
    }
    return twice / 2.0;
  };
  const bool saddle = c.inside == 5u || c.inside == 10u;
  if (saddle && (c.v[0] + c.v[1] + c.v[2] + c.v[3]) * 0.25 > level) {
    double area = 0.0;
    for (std::size_t k = 0; k < 4; ++k) {
      if (!in(k)) continue;
      const std::array<Point, 3> triangle{kCorner[k], edge[k], edge[(k + 3) % 4]};
      area += shoelace(triangle.data(), triangle.size());
    }
    return area * h * h;
  }
  std::array<Point, 8> polygon{};  // at most 4 corners and 4 contour points
  std::size_t n = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    if (in(k)) polygon[n++] = kCorner[k];
    if (in(k) != in(k + 1)) polygon[n++] = edge[k];
  }
  return shoelace(polygon.data(), n) * h * h;
}

}  // namespace

Geometry contour_polygon(const GeosContext& ctx, const DistanceGrid& grid, double level_m) {
  check_level(grid, level_m);
  const SegmentCollector collector(grid, level_m);
  std::vector<Segment> segments;
  for_each_inside_cell(grid, level_m, false, [&](const Cell& c) {
    std::array<std::array<int, 2>, 2> pairs{};
    const int count = cell_segments(c, level_m, pairs);
    for (int s = 0; s < count; ++s) {
      const auto& pair = pairs[static_cast<std::size_t>(s)];
      const EdgePoint from = collector.point(c, pair[0]);
      segments.push_back({from.key, collector.point(c, pair[1]).key, from.x, from.y});
    }
  });
  return assemble(ctx, trace(std::move(segments)), collector);
}

std::vector<double> contour_area_by_zone(const DistanceGrid& grid, double level_m, const ZoneRaster& zones) {
  check_level(grid, level_m);
  if (zones.cell_m() != grid.cell_m()) {
    throw Error("contour: zones rasterised at " + std::to_string(zones.cell_m()) + " m for a grid of " +
                std::to_string(grid.cell_m()) + " m");
  }
  std::vector<double> area(zones.zone_count(), 0.0);
  const double h = grid.cell_m();
  for_each_inside_cell(grid, level_m, true, [&](const Cell& c) {
    const std::uint32_t z = zones.zone_of_cell(grid.first_i() + c.li, grid.first_j() + c.lj);
    if (z != kNoZone) area[z] += inside_area(c, level_m, h);
  });
  return area;
}

}  // namespace lifecircle::geom
