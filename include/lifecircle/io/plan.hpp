#pragma once
// The plan file: one TOML file naming the inputs, the categories and their
// circles, and the run's settings. Input paths in it are relative to the
// file's folder; the output dir is relative to the working directory.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lifecircle::io {

// How a layer's coordinates are to be read. "" means: from the file itself
// (WGS84 for OSM and CSV). "gcj02" marks coordinates copied from Chinese web
// maps; anything else is a PROJ definition such as "EPSG:4490".
//
// `encoding` is how the layer's attribute text is to be read when it is not
// UTF-8 ("GBK", "GB18030", "Big5", ...: any name iconv knows, held upper-case;
// "" means UTF-8, or what the file itself declares, e.g. a Shapefile's .cpg).
struct LayerRef {
  std::filesystem::path path;
  std::string layer;  // empty: the file's only (or first) layer
  std::string crs;
  std::string encoding;
  std::vector<std::string> open_options;  // GDAL open options, "NAME=VALUE" (ogr2ogr's -oo)
};

struct RoadsInput : LayerRef {
  // For GDAL line layers only: lines do not cross at grade where one of these
  // fields (those the layer has) is true-like (yes/true/t/y, a nonzero number).
  std::vector<std::string> grade_separation_fields = {"bridge", "tunnel"};
  // Credit for the road data on maps, the report and the GeoPackage. Unset: the
  // OpenStreetMap credit for an OSM file, none for other formats; "" for none.
  std::optional<std::string> attribution;
};

struct TownsInput : LayerRef {
  std::string code_field = "code";
  std::string name_field = "name";
  std::string population_field = "population";
};

struct FacilitiesInput : LayerRef {
  std::string id_field = "id";
  std::string name_field = "name";
  std::string category_field = "category";
  std::string capacity_field;     // optional
  std::string status_field;       // optional: existing / planned / closed
  std::string lon_field = "lon";  // CSV/XLSX only
  std::string lat_field = "lat";  // CSV/XLSX only
};

// Where people live, when known better than "spread over the streets": a
// population raster (GeoTIFF: each cell a demand point at its centre) or a
// layer of residential points or polygons (小区, villages) with a population field.
struct PopulationInput : LayerRef {
  std::string population_field = "population";  // vector layers only
};

// The plan's targets: a spec file binding indicators to measures (see
// data/plan/wenling-2023-targets.toml), the year to check, and optionally the
// planner's actual values for what the map cannot compute.
struct TargetsInput {
  std::filesystem::path path;
  int year = 2027;
  std::filesystem::path actuals;  // empty: none
};

// How far a category's circle reaches: a walk of so many minutes, or of so
// many metres. It keeps its kind, so at another walking speed a time circle
// reaches farther or less far while a distance circle keeps its metres.
struct Circle {
  enum class Kind { time, distance };
  Kind kind = Kind::time;
  double minutes = 15.0;  // when kind == time
  double metres = 0.0;    // when kind == distance

  static Circle of_minutes(double minutes) { return {Kind::time, minutes, 0.0}; }
  static Circle of_metres(double metres) { return {Kind::distance, 0.0, metres}; }
  bool is_distance() const noexcept { return kind == Kind::distance; }
  // The time the circle allows a walker at speed_mps.
  double budget_s(double speed_mps) const noexcept {
    return is_distance() ? metres / speed_mps : minutes * 60.0;
  }
};

// A category of facilities and its circle.
struct Category {
  std::string id;                   // ascii key used in outputs, e.g. "childcare"
  std::string name;                 // display name, e.g. "托育机构"
  std::string circle;               // circle id, e.g. "15min-public-service"; default "15min" / "1000m"
  std::vector<std::string> values;  // facility category-field values mapped here
  Circle reach;                     // the circle's minutes or metres (`circle` is its id)
  std::string capacity_unit;        // e.g. "places", "m2"; empty when none
};

// How maps are drawn (the plan's optional [maps] table; src/map).
//   [maps]
//   enabled = true            # false: `run` draws no maps
//   width_px = 1600
//   height_px = 1200
//   formats = ["png", "svg"]
//   data_date = "2025-06-30"  # default: the roads file's modification date
//   font = "Noto Sans CJK SC"
//   [maps.colours]            # category id -> "#rrggbb"
//   health = "#2166ac"
struct MapStyle {
  bool enabled = true;
  int width_px = 1600;
  int height_px = 1200;
  std::vector<std::string> formats = {"png", "svg"};
  std::string data_date;                                  // YYYY-MM-DD, or empty
  std::map<std::string, std::uint32_t> category_colours;  // 0xRRGGBB by category id
  std::string font = "Noto Sans CJK SC";
};

struct Plan {
  std::filesystem::path file;  // the plan file itself
  std::string name;
  double walk_speed_mps = 4000.0 / 3600.0;
  double snap_limit_m = 300.0;
  // Connected components with fewer nodes than this are dropped (0 keeps all).
  std::size_t min_component_nodes = 0;
  std::optional<int> working_epsg;  // default: UTM zone of the roads' centre
  double isochrone_buffer_m = 50.0;
  std::vector<double> band_minutes;  // extra polygon bands, e.g. {5, 10, 15}

  RoadsInput roads;
  TownsInput towns;
  std::vector<FacilitiesInput> facilities;
  std::optional<PopulationInput> population;  // absent: towns' population spread over their streets
  // [population] total: a plan without [towns] is one town, the whole network's
  // area, of this population spread over its streets (doc/plan.md).
  std::optional<double> population_total;
  bool whole_area() const noexcept { return towns.path.empty(); }  // no [towns]
  // [population] min_placed_share: a town whose model places on the network
  // less than this share of its population field is an error (0: allow all).
  double min_placed_share = 0.5;
  std::optional<TargetsInput> targets;  // absent: `run` checks no targets
  std::vector<Category> categories;
  std::vector<std::string> basket;  // category ids of the composite circle

  std::filesystem::path output_dir = "out";  // relative to the working directory
  std::string output_format = "GPKG";        // GPKG, GeoJSON, or any OGR driver name
  bool csv_bom = true;                       // [output] csv_bom: a UTF-8 BOM first in every CSV (for Excel)
  std::string output_crs;                    // [output] crs: the layers' CRS ("EPSG:32651"); empty: WGS84
  MapStyle maps;

  const Category* find_category(const std::string& id) const;
};

// The bounds load_plan enforces (doc/plan.md lists them); a scenario's changes
// of speed and minutes are held to the same. Each lies far beyond any real
// plan and well short of what makes a run take hours or gigabytes.
namespace limits {
inline constexpr double kMinWalkSpeedKmh = 0.5;     // a very slow walk
inline constexpr double kMaxWalkSpeedKmh = 20.0;    // a runner, not a cyclist
inline constexpr double kMaxBudgetMinutes = 180.0;  // a category's minutes, or its distance_m walked
inline constexpr double kMaxSnapLimitM = 2000.0;
inline constexpr double kMaxIsochroneBufferM = 500.0;  // a buffer of the reached streets, not of the town
inline constexpr std::int64_t kMaxMinComponentNodes = 1'000'000;
inline constexpr std::size_t kMaxBands = 12;
inline constexpr std::size_t kMaxCategories = 100;
inline constexpr std::size_t kMaxFacilityInputs = 100;
inline constexpr double kMaxPopulationTotal = 2e9;         // [population] total: more than any country
inline constexpr std::size_t kMaxListItems = 1000;         // a category's values, grade separation fields
inline constexpr std::int64_t kMaxMapPixels = 40'000'000;  // width_px * height_px, e.g. 8000 x 5000
// Text, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxIdChars = 64;          // category ids and circles: they name output fields
inline constexpr std::size_t kMaxTextChars = 200;       // names, field names, category values, units, fonts
inline constexpr std::size_t kMaxLongTextChars = 1000;  // attribution
inline constexpr std::size_t kMaxPathChars = 4096;      // paths and CRS definitions (PATH_MAX)
}  // namespace limits

// Reads and checks a plan file. Throws InputError naming the file and key.
Plan load_plan(const std::filesystem::path& file);

// Every file the plan reads: the plan itself, roads, towns, facilities,
// population, targets and actuals (what a command's outputs must not replace).
std::vector<std::filesystem::path> plan_input_paths(const Plan& plan);

}  // namespace lifecircle::io
