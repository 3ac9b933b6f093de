#include "lifecircle/report/indicators.hpp"

#include <cmath>
#include <cstdio>

#include "lifecircle/util/csv.hpp"

namespace lifecircle::report {
namespace {

void add_totals(std::vector<IndicatorRow>& rows, const io::Category& category, const std::string& code,
                const std::string& name, const coverage::Totals& t, double area_m2, double covered_area_m2) {
  auto row = [&](const char* measure, double value) {
    rows.push_back({category.id, code, name, measure, value});
  };
  row("population", t.population);
  row("covered_population", t.covered_population);
  row("coverage_share", t.share());
  row("street_km", t.street_m / 1000.0);
  row("covered_street_km", t.covered_street_m / 1000.0);
  row("street_share", t.street_m > 0.0 ? t.covered_street_m / t.street_m : 0.0);
  row("area_km2", area_m2 / 1e6);
  row("covered_area_km2", covered_area_m2 / 1e6);
  row("area_share", area_m2 > 0.0 ? covered_area_m2 / area_m2 : 0.0);
  row("facilities", t.facilities);
  if (!category.capacity_unit.empty()) {
    row("capacity", t.capacity);
    row("capacity_per_1000", t.population > 0.0 ? t.capacity / t.population * 1000.0 : 0.0);
  }
}

}  // namespace

std::string format_value(double value) {
  if (!std::isfinite(value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value == 0.0 ? 0.0 : value);  // no "-0"
  return buffer;
}

std::vector<IndicatorRow> indicator_rows(const study::Study& study, const coverage::RunResult& result) {
  std::vector<IndicatorRow> rows;
  const auto& towns = study.towns.towns;
  // Where the demand came from: placed on the network or not (never silently dropped).
  const coverage::DemandModel& demand = result.demand;
  double placed = 0.0, unplaced = 0.0, unplaced_points = 0.0;
  for (std::size_t t = 0; t < towns.size(); ++t) {
    rows.push_back(
        {"demand", towns[t].code, towns[t].name, "placed_population", demand.placed_population[t]});
    rows.push_back(
        {"demand", towns[t].code, towns[t].name, "unplaced_population", demand.unplaced_population[t]});
    rows.push_back({"demand", towns[t].code, towns[t].name, "unplaced_points",
                    static_cast<double>(demand.unplaced_points[t])});
    placed += demand.placed_population[t];
    unplaced += demand.unplaced_population[t];
    unplaced_points += static_cast<double>(demand.unplaced_points[t]);
  }
  rows.push_back({"demand", "", kCityName, "placed_population", placed});
  rows.push_back({"demand", "", kCityName, "unplaced_population", unplaced});
  rows.push_back({"demand", "", kCityName, "unplaced_points", unplaced_points});
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const io::Category& category = study.plan.categories[k];
    const coverage::CategoryResult& r = result.categories[k];
    const bool have_area = !r.town_covered_area_m2.empty();
    double city_area = 0.0;
    for (std::size_t t = 0; t < towns.size(); ++t) {
      city_area += result.town_area_m2[t];
      add_totals(rows, category, towns[t].code, towns[t].name, r.coverage.towns[t], result.town_area_m2[t],
                 have_area ? r.town_covered_area_m2[t] : 0.0);
    }
    add_totals(rows, category, "", kCityName, r.coverage.city, city_area, r.city_covered_area_m2);
  }
  const coverage::Composite& c = result.composite;
  if (!c.basket.empty()) {
    auto add = [&](const std::string& code, const std::string& name, double population, double covered) {
      rows.push_back({"composite", code, name, "population", population});
      rows.push_back({"composite", code, name, "covered_population", covered});
      rows.push_back(
          {"composite", code, name, "coverage_share", population > 0.0 ? covered / population : 0.0});
    };
    for (std::size_t t = 0; t < towns.size(); ++t) {
      add(towns[t].code, towns[t].name, c.town_population[t], c.town_covered_population[t]);
    }
    add("", kCityName, c.population, c.covered_population);
  }
  return rows;
}

std::string indicators_csv(const std::vector<IndicatorRow>& rows) {
  std::string out = "category,town_code,town_name,measure,value\n";
  for (const IndicatorRow& r : rows) {
    out += csv_text(r.category) + "," + csv_text(r.town_code) + "," + csv_text(r.town_name) + "," +
           csv_text(r.measure) + "," + csv_number(format_value(r.value)) + "\n";
  }
  return out;
}

}  // namespace lifecircle::report
