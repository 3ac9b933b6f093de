#include "lifecircle/partition/wire.hpp"

#include <cstring>
#include <type_traits>

#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {
namespace {

class Writer {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  template <typename T>
  void put(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  void put(const std::vector<std::string>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    for (const std::string& s : values) put(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename T>
  void get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
  }
  template <typename T>
  void get(std::vector<T>& values) {
    values.resize(count());
    need(values.size() * sizeof(T));
    if (values.empty()) return;  // memcpy from an empty vector's null data() is undefined
    std::memcpy(values.data(), in_.data() + at_, values.size() * sizeof(T));
    at_ += values.size() * sizeof(T);
  }
  void get(std::string& s) {
    const std::size_t n = count();
    need(n);
    s.assign(in_, at_, n);
    at_ += n;
  }
  void get(std::vector<std::string>& values) {
    values.resize(count());
    for (std::string& s : values) get(s);
  }
  std::size_t count() {
    std::uint64_t n = 0;
    get(n);
    return static_cast<std::size_t>(n);
  }
  void finish() const {
    if (at_ != in_.size()) throw Error("partition message: " + std::to_string(in_.size() - at_) + " bytes left over");
  }

 private:
  void need(std::size_t bytes) const {
    if (in_.size() - at_ < bytes) throw Error("partition message cut short");
  }
  const std::string& in_;
  std::size_t at_ = 0;
};

struct Plain {  // FacilityIsochrone's fixed part
  std::uint8_t computed;
  std::uint32_t reached_nodes;
  double reachable_population, reached_street_m;
};

}  // namespace

std::string encode(const RoadPiece& piece) {
  Writer w;
  w.put(piece.roads.vertices);
  w.put(static_cast<std::uint64_t>(piece.roads.ways.size()));
  for (const io::RawWay& way : piece.roads.ways) {
    w.put(way.source_id);
    w.put(way.vertices);
  }
  w.put(piece.edge_global);
  return w.take();
}

RoadPiece decode_road_piece(const std::string& bytes) {
  Reader r(bytes);
  RoadPiece p;
  r.get(p.roads.vertices);
  p.roads.ways.resize(r.count());
  for (io::RawWay& way : p.roads.ways) {
    r.get(way.source_id);
    r.get(way.vertices);
  }
  r.get(p.edge_global);
  r.finish();
  p.roads.ways_seen = p.roads.ways_walkable = p.roads.ways.size();
  return p;
}

std::string encode(const PieceSummary& s) {
  Writer w;
  w.put(s.towns);
  w.put(s.town_street_m);
  w.put(s.category_reached_m);
  return w.take();
}

PieceSummary decode_summary(const std::string& bytes) {
  Reader r(bytes);
  PieceSummary s;
  r.get(s.towns);
  r.get(s.town_street_m);
  r.get(s.category_reached_m);
  r.finish();
  return s;
}

std::string encode(const PieceResult& p) {
  Writer w;
  w.put(p.region);
  w.put(p.categories);
  w.put(p.towns);
  w.put(p.placed);
  w.put(p.unplaced);
  w.put(p.unplaced_points);
  w.put(p.area_m2);
  w.put(p.composite_covered);
  w.put(p.totals);
  w.put(p.covered_area_m2);
  w.put(p.points);
  w.put(p.point_time_s);
  w.put(p.point_facility);
  w.put(p.facilities);
  w.put(static_cast<std::uint64_t>(p.snaps.size()));
  for (const graph::Snapped& s : p.snaps) {
    w.put(static_cast<std::uint8_t>(s.snap.has_value()));
    if (s.snap) w.put(*s.snap);
  }
  w.put(static_cast<std::uint64_t>(p.isochrones.size()));
  for (const coverage::FacilityIsochrone& f : p.isochrones) {
    w.put(Plain{static_cast<std::uint8_t>(f.computed), f.reached_nodes, f.reachable_population, f.reached_street_m});
    w.put(f.band_minutes);
    w.put(f.band_wkb);
    w.put(f.band_area_m2);
  }
  w.put(static_cast<std::uint64_t>(p.band_wkb.size()));
  for (const auto& bands : p.band_wkb) w.put(bands);
  w.put(p.seconds);
  return w.take();
}

PieceResult decode_result(const std::string& bytes) {
  Reader r(bytes);
  PieceResult p;
  r.get(p.region);
  r.get(p.categories);
  r.get(p.towns);
  r.get(p.placed);
  r.get(p.unplaced);
  r.get(p.unplaced_points);
  r.get(p.area_m2);
  r.get(p.composite_covered);
  r.get(p.totals);
  r.get(p.covered_area_m2);
  r.get(p.points);
  r.get(p.point_time_s);
  r.get(p.point_facility);
  r.get(p.facilities);
  p.snaps.resize(r.count());
  for (graph::Snapped& s : p.snaps) {
    std::uint8_t has = 0;
    r.get(has);
    if (has) {
      graph::SnapPoint point;
      r.get(point);
      s.snap = point;
    }
  }
  p.isochrones.resize(r.count());
  for (coverage::FacilityIsochrone& f : p.isochrones) {
    Plain plain{};
    r.get(plain);
    f.computed = plain.computed != 0;
    f.reached_nodes = plain.reached_nodes;
    f.reachable_population = plain.reachable_population;
    f.reached_street_m = plain.reached_street_m;
    r.get(f.band_minutes);
    r.get(f.band_wkb);
    r.get(f.band_area_m2);
  }
  p.band_wkb.resize(r.count());
  for (auto& bands : p.band_wkb) r.get(bands);
  r.get(p.seconds);
  r.finish();
  return p;
}

}  // namespace lifecircle::partition
