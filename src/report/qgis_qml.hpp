#pragma once
// The styles of write_qgis_files (private to src/report): per layer, the
// renderer and labels as QGIS XML (the body of a .qml, also embedded in the
// project's <maplayer>), and an SLD 1.1 equivalent for other clients.

#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report::qgis {

enum class Geometry { point, polygon };

struct LayerStyle {
  std::string layer;        // GPKG table: towns, facilities, isochrones, coverage, gaps
  std::string name;         // the style's name (layer_styles.styleName)
  std::string description;  // a sentence for layer_styles.description
  Geometry geometry = Geometry::polygon;
  std::string renderer;  // <renderer-v2 ...>...</renderer-v2>
  std::string labeling;  // <labeling ...>...</labeling>, or empty
  std::string sld;       // a whole SLD document
};

// A whole .qml document of `style`.
std::string qml_document(const LayerStyle& style);

// The towns' choropleth: the composite share when the plan has a basket, else
// the first category's share; labelled with the town names.
LayerStyle towns_style(const study::Study& study, const coverage::RunResult& result);

// Coverage bands of category `k` (graduated on minutes, nested, semi-transparent).
LayerStyle coverage_style(const study::Study& study, const coverage::RunResult& result, std::size_t k);
// Facilities of category `k` by status (categorized): existing filled, planned hollow.
LayerStyle facilities_style(const study::Study& study, std::size_t k);
// Uncovered demand of category `k`: a heat map weighted by population.
LayerStyle gaps_style(const study::Study& study, std::size_t k);
// Isochrones of category `k`: outlines only.
LayerStyle isochrones_style(const study::Study& study, std::size_t k);

// A category index past the plan's categories styles every category alike (grey).
// The layer-wide default styles written into layer_styles, one per map layer:
// every category alike (the project filters and colours them per category).
std::vector<LayerStyle> default_styles(const study::Study& study, const coverage::RunResult& result,
                                       bool isochrones);

}  // namespace lifecircle::report::qgis
