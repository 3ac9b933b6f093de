#include "lifecircle/io/facilities.hpp"

#include <cmath>
#include <unordered_map>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::io {
namespace {

using detail::format_number;

// Plan categories by the facility-field values they claim; a category's id
// also matches itself unless another category claims it as a value.
class CategoryMap {
 public:
  explicit CategoryMap(const std::vector<Category>& categories) {
    for (const Category& category : categories) {
      for (const std::string& value : category.values) claim(std::string(detail::trim(value)), category.id);
    }
    for (const Category& category : categories) {
      if (by_value_.emplace(category.id, category.id).second) known_.push_back(category.id);
    }
  }

  const std::string* find(const std::string& value) const {
    const auto it = by_value_.find(value);
    return it == by_value_.end() ? nullptr : &it->second;
  }

  std::string known_values() const { return known_.empty() ? std::string("none") : detail::join(known_); }

 private:
  void claim(const std::string& value, const std::string& id) {
    const auto [it, inserted] = by_value_.emplace(value, id);
    if (inserted) {
      known_.push_back(value);
    } else if (it->second != id) {
      throw Error("plan: categories '" + it->second + "' and '" + id + "' both claim the value '" + value +
                  "'");
    }
  }

  std::unordered_map<std::string, std::string> by_value_;
  std::vector<std::string> known_;  // in plan order, for messages
};

std::optional<FacilityStatus> parse_status(const std::string& text) {
  std::string lower = text;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower.empty() || lower == "existing" || text == "现有" || text == "现状" || text == "已建") {
    return FacilityStatus::existing;
  }
  if (lower == "planned" || text == "规划" || text == "拟建") return FacilityStatus::planned;
  if (lower == "closed" || text == "关闭") return FacilityStatus::closed;
  return std::nullopt;
}

// A lon/lat pair that is more likely the other way round: a latitude column
// holding a longitude, or (for China) latitude 18-54 in the lon column and
// longitude 73-135 in the lat column.
bool looks_swapped(double lon, double lat) {
  if (std::abs(lon) <= 90.0 && std::abs(lat) > 90.0 && std::abs(lat) <= 180.0) return true;
  return lon >= 18.0 && lon <= 54.0 && lat >= 73.0 && lat <= 135.0;
}

struct FacilityFields {
  std::optional<int> id;
  std::optional<int> name;
  int category = -1;
  std::optional<int> capacity;
  std::optional<int> status;
  int lon = -1;  // tables only
  int lat = -1;
};

FacilityFields find_fields(const detail::OgrLayer& layer, const FacilitiesInput& input) {
  layer.require_features("no facilities to load");
  FacilityFields f;
  f.id = layer.optional_field(input.id_field);
  f.name = layer.configured_field(input.name_field, "name_field");
  f.category = layer.required_field(input.category_field, "category_field");
  f.capacity = layer.configured_field(input.capacity_field, "capacity_field");
  f.status = layer.configured_field(input.status_field, "status_field");
  if (layer.kind() == detail::LayerKind::table) {
    f.lon = layer.required_field(input.lon_field, "lon_field");
    f.lat = layer.required_field(input.lat_field, "lat_field");
  }
  return f;
}

class FacilityReader {
 public:
  FacilityReader(const FacilitiesInput& input, const std::vector<Category>& categories, const WorkingCrs& crs)
      : input_(input),
        layer_(input, "[[facilities]]"),
        fields_(find_fields(layer_, input)),
        categories_(categories),
        source_(detail::resolve_source_crs(layer_, input.crs)),
        converter_(source_, crs),
        file_name_(input.path.filename().string()) {
    if (source_.warning) out_.warnings.push_back(*source_.warning);
  }

  FacilityLayer read() {
    layer_.layer().ResetReading();
    for (auto& feature : layer_.layer()) read_feature(*feature);
    out_.info = detail::layer_info(layer_, source_, out_.facilities.size(), box_);
    return std::move(out_);
  }

 private:
  void read_feature(const OGRFeature& feature) {
    Facility f;
    ++data_row_;
    f.feature = layer_.kind() == detail::LayerKind::table ? data_row_ : feature.GetFID();
    read_id(feature, f);
    if (fields_.name) f.name = layer_.text(feature, *fields_.name, f.feature);
    read_category(feature, f);
    f.capacity = read_capacity(feature, f.feature);
    f.status = read_status(feature, f.feature);
    read_position(feature, f);
    out_.facilities.push_back(std::move(f));
  }

  void read_id(const OGRFeature& feature, Facility& f) {
    const std::int64_t fid = f.feature;
    f.id = fields_.id ? layer_.text(feature, *fields_.id, fid) : std::string();
    f.id_generated = f.id.empty();
    if (f.id_generated) f.id = file_name_ + ":" + std::to_string(fid);
    const auto [it, inserted] = first_fid_of_id_.emplace(f.id, fid);
    if (!inserted) {
      throw InputError(
          layer_.where(fid, input_.id_field),
          "repeats id '" + f.id + "' (first used by feature " + std::to_string(it->second) + ")");
    }
  }

  void read_category(const OGRFeature& feature, Facility& f) const {
    const InputLocation where = layer_.where(f.feature, input_.category_field);
    f.raw_category = layer_.text(feature, fields_.category, f.feature);
    if (f.raw_category.empty()) throw InputError(where, "is empty: every facility needs a category");
    const std::string* id = categories_.find(f.raw_category);
    if (!id) {
      throw InputError(where, "value '" + f.raw_category +
                                  "' is not claimed by any plan category (known values: " +
                                  categories_.known_values() + ")");
    }
    f.category = *id;
  }

  std::optional<double> read_capacity(const OGRFeature& feature, std::int64_t fid) const {
    if (!fields_.capacity) return std::nullopt;
    const detail::NumberValue v = layer_.number(feature, *fields_.capacity);
    const InputLocation where = layer_.where(fid, input_.capacity_field);
    switch (v.status) {
      case detail::NumberStatus::empty:
        return std::nullopt;
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

  FacilityStatus read_status(const OGRFeature& feature, std::int64_t fid) const {
    if (!fields_.status) return FacilityStatus::existing;
    const std::string text = layer_.text(feature, *fields_.status, fid);
    const std::optional<FacilityStatus> status = parse_status(text);
    if (!status) {
      throw InputError(layer_.where(fid, input_.status_field),
                       "value '" + text +
                           "' is not a status (existing, planned, closed, 现有/现状/已建, 规划/拟建, 关闭)");
    }
    return *status;
  }

  double read_coordinate(const OGRFeature& feature, int field, const std::string& name,
                         std::int64_t fid) const {
    const detail::NumberValue v = layer_.number(feature, field);
    const InputLocation where = layer_.where(fid, name);
    switch (v.status) {
      case detail::NumberStatus::empty:
        throw InputError(where, "is empty: every facility needs coordinates");
      case detail::NumberStatus::not_a_number:
        throw InputError(where, "is not a number ('" + v.text + "')");
      case detail::NumberStatus::not_finite:
        throw InputError(where, "is not a finite number (" + v.text + ")");
      case detail::NumberStatus::ok:
        break;
    }
    return v.value;
  }

  void point_of(const OGRFeature& feature, std::int64_t fid, double& x, double& y) const {
    const OGRGeometry* g = feature.GetGeometryRef();
    if (!g) throw InputError(layer_.where(fid), "has no geometry");
    if (g->IsEmpty()) throw InputError(layer_.where(fid), "has an empty geometry");
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1)
      g = g->toMultiPoint()->getGeometryRef(0);
    if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
      throw InputError(layer_.where(fid),
                       "has a " + detail::geometry_type_name(type) + " geometry; a facility must be a Point");
    }
    x = g->toPoint()->getX();
    y = g->toPoint()->getY();
  }

  void read_position(const OGRFeature& feature, Facility& f) {
    double x = 0.0;
    double y = 0.0;
    if (layer_.kind() == detail::LayerKind::table) {
      x = read_coordinate(feature, fields_.lon, input_.lon_field, f.feature);
      y = read_coordinate(feature, fields_.lat, input_.lat_field, f.feature);
    } else {
      point_of(feature, f.feature, x, y);
    }
    const InputLocation where = layer_.where(f.feature);
    if (converter_.geographic() && looks_swapped(x, y)) {
      const std::string hint =
          layer_.kind() == detail::LayerKind::table
              ? "check lon_field/lat_field ('" + input_.lon_field + "'/'" + input_.lat_field + "')"
              : std::string("check the layer's axis order");
      throw InputError(where, "coordinates look swapped (lon=" + format_number(x) +
                                  ", lat=" + format_number(y) + "): " + hint);
    }
    converter_.to_wgs84(x, y, f.lon, f.lat, where);
    converter_.to_working(f.lon, f.lat, f.x, f.y, where);
    box_.add(f.lon, f.lat);
  }

  const FacilitiesInput& input_;
  detail::OgrLayer layer_;
  FacilityFields fields_;
  CategoryMap categories_;
  detail::SourceCrs source_;
  detail::PointConverter converter_;
  std::string file_name_;
  detail::LonLatBox box_;
  std::int64_t data_row_ = 0;  // tables: the feature number is the 1-based data row (header not counted)
  std::unordered_map<std::string, std::int64_t> first_fid_of_id_;
  FacilityLayer out_;
};

}  // namespace

FacilityLayer load_facilities(const FacilitiesInput& input, const std::vector<Category>& categories,
                              const WorkingCrs& crs) {
  require_regular_file(input.path, "facilities layer", DirectoryInput::allowed);
  const detail::QuietGdal quiet;
  return FacilityReader(input, categories, crs).read();
}

}  // namespace lifecircle::io
