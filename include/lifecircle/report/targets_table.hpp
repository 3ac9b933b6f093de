#pragma once
// A target check for people and for tools: the printed table (per indicator,
// citywide and town by town: value, target, pass / falls short / no target /
// no data, and by how much it falls short in words), targets.csv, and the
// same records as an attribute table layer `targets` in an open GDAL dataset.

#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/targets.hpp"

class GDALDataset;

namespace lifecircle::report {

// "pass", "falls short", "no target", "no data".
std::string status_text(const io::Verdict& verdict);

// How far a line falls short, in words ("1.38 more childcare places per 1,000
// residents (1,960 in all)", "2 towns without a disability home: 石塘镇, 坞根镇").
// Empty unless the line falls short.
std::string shortfall_in_words(const coverage::IndicatorResult& indicator, const coverage::TargetLine& line);

// One line of targets.csv and of the `targets` layer.
struct TargetRecord {
  std::string indicator;  // table row number or task id
  std::optional<int> row;
  std::string kind, category, name_zh, name_en, unit;
  int year = 0;
  std::string town_code;  // empty for the whole city
  std::string town_name;  // kCityName for the whole city
  std::optional<double> value;
  std::string parts;   // pairs: "label=value;label=value"
  std::string target;  // the cell as written ("/" when none)
  std::string status;
  std::optional<double> shortfall;  // in the indicator's unit; negative: surplus
  std::string in_words;
  std::string reason;  // why there is no data
};

// In the check's order: indicators as the specs list them, each with the city
// first and then its towns in layer order.
std::vector<TargetRecord> target_records(const coverage::TargetCheck& check);

// The table a person reads, ending with a citywide tally.
std::string targets_table(const coverage::TargetCheck& check);

// The citywide lines only, without the indicators that have no data, and
// the tally: what `lifecircle run` prints after its coverage summary.
std::string targets_summary(const coverage::TargetCheck& check);

// CSV text with a header; numbers with up to 10 significant digits, so the same
// inputs give byte-identical files.
std::string targets_csv(const coverage::TargetCheck& check);

// Adds the attribute table (no geometry) layer `targets` to `dataset`. Throws
// OutputError when the layer or a feature cannot be written.
void write_targets_layer(GDALDataset& dataset, const coverage::TargetCheck& check);

}  // namespace lifecircle::report
