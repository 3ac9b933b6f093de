#pragma once
// lifecircle.qgz (private to src/report): the .qgs project XML and the zip
// archive QGIS reads it from.

#include <ogr_spatialref.h>

#include <string>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report::qgis {

struct Extent {
  double xmin = 0.0, ymin = 0.0, xmax = 0.0, ymax = 0.0;  // EPSG:3857 metres
};

// The project: CRS EPSG:3857, `extent` shown, every layer read from
// ./lifecircle.gpkg (a relative path), one group per category (its
// facilities, gaps, coverage and, hidden, isochrones, each filtered by
// category; the first category's group shown), the towns at the bottom.
// `layer_srs`: the GeoPackage layers' CRS (WGS84 unless the run chose
// another output CRS), as QGIS's <spatialrefsys> element (layer_srs_xml).
std::string project_document(const study::Study& study, const coverage::RunResult& result,
                             const Extent& extent, bool isochrones, const std::string& layer_srs);

// QGIS's <spatialrefsys> for a layer CRS; WGS84's is the same bytes as ever.
std::string layer_srs_xml(const OGRSpatialReference* srs);

// A zip archive holding one file `name` with `contents`, deflated, with a
// fixed date (the same project gives the same bytes).
std::string qgz_archive(const std::string& name, const std::string& contents);

}  // namespace lifecircle::report::qgis
