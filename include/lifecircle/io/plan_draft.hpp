#pragma once
// A first look at a city's own files, without a plan: what each file holds
// (`lifecircle info --roads/--towns/--facilities`) and which of its fields
// play which role, and a commented plan drafted from them (`lifecircle init`).

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/io/layer_info.hpp"

namespace lifecircle::io {

struct FieldSummary {
  std::string name;
  std::string type;                  // OGR's type name: "String", "Integer", "Real" ...
  std::vector<std::string> samples;  // the first few distinct non-empty values
};

// A GDAL layer (its only or first one): driver, CRS, count, lon/lat extent
// (of the geometries, or for a table of the guessed lon/lat columns), fields.
struct LayerSummary {
  LayerInfo info;
  std::string geometry_type;  // "Point", "MultiPolygon" ...; "none" for a table
  bool table = false;         // CSV/XLSX/ODS or no geometry: coordinates in columns
  std::vector<FieldSummary> fields;
};

// Field roles guessed from the field names ("" when none fits). Names are
// compared case-insensitively; the first candidate (in the order below) wins.
//   towns:      code: code, 编码, 代码, ref, XZQDM; name: name, 名称, XZQMC;
//               population: population, pop, 人口, 常住人口
//   facilities: lon: lon, lng, longitude, 经度, x; lat: lat, latitude, 纬度, y;
//               category: category, type, 类别, 类型; name: name, 名称;
//               id: id, 编号; capacity: capacity, 容量, 规模; status: status, 状态
struct TownRoles {
  std::string code, name, population;
};
struct FacilityRoles {
  std::string lon, lat, category, name, id, capacity, status;
};
TownRoles guess_town_roles(const std::vector<std::string>& field_names);
FacilityRoles guess_facility_roles(const std::vector<std::string>& field_names);

// Throws InputError for a missing file, a file GDAL cannot read, or several layers.
LayerSummary describe_layer_file(const std::filesystem::path& path);

// An OSM file read with libosmium: its header and a count of its objects, and
// the ways the walkability table keeps (io/walkability.hpp).
struct OsmSummary {
  std::string path;
  std::string format;     // "PBF", "XML" ...
  std::string generator;  // header option, "" when absent
  std::string timestamp;  // header osmosis_replication_timestamp or timestamp, "" when absent
  std::optional<std::array<double, 4>> header_bounds;  // min lon, min lat, max lon, max lat
  std::uint64_t nodes = 0, ways = 0, relations = 0;
  std::uint64_t ways_walkable = 0;
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;  // of the nodes
};
OsmSummary describe_osm_file(const std::filesystem::path& path);

// The distinct values of a field in order of first appearance, at most max_values.
std::vector<std::string> distinct_values(const std::filesystem::path& path, const std::string& field,
                                         std::size_t max_values, bool& more);

struct DraftInputs {
  std::filesystem::path plan_file;  // where the plan goes: paths are written relative to its folder
  std::filesystem::path roads;
  bool roads_osm = true;  // an OSM file (graph::is_osm_file), else a GDAL line layer
  std::optional<std::filesystem::path> towns;
  std::vector<std::filesystem::path> facilities;  // at least one
  std::optional<double> population_total;         // [population] total, for a plan without towns
  std::string name;                               // [plan] name; "" -> the roads file's stem
};

// The plan's TOML text, commented; it loads with load_plan as written. Throws
// InputError when a file lacks a field the plan needs and no name fits (the
// message lists the file's fields and the names tried), and Error when there
// are no facilities, or no towns and no population total.
std::string draft_plan(const DraftInputs& inputs);

// "ascii id" for a category value: lower-case letters, digits and '_', else
// "category_<n>" (n from 1), unique among `taken`.
std::string category_id_for(const std::string& value, std::size_t n, const std::vector<std::string>& taken);

}  // namespace lifecircle::io
