#include "lifecircle/io/detail/ogr_layer.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/util/input_file.hpp"
#include "lifecircle/util/utf8.hpp"
#include "text_encoding.hpp"

namespace lifecircle::io::detail {
namespace {

std::string lowercase_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// Tables are read as text so that the loaders parse and report every value
// themselves; headers are always the first row.
CPLStringList open_options_for(const std::filesystem::path& path) {
  CPLStringList options;
  const std::string ext = lowercase_extension(path);
  if (ext == ".csv") {
    options.AddNameValue("HEADERS", "YES");
    options.AddNameValue("AUTODETECT_TYPE", "NO");
    options.AddNameValue("EMPTY_STRING_AS_NULL", "NO");
  }
  return options;
}

// The XLSX and ODS drivers of GDAL 3.6 take these as configuration options
// (thread-local here) and read them when a sheet is first parsed.
class SpreadsheetAsText {
 public:
  SpreadsheetAsText() = default;

 private:
  CPLConfigOptionSetter xlsx_headers_{"OGR_XLSX_HEADERS", "FORCE", false};
  CPLConfigOptionSetter xlsx_types_{"OGR_XLSX_FIELD_TYPES", "STRING", false};
  CPLConfigOptionSetter ods_headers_{"OGR_ODS_HEADERS", "FORCE", false};
  CPLConfigOptionSetter ods_types_{"OGR_ODS_FIELD_TYPES", "STRING", false};
};

// True when the driver that would open `name` reads text in an encoding of
// its own choosing through an ENCODING open option (the Shapefile driver).
bool driver_decodes(const std::string& name) {
  GDALDriverH driver = GDALIdentifyDriverEx(name.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (!driver) return false;
  const char* list = GDALGetMetadataItem(driver, GDAL_DMD_OPENOPTIONLIST, nullptr);
  return list && std::string_view(list).find("name='ENCODING'") != std::string_view::npos;
}

struct OpenedDataset {
  GDALDatasetUniquePtr dataset;
  bool decoded = false;  // the driver recodes text from the given encoding
};

// GDAL only warns about an open option its driver does not take: kept here, refused after the open.
void CPL_STDCALL keep_option_warning(CPLErr level, CPLErrorNum /*number*/, const char* message) {
  auto* warnings = static_cast<std::vector<std::string>*>(CPLGetErrorHandlerUserData());
  if (warnings != nullptr && level == CE_Warning && message != nullptr &&
      std::strstr(message, "open option") != nullptr)
    warnings->emplace_back(message);
}

OpenedDataset open_dataset(const std::filesystem::path& path, const std::string& encoding,
                           const std::vector<std::string>& user_options) {
  const std::string name = path.string();
  if (!std::filesystem::exists(path)) {
    throw InputError({.path = name, .layer = "", .feature = std::nullopt, .field = ""}, "file not found");
  }
  require_regular_file(path, "vector layer", DirectoryInput::allowed);
  CPLStringList options = open_options_for(path);
  const bool decoded = !encoding.empty() && driver_decodes(name);
  if (decoded) options.AddNameValue("ENCODING", encoding.c_str());
  for (const std::string& option : user_options) {  // the plan's open_options = ["NAME=VALUE"]
    const std::size_t equals = option.find('=');
    options.SetNameValue(option.substr(0, equals).c_str(), option.substr(equals + 1).c_str());
  }
  std::vector<std::string> option_warnings;
  CPLErrorHandlerPusher keep(keep_option_warning, &option_warnings);  // quiet, as QuietGdal
  CPLErrorReset();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List(), nullptr));
  if (!option_warnings.empty()) {
    throw InputError({.path = name, .layer = "", .feature = std::nullopt, .field = ""},
                     "open_options: " + option_warnings.front());
  }
  if (!dataset) {
    const std::string why = last_gdal_error();
    throw InputError({.path = name, .layer = "", .feature = std::nullopt, .field = ""},
                     "cannot be read as a vector layer (GeoPackage, Shapefile, GeoJSON, CSV, XLSX ...)" +
                         (why.empty() ? std::string() : ": " + why));
  }
  return {std::move(dataset), decoded};
}

std::vector<std::string> layer_names(GDALDataset& dataset) {
  std::vector<std::string> names;
  for (OGRLayer* layer : dataset.GetLayers()) names.emplace_back(layer->GetName());
  return names;
}

OGRLayer& pick_layer(GDALDataset& dataset, const std::string& path, const std::string& wanted) {
  const std::vector<std::string> names = layer_names(dataset);
  const InputLocation file{.path = path, .layer = "", .feature = std::nullopt, .field = ""};
  if (!wanted.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(wanted.c_str());
    if (!layer) throw InputError(file, "has no layer '" + wanted + "' (layers: " + join(names) + ")");
    return *layer;
  }
  if (names.empty()) throw InputError(file, "has no vector layer");
  if (names.size() > 1) {
    throw InputError(file, "has " + std::to_string(names.size()) + " layers (" + join(names) +
                               "): name the one to use with layer = \"...\"");
  }
  return *dataset.GetLayer(0);
}

LayerKind kind_of(const std::string& driver, OGRLayer& layer) {
  if (driver == "CSV" || driver == "XLSX" || driver == "ODS") return LayerKind::table;
  return layer.GetGeomType() == wkbNone ? LayerKind::table : LayerKind::features;
}

}  // namespace

void register_gdal_once() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string geometry_type_name(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
      return "Point";
    case wkbLineString:
      return "LineString";
    case wkbPolygon:
      return "Polygon";
    case wkbMultiPoint:
      return "MultiPoint";
    case wkbMultiLineString:
      return "MultiLineString";
    case wkbMultiPolygon:
      return "MultiPolygon";
    case wkbGeometryCollection:
      return "GeometryCollection";
    default:
      return OGRGeometryTypeToName(type);
  }
}

QuietGdal::QuietGdal() : pusher_(CPLQuietErrorHandler) {}

std::string last_gdal_error() {
  const char* message = CPLGetLastErrorMsg();
  return message ? std::string(message) : std::string();
}

OgrLayer::OgrLayer(const LayerRef& ref, std::string encoding_setting)
    : path_(ref.path.string()), encoding_(ref.encoding), encoding_setting_(std::move(encoding_setting)) {
  register_gdal_once();
  bool decoded = false;
  {
    const SpreadsheetAsText as_text;
    OpenedDataset opened = open_dataset(ref.path, encoding_, ref.open_options);
    dataset_ = std::move(opened.dataset);
    decoded = opened.decoded;
    layer_ = &pick_layer(*dataset_, path_, ref.layer);
    layer_->GetLayerDefn();  // a spreadsheet's sheet is parsed here, under the options above
  }
  layer_name_ = layer_->GetName();
  GDALDriver* driver = dataset_->GetDriver();
  driver_ = driver ? driver->GetDescription() : "";
  kind_ = kind_of(driver_, *layer_);
  recode_ = !encoding_.empty() && !decoded && !is_utf8_encoding(encoding_);
  const OGRFeatureDefn& defn = definition();
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    const char* name = defn.GetFieldDefn(i)->GetNameRef();
    field_names_.push_back(recode_ ? to_utf8(name, encoding_) : std::string(name));
  }
}

std::string OgrLayer::set_encoding(const std::string& encoding) const {
  if (encoding_setting_.rfind("--", 0) == 0) return "use " + encoding_setting_ + " " + encoding;
  std::string out = "set encoding = \"" + encoding + "\"";
  if (!encoding_setting_.empty()) out += " in " + encoding_setting_;
  return out;
}

std::string OgrLayer::not_utf8(std::string_view bytes) const {
  std::string out = "is not UTF-8";
  if (const std::optional<std::string> gb = decode_gb18030(bytes)) {
    out += "; it decodes as GB18030 ('" + *gb + "', ...): " + set_encoding("GB18030");
  } else {
    out += " text: " + set_encoding("...") + " to the file's encoding (e.g. \"Big5\", \"CP1252\")";
  }
  return out + ", or save the file as UTF-8" + (driver_ == "CSV" ? " (in Excel: \"CSV UTF-8\")" : "");
}

InputLocation OgrLayer::where(std::optional<std::int64_t> feature, std::string field) const {
  return InputLocation{.path = path_, .layer = layer_name_, .feature = feature, .field = std::move(field)};
}

std::string OgrLayer::text(const OGRFeature& feature, int field, std::int64_t feature_number) const {
  std::string value = text_value(feature, field);
  if (recode_) return std::string(trim(to_utf8(value, encoding_)));
  if (!is_utf8(value)) throw InputError(where(feature_number, field_name(field)), not_utf8(value));
  return value;
}

NumberValue OgrLayer::number(const OGRFeature& feature, int field) const {
  NumberValue value = number_value(feature, field);
  if (recode_) value.text = std::string(trim(to_utf8(value.text, encoding_)));
  return value;
}

void OgrLayer::require_features(std::string_view consequence) const {
  if (layer_->GetFeatureCount(TRUE) == 0) {
    throw InputError(where(), "has no features: " + std::string(consequence));
  }
}

std::string OgrLayer::field_names() const {
  return field_names_.empty() ? std::string("none") : join(field_names_, 200);
}

std::optional<int> OgrLayer::optional_field(const std::string& name) const {
  if (name.empty()) return std::nullopt;
  for (std::size_t i = 0; i < field_names_.size(); ++i) {
    if (EQUAL(field_names_[i].c_str(), name.c_str())) return static_cast<int>(i);  // as GetFieldIndex()
  }
  return std::nullopt;
}

int OgrLayer::required_field(const std::string& name, std::string_view role) const {
  if (const std::optional<int> index = optional_field(name)) return *index;
  std::string why = "not found (set by " + std::string(role) + "); the layer's fields are: ";
  const bool names_utf8 =
      std::all_of(field_names_.begin(), field_names_.end(), [](const std::string& n) { return is_utf8(n); });
  if (names_utf8) throw InputError(where(std::nullopt, name), why + field_names());
  // Field names in GBK (a CSV from Excel on Chinese Windows): show them decoded, not as mojibake.
  std::vector<std::string> decoded;
  for (const std::string& n : field_names_) {
    const std::optional<std::string> gb = is_utf8(n) ? std::optional<std::string>(n) : decode_gb18030(n);
    if (!gb) {
      throw InputError(where(std::nullopt, name), why + "(not UTF-8: " + set_encoding("...") +
                                                      " to the file's encoding, or save the file as UTF-8)");
    }
    decoded.push_back(*gb);
  }
  throw InputError(
      where(std::nullopt, name),
      why + join(decoded, 200) + " when read as GB18030, but they are not UTF-8: " + set_encoding("GB18030"));
}

std::optional<int> OgrLayer::configured_field(const std::string& name, std::string_view role) const {
  if (name.empty()) return std::nullopt;
  return required_field(name, role);
}

}  // namespace lifecircle::io::detail
