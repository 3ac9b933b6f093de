#pragma once
// The indicator table of a run: one row per (category, town, measure), in a
// stable order (plan's categories, then towns in layer order, then the city).

#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"

namespace lifecircle::report {

struct IndicatorRow {
  std::string category;   // category id, "composite", or "demand" (population placed on the network or not)
  std::string town_code;  // "" for the whole city
  std::string town_name;  // "全市 (city)" for the whole city
  std::string measure;    // e.g. "coverage_share"
  double value = 0.0;
};

inline constexpr const char* kCityName = "全市 (city)";

std::vector<IndicatorRow> indicator_rows(const study::Study& study, const coverage::RunResult& result);

// CSV text with a header; numbers printed with up to 10 significant digits,
// so the same inputs give byte-identical files.
std::string indicators_csv(const std::vector<IndicatorRow>& rows);

// A value formatted the way the table prints it.
std::string format_value(double value);

}  // namespace lifecircle::report
