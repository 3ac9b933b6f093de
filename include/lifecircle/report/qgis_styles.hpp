#pragma once
// QGIS styles and project for a GeoPackage run: each map layer's style (QML
// and SLD) in the GeoPackage's `layer_styles` table, as QGIS itself writes it,
// so the layers open styled when the GeoPackage is opened alone; and
// lifecircle.qgz beside it, a project that opens every layer styled, in map
// order (towns with labels at the bottom, coverage bands, gaps, facilities on
// top) and grouped per category. Colours are the maps' (lifecircle/map/colour.hpp).

#include <filesystem>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/study/study.hpp"

class GDALDataset;

namespace lifecircle::report {

// The project's file name.
inline constexpr const char* kQgisProjectFile = "lifecircle.qgz";

// The files write_qgis_files writes for `format`: {"lifecircle.qgz"} for GPKG, none otherwise.
std::vector<std::string> qgis_file_names(const OutputFormat& format);

// For a GeoPackage `dataset` holding write_layers' layers (still open, in its
// transaction): adds the `layer_styles` rows, and writes lifecircle.qgz into
// `dir` (atomically). Returns the project's path; nothing is done (and nothing
// returned) for another driver. Throws OutputError.
std::vector<std::filesystem::path> write_qgis_files(GDALDataset& dataset, const study::Study& study,
                                                    const coverage::RunResult& result,
                                                    const std::filesystem::path& dir);

}  // namespace lifecircle::report
