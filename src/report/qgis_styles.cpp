#include "lifecircle/report/qgis_styles.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>

#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"
#include "qgis_project.hpp"
#include "qgis_qml.hpp"

namespace lifecircle::report {
namespace {

struct StyleField {
  const char* name;
  OGRFieldType type;
  int width;
};

// The table QGIS creates (QgsOgrProviderUtils::saveStyle): id, then these.
constexpr StyleField kStyleFields[] = {{"f_table_catalog", OFTString, 256},
                                       {"f_table_schema", OFTString, 256},
                                       {"f_table_name", OFTString, 256},
                                       {"f_geometry_column", OFTString, 256},
                                       {"styleName", OFTString, 30},
                                       {"styleQML", OFTString, 0},
                                       {"styleSLD", OFTString, 0},
                                       {"useAsDefault", OFTInteger, 0},
                                       {"description", OFTString, 0},
                                       {"owner", OFTString, 30},
                                       {"ui", OFTString, 30},
                                       {"update_time", OFTDateTime, 0}};

OGRLayer& create_style_table(GDALDataset& dataset) {
  const char* const options[] = {"FID=id", "DESCRIPTION=QGIS layer styles (written by lifecircle)", nullptr};
  OGRLayer* table = dataset.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
  if (table == nullptr) {
    throw OutputError(std::string("lifecircle.gpkg: cannot create the table layer_styles (") +
                      CPLGetLastErrorMsg() + ")");
  }
  for (const StyleField& f : kStyleFields) {
    OGRFieldDefn defn(f.name, f.type);
    defn.SetWidth(f.width);
    if (f.type == OFTInteger) defn.SetSubType(OFSTBoolean);
    if (f.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
    if (table->CreateField(&defn) != OGRERR_NONE) {
      throw OutputError(std::string("lifecircle.gpkg: layer_styles: cannot create field ") + f.name);
    }
  }
  return *table;
}

void add_style(GDALDataset& dataset, OGRLayer& table, const qgis::LayerStyle& style) {
  OGRLayer* layer = dataset.GetLayerByName(style.layer.c_str());
  if (layer == nullptr) return;  // a layer this run did not write
  OGRFeature f(table.GetLayerDefn());
  f.SetField("f_table_catalog", "");
  f.SetField("f_table_schema", "");
  f.SetField("f_table_name", style.layer.c_str());
  f.SetField("f_geometry_column", layer->GetGeometryColumn());
  f.SetField("styleName", style.name.substr(0, 30).c_str());
  f.SetField("styleQML", qgis::qml_document(style).c_str());
  f.SetField("styleSLD", style.sld.c_str());
  f.SetField("useAsDefault", 1);
  f.SetField("description", style.description.c_str());
  f.SetField("owner", "");
  f.SetField("ui", "");
  if (table.CreateFeature(&f) != OGRERR_NONE) {
    throw OutputError("lifecircle.gpkg: layer_styles: cannot add the style of " + style.layer + " (" +
                      CPLGetLastErrorMsg() + ")");
  }
}

const OGRSpatialReference* towns_srs(GDALDataset& dataset) {
  OGRLayer* towns = dataset.GetLayerByName("towns");
  return towns ? towns->GetSpatialRef() : nullptr;
}

// The towns' extent in EPSG:3857 (the project's CRS), with a margin.
qgis::Extent towns_extent(GDALDataset& dataset) {
  OGRLayer* towns = dataset.GetLayerByName("towns");
  OGREnvelope box;
  if (towns == nullptr || towns->GetExtent(&box, TRUE) != OGRERR_NONE) {
    throw OutputError("lifecircle.gpkg: cannot read the extent of the towns for the QGIS project");
  }
  // In the layers' own CRS: WGS84 unless the run chose another output CRS.
  OGRSpatialReference layers, mercator;
  if (const OGRSpatialReference* own = towns->GetSpatialRef()) {
    layers = *own;
  } else {
    layers.importFromEPSG(4326);
  }
  mercator.importFromEPSG(3857);
  layers.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const std::unique_ptr<OGRCoordinateTransformation> to_mercator(
      OGRCreateCoordinateTransformation(&layers, &mercator));
  double x[2] = {box.MinX, box.MaxX};
  double y[2] = {box.MinY, box.MaxY};
  if (!to_mercator || !to_mercator->Transform(2, x, y)) {
    throw OutputError("lifecircle.gpkg: cannot transform the towns' extent to EPSG:3857");
  }
  const double margin = 0.04 * std::max(x[1] - x[0], y[1] - y[0]);
  return {x[0] - margin, y[0] - margin, x[1] + margin, y[1] + margin};
}

}  // namespace

std::vector<std::string> qgis_file_names(const OutputFormat& format) {
  if (format.driver != "GPKG" || format.layout != OutputLayout::one_dataset) return {};
  return {kQgisProjectFile};
}

std::vector<std::filesystem::path> write_qgis_files(GDALDataset& dataset, const study::Study& study,
                                                    const coverage::RunResult& result,
                                                    const std::filesystem::path& dir) {
  const GDALDriver* driver = dataset.GetDriver();
  if (driver == nullptr || std::string(driver->GetDescription()) != "GPKG") return {};
  const bool isochrones = dataset.GetLayerByName("isochrones") != nullptr;
  OGRLayer& table = create_style_table(dataset);
  for (const qgis::LayerStyle& style : qgis::default_styles(study, result, isochrones))
    add_style(dataset, table, style);
  const std::filesystem::path project = dir / kQgisProjectFile;
  write_file_atomically(
      project, qgis::qgz_archive("lifecircle.qgs",
                                 qgis::project_document(study, result, towns_extent(dataset), isochrones,
                                                        qgis::layer_srs_xml(towns_srs(dataset)))));
  return {project};
}

}  // namespace lifecircle::report
