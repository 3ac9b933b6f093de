#include "lifecircle/partition/wire.hpp"

#include <concepts>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>

#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {
namespace {

// Each record's fields in wire order, listed once: the Writer visits a const
// record and the Reader a mutable one, so the two directions cannot drift.
// What is not listed is plain bytes (trivially copyable), a string, a vector
// or an optional of those (see Writer::put).
template <typename T, typename Record>
concept RecordOf = std::same_as<std::remove_const_t<T>, Record>;

template <typename Archive, RecordOf<io::RawWay> T>
void fields(Archive& a, T& way) {
  a(way.source_id, way.vertices);
}

template <typename Archive, RecordOf<RoadPiece> T>
void fields(Archive& a, T& p) {
  a(p.roads.vertices, p.roads.ways, p.edge_global);
}

template <typename Archive, RecordOf<PieceSummary> T>
void fields(Archive& a, T& s) {
  a(s.towns, s.town_street_m, s.category_reached_m);
}

template <typename Archive, RecordOf<graph::Snapped> T>
void fields(Archive& a, T& s) {
  a(s.snap);  // a flag, then the point when there is one (not the optional's bytes)
}

template <typename Archive, RecordOf<coverage::FacilityIsochrone> T>
void fields(Archive& a, T& f) {
  a(f.computed, f.reached_nodes, f.reachable_population, f.reached_street_m, f.band_minutes, f.band_wkb,
    f.band_area_m2);
}

template <typename Archive, RecordOf<PieceResult> T>
void fields(Archive& a, T& p) {
  a(p.region, p.categories, p.towns, p.placed, p.unplaced, p.unplaced_points, p.area_m2, p.composite_covered,
    p.totals, p.covered_area_m2, p.points, p.point_time_s, p.point_facility, p.facilities, p.snaps,
    p.isochrones, p.band_wkb, p.seconds);
}

struct AnyArchive {
  template <typename... T>
  void operator()(T&...) {}
};

template <typename T>
concept Listed = requires(AnyArchive& a, T& value) {
  fields(a, value);
};

// Sent as its bytes: a vector of these goes in one block.
template <typename T>
concept Plain = std::is_trivially_copyable_v<T> && !Listed<T> && !std::same_as<T, bool>;

template <typename T>
inline constexpr bool is_vector = false;
template <typename T>
inline constexpr bool is_vector<std::vector<T>> = true;
template <typename T>
inline constexpr bool is_optional = false;
template <typename T>
inline constexpr bool is_optional<std::optional<T>> = true;

class Writer {
 public:
  template <typename... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }
  std::string take() { return std::move(out_); }

 private:
  template <typename T>
  void put(const T& value) {
    if constexpr (std::same_as<T, bool>) {
      put(static_cast<std::uint8_t>(value));
    } else if constexpr (is_optional<T>) {
      put(value.has_value());
      if (value) put(*value);
    } else if constexpr (is_vector<T> || std::same_as<T, std::string>) {
      put(static_cast<std::uint64_t>(value.size()));
      if constexpr (Plain<typename T::value_type>) {
        out_.append(reinterpret_cast<const char*>(value.data()),
                    value.size() * sizeof(typename T::value_type));
      } else {
        for (const auto& element : value) put(element);
      }
    } else if constexpr (Listed<T>) {
      fields(*this, value);
    } else {
      static_assert(Plain<T>, "a type the wire neither lists nor copies");
      out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
  }

  std::string out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : in_(in) {}
  template <typename... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  void finish() const {
    if (at_ != in_.size())
      throw Error("partition message: " + std::to_string(in_.size() - at_) + " bytes left over");
  }

 private:
  template <typename T>
  void get(T& value) {
    if constexpr (std::same_as<T, bool>) {
      std::uint8_t flag = 0;
      get(flag);
      value = flag != 0;
    } else if constexpr (is_optional<T>) {
      bool has = false;
      get(has);
      value.reset();
      if (has) get(value.emplace());
    } else if constexpr (is_vector<T> || std::same_as<T, std::string>) {
      using Element = typename T::value_type;
      // Every element takes at least a byte: a count beyond what is left is a cut message, not an allocation.
      const std::size_t n = count(Plain<Element> ? sizeof(Element) : 1);
      value.resize(n);
      if constexpr (Plain<Element>) {
        if (n == 0) return;  // memcpy into an empty vector's null data() is undefined
        std::memcpy(value.data(), in_.data() + at_, n * sizeof(Element));
        at_ += n * sizeof(Element);
      } else {
        for (auto& element : value) get(element);
      }
    } else if constexpr (Listed<T>) {
      fields(*this, value);
    } else {
      static_assert(Plain<T>, "a type the wire neither lists nor copies");
      need(sizeof(T));
      std::memcpy(&value, in_.data() + at_, sizeof(T));
      at_ += sizeof(T);
    }
  }

  // A vector's or string's length, checked against the bytes left.
  std::size_t count(std::size_t element_bytes) {
    std::uint64_t n = 0;
    get(n);
    if (n > (in_.size() - at_) / element_bytes) throw Error("partition message cut short");
    return static_cast<std::size_t>(n);
  }
  void need(std::size_t bytes) const {
    if (in_.size() - at_ < bytes) throw Error("partition message cut short");
  }

  const std::string& in_;
  std::size_t at_ = 0;
};

template <typename Record>
std::string encode_record(const Record& record) {
  Writer w;
  fields(w, record);
  return w.take();
}

template <typename Record>
Record decode_record(const std::string& bytes) {
  Reader r(bytes);
  Record record;
  fields(r, record);
  r.finish();
  return record;
}

}  // namespace

std::string encode(const RoadPiece& piece) { return encode_record(piece); }

RoadPiece decode_road_piece(const std::string& bytes) {
  RoadPiece p = decode_record<RoadPiece>(bytes);
  p.roads.ways_seen = p.roads.ways_walkable = p.roads.ways.size();
  return p;
}

std::string encode(const PieceSummary& summary) { return encode_record(summary); }
PieceSummary decode_summary(const std::string& bytes) { return decode_record<PieceSummary>(bytes); }

std::string encode(const PieceResult& result) { return encode_record(result); }
PieceResult decode_result(const std::string& bytes) { return decode_record<PieceResult>(bytes); }

}  // namespace lifecircle::partition
