#pragma once
// The plan's targets checked against a coverage run. A target spec file (TOML)
// binds each indicator of the plan's table, and the facility targets its tasks
// name, to a kind the engine evaluates:
//   coverage          share of residents (%) inside a category's circle, or the
//                     composite basket's ("composite"), per town and citywide
//   per_capita        a category's capacity per `per_residents` residents
//   presence_by_town  share of towns (%) with at least `min_count` facilities
//   count             facilities of a category citywide
//   tracked           a value the map cannot compute, from the planner's
//                     actuals CSV (row,year,value or row,year,label,value)
// Computed values are rounded to 2 decimals before judging, as the plan's table
// reports them. Facilities count when existing; capacity is summed over the
// existing facilities inside each town (a missing capacity counts as 0).
//
// Spec file, paths relative to it (data/plan/wenling-2023-targets.toml):
//   [table]
//   indicators = "wenling-2023-indicators.csv"
//   [[indicator]]                    one per table row the engine binds; rows
//   row = 1                          left out are tracked
//   kind = "per_capita"
//   category = "childcare"
//   per_residents = 1000
//   [[task]]                         a facility target of the plan's tasks
//   id = "disability_homes"
//   name_zh = "残疾人之家数量"  name_en = "..."  unit = "个"
//   source = "到2025年残疾人之家达到28家"
//   kind = "count"
//   category = "disability_home"
//   targets = { 2025 = "28", 2026 = "28", 2027 = "28" }   cells as in the table; missing years: "/"
// Other keys: optional (a category the plan may lack: then tracked), by_town,
// min_count, capacity_unit (checked against the category's), direction
// ("higher_is_better" or "lower_is_better"), noun, plural (for the shortfall
// in words), note.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/target_inputs.hpp"
#include "lifecircle/io/indicator_table.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::coverage {

enum class IndicatorKind { coverage, per_capita, presence_by_town, count, tracked };

std::string_view to_string(IndicatorKind kind);

// The category name that stands for the composite basket in a coverage spec.
inline constexpr std::string_view kCompositeCategory = "composite";

struct IndicatorSpec {
  std::string key;         // "1".."24" for table rows, the task id for tasks; the actuals' `row`
  std::optional<int> row;  // the indicator table's row; empty for a task
  std::string name_zh;     // as the plan writes it
  std::string name_en;
  std::string unit;                                      // e.g. %, 个, m²
  bool star = false;                                     // ☆: a province core indicator
  std::string source;                                    // tasks: the plan's sentence, quoted
  IndicatorKind declared_kind = IndicatorKind::tracked;  // as the spec states it
  IndicatorKind kind = IndicatorKind::tracked;  // as evaluated (tracked when the category is missing)
  std::string category;                         // a plan category id, or "composite"
  std::string category_name;                    // the plan's display name of the category
  std::string fallback_reason;  // why a bound indicator is tracked instead (optional category missing)
  double per_residents = 1000.0;
  std::uint32_t min_count = 1;
  bool by_town = false;
  io::Direction direction = io::Direction::higher_is_better;
  std::string noun, plural;  // for the shortfall in words; default: the category's name
  std::string note;
  std::int64_t line = 0;  // where the spec sits in the spec file (0: not in it)
  std::array<io::Target, io::target_year_count> targets;  // 2023..2027

  // Throws UsageError for a year outside 2023-2027.
  const io::Target& target_for(int year) const;
};

struct TargetSpecs {
  std::filesystem::path file;             // the spec file
  std::filesystem::path table_file;       // the indicator table it binds
  std::vector<IndicatorSpec> indicators;  // table rows in row order, then tasks in file order

  const IndicatorSpec* find(std::string_view key) const;
};

// Reads a spec file and the indicator table it names, checked against the
// plan's categories. Throws InputError naming the spec file, the indicator (row
// or task) and the key: an unknown key, kind or category, a field the kind does
// not use, a category without the capacity a per_capita spec needs, a row that
// is not in the table, a duplicate, an unreadable target cell.
TargetSpecs read_target_specs(const std::filesystem::path& file, const io::Plan& plan);

// Throws UsageError naming the range 2023-2027 for a year outside it.
void check_target_year(int year);

// The planner's actual values for tracked indicators, by indicator key, year
// and label ("" unless the target is a pair).
using PartValues = std::map<std::string, double, std::less<>>;

struct Actuals {
  std::filesystem::path file;  // empty when none was given
  std::map<std::string, std::map<int, PartValues>, std::less<>> values;

  const PartValues* find(std::string_view key, int year) const;
};

// Reads a UTF-8 CSV with columns row,year,value or row,year,label,value. `row`
// is a table row number or a task id of `specs`; `year` 2022-2027; `label` a
// part of a pair target (required for those, refused for the others). Throws
// InputError naming the file, the line and the column.
Actuals read_actuals(const std::filesystem::path& csv, const TargetSpecs& specs);

// One judged line: the city (town_code empty) or one town.
struct TargetLine {
  std::string town_code;        // empty for the whole city
  std::string town_name;        // empty for the whole city
  std::optional<double> value;  // in the indicator's unit; pairs: empty
  PartValues parts;             // pairs: the actual of each part given
  io::Verdict verdict;
  std::vector<io::PartVerdict> part_verdicts;  // pairs only
  io::Target target;                           // what this line is judged against
  // For the shortfall in words:
  double population = 0.0;                 // residents the value refers to
  std::uint32_t count = 0;                 // facilities (count, presence_by_town per town)
  std::uint32_t town_count = 0;            // presence_by_town, city line: towns in all
  std::vector<std::string> towns_without;  // presence_by_town, city line: towns short, layer order
  std::string no_data_reason;              // set when verdict is no_data
};

struct IndicatorResult {
  IndicatorSpec spec;
  io::Target target;              // the citywide target for the year
  std::vector<TargetLine> lines;  // the city first, then each town in layer order (by_town only)
};

struct TargetCheck {
  int year = 0;
  std::filesystem::path specs_file;
  std::filesystem::path actuals_file;
  std::vector<IndicatorResult> indicators;  // in the specs' order
  std::vector<std::string> warnings;        // e.g. actuals given for a computed indicator
};

// Evaluates every spec for `year` on a coverage run of `city`. Throws
// UsageError for a year outside 2023-2027.
TargetCheck check_targets(const TargetSpecs& specs, const study::Study& study, const RunResult& result,
                          int year, const Actuals& actuals);

// The same on given inputs: a run's (target_inputs) or a scenario's
// (scenario_target_inputs), so base and scenario are judged alike.
TargetCheck check_targets(const TargetSpecs& specs, const study::Study& study, const TargetInputs& inputs,
                          int year, const Actuals& actuals);

// The same from files: the spec file, the year and the actuals CSV (empty
// path: none), as a plan's [targets] table or the command line names them.
TargetCheck check_targets_from_files(const std::filesystem::path& specs_file, int year,
                                     const std::filesystem::path& actuals_file, const study::Study& study,
                                     const RunResult& result);

}  // namespace lifecircle::coverage
