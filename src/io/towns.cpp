#include "lifecircle/io/towns.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <unordered_map>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geos.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::io {
namespace {

using detail::format_number;

// Towns overlapping by more than this share of the smaller one are an error;
// overlaps above kIgnoredOverlapShare (and not above this) are a warning.
constexpr double kMaxOverlapShare = 0.01;
constexpr double kIgnoredOverlapShare = 1e-6;

// "2,500 m²" below 0.1 km², else "1.25 km²".
std::string area_text(double m2) {
  std::array<char, 48> text{};
  if (m2 < 1e5) {
    std::snprintf(text.data(), text.size(), "%.0f m²", m2);
  } else {
    std::snprintf(text.data(), text.size(), "%.2f km² (%.0f m²)", m2 / 1e6, m2);
  }
  return text.data();
}

struct TownFields {
  int code = -1;
  int name = -1;
  int population = -1;
};

TownFields find_fields(const detail::OgrLayer& layer, const TownsInput& input) {
  layer.require_features("no towns to load");
  return TownFields{.code = layer.required_field(input.code_field, "code_field"),
                    .name = layer.required_field(input.name_field, "name_field"),
                    .population = layer.required_field(input.population_field, "population_field")};
}

double read_population(const detail::OgrLayer& layer, const OGRFeature& feature, int field,
                       const std::string& field_name, std::int64_t fid) {
  const detail::NumberValue v = layer.number(feature, field);
  const InputLocation where = layer.where(fid, field_name);
  switch (v.status) {
    case detail::NumberStatus::empty:
      throw InputError(where, "is empty: every town needs a population");
    case detail::NumberStatus::not_a_number:
      throw InputError(where, "is not a number ('" + v.text + "')");
    case detail::NumberStatus::not_finite:
      throw InputError(where, "is not a finite number (" + v.text + ")");
    case detail::NumberStatus::ok:
      break;
  }
  if (v.value < 0.0) throw InputError(where, "is negative (" + format_number(v.value) + ")");
  return v.value;
}

// The feature's polygon as a linear 2D (Multi)Polygon; throws for anything else.
std::unique_ptr<OGRGeometry> polygon_of(const detail::OgrLayer& layer, OGRFeature& feature,
                                        std::int64_t fid) {
  std::unique_ptr<OGRGeometry> geometry(feature.StealGeometry());
  if (!geometry) throw InputError(layer.where(fid), "has no geometry");
  if (geometry->IsEmpty()) throw InputError(layer.where(fid), "has an empty geometry");
  const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
  if (type == wkbCurvePolygon || type == wkbMultiSurface) {
    geometry.reset(geometry->getLinearGeometry());
  } else if (type != wkbPolygon && type != wkbMultiPolygon) {
    throw InputError(layer.where(fid), "has a " + detail::geometry_type_name(type) +
                                           " geometry; a town must be a Polygon or MultiPolygon");
  }
  geometry->flattenTo2D();
  return geometry;
}

class RingProjector {
 public:
  RingProjector(const detail::PointConverter& converter, detail::LonLatBox& box, const InputLocation& where)
      : converter_(converter), box_(box), where_(where) {}

  void project(OGRGeometry& geometry) {
    if (auto* multi = dynamic_cast<OGRMultiPolygon*>(&geometry)) {
      for (OGRPolygon* polygon : *multi) project_polygon(*polygon);
    } else {
      project_polygon(*geometry.toPolygon());
    }
  }

 private:
  void project_polygon(OGRPolygon& polygon) {
    for (OGRLinearRing* ring : polygon) project_ring(*ring);
  }

  void project_ring(OGRLinearRing& ring) {
    for (int i = 0; i < ring.getNumPoints(); ++i) {
      double lon = 0.0;
      double lat = 0.0;
      converter_.to_wgs84(ring.getX(i), ring.getY(i), lon, lat, where_);
      box_.add(lon, lat);
      double x_m = 0.0;
      double y_m = 0.0;
      converter_.to_working(lon, lat, x_m, y_m, where_);
      ring.setPoint(i, x_m, y_m);
    }
  }

  const detail::PointConverter& converter_;
  detail::LonLatBox& box_;
  const InputLocation& where_;
};

geos::Geometry to_geos(const geos::GeosContext& ctx, const OGRGeometry& geometry,
                       const InputLocation& where) {
  std::string wkb(geometry.WkbSize(), '\0');
  geometry.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
  try {
    return geos::from_wkb(ctx, wkb);
  } catch (const Error& e) {
    throw InputError(where, std::string("has a polygon GEOS cannot read (") + e.what() + ")");
  }
}

// "Self-intersection[343198.6 3142503.3]" (working CRS) -> "Self-intersection at
// lon 121.4100000, lat 28.4100000", so that a planner can find the spot.
std::string located(const std::string& reason, const WorkingCrs& crs) {
  const auto open = reason.find('[');
  if (open == std::string::npos || reason.empty() || reason.back() != ']') return reason;
  const std::string inside = reason.substr(open + 1, reason.size() - open - 2);
  const auto space = inside.find(' ');
  const auto x = detail::parse_double(inside.substr(0, space == std::string::npos ? inside.size() : space));
  const auto y = space == std::string::npos ? std::nullopt : detail::parse_double(inside.substr(space + 1));
  double lon = 0.0;
  double lat = 0.0;
  if (!x || !y || !crs.to_wgs84(*x, *y, lon, lat)) return reason;
  std::array<char, 96> text{};
  std::snprintf(text.data(), text.size(), " at lon %.7f, lat %.7f", lon, lat);
  return reason.substr(0, open) + text.data();
}

// MakeValid's polygons; throws when nothing of the area is left.
geos::Geometry repaired(const geos::GeosContext& ctx, const GEOSGeometry* g, const InputLocation& where,
                        const std::string& reason) {
  geos::Geometry fixed = geos::polygonal_part(ctx, geos::make_valid(ctx, g));
  if (geos::is_empty(ctx, fixed.get())) {
    throw InputError(where, "has an invalid polygon (" + reason + ") with no area left after MakeValid");
  }
  return fixed;
}

void set_envelope(const geos::GeosContext& ctx, const GEOSGeometry* g, Town& town) {
  const geos::Envelope e = geos::envelope(ctx, g);
  town.min_x = e.min_x, town.min_y = e.min_y, town.max_x = e.max_x, town.max_y = e.max_y;
}

class TownReader {
 public:
  TownReader(const TownsInput& input, const WorkingCrs& crs)
      : input_(input),
        crs_(crs),
        layer_(input, "[towns]"),
        fields_(find_fields(layer_, input)),
        source_(detail::resolve_source_crs(layer_, input.crs)),
        converter_(source_, crs) {
    if (source_.warning) out_.warnings.push_back(*source_.warning);
  }

  TownLayer read() {
    layer_.layer().ResetReading();
    for (auto& feature : layer_.layer()) read_feature(*feature);
    check_overlaps();
    out_.info = detail::layer_info(layer_, source_, out_.towns.size(), box_);
    return std::move(out_);
  }

 private:
  void read_feature(OGRFeature& feature) {
    const std::int64_t fid = feature.GetFID();
    Town town;
    town.code = layer_.text(feature, fields_.code, fid);
    if (town.code.empty()) throw InputError(layer_.where(fid, input_.code_field), "is empty");
    check_unique(town.code, fid);
    town.name = layer_.text(feature, fields_.name, fid);
    town.population = read_population(layer_, feature, fields_.population, input_.population_field, fid);
    read_geometry(feature, fid, town);
    out_.towns.push_back(std::move(town));
  }

  void read_geometry(OGRFeature& feature, std::int64_t fid, Town& town) {
    const InputLocation where = layer_.where(fid);
    std::unique_ptr<OGRGeometry> polygon = polygon_of(layer_, feature, fid);
    RingProjector(converter_, box_, where).project(*polygon);
    geos::Geometry g = to_geos(geos_, *polygon, where);
    if (const std::optional<std::string> reason = geos::invalid_reason(geos_, g.get())) {
      const std::string where_why = located(*reason, crs_);
      g = repaired(geos_, g.get(), where, where_why);
      town.repaired = true;
      out_.warnings.push_back("feature " + std::to_string(fid) + ": polygon was invalid (" + where_why +
                              ") and was repaired with MakeValid");
    }
    town.wkb = geos::to_wkb(geos_, g.get());
    set_envelope(geos_, g.get(), town);
    areas_m2_.push_back(geos::area(geos_, g.get()));
    fids_.push_back(fid);
    polygons_.push_back(std::move(g));
  }

  // Towns must not overlap: a resident belongs to one town. Pairs whose
  // envelopes meet (a sweep over the envelopes sorted by min_x) are overlaid;
  // an overlap above kMaxOverlapShare of the smaller town is an error, a
  // sliver above kIgnoredOverlapShare a warning (shared borders of towns cut
  // from one partition overlap by rounding only, far below it).
  void check_overlaps() {
    const std::vector<Town>& towns = out_.towns;
    std::vector<std::size_t> order(towns.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return towns[a].min_x < towns[b].min_x; });
    for (std::size_t oi = 0; oi < order.size(); ++oi) {
      const Town& a = towns[order[oi]];
      for (std::size_t oj = oi + 1; oj < order.size() && towns[order[oj]].min_x <= a.max_x; ++oj) {
        const Town& b = towns[order[oj]];
        if (b.max_y < a.min_y || b.min_y > a.max_y) continue;
        check_pair(std::min(order[oi], order[oj]), std::max(order[oi], order[oj]));
      }
    }
  }

  void check_pair(std::size_t i, std::size_t j) {
    if (!geos::intersects(geos_, polygons_[i].get(), polygons_[j].get())) return;
    const geos::Geometry common = geos::intersection(geos_, polygons_[i].get(), polygons_[j].get());
    const double overlap_m2 = geos::area(geos_, common.get());
    const double smaller_m2 = std::min(areas_m2_[i], areas_m2_[j]);
    const double share = smaller_m2 > 0.0 ? overlap_m2 / smaller_m2 : 1.0;
    if (share <= kIgnoredOverlapShare) return;
    const Town& a = out_.towns[i];
    const Town& b = out_.towns[j];
    const std::string what = "town " + b.code + " " + b.name + " overlaps town " + a.code + " " + a.name +
                             " (feature " + std::to_string(fids_[i]) + ") by " + area_text(overlap_m2) +
                             ", " + format_number(std::round(share * 1e4) / 1e2) + " % of the smaller town";
    if (share > kMaxOverlapShare) {
      throw InputError(layer_.where(fids_[j]),
                       what +
                           ": every resident must belong to one town (a town listed "
                           "twice, or polygons that were not cut from one partition?)");
    }
    out_.warnings.push_back("feature " + std::to_string(fids_[j]) + ": " + what +
                            " (a sliver; its residents count for the first town)");
  }

  void check_unique(const std::string& code, std::int64_t fid) {
    const auto [it, inserted] = first_fid_of_code_.emplace(code, fid);
    if (!inserted) {
      throw InputError(
          layer_.where(fid, input_.code_field),
          "repeats town code '" + code + "' (first used by feature " + std::to_string(it->second) + ")");
    }
  }

  const TownsInput& input_;
  const WorkingCrs& crs_;
  detail::OgrLayer layer_;
  TownFields fields_;
  detail::SourceCrs source_;
  detail::PointConverter converter_;
  geos::GeosContext geos_;
  detail::LonLatBox box_;
  std::unordered_map<std::string, std::int64_t> first_fid_of_code_;
  std::vector<geos::Geometry> polygons_;  // parallel to out_.towns
  std::vector<double> areas_m2_;
  std::vector<std::int64_t> fids_;
  TownLayer out_;
};

}  // namespace

double population_inside(const Town& town, const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::vector<double>& weights) {
  const geos::GeosContext ctx;
  const geos::Geometry polygon = geos::from_wkb(ctx, town.wkb);
  const geos::PreparedGeometry prepared = geos::prepare(ctx, polygon.get());
  double total = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (xs[i] < town.min_x || xs[i] > town.max_x || ys[i] < town.min_y || ys[i] > town.max_y) continue;
    const geos::Geometry point = geos::make_point(ctx, xs[i], ys[i]);
    if (geos::intersects(ctx, prepared.get(), point.get())) total += weights[i];
  }
  return total;
}

TownLayer whole_area_town(const std::vector<double>& xs, const std::vector<double>& ys, double buffer_m,
                          std::string name, double population, const WorkingCrs& crs) {
  if (xs.empty() || xs.size() != ys.size()) throw Error("the whole-area town needs the network's nodes");
  const geos::GeosContext ctx;
  const geos::Geometry hull = geos::convex_hull(ctx, xs, ys);
  // At least 1 m, so that a network of one point or one straight line still has an area.
  const geos::Geometry area = geos::buffer(ctx, hull.get(), std::max(buffer_m, 1.0), 8);
  Town town;
  town.code = "all";
  town.name = std::move(name);
  town.population = population;
  town.wkb = geos::to_wkb(ctx, area.get());
  set_envelope(ctx, area.get(), town);

  TownLayer out;
  out.info.path = "(no [towns]: the walking network's area)";
  out.info.driver = "convex hull of the network's nodes, buffered " + format_number(buffer_m) + " m";
  out.info.crs = "working CRS";
  out.info.feature_count = 1;
  detail::LonLatBox box;
  for (const double x : {town.min_x, town.max_x}) {
    for (const double y : {town.min_y, town.max_y}) {
      double lon = 0.0;
      double lat = 0.0;
      if (crs.to_wgs84(x, y, lon, lat)) box.add(lon, lat);
    }
  }
  out.info.min_lon = box.min_lon;
  out.info.min_lat = box.min_lat;
  out.info.max_lon = box.max_lon;
  out.info.max_lat = box.max_lat;
  out.towns.push_back(std::move(town));
  return out;
}

TownLayer load_towns(const TownsInput& input, const WorkingCrs& crs) {
  require_regular_file(input.path, "towns layer", DirectoryInput::allowed);
  const detail::QuietGdal quiet;
  return TownReader(input, crs).read();
}

}  // namespace lifecircle::io
