#include "line_noding.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>
#include <utility>

#include "lifecircle/util/geo.hpp"

namespace lifecircle::io::detail {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

constexpr double kToleranceSquaredM2 = kNodingToleranceM * kNodingToleranceM;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct XY {
  double x_m = 0.0;
  double y_m = 0.0;
};

XY minus(XY a, XY b) { return {a.x_m - b.x_m, a.y_m - b.y_m}; }
double dot(XY a, XY b) { return a.x_m * b.x_m + a.y_m * b.y_m; }
double perp_dot(XY a, XY b) { return a.x_m * b.y_m - a.y_m * b.x_m; }
double distance_squared_m2(XY a, XY b) { return dot(minus(a, b), minus(a, b)); }

// Equirectangular projection about the data's centre: metres near the
// centre, and an exact inverse, so input vertices keep their coordinates.
class LocalFrame {
 public:
  explicit LocalFrame(const std::vector<NodingLine>& lines) {
    double min_lon = std::numeric_limits<double>::max();
    double max_lon = std::numeric_limits<double>::lowest();
    double min_lat = min_lon;
    double max_lat = max_lon;
    for (const NodingLine& line : lines) {
      for (const LonLat& p : line.points) {
        min_lon = std::min(min_lon, p.lon);
        max_lon = std::max(max_lon, p.lon);
        min_lat = std::min(min_lat, p.lat);
        max_lat = std::max(max_lat, p.lat);
      }
    }
    if (min_lon > max_lon) return;  // no points
    lon0_ = (min_lon + max_lon) / 2.0;
    lat0_ = (min_lat + max_lat) / 2.0;
    m_per_deg_lat_ = kEarthRadiusM * std::numbers::pi / 180.0;
    m_per_deg_lon_ = m_per_deg_lat_ * std::max(std::cos(lat0_ * std::numbers::pi / 180.0), 1e-6);
  }

  XY to_local(LonLat p) const { return {(p.lon - lon0_) * m_per_deg_lon_, (p.lat - lat0_) * m_per_deg_lat_}; }
  LonLat to_lonlat(XY p) const { return {lon0_ + p.x_m / m_per_deg_lon_, lat0_ + p.y_m / m_per_deg_lat_}; }

 private:
  double lon0_ = 0.0;
  double lat0_ = 0.0;
  double m_per_deg_lon_ = 1.0;
  double m_per_deg_lat_ = 1.0;
};

// Vertices merged within the tolerance, found through a hash grid of
// tolerance-sized cells (each cell a linked list threaded through next_).
// Any two vertices of the pool are more than the tolerance apart.
class VertexPool {
 public:
  std::uint32_t add(XY xy, LonLat lonlat) {
    const std::int64_t cx = cell_of(xy.x_m);
    const std::int64_t cy = cell_of(xy.y_m);
    std::uint32_t found = kNone;
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        const auto head = heads_.find(key(cx + dx, cy + dy));
        if (head == heads_.end()) continue;
        for (std::uint32_t v = head->second; v != kNone; v = next_[v]) {
          if (v < found && distance_squared_m2(xy_[v], xy) <= kToleranceSquaredM2) found = v;
        }
      }
    }
    if (found != kNone) return found;
    const auto id = static_cast<std::uint32_t>(xy_.size());
    xy_.push_back(xy);
    lonlat_.push_back(lonlat);
    auto [slot, fresh] = heads_.try_emplace(key(cx, cy), id);
    next_.push_back(fresh ? kNone : slot->second);
    slot->second = id;
    return id;
  }

  XY xy(std::uint32_t id) const { return xy_[id]; }
  LonLat lonlat(std::uint32_t id) const { return lonlat_[id]; }
  std::size_t size() const { return xy_.size(); }

 private:
  static std::int64_t cell_of(double v_m) {
    return static_cast<std::int64_t>(std::floor(v_m / kNodingToleranceM));
  }
  static std::uint64_t key(std::int64_t cx, std::int64_t cy) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx)) << 32) |
           static_cast<std::uint64_t>(static_cast<std::uint32_t>(cy));
  }

  std::vector<XY> xy_;
  std::vector<LonLat> lonlat_;
  std::vector<std::uint32_t> next_;
  std::unordered_map<std::uint64_t, std::uint32_t> heads_;
};

struct Segment {
  std::uint32_t line = 0;  // index into the kept lines
  std::uint32_t a = 0;     // vertex ids, a != b
  std::uint32_t b = 0;
  bool a_is_line_end = false;
  bool b_is_line_end = false;
};

struct Split {
  double t = 0.0;  // position along the segment, 0 at a, 1 at b
  std::uint32_t vertex = 0;
};

struct KeptLine {
  std::int64_t source_id = 0;
  bool grade_separated = false;
  std::vector<std::uint32_t> vertices;
  std::uint32_t first_segment = 0;
};

using BoxPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<BoxPoint>;
using BoxEntry = std::pair<Box, std::uint32_t>;

class Noder {
 public:
  Noder(const std::vector<NodingLine>& lines, NodingStats& stats) : frame_(lines), stats_(stats) {
    merge_vertices(lines);
    build_segments();
  }

  RawRoads run() {
    find_intersections();
    return assemble();
  }

 private:
  void merge_vertices(const std::vector<NodingLine>& lines);
  void build_segments();
  void find_intersections();
  void process_pair(std::uint32_t i, std::uint32_t j);
  bool touch(std::uint32_t on, std::uint32_t vertex, bool vertex_is_line_end, bool separated);
  void cross(std::uint32_t i, std::uint32_t j, bool separated);
  void add_split(std::uint32_t segment, double t, std::uint32_t vertex);
  std::vector<std::uint32_t> line_with_splits(const KeptLine& line);
  RawRoads assemble();

  LocalFrame frame_;
  NodingStats& stats_;
  VertexPool pool_;
  std::vector<KeptLine> lines_;
  std::vector<Segment> segments_;
  std::vector<std::vector<Split>> splits_;
};

void Noder::merge_vertices(const std::vector<NodingLine>& lines) {
  for (const NodingLine& line : lines) {
    KeptLine kept{.source_id = line.source_id, .grade_separated = line.grade_separated, .vertices = {}};
    for (const LonLat& p : line.points) {
      const std::uint32_t v = pool_.add(frame_.to_local(p), p);
      if (kept.vertices.empty() || kept.vertices.back() != v) kept.vertices.push_back(v);
    }
    if (kept.vertices.size() < 2) {
      ++stats_.degenerate_lines;
      continue;
    }
    lines_.push_back(std::move(kept));
  }
}

void Noder::build_segments() {
  for (std::uint32_t k = 0; k < lines_.size(); ++k) {
    KeptLine& line = lines_[k];
    line.first_segment = static_cast<std::uint32_t>(segments_.size());
    const std::size_t last = line.vertices.size() - 2;
    for (std::size_t s = 0; s + 1 < line.vertices.size(); ++s) {
      segments_.push_back(Segment{.line = k,
                                  .a = line.vertices[s],
                                  .b = line.vertices[s + 1],
                                  .a_is_line_end = s == 0,
                                  .b_is_line_end = s == last});
    }
  }
  splits_.resize(segments_.size());
}

void Noder::find_intersections() {
  std::vector<BoxEntry> entries;
  entries.reserve(segments_.size());
  for (std::uint32_t i = 0; i < segments_.size(); ++i) {
    const XY a = pool_.xy(segments_[i].a);
    const XY b = pool_.xy(segments_[i].b);
    const BoxPoint low(std::min(a.x_m, b.x_m) - kNodingToleranceM,
                       std::min(a.y_m, b.y_m) - kNodingToleranceM);
    const BoxPoint high(std::max(a.x_m, b.x_m) + kNodingToleranceM,
                        std::max(a.y_m, b.y_m) + kNodingToleranceM);
    entries.emplace_back(Box(low, high), i);
  }
  const bgi::rtree<BoxEntry, bgi::rstar<16>> tree(entries.begin(), entries.end());
  std::vector<BoxEntry> hits;
  for (std::uint32_t i = 0; i < segments_.size(); ++i) {
    hits.clear();
    tree.query(bgi::intersects(entries[i].first), std::back_inserter(hits));
    std::sort(hits.begin(), hits.end(),
              [](const BoxEntry& x, const BoxEntry& y) { return x.second < y.second; });
    for (const BoxEntry& hit : hits) {
      if (hit.second > i) process_pair(i, hit.second);
    }
  }
}

void Noder::process_pair(std::uint32_t i, std::uint32_t j) {
  const Segment& si = segments_[i];
  const Segment& sj = segments_[j];
  const bool separated = lines_[si.line].grade_separated || lines_[sj.line].grade_separated;
  // Vertices lying on the other segment's interior; if any does, the two
  // segments meet there and nowhere else that matters.
  bool near = touch(i, sj.a, sj.a_is_line_end, separated);
  near = touch(i, sj.b, sj.b_is_line_end, separated) || near;
  near = touch(j, si.a, si.a_is_line_end, separated) || near;
  near = touch(j, si.b, si.b_is_line_end, separated) || near;
  const bool share_vertex = si.a == sj.a || si.a == sj.b || si.b == sj.a || si.b == sj.b;
  if (!near && !share_vertex) cross(i, j, separated);
}

// True when `vertex` lies within the tolerance of segment `on`'s interior. It
// is inserted there unless the lines are grade-separated and it is not a
// line's end (a line ending on another always joins it).
bool Noder::touch(std::uint32_t on, std::uint32_t vertex, bool vertex_is_line_end, bool separated) {
  const Segment& s = segments_[on];
  if (vertex == s.a || vertex == s.b) return false;
  const XY a = pool_.xy(s.a);
  const XY d = minus(pool_.xy(s.b), a);
  const XY p = pool_.xy(vertex);
  const double t = dot(minus(p, a), d) / dot(d, d);
  if (t <= 0.0 || t >= 1.0) return false;
  const XY foot{a.x_m + t * d.x_m, a.y_m + t * d.y_m};
  if (distance_squared_m2(p, foot) > kToleranceSquaredM2) return false;
  if (separated && !vertex_is_line_end) {
    ++stats_.crossings_separated;
  } else {
    add_split(on, t, vertex);
    ++stats_.touches_noded;
  }
  return true;
}

// A proper crossing of the two interiors becomes a vertex of both.
void Noder::cross(std::uint32_t i, std::uint32_t j, bool separated) {
  const XY p = pool_.xy(segments_[i].a);
  const XY r = minus(pool_.xy(segments_[i].b), p);
  const XY q = pool_.xy(segments_[j].a);
  const XY s = minus(pool_.xy(segments_[j].b), q);
  const double denominator = perp_dot(r, s);
  if (denominator == 0.0) return;  // parallel: overlaps are found by touch()
  const XY qp = minus(q, p);
  const double t = perp_dot(qp, s) / denominator;
  const double u = perp_dot(qp, r) / denominator;
  if (!(t > 0.0 && t < 1.0 && u > 0.0 && u < 1.0)) return;
  if (separated) {
    ++stats_.crossings_separated;
    return;
  }
  const XY at{p.x_m + t * r.x_m, p.y_m + t * r.y_m};
  const std::uint32_t vertex = pool_.add(at, frame_.to_lonlat(at));
  add_split(i, t, vertex);
  add_split(j, u, vertex);
  ++stats_.crossings_noded;
}

void Noder::add_split(std::uint32_t segment, double t, std::uint32_t vertex) {
  const Segment& s = segments_[segment];
  if (vertex == s.a || vertex == s.b) return;
  splits_[segment].push_back(Split{t, vertex});
}

// The line's vertices with every split inserted in order along each segment.
std::vector<std::uint32_t> Noder::line_with_splits(const KeptLine& line) {
  std::vector<std::uint32_t> out;
  const std::size_t segment_count = line.vertices.size() - 1;
  for (std::size_t s = 0; s < segment_count; ++s) {
    out.push_back(line.vertices[s]);
    std::vector<Split>& splits = splits_[line.first_segment + s];
    // One position per vertex (the first found), then in order along the segment.
    std::stable_sort(splits.begin(), splits.end(),
                     [](const Split& x, const Split& y) { return x.vertex < y.vertex; });
    splits.erase(std::unique(splits.begin(), splits.end(),
                             [](const Split& x, const Split& y) { return x.vertex == y.vertex; }),
                 splits.end());
    std::sort(splits.begin(), splits.end(), [](const Split& x, const Split& y) {
      return std::tie(x.t, x.vertex) < std::tie(y.t, y.vertex);
    });
    for (const Split& split : splits) out.push_back(split.vertex);
  }
  out.push_back(line.vertices.back());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

RawRoads Noder::assemble() {
  RawRoads roads;
  std::vector<std::uint32_t> new_id(pool_.size(), kNone);
  for (const KeptLine& line : lines_) {
    RawWay way{.source_id = line.source_id, .vertices = line_with_splits(line)};
    for (std::uint32_t& v : way.vertices) {
      if (new_id[v] == kNone) {
        new_id[v] = static_cast<std::uint32_t>(roads.vertices.size());
        const LonLat p = pool_.lonlat(v);
        roads.vertices.push_back(RawVertex{.lon = p.lon, .lat = p.lat, .source_id = 0});
      }
      v = new_id[v];
    }
    roads.ways.push_back(std::move(way));
  }
  return roads;
}

}  // namespace

RawRoads node_lines(const std::vector<NodingLine>& lines, NodingStats& stats) {
  stats = NodingStats{};
  Noder noder(lines, stats);
  return noder.run();
}

}  // namespace lifecircle::io::detail
