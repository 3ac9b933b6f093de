// Reading a target spec file (TOML) and binding it to a plan's categories.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/toml_reader.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::coverage {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- keys

constexpr std::array<std::string_view, 5> kKindNames{"coverage", "per_capita", "presence_by_town", "count",
                                                     "tracked"};

// Keys every entry may have, those of [[indicator]] or [[task]] only, and
// those each kind uses.
const std::vector<std::string_view> kCommonKeys{"kind", "note", "direction", "noun", "plural"};
const std::vector<std::string_view> kRowKeys{"row"};
const std::vector<std::string_view> kTaskKeys{"id", "name_zh", "name_en", "unit", "source", "targets"};

std::vector<std::string_view> kind_keys(IndicatorKind kind) {
  switch (kind) {
    case IndicatorKind::coverage:
      return {"category", "optional", "by_town"};
    case IndicatorKind::per_capita:
      return {"category", "optional", "by_town", "per_residents", "capacity_unit"};
    case IndicatorKind::presence_by_town:
      return {"category", "optional", "by_town", "min_count"};
    case IndicatorKind::count:
      return {"category", "optional"};
    case IndicatorKind::tracked:
      return {};
  }
  return {};
}

std::vector<std::string_view> all_keys() {
  std::vector<std::string_view> keys = kCommonKeys;
  keys.insert(keys.end(), kRowKeys.begin(), kRowKeys.end());
  keys.insert(keys.end(), kTaskKeys.begin(), kTaskKeys.end());
  const auto extra = kind_keys(IndicatorKind::per_capita);
  keys.insert(keys.end(), extra.begin(), extra.end());
  keys.emplace_back("min_count");
  return keys;
}

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (const std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

using io::TomlTable;

std::string unknown_key_message(std::string_view key) {
  const std::vector<std::string_view> known = all_keys();
  const std::string hint = io::did_you_mean(key, known);
  if (!hint.empty()) return "is not a key of a target spec" + hint;
  return "is not a key of a target spec (keys: " + join(known) + ")";
}

// ---------------------------------------------------------------- one entry

// One [[indicator]] or [[task]] table (labelled with what its messages call
// it): unknown keys first, then keys the kind does not use.
void check_entry_keys(const TomlTable& entry, const std::vector<std::string_view>& entry_keys,
                      IndicatorKind kind) {
  std::vector<std::string_view> allowed = kCommonKeys;
  allowed.insert(allowed.end(), entry_keys.begin(), entry_keys.end());
  const std::vector<std::string_view> used = kind_keys(kind);
  allowed.insert(allowed.end(), used.begin(), used.end());
  const std::vector<std::string_view> known = all_keys();
  for (const std::string& k : entry.keys()) {
    if (std::find(known.begin(), known.end(), k) == known.end()) entry.fail(k, unknown_key_message(k));
    if (std::find(entry_keys.begin(), entry_keys.end(), k) == entry_keys.end() &&
        (k == "row" || std::find(kTaskKeys.begin(), kTaskKeys.end(), k) != kTaskKeys.end())) {
      entry.fail(k, entry_keys == kRowKeys
                        ? "belongs in a [[task]]: an [[indicator]] takes its name, unit and "
                          "targets from the indicator table"
                        : "belongs in an [[indicator]], which binds a row of the indicator table");
    }
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      entry.fail(k, "is not used by kind '" + std::string(to_string(kind)) + "' (" +
                        (used.empty() ? std::string("it binds nothing: its value comes from the actuals CSV")
                                      : "its own keys: " + join(used)) +
                        ")");
    }
  }
}

std::optional<double> positive_number(const TomlTable& entry, std::string_view key) {
  const std::optional<double> value = entry.number(key);
  if (value && !(*value > 0.0)) entry.fail(key, "must be a positive number");
  return value;
}

IndicatorKind read_kind(const TomlTable& entry) {
  const std::string name = entry.required_string("kind");
  if (name == "share_of_capacity") {
    entry.fail(
        "kind",
        "'share_of_capacity' cannot be evaluated yet: the facility loaders read no flag (such as 普惠) "
        "per facility; use kind = \"tracked\" and give the share in the actuals CSV");
  }
  const auto found = std::find(kKindNames.begin(), kKindNames.end(), name);
  if (found == kKindNames.end()) {
    entry.fail("kind", "'" + name + "' is not a kind (kinds: " +
                           join(std::vector<std::string_view>(kKindNames.begin(), kKindNames.end())) + ")");
  }
  return static_cast<IndicatorKind>(found - kKindNames.begin());
}

io::Direction read_direction(const TomlTable& entry) {
  const std::string name = entry.string("direction").value_or("higher_is_better");
  if (name == "higher_is_better") return io::Direction::higher_is_better;
  if (name == "lower_is_better") return io::Direction::lower_is_better;
  entry.fail("direction", "'" + name + "' is not a direction (higher_is_better, lower_is_better)");
}

// ---------------------------------------------------------------- categories

std::string plan_categories(const io::Plan& plan) {
  std::string out;
  for (const io::Category& c : plan.categories) out += (out.empty() ? "" : ", ") + c.id;
  return out;
}

// Binds `spec.category`: the plan's category (or the composite basket); an
// optional category the plan lacks turns the indicator into a tracked one.
void bind_category(const TomlTable& entry, const io::Plan& plan, IndicatorSpec& spec) {
  spec.category = entry.required_string("category");
  const bool optional = entry.boolean("optional").value_or(false);
  const std::string plan_name = plan.file.filename().string();
  std::string missing;
  if (spec.category == kCompositeCategory) {
    if (spec.kind != IndicatorKind::coverage) {
      entry.fail("category",
                 "'composite' is the basket of the 15-minute circle: only kind 'coverage' uses it");
    }
    if (plan.basket.empty()) missing = "the plan " + plan_name + " has no composite basket";
    spec.category_name = "composite basket";
  } else if (const io::Category* category = plan.find_category(spec.category)) {
    spec.category_name = category->name;
  } else {
    missing = "the plan " + plan_name + " has no category '" + spec.category + "'";
  }
  if (missing.empty()) return;
  if (!optional) {
    entry.fail("category", "names no category of the plan: " + missing + " (its categories: " +
                               plan_categories(plan) + (plan.basket.empty() ? "" : ", composite") +
                               "); mark the spec optional = true if the plan may lack it");
  }
  spec.fallback_reason = missing;
  spec.kind = IndicatorKind::tracked;
}

void bind_capacity(const TomlTable& entry, const io::Plan& plan, IndicatorSpec& spec) {
  const std::optional<double> per = positive_number(entry, "per_residents");
  if (!per)
    entry.fail("per_residents", "is required for kind 'per_capita' (e.g. 1000 for 'per 1,000 residents')");
  spec.per_residents = *per;
  const io::Category* category = plan.find_category(spec.category);
  if (category == nullptr) return;  // optional and missing: tracked
  if (category->capacity_unit.empty()) {
    entry.fail("category", "category '" + spec.category +
                               "' has no capacity in the plan (no capacity_unit): "
                               "kind 'per_capita' sums a capacity");
  }
  const std::optional<std::string> unit = entry.string("capacity_unit");
  if (unit && *unit != category->capacity_unit) {
    entry.fail("capacity_unit", "is '" + *unit + "' but the plan counts category '" + spec.category +
                                    "' in '" + category->capacity_unit + "'");
  }
}

void bind_kind_fields(const TomlTable& entry, const io::Plan& plan, IndicatorSpec& spec) {
  if (spec.declared_kind == IndicatorKind::tracked) return;
  bind_category(entry, plan, spec);
  if (spec.declared_kind == IndicatorKind::per_capita) bind_capacity(entry, plan, spec);
  if (spec.declared_kind == IndicatorKind::presence_by_town) {
    const std::int64_t min_count = entry.integer("min_count").value_or(1);
    if (min_count < 1 || min_count > 1000000) entry.fail("min_count", "must be an integer from 1");
    spec.min_count = static_cast<std::uint32_t>(min_count);
  }
  spec.by_town = spec.declared_kind != IndicatorKind::count && entry.boolean("by_town").value_or(true);
}

void read_common(const TomlTable& entry, const std::vector<std::string_view>& entry_keys,
                 const io::Plan& plan, IndicatorSpec& spec) {
  spec.declared_kind = read_kind(entry);
  spec.kind = spec.declared_kind;
  check_entry_keys(entry, entry_keys, spec.kind);
  spec.direction = read_direction(entry);
  spec.note = entry.string("note").value_or("");
  spec.line = entry.line();
  bind_kind_fields(entry, plan, spec);
  spec.noun = entry.string("noun").value_or("");
  spec.plural = entry.string("plural").value_or("");
  if (spec.noun.empty()) {
    spec.noun = spec.category_name;
    if (spec.kind == IndicatorKind::coverage) {
      spec.noun =
          spec.category == kCompositeCategory ? "composite circle" : "circle of " + spec.category_name;
    }
    if (spec.plural.empty()) spec.plural = spec.noun;
  }
  if (spec.plural.empty()) spec.plural = spec.noun + "s";
}

// ---------------------------------------------------------------- rows and tasks

const io::IndicatorRow* find_row(const std::vector<io::IndicatorRow>& table, std::int64_t row) {
  for (const io::IndicatorRow& r : table) {
    if (r.row == row) return &r;
  }
  return nullptr;
}

std::string row_range(const std::vector<io::IndicatorRow>& table) {
  int lowest = table.front().row, highest = table.front().row;
  for (const io::IndicatorRow& r : table) {
    lowest = std::min(lowest, r.row);
    highest = std::max(highest, r.row);
  }
  return std::to_string(lowest) + "-" + std::to_string(highest);
}

IndicatorSpec spec_of_row(const io::IndicatorRow& row) {
  IndicatorSpec spec;
  spec.key = std::to_string(row.row);
  spec.row = row.row;
  spec.name_zh = row.name_zh;
  spec.name_en = row.name_en;
  spec.unit = row.unit;
  spec.star = row.star;
  spec.targets = row.targets;
  return spec;
}

IndicatorSpec read_indicator(TomlTable entry, const std::vector<io::IndicatorRow>& table,
                             const fs::path& table_file, const io::Plan& plan) {
  const std::optional<std::int64_t> number = entry.integer("row");
  if (!number) entry.fail("row", "is required: the row of the indicator table this entry binds");
  const io::IndicatorRow* row = find_row(table, *number);
  if (row == nullptr) {
    entry.fail("row", "row " + std::to_string(*number) + " is not in the indicator table " +
                          table_file.filename().string() + " (rows " + row_range(table) + ")");
  }
  entry = entry.labelled("indicator row " + std::to_string(row->row) + " (" + row->name_zh + ")");
  IndicatorSpec spec = spec_of_row(*row);
  read_common(entry, kRowKeys, plan, spec);
  return spec;
}

bool is_task_id(std::string_view id) {
  if (id.empty() || id.front() < 'a' || id.front() > 'z') return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void read_task_targets(const TomlTable& entry, IndicatorSpec& spec) {
  constexpr std::string_view kTargetsForm = "a table of year = \"cell\", e.g. { 2027 = \"全覆盖\" }";
  const std::optional<TomlTable> targets = entry.table("targets", kTargetsForm);
  if (!targets) entry.fail("targets", "is required: " + std::string(kTargetsForm));
  for (io::Target& target : spec.targets) target = io::parse_target("/");
  for (const std::string& key : targets->keys()) {
    int year = 0;
    const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), year);
    if (error != std::errc{} || end != key.data() + key.size() || year < io::first_target_year ||
        year > io::last_target_year) {
      targets->fail(key, "is not a year of the plan (" + std::to_string(io::first_target_year) + "-" +
                             std::to_string(io::last_target_year) + ")");
    }
    const std::string cell = targets->string(key).value_or("");
    try {
      spec.targets[static_cast<std::size_t>(year - io::first_target_year)] = io::parse_target(cell);
    } catch (const InputError& e) {
      targets->fail(key, e.detail());
    }
  }
}

IndicatorSpec read_task(TomlTable entry, const io::Plan& plan) {
  IndicatorSpec spec;
  spec.key = entry.required_string("id");
  if (!is_task_id(spec.key)) {
    entry.fail("id",
               "'" + spec.key + "' is not a task id (lower-case letters, digits and '_', from a letter)");
  }
  entry = entry.labelled("task '" + spec.key + "'");
  spec.name_zh = entry.required_string("name_zh");
  spec.name_en = entry.required_string("name_en");
  spec.unit = entry.required_string("unit");
  spec.source = entry.required_string("source");
  read_common(entry, kTaskKeys, plan, spec);
  read_task_targets(entry, spec);
  return spec;
}

// ---------------------------------------------------------------- the file

void check_root_keys(const TomlTable& root) {
  for (const std::string& k : root.keys()) {
    if (k == "table" || k == "indicator" || k == "task") continue;
    root.fail(k, "is not allowed at the top level (allowed: [table], [[indicator]], [[task]])");
  }
}

fs::path table_path(const TomlTable& root, const fs::path& file) {
  const std::optional<TomlTable> table = root.table("table");
  const std::optional<std::string> path = table ? table->string("indicators") : std::nullopt;
  const std::string required = "is required: the indicator table (CSV) the specs bind, relative to this file";
  if (!table) root.fail("table.indicators", required);
  if (!path || path->empty()) table->fail("indicators", required);
  for (const std::string& key : table->keys()) {
    if (key != "indicators") table->fail(key, "is not allowed ([table] has only 'indicators')");
  }
  fs::path indicators = file.parent_path() / fs::path(*path);  // not const: returned by move
  require_regular_file(indicators, "indicator table");
  if (!fs::is_regular_file(indicators)) {
    table->fail("indicators", "names '" + *path + "', but there is no such file: " + indicators.string());
  }
  return indicators;
}

// The [[indicator]] or [[task]] entries, each labelled "[[task]] at line 4".
std::vector<TomlTable> entries(const TomlTable& root, std::string_view key) {
  std::vector<TomlTable> out;
  for (const TomlTable& t : root.tables(key).value_or(std::vector<TomlTable>{})) {
    out.push_back(t.labelled("[[" + std::string(key) + "]] at line " + std::to_string(t.line())));
  }
  return out;
}

}  // namespace

std::string_view to_string(IndicatorKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

const io::Target& IndicatorSpec::target_for(int year) const {
  check_target_year(year);
  return targets[static_cast<std::size_t>(year - io::first_target_year)];
}

const IndicatorSpec* TargetSpecs::find(std::string_view key) const {
  for (const IndicatorSpec& spec : indicators) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

void check_target_year(int year) {
  if (year >= io::first_target_year && year <= io::last_target_year) return;
  throw UsageError("year " + std::to_string(year) + " is outside the plan's target years " +
                   std::to_string(io::first_target_year) + "-" + std::to_string(io::last_target_year) +
                   (year == io::first_target_year - 1 ? " (2022 is the baseline)" : ""));
}

TargetSpecs read_target_specs(const fs::path& file, const io::Plan& plan) {
  const toml::table document = io::parse_toml_file(file, "target spec file");
  const TomlTable root(document, "", file);
  check_root_keys(root);
  TargetSpecs specs;
  specs.file = file;
  specs.table_file = table_path(root, file);
  const std::vector<io::IndicatorRow> table = io::read_indicator_table(specs.table_file);
  std::map<int, IndicatorSpec> bound;
  for (const TomlTable& t : entries(root, "indicator")) {
    IndicatorSpec spec = read_indicator(t, table, specs.table_file, plan);
    if (bound.count(*spec.row) != 0) {
      t.labelled("indicator row " + spec.key).fail("row", "binds a row an entry above already binds");
    }
    bound.emplace(*spec.row, std::move(spec));
  }
  std::vector<io::IndicatorRow> rows = table;
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
  for (const io::IndicatorRow& row : rows) {
    const auto found = bound.find(row.row);
    specs.indicators.push_back(found != bound.end() ? found->second : spec_of_row(row));
  }
  std::set<std::string> task_ids;
  for (const TomlTable& t : entries(root, "task")) {
    IndicatorSpec spec = read_task(t, plan);
    if (!task_ids.insert(spec.key).second) {
      t.labelled("task '" + spec.key + "'").fail("id", "appears twice: task ids must be unique");
    }
    specs.indicators.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace lifecircle::coverage
