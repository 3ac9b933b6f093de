#pragma once
// Review-ready maps of a run, drawn with Cairo (PNG and SVG) and Pango
// (Chinese text), in the working CRS so the scale bar is true:
//   <category>-coverage   town boundaries and names, the coverage area (nested
//                         bands lighter to darker), facilities (existing and
//                         planned), uncovered residents as dots sized by population
//   <category>-towns      coverage share per town in fixed classes, towns short
//                         of the plan's coverage target outlined
//   <category>-scenario   newly covered and newly uncovered residents, the
//                         scenario's new, moved and removed sites
// Every map has a title (Chinese and English), a legend, a scale bar, a north
// arrow, the data date and, for OSM roads, "© OpenStreetMap contributors".
// Sizes, formats, colours and the font come from the plan's [maps] table.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/map/colour.hpp"
#include "lifecircle/map/layout.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::map {

enum class MapKind { coverage, towns, scenario };
std::string_view to_string(MapKind kind);  // "coverage", "towns", "scenario"

struct LegendSwatch {
  std::string label;
  Box box;  // pixels
  Rgb colour;
};

// One map drawn in memory.
struct RenderedMap {
  std::string category;  // plan category id
  MapKind kind = MapKind::coverage;
  std::string title;     // Chinese, then English
  std::string png, svg;  // encoded files; empty when the plan's formats leave one out
  Viewport viewport;     // of the map frame
  std::vector<LegendSwatch> swatches;
  std::size_t labels_placed = 0, labels_dropped = 0;
};

struct WrittenMap {
  std::string category;
  MapKind kind = MapKind::coverage;
  std::string title;
  std::filesystem::path png, svg;  // empty when not written
};

// The coverage map and the town choropleth of every category, plan order.
// `targets` may be null. Needs the run's coverage polygons (RunOptions::polygons).
// Maps are drawn on `threads` threads (0: OpenMP's default).
std::vector<RenderedMap> render_run_maps(const study::Study& study, const coverage::RunResult& result,
                                         const coverage::TargetCheck* targets, int threads = 0);

// The same, written into dir (created when missing) as <category>-coverage.png
// and .svg, <category>-towns.png and .svg, each through a temporary file.
// Throws OutputError when a file cannot be written.
std::vector<WrittenMap> write_run_maps(const study::Study& study, const coverage::RunResult& result,
                                       const coverage::TargetCheck* targets, const std::filesystem::path& dir,
                                       int threads = 0);

// One map per category the scenario changes (an edit in it, or a demand point
// whose coverage differs), plan order. `evaluated` is evaluate_scenario()'s
// result for `scenario`; `result` gives the base coverage polygons.
std::vector<RenderedMap> render_scenario_maps(const study::Study& study, const coverage::RunResult& result,
                                              const coverage::Scenario& scenario,
                                              const std::vector<coverage::ScenarioCategory>& evaluated,
                                              int threads = 0);

// The same, written into dir as <category>-scenario.png and .svg.
std::vector<WrittenMap> write_scenario_maps(const study::Study& study, const coverage::RunResult& result,
                                            const coverage::Scenario& scenario,
                                            const std::vector<coverage::ScenarioCategory>& evaluated,
                                            const std::filesystem::path& dir, int threads = 0);

// The date printed on the maps: the plan's [maps] data_date, else the roads
// file's modification date (UTC), as YYYY-MM-DD; "unknown" when neither is known.
std::string data_date(const io::Plan& plan);

// The family fontconfig gives for `font` (to check that a CJK font is installed).
std::string resolved_font_family(const std::string& font);

}  // namespace lifecircle::map
