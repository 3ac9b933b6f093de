#include "lifecircle/io/plan_draft.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <memory>
#include <osmium/handler.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "lifecircle/util/input_file.hpp"
#include "lifecircle/util/utf8.hpp"

namespace lifecircle::io {
namespace {

constexpr std::size_t kSamples = 3;
constexpr std::size_t kMaxDraftCategories = 30;  // more distinct values: not a category field, most likely

std::string lower_ascii(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string guess(const std::vector<std::string>& names, std::initializer_list<std::string_view> candidates) {
  for (const std::string_view candidate : candidates) {
    for (const std::string& name : names) {
      if (lower_ascii(name) == lower_ascii(std::string(candidate))) return name;
    }
  }
  return "";
}

std::vector<std::string> field_names_of(const detail::OgrLayer& layer) {
  std::vector<std::string> names;
  const OGRFeatureDefn& defn = layer.definition();
  names.reserve(static_cast<std::size_t>(defn.GetFieldCount()));
  for (int i = 0; i < defn.GetFieldCount(); ++i) names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
  return names;
}

// A field's value as text, "" when null; bytes that are not UTF-8 are shown as '?'.
std::string value_text(const OGRFeature& feature, int field) {
  if (!feature.IsFieldSetAndNotNull(field)) return "";
  std::string text = feature.GetFieldAsString(field);
  if (!is_utf8(text)) return "(not UTF-8)";
  return text;
}

void add_sample(FieldSummary& field, const std::string& value) {
  if (value.empty() || field.samples.size() >= kSamples) return;
  if (std::find(field.samples.begin(), field.samples.end(), value) == field.samples.end()) {
    field.samples.push_back(value);
  }
}

class BoxBuilder {
 public:
  void add(double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat)) return;
    min_lon_ = std::min(min_lon_, lon);
    max_lon_ = std::max(max_lon_, lon);
    min_lat_ = std::min(min_lat_, lat);
    max_lat_ = std::max(max_lat_, lat);
    empty_ = false;
  }
  void into(LayerInfo& info) const {
    if (empty_) return;
    info.min_lon = min_lon_;
    info.min_lat = min_lat_;
    info.max_lon = max_lon_;
    info.max_lat = max_lat_;
  }

 private:
  double min_lon_ = std::numeric_limits<double>::max(), min_lat_ = std::numeric_limits<double>::max();
  double max_lon_ = std::numeric_limits<double>::lowest(), max_lat_ = std::numeric_limits<double>::lowest();
  bool empty_ = true;
};

// The layer's envelope corners (and edge midpoints) in WGS84.
void geometry_extent(detail::OgrLayer& layer, LayerInfo& info) {
  OGREnvelope envelope;
  if (layer.layer().GetExtent(&envelope, TRUE) != OGRERR_NONE) return;
  const OGRSpatialReference* srs = layer.layer().GetSpatialRef();
  if (srs == nullptr) {
    info.crs = "none (declare crs = \"EPSG:...\")";
    return;
  }
  OGRSpatialReference source(*srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&source, &wgs84));
  if (!to_wgs84) return;
  BoxBuilder box;
  for (const double fx : {0.0, 0.5, 1.0}) {
    for (const double fy : {0.0, 0.5, 1.0}) {
      double x = envelope.MinX + fx * (envelope.MaxX - envelope.MinX);
      double y = envelope.MinY + fy * (envelope.MaxY - envelope.MinY);
      if (to_wgs84->Transform(1, &x, &y)) box.add(x, y);
    }
  }
  box.into(info);
  const char* name = source.GetAuthorityName(nullptr);
  const char* code = source.GetAuthorityCode(nullptr);
  info.crs = name && code ? std::string(name) + ":" + code : std::string(source.GetName());
}

// TOML basic string.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      std::array<char, 8> escape{};
      std::snprintf(escape.data(), escape.size(), "\\u%04x", static_cast<unsigned>(c));
      out += escape.data();
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string relative_to_plan(const std::filesystem::path& file, const std::filesystem::path& plan_file) {
  const std::filesystem::path dir = std::filesystem::absolute(plan_file).parent_path();
  return std::filesystem::absolute(file).lexically_normal().lexically_proximate(dir).generic_string();
}

std::string names_text(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// The field for a role, or an InputError naming the file, its fields and the names tried.
const std::string& needed(const std::string& field, const LayerSummary& layer, const std::string& role,
                          const std::string& tried) {
  if (!field.empty()) return field;
  std::vector<std::string> names;
  for (const FieldSummary& f : layer.fields) names.push_back(f.name);
  throw InputError({.path = layer.info.path},
                   "has no field for the " + role + " (tried " + tried + "; its fields: " +
                       names_text(names) + "): rename the column, or write the plan by hand (doc/plan.md)");
}

void write_line(std::ostringstream& out, const std::string& key, const std::string& value,
                const std::string& comment = "") {
  out << key << " = " << quoted(value);
  if (!comment.empty()) out << "  # " << comment;
  out << "\n";
}

void write_optional(std::ostringstream& out, const std::string& key, const std::string& value,
                    const std::string& what) {
  if (value.empty()) {
    out << "# " << key << " = \"\"  # no " << what << " field guessed\n";
  } else {
    write_line(out, key, value, "guessed");
  }
}

struct DraftCategory {
  std::string id, value;
};

void draft_roads(std::ostringstream& out, const DraftInputs& in) {
  out << "[roads]\n";
  if (in.roads_osm) {
    const OsmSummary osm = describe_osm_file(in.roads);
    write_line(out, "path", relative_to_plan(in.roads, in.plan_file),
               std::to_string(osm.ways) + " ways, " + std::to_string(osm.ways_walkable) + " walkable, " +
                   std::to_string(osm.nodes) + " nodes");
  } else {
    const LayerSummary roads = describe_layer_file(in.roads);
    write_line(
        out, "path", relative_to_plan(in.roads, in.plan_file),
        roads.info.driver + ", " + std::to_string(roads.info.feature_count) + " lines, " + roads.info.crs);
  }
  out << "\n";
}

void draft_towns(std::ostringstream& out, const DraftInputs& in) {
  if (!in.towns) {
    out << "# No [towns]: the whole walking network's area is one town, code \"all\" (doc/plan.md).\n"
           "# For figures town by town add a polygon layer:\n"
           "# [towns]\n# path = \"towns.shp\"\n# code_field = \"code\"\n# name_field = \"name\"\n"
           "# population_field = \"population\"\n\n"
           "[population]\n";
    out << "total = " << fixed(*in.population_total, 0)
        << "  # the area's population (a census figure), spread over its streets\n\n";
    return;
  }
  const LayerSummary towns = describe_layer_file(*in.towns);
  std::vector<std::string> names;
  for (const FieldSummary& f : towns.fields) names.push_back(f.name);
  const TownRoles roles = guess_town_roles(names);
  out << "[towns]  # " << towns.info.driver << ", " << towns.info.feature_count << " features, "
      << towns.info.crs << "\n";
  write_line(out, "path", relative_to_plan(*in.towns, in.plan_file));
  write_line(out, "code_field", needed(roles.code, towns, "town code", "code, 编码, 代码, ref, XZQDM"),
             "guessed");
  write_line(out, "name_field", needed(roles.name, towns, "town name", "name, 名称, XZQMC"), "guessed");
  write_line(out, "population_field",
             needed(roles.population, towns, "town population", "population, pop, 人口, 常住人口"),
             "guessed");
  out << "\n";
}

void draft_facilities(std::ostringstream& out, const DraftInputs& in,
                      std::vector<DraftCategory>& categories) {
  for (const std::filesystem::path& path : in.facilities) {
    const LayerSummary layer = describe_layer_file(path);
    std::vector<std::string> names;
    for (const FieldSummary& f : layer.fields) names.push_back(f.name);
    const FacilityRoles roles = guess_facility_roles(names);
    out << "[[facilities]]  # " << layer.info.driver << ", " << layer.info.feature_count << " features\n";
    write_line(out, "path", relative_to_plan(path, in.plan_file));
    if (layer.table) {
      write_line(out, "lon_field", needed(roles.lon, layer, "longitude", "lon, lng, longitude, 经度, x"),
                 "guessed");
      write_line(out, "lat_field", needed(roles.lat, layer, "latitude", "lat, latitude, 纬度, y"), "guessed");
    }
    const std::string& category = needed(roles.category, layer, "category", "category, type, 类别, 类型");
    write_line(out, "category_field", category, "guessed");
    write_line(out, "name_field", roles.name, roles.name.empty() ? "no name field guessed" : "guessed");
    write_optional(out, "id_field", roles.id, "id");
    write_optional(out, "capacity_field", roles.capacity, "capacity");
    write_optional(out, "status_field", roles.status, "status (existing / planned / closed)");
    out << "# crs = \"gcj02\"  # uncomment if the coordinates were copied from Amap or Tencent maps "
           "(GCJ-02)\n\n";
    bool more = false;
    for (const std::string& value : distinct_values(path, category, kMaxDraftCategories, more)) {
      const bool known = std::any_of(categories.begin(), categories.end(),
                                     [&](const DraftCategory& c) { return c.value == value; });
      if (known) continue;
      std::vector<std::string> taken;
      taken.reserve(categories.size());
      for (const DraftCategory& c : categories) taken.push_back(c.id);
      categories.push_back({category_id_for(value, categories.size() + 1, taken), value});
    }
    if (more) {
      out << "# " << path.filename().string() << ": field '" << category << "' has more than "
          << kMaxDraftCategories << " distinct values; only the first " << kMaxDraftCategories
          << " became categories\n\n";
    }
  }
}

}  // namespace

TownRoles guess_town_roles(const std::vector<std::string>& names) {
  return TownRoles{.code = guess(names, {"code", "编码", "代码", "ref", "XZQDM"}),
                   .name = guess(names, {"name", "名称", "XZQMC"}),
                   .population = guess(names, {"population", "pop", "人口", "常住人口"})};
}

FacilityRoles guess_facility_roles(const std::vector<std::string>& names) {
  return FacilityRoles{.lon = guess(names, {"lon", "lng", "longitude", "经度", "x"}),
                       .lat = guess(names, {"lat", "latitude", "纬度", "y"}),
                       .category = guess(names, {"category", "type", "类别", "类型"}),
                       .name = guess(names, {"name", "名称"}),
                       .id = guess(names, {"id", "编号"}),
                       .capacity = guess(names, {"capacity", "容量", "规模"}),
                       .status = guess(names, {"status", "状态"})};
}

LayerSummary describe_layer_file(const std::filesystem::path& path) {
  require_regular_file(path, "layer", DirectoryInput::allowed);
  const detail::QuietGdal quiet;
  detail::OgrLayer layer(LayerRef{.path = path});
  LayerSummary out;
  out.info.path = path.string();
  out.info.layer = layer.layer_name();
  out.info.driver = layer.driver();
  out.table = layer.kind() == detail::LayerKind::table;
  out.geometry_type = out.table ? "none" : detail::geometry_type_name(layer.layer().GetGeomType());
  const OGRFeatureDefn& defn = layer.definition();
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    const OGRFieldDefn* field = defn.GetFieldDefn(i);
    out.fields.push_back({field->GetNameRef(), OGRFieldDefn::GetFieldTypeName(field->GetType()), {}});
  }
  const FacilityRoles roles = guess_facility_roles(field_names_of(layer));
  const int lon = roles.lon.empty() ? -1 : defn.GetFieldIndex(roles.lon.c_str());
  const int lat = roles.lat.empty() ? -1 : defn.GetFieldIndex(roles.lat.c_str());
  BoxBuilder box;
  layer.layer().ResetReading();
  for (auto& feature : layer.layer()) {
    ++out.info.feature_count;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
      add_sample(out.fields[static_cast<std::size_t>(i)], value_text(*feature, i));
    if (out.table && lon >= 0 && lat >= 0) {
      const std::optional<double> x = detail::parse_double(value_text(*feature, lon));
      const std::optional<double> y = detail::parse_double(value_text(*feature, lat));
      if (x && y) box.add(*x, *y);
    }
  }
  if (out.table) {
    out.info.crs = "none in the file (columns " + (lon >= 0 ? roles.lon : "?") + " / " +
                   (lat >= 0 ? roles.lat : "?") + " read as WGS84 lon/lat unless crs is set)";
    box.into(out.info);
  } else {
    geometry_extent(layer, out.info);
  }
  return out;
}

std::vector<std::string> distinct_values(const std::filesystem::path& path, const std::string& field,
                                         std::size_t max_values, bool& more) {
  const detail::QuietGdal quiet;
  detail::OgrLayer layer(LayerRef{.path = path});
  const int index = layer.required_field(field, "category_field");
  std::vector<std::string> values;
  std::unordered_set<std::string> seen;
  more = false;
  layer.layer().ResetReading();
  for (auto& feature : layer.layer()) {
    const std::string value = layer.text(*feature, index, feature->GetFID());
    if (value.empty() || !seen.insert(value).second) continue;
    if (values.size() == max_values) {
      more = true;
      break;
    }
    values.push_back(value);
  }
  return values;
}

namespace {

class CountHandler : public osmium::handler::Handler {
 public:
  void node(const osmium::Node& node) {
    ++summary_->nodes;
    if (node.location().valid()) box_.add(node.location().lon(), node.location().lat());
  }
  void way(const osmium::Way& /*way*/) { ++summary_->ways; }
  void relation(const osmium::Relation& /*relation*/) { ++summary_->relations; }

  explicit CountHandler(OsmSummary& summary) : summary_(&summary) {}
  void finish() {
    LayerInfo info;
    box_.into(info);
    summary_->min_lon = info.min_lon;
    summary_->min_lat = info.min_lat;
    summary_->max_lon = info.max_lon;
    summary_->max_lat = info.max_lat;
  }

 private:
  OsmSummary* summary_;
  BoxBuilder box_;
};

}  // namespace

OsmSummary describe_osm_file(const std::filesystem::path& path) {
  require_regular_file(path, "roads file", DirectoryInput::refused);
  OsmSummary out;
  out.path = path.string();
  try {
    osmium::io::Reader reader(path.string());
    const osmium::io::Header header = reader.header();
    out.generator = header.get("generator");
    out.timestamp = header.get("osmosis_replication_timestamp");
    if (out.timestamp.empty()) out.timestamp = header.get("timestamp");
    const osmium::Box box = header.box();
    if (box.valid()) {
      out.header_bounds = std::array<double, 4>{box.bottom_left().lon(), box.bottom_left().lat(),
                                                box.top_right().lon(), box.top_right().lat()};
    }
    out.format = osmium::io::as_string(osmium::io::File(path.string()).format());
    CountHandler counts(out);
    osmium::apply(reader, counts);
    reader.close();
    counts.finish();
  } catch (const std::exception& e) {
    throw InputError({.path = path.string()}, std::string("cannot be read as OSM (") + e.what() + ")");
  }
  out.ways_walkable = read_osm_roads(path).ways_walkable;
  return out;
}

std::string category_id_for(const std::string& value, std::size_t n, const std::vector<std::string>& taken) {
  std::string id;
  for (const char c : lower_ascii(value)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      id += c;
    } else if (!id.empty() && id.back() != '_') {
      id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.size() > 40) id.resize(40);
  // Made up from the value only when the value is mostly ascii; "托育机构" gets a number.
  if (id.empty() || id.size() * 2 < value.size()) id = "category_" + std::to_string(n);
  std::string unique = id;
  for (std::size_t k = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++k) {
    unique = id + "_" + std::to_string(k);
  }
  return unique;
}

std::string draft_plan(const DraftInputs& in) {
  if (in.facilities.empty()) throw Error("a plan needs at least one facilities file");
  if (!in.towns && !in.population_total) {
    throw Error("a plan without towns needs the area's population ([population] total)");
  }
  std::ostringstream out;
  const std::string name = in.name.empty() ? in.roads.stem().stem().string() : in.name;
  out << "# A lifecircle plan drafted by `lifecircle init` from the files below. Every field marked\n"
         "# \"guessed\" and every category was guessed from the files: check them (doc/plan.md has every "
         "key).\n"
         "# Input paths are relative to this file; [output] dir to the folder lifecircle runs in.\n\n"
         "[plan]\n";
  write_line(out, "name", name);
  out << "walk_speed_kmh = 4.0        # 15 minutes = 1,000 m of network walk\n"
         "snap_limit_m = 300          # facilities farther from any walkable street are reported, not used\n"
         "band_minutes = [5, 10, 15]  # extra polygon bands\n\n";
  draft_roads(out, in);
  draft_towns(out, in);
  std::vector<DraftCategory> categories;
  draft_facilities(out, in, categories);
  for (const DraftCategory& c : categories) {
    out << "[[categories]]  # check: the id is made up, the minutes are a default\n";
    write_line(out, "id", c.id);
    write_line(out, "name", c.value);
    out << "minutes = 15\n";
    out << "values = [" << quoted(c.value) << "]\n\n";
  }
  out << "[output]\n";
  write_line(out, "dir",
             "out/" + (std::all_of(name.begin(), name.end(),
                                   [](char c) {
                                     return std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                            c == '_';
                                   })
                           ? name
                           : std::string("plan")),
             "relative to the working directory");
  return out.str();
}

}  // namespace lifecircle::io
