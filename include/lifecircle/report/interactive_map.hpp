#pragma once
// The report's interactive map: Leaflet (third_party/leaflet, compiled in)
// draws the towns shaded by coverage share, and one category's coverage area
// and facilities at a time, picked from a list. There are no background tiles,
// so the page stays offline.

#include <string>
#include <string_view>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report {

// The map's data as JSON, safe inside a <script> element (every '<' is
// written as \u003c). Geometries in WGS84, simplified to 10 m, 5 decimals (1 m):
//   {"attribution": "...",
//    "towns": {"type": "FeatureCollection", "features": [{"properties": {"name", "code",
//              "shares": [share per category, plan order]}, "geometry"}]},
//    "categories": [{"id", "name", "minutes", "share", "coverage": geometry or null,
//                    "facilities": [[lon, lat, name, "existing" | "planned"]]}]}
// Throws OutputError when a geometry cannot be converted.
std::string interactive_map_data(const study::Study& study, const coverage::RunResult& result);

// The section's HTML: the map element, the category list, the data, Leaflet's
// CSS and script, and the script that draws the map.
std::string interactive_map_html(const study::Study& study, const coverage::RunResult& result);

// Leaflet as compiled in (the CSS without its url() images).
std::string_view leaflet_js();
std::string_view leaflet_css();

}  // namespace lifecircle::report
