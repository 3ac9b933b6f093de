// Which GDAL drivers can hold lifecircle's layers, asked of the driver and
// tried on a scratch dataset in memory (report/layers.hpp).

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>

#include "detail/ogr_geometry.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

constexpr const char* kAdvice = "; use GPKG, GeoJSON or FlatGeobuf";
constexpr const char* kDatasourceAdvice = "; use PostgreSQL or GPKG with --datasource";
// As long as lifecircle's field names get (a category id and "_covered_pop").
constexpr const char* kLongField = "kindergarten_covered_pop";
constexpr const char* kChinese = "东镇 新河镇";
constexpr const char* kPolygon = "MULTIPOLYGON (((121.3 28.3,121.31 28.3,121.31 28.31,121.3 28.3)))";

void register_drivers() {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
}

bool capable(GDALDriver& driver, const char* item) {
  const char* value = driver.GetMetadataItem(item);
  return value != nullptr && EQUAL(value, "YES");
}

std::vector<std::string> words(const char* list) {
  std::vector<std::string> out;
  std::istringstream in(list == nullptr ? "" : list);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The driver's extension; of several, the one named like the driver (GeoJSON: "geojson", not "json").
std::string extension_of(GDALDriver& driver) {
  std::vector<std::string> all = words(driver.GetMetadataItem(GDAL_DMD_EXTENSIONS));
  const char* one = driver.GetMetadataItem(GDAL_DMD_EXTENSION);
  const std::string name = lower(driver.GetDescription());
  for (const std::string& e : all) {
    if (lower(e) == name) return e;
  }
  if (one != nullptr && *one != '\0') return one;
  return all.empty() ? std::string() : all.front();
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

// What comes back from a towns-like layer written in this format: the problems, empty when none.
std::vector<std::string> read_back(const std::string& path, const std::string& driver_name) {
  const char* const allowed[] = {driver_name.c_str(), nullptr};
  GDALDatasetUniquePtr in(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, allowed));
  if (!in) return {"what GDAL writes in this format cannot be read back"};
  OGRLayer* layer = in->GetLayerByName("towns");
  if (layer == nullptr && in->GetLayerCount() == 1) layer = in->GetLayer(0);
  if (layer == nullptr) return {"layer names are not kept"};
  const std::unique_ptr<OGRFeature> feature(layer->GetNextFeature());
  if (!feature) return {"features are not kept"};
  std::vector<std::string> problems;
  const OGRGeometry* g = feature->GetGeometryRef();
  if (g == nullptr || g->IsEmpty())
    problems.emplace_back("it holds no geometry (only the attributes are written)");
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();
  bool long_name_kept = false;
  std::size_t cut_to = 0;
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    const std::string name = defn.GetFieldDefn(i)->GetNameRef();
    if (name == kLongField) long_name_kept = true;
    if (name.size() < std::string(kLongField).size() && std::string(kLongField).rfind(name, 0) == 0 &&
        name.size() > 4) {
      cut_to = name.size();
    }
  }
  if (!long_name_kept) {
    problems.push_back(cut_to > 0 ? "field names are cut to " + std::to_string(cut_to) + " characters"
                                  : std::string("field names are not kept"));
  }
  const int name_field = defn.GetFieldIndex("name");
  if (name_field < 0 || std::string(feature->GetFieldAsString(name_field)) != kChinese) {
    problems.emplace_back("text is not kept as UTF-8 (Chinese names come back as '" +
                          std::string(name_field < 0 ? "" : feature->GetFieldAsString(name_field)) + "')");
  }
  return problems;
}

// Writes a towns-like layer to `path` and reads it back.
std::vector<std::string> try_format(GDALDriver& driver, const std::string& path) {
  GDALDatasetUniquePtr ds(driver.Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) return {std::string("GDAL cannot create a dataset in it (") + CPLGetLastErrorMsg() + ")"};
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer("towns", &wgs84, wkbMultiPolygon, nullptr);
  if (layer == nullptr) return {"it cannot hold a polygon layer"};
  for (const auto& [name, type] : {std::pair<const char*, OGRFieldType>{"name", OFTString},
                                   {kLongField, OFTReal},
                                   {"facilities", OFTInteger}}) {
    OGRFieldDefn defn(name, type);
    if (layer->CreateField(&defn) != OGRERR_NONE) return {std::string("it cannot hold the field ") + name};
  }
  OGRFeature f(layer->GetLayerDefn());
  f.SetField(0, kChinese);
  f.SetField(1, 0.5);
  f.SetField(2, 3);
  OGRGeometry* polygon = nullptr;
  OGRGeometryFactory::createFromWkt(kPolygon, &wgs84, &polygon);
  f.SetGeometryDirectly(polygon);
  if (layer->CreateFeature(&f) != OGRERR_NONE) return {"it cannot hold a town"};
  ds.reset();
  return read_back(path, driver.GetDescription());
}

// The problems of writing lifecircle's layers in `format`, from a scratch dataset in /vsimem.
std::string probe(GDALDriver& driver, const std::string& extension) {
  static std::atomic<unsigned> counter{0};
  const std::string dir = "/vsimem/lifecircle-format-probe-" + std::to_string(counter.fetch_add(1));
  VSIMkdir(dir.c_str(), 0755);
  const std::string path = dir + "/towns" + (extension.empty() ? "" : "." + extension);
  CPLPushErrorHandler(CPLQuietErrorHandler);
  const std::vector<std::string> problems = try_format(driver, path);
  CPLPopErrorHandler();
  CPLErrorReset();
  VSIRmdirRecursive(dir.c_str());
  return join(problems, " and ");
}

// The reason `driver` cannot hold the run's layers laid out as `format`, or "".
std::string refusal(GDALDriver& driver, const OutputFormat& format, bool datasource) {
  const std::string extension = extension_of(driver);
  if (!capable(driver, GDAL_DCAP_VECTOR)) return "a raster-only GDAL driver";
  if (!capable(driver, GDAL_DCAP_CREATE)) return "GDAL cannot create datasets in this format";
  const std::vector<std::string> types = words(driver.GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES));
  for (const char* type : {"Integer", "Real", "String"}) {
    if (std::find(types.begin(), types.end(), type) == types.end()) {
      return std::string("it cannot hold fields of type ") + type;
    }
  }
  const char* prefix = driver.GetMetadataItem(GDAL_DMD_CONNECTION_PREFIX);
  const bool database = prefix != nullptr && *prefix != '\0';
  if (database && !datasource) {
    return std::string("writes into a database: give --datasource \"") + prefix + "...\"";
  }
  if (datasource && format.layout != OutputLayout::datasource)
    return "cannot hold several layers in one datasource";
  if (database) return "";  // nothing to try in memory: PostgreSQL and its kind hold what a GeoPackage holds
  if (!capable(driver, GDAL_DCAP_VIRTUALIO))
    return "GDAL cannot try it in memory, so lifecircle cannot check it";
  static std::mutex mutex;
  static std::map<std::string, std::string> known;  // driver name: problems
  const std::lock_guard<std::mutex> lock(mutex);
  const auto [it, added] = known.try_emplace(driver.GetDescription());
  if (added) it->second = probe(driver, extension);
  return it->second;
}

// A datasource written as another driver's connection string ("PG:dbname=x"
// with the default GPKG) would become a file of that name: refused.
void refuse_other_drivers_connection(const std::string& datasource, const std::string& driver_name) {
  GDALDriverManager& drivers = *GetGDALDriverManager();
  for (int i = 0; i < drivers.GetDriverCount(); ++i) {
    GDALDriver& other = *drivers.GetDriver(i);
    const char* prefix = other.GetMetadataItem(GDAL_DMD_CONNECTION_PREFIX);
    if (prefix == nullptr || *prefix == '\0' || !STARTS_WITH_CI(datasource.c_str(), prefix)) continue;
    if (driver_name == other.GetDescription()) return;
    throw OutputError("--datasource '" + std::string(prefix) + "...' is a connection for GDAL's " +
                      other.GetDescription() + " driver, not " + driver_name + ": give --format " +
                      other.GetDescription());
  }
}

// The warnings GDAL gives while it lives (this thread), kept instead of printed.
class GdalWarnings {
 public:
  GdalWarnings() { CPLPushErrorHandlerEx(&GdalWarnings::keep, this); }
  ~GdalWarnings() { CPLPopErrorHandler(); }
  GdalWarnings(const GdalWarnings&) = delete;
  GdalWarnings& operator=(const GdalWarnings&) = delete;
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  static void CPL_STDCALL keep(CPLErr level, CPLErrorNum /*number*/, const char* message) {
    auto* self = static_cast<GdalWarnings*>(CPLGetErrorHandlerUserData());
    if (self != nullptr && level == CE_Warning && message != nullptr) self->messages_.emplace_back(message);
  }
  std::vector<std::string> messages_;
};

// The option of `options` whose name `message` mentions, else all of them.
std::string named_in(const std::string& message, const std::vector<std::string>& options) {
  for (const std::string& option : options) {
    const std::string name = option.substr(0, option.find('='));
    if (message.find(name) != std::string::npos) return option;
  }
  return join(options, ", ");
}

// Every creation option is NAME=VALUE, and the driver takes it: GDAL only
// warns about an option it does not know or a value it does not accept, so a
// scratch dataset in memory is made with them and each warning refused.
void check_creation_options(GDALDriver& driver, const OutputFormat& format, const OutputOptions& options) {
  const auto& layer = options.layer_creation_options;
  const auto& dataset = options.dataset_creation_options;
  for (const auto* list : {&layer, &dataset}) {
    for (const std::string& option : *list) {
      const std::size_t equals = option.find('=');
      if (equals == 0 || equals == std::string::npos) {
        throw OutputError(std::string(list == &layer ? "layer" : "dataset") + " creation option '" + option +
                          "': not NAME=VALUE");
      }
    }
  }
  if (layer.empty() && dataset.empty()) return;
  CPLStringList dsco = detail::gdal_options(dataset),
                lco = detail::gdal_options(layer);  // GDAL 3.6 wants char**
  GdalWarnings warnings;
  std::string scratch;                          // its name in GDAL's messages stands for the output
  if (!capable(driver, GDAL_DCAP_VIRTUALIO)) {  // a database: its dataset options at least
    GDALValidateCreationOptions(&driver, dsco.List());
  } else {
    static std::atomic<unsigned> counter{0};
    const std::string dir = "/vsimem/lifecircle-options-probe-" + std::to_string(counter.fetch_add(1));
    VSIMkdir(dir.c_str(), 0755);
    scratch = dir + "/towns" + (format.extension.empty() ? "" : "." + format.extension);
    {
      GDALDatasetUniquePtr ds(driver.Create(scratch.c_str(), 0, 0, 0, GDT_Unknown, dsco.List()));
      OGRSpatialReference wgs84;
      wgs84.importFromEPSG(4326);
      if (ds && !layer.empty()) ds->CreateLayer("towns", &wgs84, wkbMultiPolygon, lco.List());
    }
    VSIRmdirRecursive(dir.c_str());
  }
  for (std::string message : warnings.messages()) {
    if (message.find("option") == std::string::npos) continue;
    if (const std::size_t at = scratch.empty() ? std::string::npos : message.find(scratch);
        at != std::string::npos) {
      message.replace(at, scratch.size(), std::string("GDAL's ") + driver.GetDescription() + " output");
    }
    const bool is_layer = message.find("layer creation option") != std::string::npos;
    throw OutputError(std::string(is_layer ? "layer" : "dataset") + " creation option " +
                      named_in(message, is_layer ? layer : dataset) + ": " + message);
  }
}

// The output CRS is one GDAL knows, and GeoJSON's is WGS84 (RFC 7946).
void check_output_crs(const OutputFormat& format, const std::string& crs) {
  if (crs.empty()) return;
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
    throw OutputError("output CRS '" + crs +
                      "': not a coordinate system GDAL knows (e.g. EPSG:4326, EPSG:32651)");
  }
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  if (format.driver == "GeoJSON" && !srs.IsSame(&wgs84)) {
    throw OutputError("output CRS '" + crs + "': GeoJSON is WGS84 (EPSG:4326) by RFC 7946; write GPKG or " +
                      "FlatGeobuf for another CRS");
  }
}

}  // namespace

OutputFormat output_format(const OutputOptions& options, const std::string& source) {
  register_drivers();
  const std::string named = source + " '" + options.format + "'";
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(options.format.c_str());
  if (driver == nullptr) throw OutputError(named + ": no GDAL driver has this name" + kAdvice);
  OutputFormat format;
  format.driver = driver->GetDescription();
  const bool layers = capable(*driver, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS);
  if (!options.datasource.empty()) {
    if (layers) format.layout = OutputLayout::datasource;
  } else {
    format.layout = layers ? OutputLayout::one_dataset : OutputLayout::file_per_layer;
    format.extension = extension_of(*driver);
  }
  const std::string reason = refusal(*driver, format, !options.datasource.empty());
  if (!reason.empty()) {
    throw OutputError(named + ": " + reason + (options.datasource.empty() ? kAdvice : kDatasourceAdvice));
  }
  refuse_other_drivers_connection(options.datasource, format.driver);
  check_output_crs(format, options.crs);
  check_creation_options(*driver, format, options);
  return format;
}

std::vector<std::string> layer_names(bool isochrones, bool targets) {
  std::vector<std::string> out{"towns", "facilities"};
  if (isochrones) out.emplace_back("isochrones");
  for (const char* name : {"coverage", "gaps", "indicators"}) out.emplace_back(name);
  if (targets) out.emplace_back("targets");
  return out;
}

std::vector<std::string> layer_file_names(const OutputFormat& format) {
  switch (format.layout) {
    case OutputLayout::one_dataset:
      return {dataset_file_name("lifecircle", format)};
    case OutputLayout::file_per_layer: {
      std::vector<std::string> out;
      for (const char* name : {"towns", "facilities", "isochrones", "coverage", "gaps"}) {
        out.push_back(std::string(name) + "." + format.extension);
      }
      return out;
    }
    case OutputLayout::datasource:
      return {};
  }
  return {};
}

std::string dataset_file_name(const std::string& stem, const OutputFormat& format) {
  return format.extension.empty() ? stem : stem + "." + format.extension;
}

OutputFormat gpkg_format() { return {"GPKG", OutputLayout::one_dataset, "gpkg"}; }

OutputFormat check_output(const OutputOptions& options, const std::string& source) {
  OutputFormat format = output_format(options, source);
  if (format.layout != OutputLayout::datasource) return format;
  const char* const allowed[] = {format.driver.c_str(), nullptr};
  CPLErrorReset();
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(options.datasource.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, allowed));
  if (!ds) {
    // A file datasource that does not exist yet is created by the run; a database must exist.
    const char* prefix = GetGDALDriverManager()
                             ->GetDriverByName(format.driver.c_str())
                             ->GetMetadataItem(GDAL_DMD_CONNECTION_PREFIX);
    if (prefix == nullptr || *prefix == '\0') return format;
    throw OutputError(options.datasource + ": cannot open (" + CPLGetLastErrorMsg() + ")");
  }
  if (!ds->TestCapability(ODsCTransactions)) {
    throw OutputError(options.datasource +
                      ": cannot be written in one transaction, so a failed run could leave "
                      "part of its tables" +
                      kAdvice);
  }
  if (options.overwrite) return format;
  std::vector<std::string> existing;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  for (const std::string& name : layer_names(true, true)) {
    if (ds->GetLayerByName(name.c_str()) != nullptr) existing.push_back(name);
  }
  CPLPopErrorHandler();
  if (!existing.empty()) {
    throw OutputError(options.datasource + ": holds tables of an earlier run (" + join(existing, ", ") +
                      "); give --overwrite to replace them");
  }
  return format;
}

}  // namespace lifecircle::report
