#pragma once
// lifecircle.qgz (private to src/report): the .qgs project XML and the zip
// archive QGIS reads it from.

#include <string>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/graph/city.hpp"

namespace lifecircle::report::qgis {

struct Extent {
  double xmin = 0.0, ymin = 0.0, xmax = 0.0, ymax = 0.0;  // EPSG:3857 metres
};

// The project: CRS EPSG:3857, `extent` shown, every layer read from
// ./lifecircle.gpkg (a relative path), one group per category (its
// facilities, gaps, coverage and, hidden, isochrones, each filtered by
// category; the first category's group shown), the towns at the bottom.
std::string project_document(const graph::City& city, const coverage::RunResult& result, const Extent& extent,
                             bool isochrones);

// A zip archive holding one file `name` with `contents`, deflated, with a
// fixed date (the same project gives the same bytes).
std::string qgz_archive(const std::string& name, const std::string& contents);

}  // namespace lifecircle::report::qgis
