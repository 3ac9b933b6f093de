#pragma once
// Writes a run's layers through GDAL/OGR: towns with every ratio, facilities
// with their reach and catchment, isochrones, coverage polygons, gaps (the
// uncovered demand), and the indicator table. Geometries are written in
// WGS84, or the CRS OutputOptions::crs names. Files are written under temporary names and renamed when
// complete; a datasource (PostgreSQL...) is written in one transaction.

#include <filesystem>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/report/indicators.hpp"

namespace lifecircle::report {

struct OutputOptions {
  std::filesystem::path dir;    // created when missing
  std::string format = "GPKG";  // a GDAL vector driver: GPKG (default), GeoJSON, FlatGeobuf, PostgreSQL...
  std::string datasource;       // a connection string such as "PG:dbname=x": written in place
  bool isochrones = true;       // per-facility polygons (can be large)
  int threads = 0;              // for preparing geometries (0: all cores)
  bool overwrite = false;       // a datasource: replace our tables that exist (else refused)
  bool csv_bom = true;          // a UTF-8 BOM first in the CSV files (the plan's [output] csv_bom)
  // Passed to GDAL as ogr2ogr's -lco / -dsco: "NAME=VALUE", for every layer and the dataset(s).
  std::vector<std::string> layer_creation_options, dataset_creation_options;
  // The layers' CRS as GDAL reads it ("EPSG:32651"); empty: WGS84 (EPSG:4326). GeoJSON takes WGS84 only.
  std::string crs;
};

// How a format's output is laid out.
enum class OutputLayout {
  one_dataset,     // every layer in one file: lifecircle.<ext> (GPKG)
  file_per_layer,  // one file per layer: towns.<ext>, facilities.<ext>... (GeoJSON, FlatGeobuf)
  datasource,      // written in place into --datasource (PostgreSQL)
};

struct OutputFormat {
  std::string driver;  // GDAL's short name
  OutputLayout layout = OutputLayout::one_dataset;
  std::string extension;  // of the files, without the dot ("gpkg", "geojson", "fgb"); empty for a datasource
};

// Asks GDAL's driver `options.format` what it can do -- vector, create, its
// extension, several layers in one dataset -- and tries it on a scratch
// dataset in memory: a polygon, a long field name and Chinese text must come
// back as written. Throws OutputError with the reason for a format that
// cannot hold lifecircle's layers (CSV: no geometry; ESRI Shapefile: field
// names cut to 10 characters, text not UTF-8), an unknown or raster-only
// driver, or a database driver without a datasource. `source` names where the
// format came from in the message ("--format", "plan.toml: [output] format").
// Also refuses, naming it, a creation option the driver does not take or a value
// it does not accept (GDAL only warns), a CRS GDAL does not know, and GeoJSON
// in a CRS other than WGS84 (RFC 7946).
OutputFormat output_format(const OutputOptions& options, const std::string& source = "format");

// The layers a run writes (isochrones and targets only when written).
std::vector<std::string> layer_names(bool isochrones, bool targets);

// The file names write_layers may write into the output folder for `format`
// (the layers' files; the CSV tables aside): {"lifecircle.gpkg"} for GPKG,
// towns.geojson... for GeoJSON; none for a datasource.
std::vector<std::string> layer_file_names(const OutputFormat& format);

// The name of the one-dataset file `stem` in `format`: dataset_file_name("compare",
// GPKG) is "compare.gpkg".
std::string dataset_file_name(const std::string& stem, const OutputFormat& format);

// The GPKG format (compare.gpkg, suggest.gpkg).
OutputFormat gpkg_format();

// Before the work: the format can hold the outputs, and a datasource opens
// and (without options.overwrite) holds no table of layer_names(). Throws
// OutputError.
OutputFormat check_output(const OutputOptions& options, const std::string& source = "format");

struct WrittenOutputs {
  std::vector<std::filesystem::path> files;
  std::vector<std::string> layers;
};

// Beside the layers (not for a datasource): indicators.csv and lifecircle.xlsx
// (sheets indicators, towns, and targets with a target check; report/xlsx_tables.hpp).
// With a target check, also the `targets` table (one-dataset formats) and targets.csv.
// Test hooks: LIFECIRCLE_TEST_KILL_AT=layer:<name> kills the process after
// layer <name> is written, LIFECIRCLE_TEST_FAIL_AT=layer:<name> throws OutputError there.
WrittenOutputs write_layers(const study::Study& study, const coverage::RunResult& result,
                            const std::vector<IndicatorRow>& rows, const OutputOptions& options,
                            const coverage::TargetCheck* targets = nullptr);

}  // namespace lifecircle::report
