#include "lifecircle/io/gdal_roads.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>

#include "detail/line_noding.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::io {
namespace {

// PointConverter wants a working CRS; roads only use its WGS84 side (noding
// happens in a local frame), so any metric CRS does.
constexpr int kUnusedWorkingEpsg = 32651;

// yes / true / t / y (any case), or a nonzero number.
bool is_true_like(const OGRFeature& feature, int field) {
  const detail::NumberValue number = detail::number_value(feature, field);
  if (number.status == detail::NumberStatus::ok) return number.value != 0.0;
  std::string text = detail::text_value(feature, field);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == "yes" || text == "true" || text == "t" || text == "y";
}

// The configured grade-separation fields that the layer has, resolved once.
class GradeSeparation {
 public:
  GradeSeparation(const detail::OgrLayer& layer, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      if (const std::optional<int> field = layer.optional_field(name)) fields_.push_back(*field);
    }
  }

  bool operator()(const OGRFeature& feature) const {
    return std::any_of(fields_.begin(), fields_.end(),
                       [&](int field) { return is_true_like(feature, field); });
  }

 private:
  std::vector<int> fields_;
};

// Reads every feature's lines, converted to WGS84, in feature order.
class LineReader {
 public:
  LineReader(const detail::OgrLayer& layer, const detail::PointConverter& converter)
      : layer_(layer), converter_(converter) {}

  void read_all(const GradeSeparation& grade_separated) {
    OGRLayer& layer = layer_.layer();
    layer.ResetReading();
    while (const auto feature = OGRFeatureUniquePtr(layer.GetNextFeature())) {
      const std::int64_t fid = feature->GetFID() == OGRNullFID ? static_cast<std::int64_t>(features_seen)
                                                               : static_cast<std::int64_t>(feature->GetFID());
      ++features_seen;
      const OGRGeometry* geometry = feature->GetGeometryRef();
      if (geometry == nullptr || geometry->IsEmpty()) {
        ++empty_geometries;
        continue;
      }
      add_geometry(*geometry, fid, grade_separated(*feature));
    }
  }

  std::vector<detail::NodingLine> lines;
  std::uint64_t features_seen = 0;
  std::uint64_t empty_geometries = 0;

 private:
  void add_geometry(const OGRGeometry& geometry, std::int64_t fid, bool grade_separated) {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    if (type == wkbLineString) {
      add_line(*geometry.toLineString(), fid, grade_separated);
    } else if (type == wkbMultiLineString) {
      for (const OGRLineString* part : *geometry.toMultiLineString()) add_line(*part, fid, grade_separated);
    } else if (type == wkbCircularString || type == wkbCompoundCurve || type == wkbMultiCurve) {
      const std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
      add_geometry(*linear, fid, grade_separated);
    } else {
      throw InputError(layer_.where(fid), std::string("has a ") + OGRGeometryTypeToName(type) +
                                              " geometry; roads must be LineString or MultiLineString");
    }
  }

  void add_line(const OGRLineString& line, std::int64_t fid, bool grade_separated) {
    detail::NodingLine out{.source_id = fid, .grade_separated = grade_separated, .points = {}};
    out.points.resize(static_cast<std::size_t>(line.getNumPoints()));
    const InputLocation where = layer_.where(fid);
    for (int i = 0; i < line.getNumPoints(); ++i) {
      detail::LonLat& p = out.points[static_cast<std::size_t>(i)];
      converter_.to_wgs84(line.getX(i), line.getY(i), p.lon, p.lat, where);
    }
    lines.push_back(std::move(out));
  }

  const detail::OgrLayer& layer_;
  const detail::PointConverter& converter_;
};

LayerInfo describe(const detail::OgrLayer& layer, const detail::SourceCrs& source, const LineReader& reader,
                   const RawRoads& roads) {
  detail::LonLatBox box;
  for (const RawVertex& v : roads.vertices) box.add(v.lon, v.lat);
  return detail::layer_info(layer, source, reader.features_seen, box);
}

std::uint64_t features_with_ways(const RawRoads& roads) {
  std::uint64_t count = 0;
  for (std::size_t w = 0; w < roads.ways.size(); ++w) {
    if (w == 0 || roads.ways[w].source_id != roads.ways[w - 1].source_id) ++count;
  }
  return count;
}

std::vector<std::string> warnings_of(const detail::SourceCrs& source, const GdalRoads& out) {
  std::vector<std::string> warnings;
  if (source.warning) warnings.push_back(*source.warning);
  if (out.empty_geometries > 0) {
    warnings.push_back(std::to_string(out.empty_geometries) + " features without geometry skipped");
  }
  if (out.degenerate_lines > 0) {
    warnings.push_back(std::to_string(out.degenerate_lines) +
                       " lines of fewer than 2 distinct points skipped");
  }
  return warnings;
}

}  // namespace

GdalRoads read_gdal_roads(const RoadsInput& input) {
  require_regular_file(input.path, "roads layer", DirectoryInput::allowed);
  const detail::OgrLayer layer(input, "[roads]");
  if (layer.kind() == detail::LayerKind::table) {
    throw InputError(layer.where(),
                     "has no geometry: roads must be a line layer (GeoPackage, Shapefile, GeoJSON)");
  }
  const detail::SourceCrs source = detail::resolve_source_crs(layer, input.crs);
  const WorkingCrs unused_working(kUnusedWorkingEpsg);
  const detail::PointConverter converter(source, unused_working);

  LineReader reader(layer, converter);
  reader.read_all(GradeSeparation(layer, input.grade_separation_fields));

  GdalRoads out;
  detail::NodingStats stats;
  out.roads = detail::node_lines(reader.lines, stats);
  if (out.roads.ways.empty()) {
    throw InputError(layer.where(), "has no lines to walk on (" + std::to_string(reader.features_seen) +
                                        " features, " + std::to_string(reader.empty_geometries) +
                                        " without geometry)");
  }
  out.roads.ways_seen = reader.features_seen;
  out.roads.ways_walkable = features_with_ways(out.roads);
  out.info = describe(layer, source, reader, out.roads);
  out.empty_geometries = reader.empty_geometries;
  out.degenerate_lines = stats.degenerate_lines;
  out.crossings_noded = stats.crossings_noded;
  out.crossings_separated = stats.crossings_separated;
  out.warnings = warnings_of(source, out);
  return out;
}

}  // namespace lifecircle::io
