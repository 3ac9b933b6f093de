#include "lifecircle/io/indicator_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/input_file.hpp"
#include "lifecircle/util/utf8.hpp"

namespace lifecircle::io {
namespace {

// ---------------------------------------------------------------- text

// Full-width ASCII forms (０-９, ＞, ．, ；, ／ ...) to ASCII, the ideographic and
// no-break spaces to a space, ≧ ≦ to ≥ ≤.
char32_t fold_width(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return static_cast<char32_t>(cp - 0xFEE0);
  if (cp == 0x3000 || cp == 0x00A0) return U' ';
  if (cp == 0x2267) return U'≥';
  if (cp == 0x2266) return U'≤';
  return cp;
}

std::optional<std::string> fold_widths(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::optional<char32_t> cp = next_code_point(text, i);
    if (!cp) return std::nullopt;
    append_utf8(folded, fold_width(*cp));
  }
  return folded;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// ---------------------------------------------------------------- target cells

constexpr std::string_view kExpectedForms =
    "expected a number, a bound (>x, ≥x, >=x, <x, ≤x, <=x, x以上, x以下), 全覆盖, /, 未出数 "
    "or parts 'label number;label number'";

[[noreturn]] void fail_cell(std::string_view cell, const InputLocation& where, std::string_view reason) {
  throw InputError(where, "cannot read target cell '" + std::string(cell) + "': " + std::string(reason));
}

// Digits with at most one decimal point, digits on both sides of it.
std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) return std::nullopt;
  if (std::count(text.begin(), text.end(), '.') > 1) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c) || c == '.'; })) {
    return std::nullopt;
  }
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Operator {
  std::string_view token;
  Comparison comparison;
};

// Longest first, so ">=" is not read as ">" followed by "=80".
constexpr std::array<Operator, 6> kPrefixOperators{{{">=", Comparison::ge},
                                                    {"<=", Comparison::le},
                                                    {"≥", Comparison::ge},
                                                    {"≤", Comparison::le},
                                                    {">", Comparison::gt},
                                                    {"<", Comparison::lt}}};
constexpr std::array<Operator, 2> kSuffixOperators{{{"以上", Comparison::ge}, {"以下", Comparison::le}}};

Target make_bound(Comparison comparison, double value) {
  Target target;
  target.kind = TargetKind::bound;
  target.comparison = comparison;
  target.value = value;
  return target;
}

std::optional<Target> parse_bound(std::string_view text) {
  for (const Operator& op : kPrefixOperators) {
    if (!text.starts_with(op.token)) continue;
    const std::optional<double> value = parse_number(text.substr(op.token.size()));
    return value ? std::optional(make_bound(op.comparison, *value)) : std::nullopt;
  }
  for (const Operator& op : kSuffixOperators) {
    if (!text.ends_with(op.token)) continue;
    const std::optional<double> value = parse_number(text.substr(0, text.size() - op.token.size()));
    return value ? std::optional(make_bound(op.comparison, *value)) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<Target> parse_word(std::string_view text) {
  Target target;
  if (text == "/") {
    target.kind = TargetKind::no_target;
  } else if (text == "未出数") {
    target.kind = TargetKind::not_published;
  } else if (text == "全覆盖") {
    target.kind = TargetKind::full_coverage;
    target.comparison = Comparison::ge;
    target.value = 100.0;
  } else {
    return std::nullopt;
  }
  return target;
}

std::optional<Target> parse_single(std::string_view text) {
  if (std::optional<Target> word = parse_word(text)) return word;
  if (const std::optional<double> value = parse_number(text)) {
    Target target;
    target.kind = TargetKind::value;
    target.value = *value;
    return target;
  }
  return parse_bound(text);
}

// A label may hold no digit and none of the characters of the other forms.
bool is_label(std::string_view label) {
  if (label.empty()) return false;
  constexpr std::array<std::string_view, 8> kForbidden{"<", ">", "=", "/", "%", "≥", "≤", "."};
  if (std::any_of(label.begin(), label.end(), is_digit)) return false;
  return std::none_of(kForbidden.begin(), kForbidden.end(),
                      [&](std::string_view token) { return label.find(token) != std::string_view::npos; });
}

// "职工医保85" -> {"职工医保", 85}: the number is the run of digits and dots at the end.
std::optional<TargetPart> parse_part(std::string_view text) {
  text = trim(text);
  std::size_t number_start = text.size();
  while (number_start > 0 && (is_digit(text[number_start - 1]) || text[number_start - 1] == '.'))
    --number_start;
  const std::string_view label = trim(text.substr(0, number_start));
  const std::optional<double> value = parse_number(text.substr(number_start));
  if (!value || !is_label(label)) return std::nullopt;
  return TargetPart{std::string(label), *value};
}

Target parse_pair(std::string_view text, std::string_view cell, const InputLocation& where) {
  Target target;
  target.kind = TargetKind::pair;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    const std::string_view piece = text.substr(start, end - start);
    std::optional<TargetPart> part = parse_part(piece);
    if (!part) fail_cell(cell, where, "part '" + std::string(trim(piece)) + "' is not 'label number'");
    const bool repeated = std::any_of(target.parts.begin(), target.parts.end(),
                                      [&](const TargetPart& seen) { return seen.label == part->label; });
    if (repeated) fail_cell(cell, where, "label '" + part->label + "' appears twice");
    target.parts.push_back(std::move(*part));
    start = end + 1;
  }
  return target;
}

// ---------------------------------------------------------------- judging

Verdict compare(Comparison comparison, double limit, double actual) {
  const bool floor = comparison == Comparison::ge || comparison == Comparison::gt;
  const double shortfall = floor ? limit - actual : actual - limit;
  bool met = false;
  switch (comparison) {
    case Comparison::ge:
      met = actual >= limit;
      break;
    case Comparison::gt:
      met = actual > limit;
      break;
    case Comparison::le:
      met = actual <= limit;
      break;
    case Comparison::lt:
      met = actual < limit;
      break;
    case Comparison::none:
      throw InternalError("comparison 'none' reached compare()");
  }
  return Verdict{met ? Verdict::pass : Verdict::falls_short, shortfall};
}

Comparison plain_comparison(Direction direction) {
  return direction == Direction::higher_is_better ? Comparison::ge : Comparison::le;
}

void check_actual(double actual, std::string_view what) {
  if (!std::isfinite(actual)) {
    throw InternalError("judge: the actual value for " + std::string(what) + " is not a finite number");
  }
}

// Parts are judged as plain numbers (ge or le), so a short part's shortfall is
// > 0 and a passing part's is <= 0: the largest shortfall is the worst part's.
Verdict merge(const std::vector<PartVerdict>& parts) {
  bool any_short = false;
  bool any_missing = false;
  std::optional<double> worst;
  for (const PartVerdict& part : parts) {
    if (part.verdict.status == Verdict::no_data) {
      any_missing = true;
      continue;
    }
    any_short = any_short || part.verdict.status == Verdict::falls_short;
    worst = worst ? std::max(*worst, *part.verdict.shortfall) : part.verdict.shortfall;
  }
  if (any_short) return Verdict{Verdict::falls_short, worst};
  if (any_missing) return Verdict{Verdict::no_data, std::nullopt};
  return Verdict{Verdict::pass, worst};
}

std::string part_labels(const Target& target) {
  std::string labels;
  for (const TargetPart& part : target.parts) labels += (labels.empty() ? "" : ", ") + part.label;
  return labels;
}

// ---------------------------------------------------------------- CSV

constexpr std::size_t kYearColumns = 1 + target_year_count;  // y2022 and the targets
constexpr std::array<std::string_view, 6 + kYearColumns> kColumns{"row",     "domain", "star",  "name_zh",
                                                                  "name_en", "unit",   "y2022", "y2023",
                                                                  "y2024",   "y2025",  "y2026", "y2027"};
enum Column : std::size_t { col_row, col_domain, col_star, col_name_zh, col_name_en, col_unit, col_y2022 };

struct CsvPlace {
  std::string path;
  std::int64_t line = 0;
};

// Where column `column` (0-based position in the file) of the current line sits.
[[noreturn]] void fail_at(const CsvPlace& place, std::string_view column, std::size_t position,
                          const std::string& detail) {
  const std::string line_column =
      "(line " + std::to_string(place.line) + ", column " + std::to_string(position + 1) + "): ";
  throw InputError(InputLocation{place.path, "", place.line, std::string(column)}, line_column + detail);
}

[[noreturn]] void fail_line(const CsvPlace& place, const std::string& detail) {
  throw InputError(InputLocation{place.path, "", place.line, ""},
                   "(line " + std::to_string(place.line) + "): " + detail);
}

using ColumnPositions = std::array<std::size_t, kColumns.size()>;

ColumnPositions read_header(const std::vector<std::string>& names, const CsvPlace& place) {
  ColumnPositions positions;
  positions.fill(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto known = std::find(kColumns.begin(), kColumns.end(), names[i]);
    if (known == kColumns.end()) fail_at(place, names[i], i, "unknown column in the header");
    const auto id = static_cast<std::size_t>(known - kColumns.begin());
    if (positions[id] != names.size()) fail_at(place, names[i], i, "column appears twice in the header");
    positions[id] = i;
  }
  for (std::size_t id = 0; id < kColumns.size(); ++id) {
    if (positions[id] == names.size()) {
      fail_line(place, "the header has no column '" + std::string(kColumns[id]) + "'");
    }
  }
  return positions;
}

struct CsvLine {
  CsvPlace place;
  std::vector<std::string> fields;
  const ColumnPositions* positions = nullptr;

  const std::string& cell(std::size_t id) const { return fields[(*positions)[id]]; }
  [[noreturn]] void fail(std::size_t id, const std::string& detail) const {
    fail_at(place, kColumns[id], (*positions)[id], detail);
  }
};

std::string required_text(const CsvLine& line, std::size_t id) {
  const std::string_view text = trim(line.cell(id));
  if (text.empty()) line.fail(id, "is empty");
  return std::string(text);
}

int read_row_number(const CsvLine& line) {
  const std::string_view text = trim(line.cell(col_row));
  int row = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), row);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || row < 1) {
    line.fail(col_row, "'" + line.cell(col_row) + "' is not a row number (an integer >= 1)");
  }
  return row;
}

bool read_star(const CsvLine& line) {
  const std::string_view text = trim(line.cell(col_star));
  if (text != "0" && text != "1") line.fail(col_star, "'" + line.cell(col_star) + "' is not 0 or 1");
  return text == "1";
}

Target read_target(const CsvLine& line, std::size_t id) {
  try {
    return parse_target(line.cell(id));
  } catch (const InputError& error) {
    line.fail(id, error.detail());
  }
}

IndicatorRow read_row(const CsvLine& line) {
  IndicatorRow row;
  row.row = read_row_number(line);
  row.domain = required_text(line, col_domain);
  row.star = read_star(line);
  row.name_zh = required_text(line, col_name_zh);
  row.name_en = required_text(line, col_name_en);
  row.unit = required_text(line, col_unit);
  row.y2022 = read_target(line, col_y2022);
  for (std::size_t k = 0; k < target_year_count; ++k) row.targets[k] = read_target(line, col_y2022 + 1 + k);
  return row;
}

void check_unique_row(std::set<int>& seen, const IndicatorRow& row, const CsvLine& line) {
  if (!seen.insert(row.row).second)
    line.fail(col_row, "row number " + std::to_string(row.row) + " appears twice");
}

}  // namespace

Target parse_target(std::string_view cell, const InputLocation& where) {
  const std::optional<std::string> folded = fold_widths(cell);
  if (!folded) fail_cell(cell, where, "it is not valid UTF-8");
  const std::string_view text = trim(*folded);
  if (text.empty()) fail_cell(cell, where, "it is empty");
  Target target;
  if (text.find(';') != std::string_view::npos) {
    target = parse_pair(text, cell, where);
  } else if (std::optional<Target> single = parse_single(text)) {
    target = std::move(*single);
  } else {
    fail_cell(cell, where, kExpectedForms);
  }
  target.text = std::string(cell);
  return target;
}

std::vector<IndicatorRow> read_indicator_table(const std::filesystem::path& csv) {
  require_regular_file(csv, "indicator table");
  std::ifstream in(csv, std::ios::binary);
  const InputLocation file{csv.string(), "", std::nullopt, ""};
  if (!in) throw InputError(file, "cannot open the indicator table");
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<ColumnPositions> positions;
  std::vector<IndicatorRow> rows;
  std::set<int> seen;
  for (CsvRecord& record : read_csv_records(text.str(), file.path)) {
    if (record.blank()) continue;
    const CsvPlace place{file.path, record.line};
    if (!positions) {
      positions = read_header(record.cells, place);
      continue;
    }
    if (record.cells.size() != kColumns.size()) {
      fail_line(place, "has " + std::to_string(record.cells.size()) + " fields, the header has " +
                           std::to_string(kColumns.size()));
    }
    const CsvLine line{place, std::move(record.cells), &*positions};
    rows.push_back(read_row(line));
    check_unique_row(seen, rows.back(), line);
  }
  if (rows.empty()) throw InputError(file, "has no indicator rows");
  return rows;
}

const Target& target_for(const IndicatorRow& row, int year) {
  if (year < first_target_year || year > last_target_year) {
    std::string message = "indicator row " + std::to_string(row.row) + ": no target for year " +
                          std::to_string(year) + "; the plan sets targets for " +
                          std::to_string(first_target_year) + "-" + std::to_string(last_target_year);
    if (year == first_target_year - 1) message += " (2022 is the baseline: use IndicatorRow::y2022)";
    throw UsageError(message);
  }
  return row.targets[static_cast<std::size_t>(year - first_target_year)];
}

Verdict judge(const Target& target, std::optional<double> actual, Direction direction) {
  switch (target.kind) {
    case TargetKind::no_target:
    case TargetKind::not_published:
      return Verdict{Verdict::no_target, std::nullopt};
    case TargetKind::pair:
      throw InternalError("judge: target '" + target.text + "' has parts (" + part_labels(target) +
                          "): use judge_pair with one actual per part");
    case TargetKind::value:
    case TargetKind::bound:
    case TargetKind::full_coverage:
      break;
  }
  if (!actual) return Verdict{Verdict::no_data, std::nullopt};
  check_actual(*actual, "target '" + target.text + "'");
  const Comparison comparison =
      target.kind == TargetKind::value ? plain_comparison(direction) : target.comparison;
  return compare(comparison, target.value, *actual);
}

PairVerdict judge_pair(const Target& target,
                       const std::map<std::string, double, std::less<>>& actual_by_label,
                       Direction direction) {
  if (target.kind != TargetKind::pair) {
    throw InternalError("judge_pair: target '" + target.text + "' is not a pair of 'label number' parts");
  }
  for (const auto& entry : actual_by_label) {
    // Named, not a structured binding: clang 14 cannot capture those in the lambda.
    const std::string& label = entry.first;
    const double actual = entry.second;
    const bool known = std::any_of(target.parts.begin(), target.parts.end(),
                                   [&](const TargetPart& part) { return part.label == label; });
    if (!known) {
      throw InternalError("judge_pair: target '" + target.text + "' has no part '" + label +
                          "' (its parts: " + part_labels(target) + ")");
    }
    check_actual(actual, "part '" + label + "'");
  }
  PairVerdict verdict;
  for (const TargetPart& part : target.parts) {
    const auto actual = actual_by_label.find(part.label);
    verdict.parts.push_back(
        {part.label, actual == actual_by_label.end()
                         ? Verdict{Verdict::no_data, std::nullopt}
                         : compare(plain_comparison(direction), part.value, actual->second)});
  }
  verdict.overall = merge(verdict.parts);
  return verdict;
}

}  // namespace lifecircle::io
