// Reading the planner's actual values for tracked indicators (a small CSV).

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::coverage {
namespace {

enum Column : std::size_t { col_row, col_year, col_label, col_value, column_count };
constexpr std::array<std::string_view, column_count> kColumns{"row", "year", "label", "value"};
constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

struct Place {
  std::string path;
  std::int64_t line = 0;

  [[noreturn]] void fail(std::string_view column, const std::string& what) const {
    throw InputError({.path = path, .field = std::string(column)},
                     "(line " + std::to_string(line) + "): " + what);
  }
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

using Positions = std::array<std::size_t, column_count>;

Positions read_header(const std::vector<std::string>& names, const Place& place) {
  Positions positions;
  positions.fill(kAbsent);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto known = std::find(kColumns.begin(), kColumns.end(), names[i]);
    if (known == kColumns.end()) {
      place.fail(names[i], "is not a column of an actuals file (row,year,value or row,year,label,value)");
    }
    const auto id = static_cast<std::size_t>(known - kColumns.begin());
    if (positions[id] != kAbsent) place.fail(names[i], "appears twice in the header");
    positions[id] = i;
  }
  for (const Column required : {col_row, col_year, col_value}) {
    if (positions[required] == kAbsent) {
      place.fail(kColumns[required], "is missing from the header (row,year,value or row,year,label,value)");
    }
  }
  return positions;
}

struct Line {
  Place place;
  std::vector<std::string> fields;
  const Positions* positions;

  std::string_view cell(Column c) const {
    return (*positions)[c] == kAbsent ? std::string_view() : std::string_view(fields[(*positions)[c]]);
  }
  [[noreturn]] void fail(Column c, const std::string& what) const { place.fail(kColumns[c], what); }
};

// 'text', built by appending (GCC 12 at -O3 warns falsely about "'" + std::string(...)).
std::string in_quotes(std::string_view text) {
  std::string out = "'";
  out.append(text);
  out += '\'';
  return out;
}

const IndicatorSpec& read_indicator(const Line& line, const TargetSpecs& specs) {
  const std::string_view key = line.cell(col_row);
  const IndicatorSpec* spec = specs.find(key);
  if (spec == nullptr) {
    line.fail(col_row, in_quotes(key) + " is neither a row of the indicator table nor a task id of " +
                           specs.file.filename().string());
  }
  return *spec;
}

int read_year(const Line& line) {
  const std::string_view text = line.cell(col_year);
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    line.fail(col_year, in_quotes(text) + " is not a year");
  }
  if (year < io::first_target_year || year > io::last_target_year) {
    line.fail(col_year, std::to_string(year) + " is outside the plan's target years " +
                            std::to_string(io::first_target_year) + "-" +
                            std::to_string(io::last_target_year));
  }
  return year;
}

double read_value(const Line& line) {
  const std::string_view text = line.cell(col_value);
  if (text.empty()) line.fail(col_value, "is empty (leave the line out when there is no value)");
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    line.fail(col_value, in_quotes(text) + " is not a number (write 85.5, not 85.5%)");
  }
  return value;
}

std::string part_labels(const io::Target& target) {
  std::string out;
  for (const io::TargetPart& part : target.parts) out += (out.empty() ? "" : ", ") + part.label;
  return out;
}

// "" for a single-number target; a part's label for a pair.
std::string read_label(const Line& line, const IndicatorSpec& spec, int year) {
  std::string label(line.cell(col_label));  // not const: returned by move
  const io::Target& target = spec.target_for(year);
  const std::string what =
      "indicator " + spec.key + "'s target for " + std::to_string(year) + " (" + in_quotes(target.text) + ")";
  if (target.kind != io::TargetKind::pair) {
    if (!label.empty())
      line.fail(col_label, "is " + in_quotes(label) + " but " + what + " has no parts: leave it empty");
    return label;
  }
  if (label.empty()) line.fail(col_label, "is empty but " + what + " has parts: " + part_labels(target));
  const bool known = std::any_of(target.parts.begin(), target.parts.end(),
                                 [&](const io::TargetPart& part) { return part.label == label; });
  if (!known)
    line.fail(col_label,
              in_quotes(label) + " is not a part of " + what + " (parts: " + part_labels(target) + ")");
  return label;
}

void add_value(const Line& line, const TargetSpecs& specs, Actuals& actuals) {
  const IndicatorSpec& spec = read_indicator(line, specs);
  const int year = read_year(line);
  const std::string label = read_label(line, spec, year);
  const double value = read_value(line);
  PartValues& parts = actuals.values[spec.key][year];
  if (!parts.emplace(label, value).second) {
    line.fail(col_row, "indicator " + spec.key + (label.empty() ? "" : " part '" + label + "'") +
                           " has a value for " + std::to_string(year) + " on an earlier line");
  }
}

}  // namespace

const PartValues* Actuals::find(std::string_view key, int year) const {
  const auto indicator = values.find(key);
  if (indicator == values.end()) return nullptr;
  const auto at_year = indicator->second.find(year);
  return at_year == indicator->second.end() ? nullptr : &at_year->second;
}

Actuals read_actuals(const std::filesystem::path& csv, const TargetSpecs& specs) {
  require_regular_file(csv, "actuals file");
  std::ifstream in(csv, std::ios::binary);
  if (!in) throw InputError({.path = csv.string()}, "cannot open the actuals file");
  Actuals actuals;
  actuals.file = csv;
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<Positions> positions;
  std::size_t header_width = 0;
  for (CsvRecord& record : read_csv_records(text.str(), csv.string())) {
    if (record.blank()) continue;
    const Place place{csv.string(), record.line};
    std::vector<std::string> fields;
    for (const std::string& cell : record.cells) fields.emplace_back(trim(cell));
    if (!positions) {
      positions = read_header(fields, place);
      header_width = fields.size();
      continue;
    }
    if (fields.size() != header_width) {
      place.fail("", "has " + std::to_string(fields.size()) + " fields, the header has " +
                         std::to_string(header_width));
    }
    add_value(Line{place, std::move(fields), &*positions}, specs, actuals);
  }
  if (!positions) throw InputError({.path = csv.string()}, "is empty: expected a header row,year,value");
  return actuals;
}

}  // namespace lifecircle::coverage
