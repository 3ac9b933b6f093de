#pragma once
// A plan's indicator table (Wenling's 公共服务“七优享”五年目标): one row per
// indicator, a 2022 baseline cell and one target cell per year 2023-2027, each
// kept verbatim and parsed into a Target. Judging tells whether an actual value
// meets a target and by how much it falls short.
//
// Cell grammar (after trimming whitespace and folding full-width forms such as
// "９０", "＞", "；", "／" and the ideographic space to ASCII):
//   4.03                          value          a plain number
//   >x  ≥x  >=x  <x  ≤x  <=x      bound          also ≧ and ≦
//   x以上  x以下                  bound          read as ≥x and ≤x
//   全覆盖                        full_coverage  100 %
//   /                             no_target
//   未出数                        not_published  ("figure not yet out")
//   职工医保85;城乡医保68          pair           two or more "label number" parts, ';' or '；'
// Numbers are digits with at most one decimal point; no sign, exponent or grouping.

#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle::io {

enum class TargetKind { value, bound, full_coverage, no_target, not_published, pair };

// `none`: the cell states no comparison (a plain number or a pair part); the
// indicator's Direction decides whether it is a floor or a ceiling.
enum class Comparison { none, gt, ge, lt, le };

// One "label number" part of a pair cell, e.g. {"职工医保", 85}.
struct TargetPart {
  std::string label;
  double value = 0.0;
};

struct Target {
  TargetKind kind = TargetKind::no_target;
  Comparison comparison = Comparison::none;  // bound: gt/ge/lt/le; full_coverage: ge; else none
  double value = 0.0;                        // value, bound; 100 for full_coverage; 0 otherwise
  std::string text;                          // the cell exactly as written
  std::vector<TargetPart> parts;             // pair only, in the cell's order
};

// Parses one cell. Throws InputError at `where` for an unreadable cell; the
// message quotes the cell text.
Target parse_target(std::string_view cell, const InputLocation& where = {});

inline constexpr int first_target_year = 2023;
inline constexpr int last_target_year = 2027;
inline constexpr std::size_t target_year_count =
    static_cast<std::size_t>(last_target_year - first_target_year) + 1;

struct IndicatorRow {
  int row = 0;                                    // the plan's row order, 1-based
  std::string domain;                             // e.g. 幼有善育 (the plan's layout spaces removed)
  std::string name_zh;                            // as the plan writes it, without the ☆ marker
  std::string name_en;                            // an English gloss
  std::string unit;                               // e.g. %, 个, 万人次
  bool star = false;                              // ☆: a province core indicator
  Target y2022;                                   // the 2022 column: the baseline, read with the same grammar
  std::array<Target, target_year_count> targets;  // 2023..2027; use target_for()
};

// Reads the UTF-8 CSV with columns row,domain,star,name_zh,name_en,unit,
// y2022..y2027 (any order, each once). Throws InputError naming the file, the
// line (as the location's feature) and the column (as its field).
std::vector<IndicatorRow> read_indicator_table(const std::filesystem::path& csv);

// The target for `year`. Throws UsageError for a year outside 2023-2027.
const Target& target_for(const IndicatorRow& row, int year);

// Whether a bigger actual value is better (coverage, places) or a smaller one
// (death or unemployment rates). Only used where the cell gives no comparison.
enum class Direction { higher_is_better, lower_is_better };

struct Verdict {
  enum Status { pass, falls_short, no_target, no_data };
  Status status = no_data;
  // Distance to the target in the indicator's unit: positive = short by this
  // much, negative = surplus, 0 = on it (a strict bound on its limit falls short
  // by 0). Empty for no_target and no_data.
  std::optional<double> shortfall;
};

// Judges a single-number target (value, bound, full_coverage as ≥100 %).
// no_target and not_published cells give no_target; a missing actual gives
// no_data. Comparisons are exact: round the actual as the plan does.
// Throws InternalError for a pair target (use judge_pair) or a non-finite actual.
Verdict judge(const Target& target, std::optional<double> actual, Direction direction);

struct PartVerdict {
  std::string label;
  Verdict verdict;
};

struct PairVerdict {
  // falls_short if any part does (shortfall: the largest), else no_data if a
  // part has no actual, else pass (shortfall: the largest, i.e. the least surplus).
  Verdict overall;
  std::vector<PartVerdict> parts;  // in the cell's order
};

// Judges each part of a pair target against the actual with the same label.
// Throws InternalError for a target that is not a pair, an actual whose label is
// not among the target's parts (the message lists them) or a non-finite actual.
// Example: judge_pair(target, {{"职工医保", 86.0}, {"城乡医保", 67.5}}, Direction::higher_is_better).
PairVerdict judge_pair(const Target& target,
                       const std::map<std::string, double, std::less<>>& actual_by_label,
                       Direction direction);

}  // namespace lifecircle::io
