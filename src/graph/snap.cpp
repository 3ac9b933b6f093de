#include "lifecircle/graph/snap.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <tuple>

namespace lifecircle::graph {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BoxPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<BoxPoint>;
// A shape segment: the number of its first shape point, counted over all
// edges' whole shapes (edge e's point k is shape_first[e] + 2 e + k).
using Entry = std::pair<Box, std::uint32_t>;

struct Projection {
  double distance_m;
  double t;  // 0..1 along the segment
  double x, y;
};

Projection project_on_segment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax;
  const double dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double x = ax + t * dx;
  const double y = ay + t * dy;
  return {std::hypot(px - x, py - y), t, x, y};
}

}  // namespace

struct EdgeIndex::Impl {
  const WalkGraph* graph;
  std::vector<EdgeId> edge_of_shape_point;  // for a segment's first shape point
  std::vector<double> planar_before;        // planar length from the edge start to this shape point

  // The number of edge e's first shape point (its from-node).
  std::uint32_t first_point(EdgeId e) const { return graph->shape_first[e] + 2 * e; }

  bgi::rtree<Entry, bgi::rstar<16>> tree;

  explicit Impl(const WalkGraph& g) : graph(&g) {
    const std::size_t points = g.shape_x.size() + 2 * std::size_t{g.edge_count()};
    edge_of_shape_point.assign(points, kInvalidId);
    planar_before.assign(points, 0.0);
    std::vector<Entry> entries;
    entries.reserve(points);
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
      const std::uint32_t first = first_point(e);
      double along = 0.0;
      g.shape(e).for_each_segment([&](std::uint32_t k, ShapePoint a, ShapePoint b) {
        const std::uint32_t s = first + k;
        edge_of_shape_point[s] = e;
        planar_before[s] = along;
        along += std::hypot(b.x - a.x, b.y - a.y);
        entries.emplace_back(Box(BoxPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                                 BoxPoint(std::max(a.x, b.x), std::max(a.y, b.y))),
                             s);
      });
      planar_before[first + g.shape(e).size() - 1] = along;
    }
    tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());  // bulk load (packing)
  }

  // Offset in length_m units: planar position scaled to the edge's true length.
  double offset_of(EdgeId e, std::uint32_t s, ShapePoint a, ShapePoint b, double t) const {
    const WalkGraph& g = *graph;
    const double planar_total = planar_before[first_point(e) + g.shape(e).size() - 1];
    const double seg_len = std::hypot(b.x - a.x, b.y - a.y);
    const double planar = planar_before[s] + t * seg_len;
    if (planar_total <= 0.0) return 0.0;
    return std::clamp(planar / planar_total * g.length_m[e], 0.0, g.length_m[e]);
  }
};

EdgeIndex::EdgeIndex(const WalkGraph& graph) : impl_(std::make_unique<Impl>(graph)) {}
EdgeIndex::~EdgeIndex() = default;
EdgeIndex::EdgeIndex(EdgeIndex&&) noexcept = default;
EdgeIndex& EdgeIndex::operator=(EdgeIndex&&) noexcept = default;

std::optional<SnapPoint> EdgeIndex::nearest(double x, double y, double max_distance_m) const {
  const WalkGraph& g = *impl_->graph;
  const Box query(BoxPoint(x - max_distance_m, y - max_distance_m),
                  BoxPoint(x + max_distance_m, y + max_distance_m));
  std::optional<SnapPoint> best;
  std::tuple<double, EdgeId, std::uint32_t> best_key{0.0, 0, 0};
  // Box distance is a lower bound of segment distance: visit candidates
  // nearest-box-first and stop once boxes are farther than the best segment.
  for (auto it = impl_->tree.qbegin(bgi::intersects(query) && bgi::nearest(BoxPoint(x, y), 1u << 30));
       it != impl_->tree.qend(); ++it) {
    const double box_distance = bg::distance(BoxPoint(x, y), it->first);
    if (box_distance > max_distance_m || (best && box_distance > best->distance_m)) break;
    const std::uint32_t s = it->second;
    const EdgeId e = impl_->edge_of_shape_point[s];
    const EdgeShape shape = g.shape(e);
    const std::uint32_t k = s - impl_->first_point(e);
    const ShapePoint a = shape[k], b = shape[k + 1];
    const Projection p = project_on_segment(x, y, a.x, a.y, b.x, b.y);
    if (p.distance_m > max_distance_m) continue;
    const auto key = std::make_tuple(p.distance_m, e, s);
    if (!best || key < best_key) {
      best_key = key;
      best = SnapPoint{e, impl_->offset_of(e, s, a, b, p.t), p.distance_m, p.x, p.y};
    }
  }
  return best;
}

}  // namespace lifecircle::graph
