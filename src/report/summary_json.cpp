#include "lifecircle/report/summary_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

using nlohmann::json;

double share(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

json optional_number(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? json(*value) : json(nullptr);
}

json files_json(const WrittenFiles& files) {
  json out = json::array();
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

json totals_json(const coverage::Totals& t) {
  return {{"population", t.population},
          {"covered", t.covered_population},
          {"share", t.share()},
          {"facilities", t.facilities}};
}

json record_json(const TargetRecord& r) {
  return {{"indicator", r.indicator},
          {"row", r.row ? json(*r.row) : json(nullptr)},
          {"kind", r.kind},
          {"category", r.category},
          {"name_zh", r.name_zh},
          {"name_en", r.name_en},
          {"unit", r.unit},
          {"year", r.year},
          {"town_code", r.town_code.empty() ? std::string("city") : r.town_code},
          {"town_name", r.town_name},
          {"value", optional_number(r.value)},
          {"parts", r.parts},
          {"target", r.target},
          {"status", r.status},
          {"shortfall", optional_number(r.shortfall)},
          {"in_words", r.in_words},
          {"reason", r.reason}};
}

// The lines (all, or the citywide ones) and the citywide tally.
json target_lines_json(const coverage::TargetCheck& check, bool city_only) {
  json out = {{"year", check.year}};
  json lines = json::array();
  std::size_t pass = 0, short_of = 0, other = 0;
  for (const TargetRecord& r : target_records(check)) {
    const bool city = r.town_code.empty();
    if (city) {
      if (r.status == "pass") {
        ++pass;
      } else if (r.status == "falls short") {
        ++short_of;
      } else {
        ++other;
      }
    }
    if (city || !city_only) lines.push_back(record_json(r));
  }
  out["pass"] = pass;
  out["fall_short"] = short_of;
  out["other"] = other;
  out["lines"] = std::move(lines);
  return out;
}

// The target lines whose value or status changes in some scenario.
json changed_targets_json(const coverage::TargetCheck& base, const std::vector<ScenarioCheck>& checks) {
  const std::vector<TargetRecord> before = target_records(base);
  std::vector<std::vector<TargetRecord>> after;
  for (const ScenarioCheck& s : checks) {
    after.push_back(target_records(*s.check));
    if (after.back().size() != before.size())
      throw Error("compare: the target check of scenario '" + s.name + "' does not line up with the base's");
  }
  json lines = json::array();
  for (std::size_t k = 0; k < before.size(); ++k) {
    const TargetRecord& b = before[k];
    bool changes = false;
    json scenarios = json::array();
    for (std::size_t s = 0; s < checks.size(); ++s) {
      const TargetRecord& a = after[s][k];
      changes = changes || a.value != b.value || a.status != b.status;
      std::optional<double> change;
      if (a.value && b.value) change = std::round((*a.value - *b.value) * 100.0) / 100.0;
      scenarios.push_back({{"name", checks[s].name},
                           {"value", optional_number(a.value)},
                           {"change", optional_number(change)},
                           {"status", a.status}});
    }
    if (!changes) continue;
    lines.push_back({{"indicator", b.indicator},
                     {"name_zh", b.name_zh},
                     {"town_code", b.town_code.empty() ? std::string("city") : b.town_code},
                     {"target", b.target},
                     {"base_value", optional_number(b.value)},
                     {"base_status", b.status},
                     {"scenarios", std::move(scenarios)}});
  }
  return {{"year", base.year}, {"lines", std::move(lines)}};
}

}  // namespace

std::string run_json(const study::Study& study, const coverage::RunResult& result,
                     const coverage::TargetCheck* targets, const WrittenFiles& files) {
  json categories = json::array();
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const coverage::CategoryCoverage& c = result.categories[k].coverage;
    json entry = totals_json(c.city);
    entry["id"] = study.plan.categories[k].id;
    entry["name"] = study.plan.categories[k].name;
    entry["budget_min"] = c.budget_s / 60.0;
    json towns = json::array();
    for (std::size_t t = 0; t < c.towns.size(); ++t) {
      json town = totals_json(c.towns[t]);
      town["code"] = study.towns.towns[t].code;
      town["name"] = study.towns.towns[t].name;
      towns.push_back(std::move(town));
    }
    entry["towns"] = std::move(towns);
    categories.push_back(std::move(entry));
  }
  const coverage::Composite& comp = result.composite;
  json composite = nullptr;
  if (!comp.basket.empty()) {
    composite = {{"basket", comp.basket},
                 {"population", comp.population},
                 {"covered", comp.covered_population},
                 {"share", share(comp.covered_population, comp.population)}};
  }
  const json out = {{"command", "run"},
                    {"plan", study.plan.name},
                    {"population_model", to_string(result.demand.kind)},
                    {"categories", std::move(categories)},
                    {"composite", std::move(composite)},
                    {"targets", targets ? target_lines_json(*targets, true) : json(nullptr)},
                    {"files", files_json(files)}};
  return out.dump(2) + "\n";
}

std::string check_json(const coverage::TargetCheck& check, const WrittenFiles& files) {
  json out = target_lines_json(check, false);
  out["command"] = "check";
  out["specs"] = check.specs_file.string();
  out["actuals"] = check.actuals_file.empty() ? json(nullptr) : json(check.actuals_file.string());
  out["files"] = files_json(files);
  return out.dump(2) + "\n";
}

std::string compare_json(const study::Study& study, const std::vector<ScenarioChanges>& scenarios,
                         const coverage::TargetCheck* base_targets, const std::vector<ScenarioCheck>& checks,
                         const WrittenFiles& files) {
  json names = json::array();
  for (const ScenarioChanges& s : scenarios) names.push_back(s.name);
  json rows = json::array();
  const std::size_t town_count = study.towns.towns.size();
  for (std::size_t c = 0; !scenarios.empty() && c < study.plan.categories.size(); ++c) {
    for (std::size_t t = 0; t <= town_count; ++t) {  // t == town_count: the city
      const coverage::ScenarioCategory& base = (*scenarios.front().categories)[c];
      const bool is_city = t == town_count;
      const double population = is_city ? base.city_population : base.town_population[t];
      const double before = is_city ? base.base_city_covered : base.base_covered[t];
      json columns = json::array();
      for (const ScenarioChanges& s : scenarios) {
        const coverage::ScenarioCategory& sc = (*s.categories)[c];
        const double after = is_city ? sc.scenario_city_covered : sc.scenario_covered[t];
        columns.push_back({{"name", s.name},
                           {"covered", after},
                           {"share", share(after, population)},
                           {"change_share", share(after, population) - share(before, population)},
                           {"change_covered", after - before}});
      }
      rows.push_back({{"category", base.category},
                      {"town_code", is_city ? std::string("city") : study.towns.towns[t].code},
                      {"town_name", is_city ? std::string("all towns") : study.towns.towns[t].name},
                      {"population", population},
                      {"base_covered", before},
                      {"base_share", share(before, population)},
                      {"scenarios", std::move(columns)}});
    }
  }
  const json out = {{"command", "compare"},
                    {"scenarios", std::move(names)},
                    {"rows", std::move(rows)},
                    {"targets", base_targets ? changed_targets_json(*base_targets, checks) : json(nullptr)},
                    {"files", files_json(files)}};
  return out.dump(2) + "\n";
}

std::string suggest_json(const std::string& category, const std::vector<SiteRecord>& sites,
                         const WrittenFiles& files) {
  json rows = json::array();
  bool capacity_aware = false;
  for (const SiteRecord& s : sites) {
    capacity_aware = capacity_aware || s.capacity.has_value();
    rows.push_back({{"rank", s.rank},
                    {"lon", s.lon},
                    {"lat", s.lat},
                    {"town_code", s.town_code},
                    {"population_added", s.population_added},
                    {"covered_after", s.covered_after},
                    {"share_after", s.share_after},
                    {"capacity", optional_number(s.capacity)},
                    {"need_met", optional_number(s.need_met)}});
  }
  const json out = {{"command", "suggest"},
                    {"category", category},
                    {"capacity_aware", capacity_aware},
                    {"sites", std::move(rows)},
                    {"files", files_json(files)}};
  return out.dump(2) + "\n";
}

}  // namespace lifecircle::report
