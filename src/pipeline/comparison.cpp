#include "lifecircle/pipeline/comparison.hpp"

#include <chrono>
#include <sstream>
#include <utility>

#include "detail/text.hpp"
#include "lifecircle/coverage/scenario_targets.hpp"
#include "lifecircle/map/maps.hpp"
#include "lifecircle/report/html_report.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::pipeline {
namespace {

using detail::append_format;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double share(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

// One row: a category in a town (town == towns.size() is the city).
struct RowKey {
  std::size_t category;
  std::size_t town;
};

std::vector<RowKey> rows_of(const study::Study& study) {
  std::vector<RowKey> rows;
  for (std::size_t c = 0; c < study.plan.categories.size(); ++c) {
    for (std::size_t t = 0; t <= study.towns.towns.size(); ++t) rows.push_back({c, t});
  }
  return rows;
}

double population_of(const coverage::ScenarioCategory& c, std::size_t town) {
  return town < c.town_population.size() ? c.town_population[town] : c.city_population;
}
double base_of(const coverage::ScenarioCategory& c, std::size_t town) {
  return town < c.base_covered.size() ? c.base_covered[town] : c.base_city_covered;
}
double scenario_of(const coverage::ScenarioCategory& c, std::size_t town) {
  return town < c.scenario_covered.size() ? c.scenario_covered[town] : c.scenario_city_covered;
}

}  // namespace

ScenarioRun run_scenario(const Analysis& analysis, coverage::Scenario scenario, int threads) {
  const study::Study& study = *analysis.study;
  const auto start = std::chrono::steady_clock::now();
  ScenarioRun run{std::move(scenario), {}, std::nullopt, 0.0};
  run.categories = coverage::evaluate_scenario(study, analysis.base.demand, run.scenario, threads);
  if (const std::optional<TargetInputs>& t = analysis.target_inputs) {
    run.targets = coverage::check_targets(
        t->specs, study, coverage::scenario_target_inputs(study, analysis.base, run.scenario, run.categories),
        t->year, t->actuals);
  }
  run.seconds = seconds_since(start);
  return run;
}

std::vector<ScenarioRun> run_scenarios(const Analysis& analysis, const std::vector<std::string>& files,
                                       int threads, const Progress& progress) {
  std::vector<ScenarioRun> runs;
  for (const std::string& file : files) {
    if (progress.counted) progress.counted("scenarios", runs.size(), files.size());
    runs.push_back(run_scenario(analysis, coverage::load_scenario(file, *analysis.study), threads));
    const ScenarioRun& run = runs.back();
    progress.say("scenario '" + run.scenario.name + "' evaluated in " + fixed(1000.0 * run.seconds, 1) +
                 " ms");
  }
  return runs;
}

std::string compare_csv(const Analysis& analysis, const std::vector<ScenarioRun>& runs) {
  const study::Study& study = *analysis.study;
  std::ostringstream out;
  out << "category,town_code,town_name,population,base_covered,base_share";
  for (const ScenarioRun& e : runs) {
    for (const char* column : {":covered", ":share", ":change_share", ":change_covered"}) {
      out << "," << csv_text(e.scenario.name + column);
    }
  }
  out << "\n";
  for (const RowKey& r : rows_of(study)) {
    const auto& base = runs.front().categories[r.category];
    const bool is_city = r.town == study.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    out << csv_text(base.category) << "," << (is_city ? "city" : csv_text(study.towns.towns[r.town].code))
        << "," << (is_city ? "all towns" : csv_text(study.towns.towns[r.town].name)) << "," << fixed(pop, 1)
        << "," << fixed(before, 1) << "," << fixed(share(before, pop), 6);
    for (const ScenarioRun& e : runs) {
      const double after = scenario_of(e.categories[r.category], r.town);
      out << "," << fixed(after, 1) << "," << fixed(share(after, pop), 6) << ","
          << fixed(share(after, pop) - share(before, pop), 6) << "," << fixed(after - before, 1);
    }
    out << "\n";
  }
  return out.str();
}

std::string compare_table(const Analysis& analysis, const std::vector<ScenarioRun>& runs, bool changed_only) {
  const study::Study& study = *analysis.study;
  std::string out;
  append_format(out, "%-16s %-10s %10s %7s", "category", "town", "population", "base%");
  for (const ScenarioRun& e : runs) append_format(out, " | %-24.24s", e.scenario.name.c_str());
  append_format(out, "\n%-16s %-10s %10s %7s", "", "", "", "");
  for (std::size_t k = 0; k < runs.size(); ++k)
    append_format(out, " | %7s %7s %8s", "share%", "pp", "people");
  out += "\n";
  for (const RowKey& r : rows_of(study)) {
    const auto& base = runs.front().categories[r.category];
    const bool is_city = r.town == study.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    bool any_change = is_city;
    for (const ScenarioRun& e : runs) any_change |= scenario_of(e.categories[r.category], r.town) != before;
    if (changed_only && !any_change) continue;
    append_format(out, "%-16s %-10s %10.0f %7.1f", base.category.c_str(),
                  is_city ? "CITY" : study.towns.towns[r.town].code.c_str(), pop, 100.0 * share(before, pop));
    for (const ScenarioRun& e : runs) {
      const double after = scenario_of(e.categories[r.category], r.town);
      append_format(out, " | %7.1f %+7.2f %+8.0f", 100.0 * share(after, pop),
                    100.0 * (share(after, pop) - share(before, pop)), after - before);
    }
    out += "\n";
  }
  return out;
}

std::vector<report::ScenarioCheck> scenario_checks(const std::vector<ScenarioRun>& runs) {
  std::vector<report::ScenarioCheck> checks;
  for (const ScenarioRun& e : runs) {
    if (e.targets) checks.push_back({e.scenario.name, &*e.targets});
  }
  return checks;
}

std::vector<report::ScenarioChanges> scenario_changes(const std::vector<ScenarioRun>& runs) {
  std::vector<report::ScenarioChanges> changes;
  changes.reserve(runs.size());
  for (const ScenarioRun& e : runs) changes.push_back({e.scenario.name, &e.categories});
  return changes;
}

WrittenComparison write_compare_outputs(const Analysis& analysis, const std::vector<ScenarioRun>& runs,
                                        const OutputChoice& choice, int threads, OutputFolder& folder,
                                        const Progress& progress) {
  const study::Study& study = *analysis.study;
  const std::filesystem::path& staging = folder.staging();
  const bool csv_bom = study.plan.csv_bom;
  const std::string gpkg = report::dataset_file_name("compare", report::gpkg_format());
  WrittenComparison written;
  written.files = {"compare.csv", "compare.xlsx", gpkg};
  written.layers = gpkg;
  const std::string table = compare_csv(analysis, runs);
  write_csv_file(staging / "compare.csv", table, csv_bom);
  std::vector<report::XlsxSheet> sheets{report::csv_sheet("compare", table)};
  if (const coverage::TargetCheck* base_targets = analysis.target_check()) {
    const std::string targets_table = report::compare_targets_csv(*base_targets, scenario_checks(runs));
    write_csv_file(staging / "compare-targets.csv", targets_table, csv_bom);
    sheets.push_back(report::csv_sheet("compare-targets", targets_table));
    written.files.emplace_back("compare-targets.csv");
  }
  report::write_xlsx(staging / "compare.xlsx", sheets);
  written.changed_points =
      report::write_scenario_changes(study, analysis.base.demand, scenario_changes(runs), staging / gpkg);
  // One folder of maps per scenario (file names repeat across scenarios).
  report::ReportContent content;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const ScenarioRun& e = runs[k];
    content.scenarios.push_back({&e.scenario, &e.categories});
    if (!choice.maps) continue;
    const auto start = std::chrono::steady_clock::now();
    const auto maps =
        map::write_scenario_maps(study, analysis.base, e.scenario, e.categories,
                                 staging / "compare-maps" / ("scenario-" + std::to_string(k + 1)), threads);
    written.maps += maps.size();
    progress.say("scenario '" + e.scenario.name + "': " + std::to_string(maps.size()) + " maps drawn (" +
                 seconds_text(seconds_since(start)) + " s)");
    for (const map::WrittenMap& m : maps) {
      if (!m.png.empty()) content.figures.push_back({e.scenario.name + ": " + m.title, m.png});
    }
  }
  if (choice.report) {
    content.targets = analysis.target_check();
    const auto start = std::chrono::steady_clock::now();
    report::write_html_report(staging / "compare-report.html", study, analysis.base, content);
    progress.say("compare-report.html written (" + seconds_text(seconds_since(start)) + " s)");
    written.files.emplace_back("compare-report.html");
  }
  if (written.maps > 0) written.files.emplace_back("compare-maps");
  check_staged(folder, output_names(OutputSet::compare, choice));
  folder.commit();
  return written;
}

}  // namespace lifecircle::pipeline
