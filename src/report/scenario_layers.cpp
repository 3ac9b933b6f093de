#include "lifecircle/report/scenario_layers.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "detail/ogr_geometry.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

[[noreturn]] void cannot_write(const std::string& where, const std::string& layer) {
  std::string message = where;
  message += ": cannot write to layer ";
  message += layer;
  throw OutputError(message);
}

std::string layer_name(const char* prefix, std::size_t k, const std::string& name) {
  std::string out = prefix + std::to_string(k + 1) + "_";
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

std::size_t write_layer(GDALDataset& ds, OGRSpatialReference& wgs84, const study::Study& study,
                        const coverage::DemandModel& demand, const std::string& name,
                        const std::vector<coverage::ScenarioCategory>& categories, const std::string& where) {
  OGRLayer* layer = ds.CreateLayer(name.c_str(), &wgs84, wkbPoint, nullptr);
  if (layer == nullptr) throw OutputError(where + ": cannot create layer " + name);
  add_field(*layer, "category", OFTString, where);
  add_field(*layer, "change", OFTString, where);
  add_field(*layer, "town_code", OFTString, where);
  add_field(*layer, "population", OFTReal, where);
  std::size_t written = 0;
  for (const coverage::ScenarioCategory& c : categories) {
    for (std::size_t i = 0; i < demand.points.size(); ++i) {
      const bool before = c.base_label[i] != routing::kNoLabel,
                 after = c.scenario_label[i] != routing::kNoLabel;
      if (before == after) continue;
      const coverage::DemandPoint& p = demand.points[i];
      double lon = 0.0, lat = 0.0;
      study.crs->to_wgs84(p.x, p.y, lon, lat);
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("category", c.category.c_str());
      f.SetField("change", after ? "newly covered" : "newly uncovered");
      f.SetField("town_code", p.town == coverage::kNoTown ? "" : study.towns.towns[p.town].code.c_str());
      f.SetField("population", p.population);
      f.SetGeometryDirectly(new OGRPoint(lon, lat));
      if (layer->CreateFeature(&f) != OGRERR_NONE) cannot_write(where, name);
      ++written;
    }
  }
  return written;
}

double share(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

// Per town: its polygon and, per category, the share covered in the base and
// the scenario (%), the change in points and in people.
void write_towns(GDALDataset& ds, detail::Wgs84& wgs84, const study::Study& study, const std::string& name,
                 const std::vector<coverage::ScenarioCategory>& categories, const std::string& where) {
  OGRLayer* layer = ds.CreateLayer(name.c_str(), &wgs84.srs(), wkbMultiPolygon, nullptr);
  if (layer == nullptr) throw OutputError(where + ": cannot create layer " + name);
  add_field(*layer, "town_code", OFTString, where);
  add_field(*layer, "town_name", OFTString, where);
  add_field(*layer, "population", OFTReal, where);
  for (const coverage::ScenarioCategory& c : categories) {
    for (const char* suffix : {"_base_pct", "_scen_pct", "_delta_pp", "_delta_people"}) {
      add_field(*layer, (c.category + suffix).c_str(), OFTReal, where);
    }
  }
  const auto multipolygon = [](detail::GeometryPtr g) {
    return detail::GeometryPtr(OGRGeometryFactory::forceToMultiPolygon(g.release()));
  };
  for (std::size_t t = 0; t < study.towns.towns.size(); ++t) {
    const io::Town& town = study.towns.towns[t];
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("town_code", town.code.c_str());
    f.SetField("town_name", town.name.c_str());
    f.SetField("population", categories.empty() ? town.population : categories.front().town_population[t]);
    for (const coverage::ScenarioCategory& c : categories) {
      const double pop = c.town_population[t];
      const double before = 100.0 * share(c.base_covered[t], pop),
                   after = 100.0 * share(c.scenario_covered[t], pop);
      f.SetField((c.category + "_base_pct").c_str(), before);
      f.SetField((c.category + "_scen_pct").c_str(), after);
      f.SetField((c.category + "_delta_pp").c_str(), after - before);
      f.SetField((c.category + "_delta_people").c_str(), c.scenario_covered[t] - c.base_covered[t]);
    }
    const auto message = [&](detail::GeometryFault fault) {
      return fault == detail::GeometryFault::unreadable
                 ? where + ": cannot read the polygon of town " + town.code
                 : where + ": cannot transform town " + town.code + " to WGS84";
    };
    f.SetGeometryDirectly(
        detail::wgs84_geometry(town.wkb, wgs84.transformation(), multipolygon, message).release());
    if (layer->CreateFeature(&f) != OGRERR_NONE) cannot_write(where, name);
  }
}

// detail::Wgs84 for the city's working CRS, its failure worded as this file always has.
detail::Wgs84 city_wgs84(const study::Study& study, const std::string& where) {
  try {
    return detail::Wgs84(study.crs->srs(), where);
  } catch (const OutputError&) {
    throw OutputError(where + ": cannot set up the transformation to WGS84");
  }
}

// An atomic GeoPackage, its layers written by `fill` in one transaction.
template <typename Fill>
void write_gpkg(const std::filesystem::path& path, Fill fill) {
  GDALAllRegister();
  const OutputFormat gpkg = gpkg_format();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(gpkg.driver.c_str());
  if (driver == nullptr) throw OutputError(path.string() + ": GDAL has no " + gpkg.driver + " driver");
  AtomicFile file(path);
  {
    GDALDatasetUniquePtr ds(driver->Create(file.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw OutputError(path.string() + ": cannot create: " + CPLGetLastErrorMsg());
    ds->StartTransaction();
    fill(*ds);
    if (ds->CommitTransaction() != OGRERR_NONE)
      throw OutputError(path.string() + ": cannot commit the layers");
  }
  file.commit();
}

}  // namespace

void write_site_layer(const std::string& category, const std::vector<SiteRecord>& sites,
                      const std::filesystem::path& path) {
  const std::string where = path.string();
  write_gpkg(path, [&](GDALDataset& ds) {
    // The sites come in longitude, latitude already: the layer wants only the SRS, no transformation.
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds.CreateLayer("sites", &wgs84, wkbPoint, nullptr);
    if (layer == nullptr) throw OutputError(where + ": cannot create layer sites");
    add_field(*layer, "rank", OFTInteger, where);
    add_field(*layer, "category", OFTString, where);
    add_field(*layer, "town_code", OFTString, where);
    add_field(*layer, "population_added", OFTReal, where);
    add_field(*layer, "covered_after", OFTReal, where);
    add_field(*layer, "share_after", OFTReal, where);
    const bool capacity_aware = !sites.empty() && sites.front().need_met.has_value();
    if (capacity_aware) {
      add_field(*layer, "capacity", OFTReal, where);
      add_field(*layer, "need_met", OFTReal, where);
    }
    for (const SiteRecord& s : sites) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("rank", static_cast<int>(s.rank));
      f.SetField("category", category.c_str());
      f.SetField("town_code", s.town_code.c_str());
      f.SetField("population_added", s.population_added);
      f.SetField("covered_after", s.covered_after);
      f.SetField("share_after", s.share_after);
      if (capacity_aware) {
        f.SetField("capacity", s.capacity.value_or(0.0));
        f.SetField("need_met", s.need_met.value_or(0.0));
      }
      f.SetGeometryDirectly(new OGRPoint(s.lon, s.lat));
      if (layer->CreateFeature(&f) != OGRERR_NONE) cannot_write(where, "sites");
    }
  });
}

std::size_t write_scenario_changes(const study::Study& study, const coverage::DemandModel& demand,
                                   const std::vector<ScenarioChanges>& scenarios,
                                   const std::filesystem::path& path) {
  std::size_t written = 0;
  write_gpkg(path, [&](GDALDataset& ds) {
    detail::Wgs84 wgs84 = city_wgs84(study, path.string());
    for (std::size_t k = 0; k < scenarios.size(); ++k) {
      written += write_layer(ds, wgs84.srs(), study, demand, layer_name("changes_", k, scenarios[k].name),
                             *scenarios[k].categories, path.string());
      write_towns(ds, wgs84, study, layer_name("towns_", k, scenarios[k].name), *scenarios[k].categories,
                  path.string());
    }
  });
  return written;
}

}  // namespace lifecircle::report
