#include "lifecircle/io/plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "detail/text_encoding.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/toml_reader.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::io {
namespace {

using detail::format_number;

constexpr double kDefaultWalkSpeedKmh = 4.0;
constexpr double kDefaultCategoryMinutes = 15.0;

std::filesystem::path resolve(const std::filesystem::path& base_dir, const std::string& value) {
  const std::filesystem::path path(value);
  if (path.is_absolute() || base_dir.empty()) return path.lexically_normal();
  return (base_dir / path).lexically_normal();
}

// A number in (0, max], or [min, max] when min > 0; `fallback` when not given.
double number_in(const TomlTable& table, std::string_view key, double fallback, double min, double max,
                 std::string_view unit) {
  return table.number_in(key, min, max, unit).value_or(fallback);
}

std::string text_or(const TomlTable& table, std::string_view key, std::string fallback,
                    std::size_t max_chars = limits::kMaxTextChars) {
  std::optional<std::string> value = table.text(key, max_chars);
  return value ? std::move(*value) : std::move(fallback);
}

// "EPSG:32651" -> 32651; nothing else is accepted.
int parse_working_crs(const TomlTable& table, std::string_view key, const std::string& value) {
  constexpr std::string_view kPrefix = "EPSG:";
  int epsg = 0;
  const bool prefixed = value.size() > kPrefix.size() && value.compare(0, kPrefix.size(), kPrefix) == 0;
  const char* digits = value.data() + kPrefix.size();
  const char* end = value.data() + value.size();
  if (!prefixed || std::from_chars(digits, end, epsg).ptr != end || epsg <= 0) {
    table.fail(key, "must be \"EPSG:<code>\", e.g. \"EPSG:32651\", got \"" + value + "\"");
  }
  return epsg;
}

bool is_gcj02(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == "gcj02" || text == "gcj-02";
}

// A layer's crs: "", "gcj02" (any case, or "gcj-02"), or a definition that
// make_srs() accepts.
std::string checked_crs(const TomlTable& table, std::string_view key) {
  std::string crs = text_or(table, key, "", limits::kMaxPathChars);  // not const: returned by move
  if (crs.empty()) return crs;
  if (is_gcj02(crs)) return "gcj02";
  try {
    make_srs(crs);
  } catch (const Error& e) {
    table.fail(key, "is not a usable coordinate system: " + std::string(e.what()));
  }
  return crs;
}

// A layer's encoding: "" (UTF-8, or the file's own), or a name iconv knows.
std::string checked_encoding(const TomlTable& table, std::string_view key) {
  const std::optional<std::string> given = table.text(key, limits::kMaxIdChars);
  if (!given) return {};
  const std::optional<std::string> known = detail::known_encoding(*given);
  if (!known) {
    table.fail(key, "is not a text encoding iconv knows (\"" + *given +
                        "\"); use e.g. \"GBK\", \"GB18030\", \"Big5\", \"UTF-8\"");
  }
  return *known;
}
std::vector<std::string> field_names(const TomlTable& table, std::string_view key,
                                     std::vector<std::string> fallback);

void read_layer_ref(const TomlTable& table, const std::filesystem::path& base_dir, LayerRef& ref) {
  ref.path = resolve(base_dir, table.required_text("path", limits::kMaxPathChars));
  ref.layer = text_or(table, "layer", "");
  ref.crs = checked_crs(table, "crs");
  ref.encoding = checked_encoding(table, "encoding");
  ref.open_options = field_names(table, "open_options", {});
  for (std::size_t i = 0; i < ref.open_options.size(); ++i) {
    const std::size_t equals = ref.open_options[i].find('=');
    if (equals == 0 || equals == std::string::npos) {
      table.fail_element("open_options", i, "must be NAME=VALUE, got \"" + ref.open_options[i] + "\"");
    }
  }
}

std::vector<std::string> field_names(const TomlTable& table, std::string_view key,
                                     std::vector<std::string> fallback) {
  std::optional<std::vector<std::string>> names =
      table.texts(key, limits::kMaxListItems, limits::kMaxTextChars);
  if (!names) return fallback;
  for (std::size_t i = 0; i < names->size(); ++i) {
    if ((*names)[i].empty()) table.fail_element(key, i, "must not be empty");
  }
  return std::move(*names);
}

void read_settings(const TomlTable& table, Plan& plan) {
  table.check_keys({"name", "walk_speed_kmh", "snap_limit_m", "min_component_nodes", "working_crs",
                    "isochrone_buffer_m", "band_minutes", "basket"});
  plan.name = text_or(table, "name", plan.name);
  const double speed_kmh = number_in(table, "walk_speed_kmh", kDefaultWalkSpeedKmh, limits::kMinWalkSpeedKmh,
                                     limits::kMaxWalkSpeedKmh, "km/h");
  plan.walk_speed_mps = speed_kmh * 1000.0 / 3600.0;
  plan.snap_limit_m = number_in(table, "snap_limit_m", plan.snap_limit_m, 0.0, limits::kMaxSnapLimitM, "m");
  if (const std::optional<std::int64_t> nodes = table.integer("min_component_nodes")) {
    if (*nodes < 0 || *nodes > limits::kMaxMinComponentNodes) {
      table.fail("min_component_nodes", "must be at least 0 and at most " +
                                            std::to_string(limits::kMaxMinComponentNodes) + " nodes, got " +
                                            std::to_string(*nodes));
    }
    plan.min_component_nodes = static_cast<std::size_t>(*nodes);
  }
  if (const std::optional<std::string> crs = table.string("working_crs")) {
    plan.working_epsg = parse_working_crs(table, "working_crs", *crs);
  }
  plan.isochrone_buffer_m =
      number_in(table, "isochrone_buffer_m", plan.isochrone_buffer_m, 0.0, limits::kMaxIsochroneBufferM, "m");
  if (std::optional<std::vector<double>> bands = table.numbers("band_minutes")) {
    if (bands->size() > limits::kMaxBands) {
      table.fail("band_minutes", "has " + std::to_string(bands->size()) + " bands; at most " +
                                     std::to_string(limits::kMaxBands) + " are allowed");
    }
    for (std::size_t i = 0; i < bands->size(); ++i) {
      const double b = (*bands)[i];
      if (b <= 0.0 || b > limits::kMaxBudgetMinutes) {
        table.fail_element(
            "band_minutes", i,
            range_text(0.0, limits::kMaxBudgetMinutes, "minutes") + ", got " + plain_number(b));
      }
      if (i > 0 && b <= (*bands)[i - 1]) {
        table.fail_element("band_minutes", i,
                           "must be greater than the band before it (" + format_number((*bands)[i - 1]) +
                               "), got " + format_number(b));
      }
    }
    plan.band_minutes = std::move(*bands);
  }
  plan.basket = field_names(table, "basket", {});
}

void read_output(const TomlTable& table, Plan& plan) {
  table.check_keys({"dir", "format", "csv_bom", "crs"});
  // Relative to the working directory, like any output option of a command.
  if (std::optional<std::string> dir = table.text("dir", limits::kMaxPathChars)) {
    if (dir->empty()) table.fail("dir", "must not be empty");
    plan.output_dir = *dir;
  }
  if (std::optional<std::string> format = table.text("format", limits::kMaxIdChars)) {
    if (format->empty()) table.fail("format", "must not be empty");
    plan.output_format = *format;
  }
  plan.csv_bom = table.boolean("csv_bom").value_or(plan.csv_bom);
  if (std::optional<std::string> crs = table.text("crs", limits::kMaxTextChars)) {
    if (crs->empty()) table.fail("crs", "must not be empty (leave it out for WGS84)");
    plan.output_crs = *crs;
  }
}

RoadsInput read_roads(const TomlTable& table, const std::filesystem::path& base_dir) {
  table.check_keys(
      {"path", "layer", "crs", "encoding", "grade_separation_fields", "attribution", "open_options"});
  RoadsInput roads;
  read_layer_ref(table, base_dir, roads);
  roads.grade_separation_fields = field_names(table, "grade_separation_fields", {"bridge", "tunnel"});
  roads.attribution = table.text("attribution", limits::kMaxLongTextChars);
  return roads;
}

TownsInput read_towns(const TomlTable& table, const std::filesystem::path& base_dir) {
  table.check_keys(
      {"path", "layer", "crs", "encoding", "code_field", "name_field", "population_field", "open_options"});
  TownsInput towns;
  read_layer_ref(table, base_dir, towns);
  towns.code_field = text_or(table, "code_field", towns.code_field);
  towns.name_field = text_or(table, "name_field", towns.name_field);
  towns.population_field = text_or(table, "population_field", towns.population_field);
  return towns;
}

FacilitiesInput read_facilities(const TomlTable& table, const std::filesystem::path& base_dir) {
  table.check_keys({"path", "layer", "crs", "encoding", "id_field", "name_field", "category_field",
                    "capacity_field", "status_field", "lon_field", "lat_field", "open_options"});
  FacilitiesInput f;
  read_layer_ref(table, base_dir, f);
  f.id_field = text_or(table, "id_field", f.id_field);
  f.name_field = text_or(table, "name_field", f.name_field);
  f.category_field = text_or(table, "category_field", f.category_field);
  f.capacity_field = text_or(table, "capacity_field", f.capacity_field);
  f.status_field = text_or(table, "status_field", f.status_field);
  f.lon_field = text_or(table, "lon_field", f.lon_field);
  f.lat_field = text_or(table, "lat_field", f.lat_field);
  return f;
}

bool is_category_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The circle: minutes, or a distance (at most the longest budget walked at
// the plan's speed).
void read_budget(const TomlTable& table, double walk_speed_mps, Category& c) {
  if (table.has("minutes") && table.has("distance_m")) {
    table.fail("distance_m", "cannot be given together with minutes; give one of them");
  }
  if (table.has("distance_m")) {
    // As far as the longest budget takes a walker at the plan's speed.
    const double max_m = std::floor(limits::kMaxBudgetMinutes * 60.0 * walk_speed_mps);
    const double speed_kmh = std::round(walk_speed_mps * 3.6 * 100.0) / 100.0;  // 4, not 4.000000000000001
    const std::string unit =
        "m (" + plain_number(limits::kMaxBudgetMinutes) + " minutes at " + plain_number(speed_kmh) + " km/h)";
    c.reach = Circle::of_metres(number_in(table, "distance_m", 0.0, 0.0, max_m, unit));
    c.circle = format_number(c.reach.metres) + "m";
    return;
  }
  const double minutes =
      number_in(table, "minutes", kDefaultCategoryMinutes, 0.0, limits::kMaxBudgetMinutes, "minutes");
  c.reach = Circle::of_minutes(minutes);
  c.circle = format_number(minutes) + "min";
}

Category read_category(const TomlTable& table, double walk_speed_mps) {
  table.check_keys({"id", "name", "circle", "minutes", "distance_m", "values", "capacity_unit"});
  Category c;
  c.id = table.required_text("id", limits::kMaxIdChars);
  if (!is_category_id(c.id)) {
    table.fail("id", "must use only a-z, 0-9 and '_' (it names output fields), got \"" + c.id + "\"");
  }
  c.name = text_or(table, "name", c.id);
  read_budget(table, walk_speed_mps, c);
  c.circle = text_or(table, "circle", c.circle, limits::kMaxIdChars);
  c.values = field_names(table, "values", {c.id});
  if (c.values.empty()) table.fail("values", "must name at least one facility category value");
  c.capacity_unit = text_or(table, "capacity_unit", "", limits::kMaxIdChars);
  return c;
}

// Ids unique; each facility category value mapped to one category only.
void check_categories(const std::vector<TomlTable>& tables, const std::vector<Category>& categories) {
  std::map<std::string, std::size_t> id_at;
  std::map<std::string, std::size_t> value_at;
  for (std::size_t k = 0; k < categories.size(); ++k) {
    const Category& c = categories[k];
    if (const auto [it, fresh] = id_at.emplace(c.id, k); !fresh) {
      tables[k].fail("id", "duplicates the id of " + tables[it->second].name() + " (\"" + c.id + "\")");
    }
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      const auto [it, fresh] = value_at.emplace(c.values[i], k);
      if (fresh) continue;
      const std::string owner =
          it->second == k ? "earlier in this list" : "by category '" + categories[it->second].id + "'";
      tables[k].fail_element("values", i, "maps \"" + c.values[i] + "\", already mapped " + owner);
    }
  }
}

void check_basket(const TomlTable& settings, const Plan& plan) {
  std::vector<std::string_view> ids;
  for (const Category& c : plan.categories) ids.push_back(c.id);
  for (std::size_t i = 0; i < plan.basket.size(); ++i) {
    const std::string& id = plan.basket[i];
    if (plan.find_category(id) == nullptr) {
      settings.fail_element("basket", i, "names unknown category '" + id + "'" + did_you_mean(id, ids));
    }
    if (std::find(plan.basket.begin(), plan.basket.begin() + static_cast<std::ptrdiff_t>(i), id) !=
        plan.basket.begin() + static_cast<std::ptrdiff_t>(i)) {
      settings.fail_element("basket", i, "names category '" + id + "' twice");
    }
  }
}

TargetsInput read_targets(const TomlTable& table, const std::filesystem::path& base_dir) {
  table.check_keys({"path", "year", "actuals"});
  TargetsInput targets;
  const std::optional<std::string> path = table.text("path", limits::kMaxPathChars);
  if (!path || path->empty()) table.fail("path", "is required: the target spec file");
  targets.path = resolve(base_dir, *path);
  if (const std::optional<std::int64_t> year = table.integer("year")) {
    if (*year < 2000 || *year > 2100)
      table.fail("year", "must be a year such as 2027, got " + std::to_string(*year));
    targets.year = static_cast<int>(*year);
  }
  if (const std::optional<std::string> actuals = table.text("actuals", limits::kMaxPathChars);
      actuals && !actuals->empty()) {
    targets.actuals = resolve(base_dir, *actuals);
  }
  return targets;
}

// The least share of a town's population (its population field) the model
// must place on the network: 0 allows anything, 1 demands everybody.
double min_placed_share(const TomlTable& table) {
  const std::optional<double> share = table.number("min_placed_share");
  if (!share) return Plan{}.min_placed_share;
  if (!(*share >= 0.0 && *share <= 1.0)) {
    table.fail("min_placed_share", "must be a share from 0 to 1, got " + format_number(*share));
  }
  return *share;
}

// [population] total = N: the whole area's population, for a plan without [towns].
double population_total(const TomlTable& table, bool has_towns) {
  table.check_keys({"total", "min_placed_share"});
  if (has_towns) {
    table.fail("total", "applies only to a plan without [towns]: with towns, their population field counts");
  }
  return number_in(table, "total", 0.0, 1.0, limits::kMaxPopulationTotal, "people");
}

PopulationInput read_population(const TomlTable& table, const std::filesystem::path& base_dir) {
  table.check_keys(
      {"path", "layer", "crs", "encoding", "population_field", "min_placed_share", "open_options"});
  PopulationInput population;
  read_layer_ref(table, base_dir, population);
  population.population_field = text_or(table, "population_field", population.population_field);
  return population;
}

void read_inputs(const TomlTable& root, const std::filesystem::path& base_dir, Plan& plan) {
  const std::optional<TomlTable> roads = root.table("roads");
  if (!roads) root.fail("roads", "is required: a [roads] table with path = \"...\"");
  plan.roads = read_roads(*roads, base_dir);
  // Without [towns] the whole network's area is one town (doc/plan.md).
  const std::optional<TomlTable> towns = root.table("towns");
  if (towns) plan.towns = read_towns(*towns, base_dir);
  const std::vector<TomlTable> facilities = root.tables("facilities").value_or(std::vector<TomlTable>{});
  if (facilities.empty()) root.fail("facilities", "is required: at least one [[facilities]] table");
  if (facilities.size() > limits::kMaxFacilityInputs) {
    root.fail("facilities", "has " + std::to_string(facilities.size()) + " tables; at most " +
                                std::to_string(limits::kMaxFacilityInputs) + " are allowed");
  }
  for (const TomlTable& f : facilities) plan.facilities.push_back(read_facilities(f, base_dir));
  const std::optional<TomlTable> population = root.table("population");
  if (population) {
    plan.min_placed_share = min_placed_share(*population);
    if (population->has("total")) {
      plan.population_total = population_total(*population, towns.has_value());
    } else if (population->has("path")) {
      plan.population = read_population(*population, base_dir);
    } else {
      population->check_keys({"min_placed_share"});  // the towns' population over their streets
    }
  }
  if (!towns && !plan.population && !plan.population_total) {
    root.fail("towns",
              "is absent, so the whole network's area is one town, and it needs a population: give "
              "[population] total = N (the area's census population, spread over its streets) or "
              "[population] path = a population raster or layer; or give [towns] with a population field");
  }
  if (const std::optional<TomlTable> targets = root.table("targets"))
    plan.targets = read_targets(*targets, base_dir);
}

void read_categories(const TomlTable& root, Plan& plan) {
  const std::vector<TomlTable> tables = root.tables("categories").value_or(std::vector<TomlTable>{});
  if (tables.empty()) root.fail("categories", "is required: at least one [[categories]] table");
  if (tables.size() > limits::kMaxCategories) {
    root.fail("categories", "has " + std::to_string(tables.size()) + " tables; at most " +
                                std::to_string(limits::kMaxCategories) + " are allowed");
  }
  for (const TomlTable& t : tables) plan.categories.push_back(read_category(t, plan.walk_speed_mps));
  check_categories(tables, plan.categories);
}

constexpr std::int64_t kMinMapPx = 200;
constexpr std::int64_t kMaxMapPx = 20000;

int map_size(const TomlTable& table, std::string_view key, int fallback) {
  const std::optional<std::int64_t> px = table.integer(key);
  if (!px) return fallback;
  if (*px < kMinMapPx || *px > kMaxMapPx) {
    table.fail(key, "must be between " + std::to_string(kMinMapPx) + " and " + std::to_string(kMaxMapPx) +
                        " pixels, got " + std::to_string(*px));
  }
  return static_cast<int>(*px);
}

// "YYYY-MM-DD" with a plausible month and day.
bool is_iso_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// "#rrggbb" (either case) -> 0xRRGGBB.
std::optional<std::uint32_t> parse_colour(const std::string& text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data() + 1, text.data() + text.size(), value, 16);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// [maps.colours]: category id -> colour; ids are checked against the plan's categories.
void read_map_colours(const TomlTable& colours, Plan& plan) {
  std::vector<std::string_view> ids;
  for (const Category& c : plan.categories) ids.push_back(c.id);
  for (const std::string& id : colours.keys()) {
    if (plan.find_category(id) == nullptr) {
      colours.fail(id, "names unknown category '" + id + "'" + did_you_mean(id, ids));
    }
    const std::string text = colours.text(id, limits::kMaxIdChars).value_or("");
    const std::optional<std::uint32_t> colour = parse_colour(text);
    if (!colour)
      colours.fail(id, "must be a colour written \"#rrggbb\", e.g. \"#2166ac\", got \"" + text + "\"");
    plan.maps.category_colours[id] = *colour;
  }
}

void read_maps(const TomlTable& table, Plan& plan) {
  table.check_keys({"enabled", "width_px", "height_px", "formats", "data_date", "font", "colours"});
  MapStyle& maps = plan.maps;
  maps.enabled = table.boolean("enabled").value_or(maps.enabled);
  maps.width_px = map_size(table, "width_px", maps.width_px);
  maps.height_px = map_size(table, "height_px", maps.height_px);
  if (const std::int64_t pixels = std::int64_t{maps.width_px} * maps.height_px;
      pixels > limits::kMaxMapPixels) {
    table.fail(table.has("height_px") ? "height_px" : "width_px",
               "makes maps of " + std::to_string(maps.width_px) + " x " + std::to_string(maps.height_px) +
                   " = " + std::to_string(pixels) + " pixels; at most " +
                   std::to_string(limits::kMaxMapPixels) +
                   " are allowed (e.g. 8000 x 5000; SVG maps scale to any print size)");
  }
  if (std::optional<std::vector<std::string>> formats =
          table.texts("formats", limits::kMaxListItems, limits::kMaxIdChars)) {
    if (formats->empty()) table.fail("formats", "must name at least one of \"png\", \"svg\"");
    for (std::size_t i = 0; i < formats->size(); ++i) {
      const std::string& f = (*formats)[i];
      if (f != "png" && f != "svg")
        table.fail_element("formats", i, "must be \"png\" or \"svg\", got \"" + f + "\"");
      if (std::find(formats->begin(), formats->begin() + static_cast<std::ptrdiff_t>(i), f) !=
          formats->begin() + static_cast<std::ptrdiff_t>(i)) {
        table.fail_element("formats", i, "names \"" + f + "\" twice");
      }
    }
    maps.formats = std::move(*formats);
  }
  maps.data_date = text_or(table, "data_date", "", limits::kMaxIdChars);
  if (!maps.data_date.empty() && !is_iso_date(maps.data_date)) {
    table.fail("data_date", "must be a date written YYYY-MM-DD, got \"" + maps.data_date + "\"");
  }
  maps.font = text_or(table, "font", maps.font);
  if (maps.font.empty()) table.fail("font", "must not be empty");
  if (const std::optional<TomlTable> colours = table.table("colours")) {
    read_map_colours(*colours, plan);
  }
}

}  // namespace

const Category* Plan::find_category(const std::string& id) const {
  for (const Category& c : categories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Plan load_plan(const std::filesystem::path& file) {
  const toml::table document = parse_toml_file(file, "plan file");
  const TomlTable root(document, "", file);
  root.check_keys(
      {"plan", "output", "roads", "towns", "facilities", "population", "targets", "categories", "maps"});

  Plan plan;
  plan.file = file;
  plan.name = file.stem().string();
  const toml::table empty;
  const TomlTable settings = root.table("plan").value_or(TomlTable(empty, "plan", file));
  read_settings(settings, plan);
  if (const std::optional<TomlTable> output = root.table("output")) read_output(*output, plan);
  read_inputs(root, file.parent_path(), plan);
  read_categories(root, plan);
  if (const std::optional<TomlTable> maps = root.table("maps")) read_maps(*maps, plan);
  check_basket(settings, plan);
  return plan;
}

std::vector<std::filesystem::path> plan_input_paths(const Plan& plan) {
  std::vector<std::filesystem::path> paths{plan.file, plan.roads.path, plan.towns.path};
  for (const FacilitiesInput& f : plan.facilities) paths.push_back(f.path);
  if (plan.population) paths.push_back(plan.population->path);
  if (plan.targets) {
    paths.push_back(plan.targets->path);
    paths.push_back(plan.targets->actuals);
  }
  return paths;
}

}  // namespace lifecircle::io
