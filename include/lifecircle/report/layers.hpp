#pragma once
// Writes a run's layers through GDAL/OGR: towns with every ratio, facilities
// with their reach and catchment, isochrones, coverage polygons, gaps (the
// uncovered demand), and the indicator table. Geometries are written in
// WGS84. Files are written under temporary names and renamed when complete.

#include <filesystem>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/report/indicators.hpp"

namespace lifecircle::report {

struct OutputOptions {
  std::filesystem::path dir;  // created when missing
  std::string format = "GPKG";  // GPKG (one lifecircle.gpkg), GeoJSON (one file per layer), or an OGR driver
  std::string datasource;     // for other drivers: a connection string such as "PG:dbname=x" (written in place)
  bool isochrones = true;     // per-facility polygons (can be large)
  int threads = 0;            // for preparing geometries (0: all cores)
};

struct WrittenOutputs {
  std::vector<std::filesystem::path> files;
  std::vector<std::string> layers;
};

// With a target check, also the `targets` table (GeoPackage) and targets.csv.
WrittenOutputs write_layers(const graph::City& city, const coverage::RunResult& result,
                            const std::vector<IndicatorRow>& rows, const OutputOptions& options,
                            const coverage::TargetCheck* targets = nullptr);

}  // namespace lifecircle::report
