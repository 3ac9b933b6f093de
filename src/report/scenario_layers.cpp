#include "lifecircle/report/scenario_layers.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

std::string layer_name(std::size_t k, const std::string& name) {
  std::string out = "changes_" + std::to_string(k + 1) + "_";
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (std::isalnum(u) && u < 128) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return out;
}

void add_field(OGRLayer& layer, const char* name, OGRFieldType type, const std::string& where) {
  OGRFieldDefn defn(name, type);
  if (layer.CreateField(&defn) != OGRERR_NONE) throw OutputError(where + ": cannot create field " + name);
}

std::size_t write_layer(GDALDataset& ds, const OGRSpatialReference& wgs84, const graph::City& city,
                        const coverage::DemandModel& demand, const std::string& name,
                        const std::vector<coverage::ScenarioCategory>& categories, const std::string& where) {
  OGRLayer* layer = ds.CreateLayer(name.c_str(), const_cast<OGRSpatialReference*>(&wgs84), wkbPoint, nullptr);
  if (layer == nullptr) throw OutputError(where + ": cannot create layer " + name);
  add_field(*layer, "category", OFTString, where);
  add_field(*layer, "change", OFTString, where);
  add_field(*layer, "town_code", OFTString, where);
  add_field(*layer, "population", OFTReal, where);
  std::size_t written = 0;
  for (const coverage::ScenarioCategory& c : categories) {
    for (std::size_t i = 0; i < demand.points.size(); ++i) {
      const bool before = c.base_label[i] != routing::kNoLabel, after = c.scenario_label[i] != routing::kNoLabel;
      if (before == after) continue;
      const coverage::DemandPoint& p = demand.points[i];
      double lon = 0.0, lat = 0.0;
      city.crs->to_wgs84(p.x, p.y, lon, lat);
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("category", c.category.c_str());
      f.SetField("change", after ? "newly covered" : "newly uncovered");
      f.SetField("town_code", p.town == coverage::kNoTown ? "" : city.towns.towns[p.town].code.c_str());
      f.SetField("population", p.population);
      f.SetGeometryDirectly(new OGRPoint(lon, lat));
      if (layer->CreateFeature(&f) != OGRERR_NONE) throw OutputError(where + ": cannot write to layer " + name);
      ++written;
    }
  }
  return written;
}

// An atomic GeoPackage with a WGS84 point layer per call of `fill`.
template <typename Fill>
void write_gpkg(const std::filesystem::path& path, Fill fill) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (driver == nullptr) throw OutputError(path.string() + ": GDAL has no GPKG driver");
  AtomicFile file(path);
  {
    GDALDatasetUniquePtr ds(driver->Create(file.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw OutputError(path.string() + ": cannot create: " + CPLGetLastErrorMsg());
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    ds->StartTransaction();
    fill(*ds, wgs84);
    if (ds->CommitTransaction() != OGRERR_NONE) throw OutputError(path.string() + ": cannot commit the layers");
  }
  file.commit();
}

}  // namespace

void write_site_layer(const std::string& category, const std::vector<SiteRecord>& sites,
                      const std::filesystem::path& path) {
  const std::string where = path.string();
  write_gpkg(path, [&](GDALDataset& ds, const OGRSpatialReference& wgs84) {
    OGRLayer* layer = ds.CreateLayer("sites", const_cast<OGRSpatialReference*>(&wgs84), wkbPoint, nullptr);
    if (layer == nullptr) throw OutputError(where + ": cannot create layer sites");
    add_field(*layer, "rank", OFTInteger, where);
    add_field(*layer, "category", OFTString, where);
    add_field(*layer, "town_code", OFTString, where);
    add_field(*layer, "population_added", OFTReal, where);
    add_field(*layer, "covered_after", OFTReal, where);
    add_field(*layer, "share_after", OFTReal, where);
    for (const SiteRecord& s : sites) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("rank", static_cast<int>(s.rank));
      f.SetField("category", category.c_str());
      f.SetField("town_code", s.town_code.c_str());
      f.SetField("population_added", s.population_added);
      f.SetField("covered_after", s.covered_after);
      f.SetField("share_after", s.share_after);
      f.SetGeometryDirectly(new OGRPoint(s.lon, s.lat));
      if (layer->CreateFeature(&f) != OGRERR_NONE) throw OutputError(where + ": cannot write to layer sites");
    }
  });
}

std::size_t write_scenario_changes(const graph::City& city, const coverage::DemandModel& demand,
                                   const std::vector<ScenarioChanges>& scenarios, const std::filesystem::path& path) {
  std::size_t written = 0;
  write_gpkg(path, [&](GDALDataset& ds, const OGRSpatialReference& wgs84) {
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
      written += write_layer(ds, wgs84, city, demand, layer_name(k, scenarios[k].name), *scenarios[k].categories,
                             path.string());
    }
  });
  return written;
}

}  // namespace lifecircle::report
