// `lifecircle compare`: base coverage against one or more scenarios, per
// category and town, printed as a table and written as compare.csv; the target
// check of each beside the base's (compare-targets.csv); the changes as layers
// (compare.gpkg); a map per changed category and scenario (compare-maps/) and
// one self-contained compare-report.html.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "command.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/scenario_targets.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/map/maps.hpp"
#include "lifecircle/report/html_report.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/report/scenario_layers.hpp"
#include "lifecircle/report/scenario_targets.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "lifecircle/util/output_folder.hpp"
#include "progress.hpp"
#include "threads_option.hpp"

namespace lifecircle::cli {
namespace {

double share(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

struct Evaluated {
  coverage::Scenario scenario;
  std::vector<coverage::ScenarioCategory> categories;
  double seconds = 0.0;
  std::optional<coverage::TargetCheck> targets;
};

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

std::string compare_csv(const study::Study& study, const std::vector<Evaluated>& all) {
  std::ostringstream out;
  out << "category,town_code,town_name,population,base_covered,base_share";
  for (const Evaluated& e : all) {
    for (const char* column : {":covered", ":share", ":change_share", ":change_covered"}) {
      out << "," << csv_text(e.scenario.name + column);
    }
  }
  out << "\n";
  for (const RowKey& r : rows_of(study)) {
    const auto& base = all.front().categories[r.category];
    const bool is_city = r.town == study.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    out << csv_text(base.category) << "," << (is_city ? "city" : csv_text(study.towns.towns[r.town].code)) << ","
        << (is_city ? "all towns" : csv_text(study.towns.towns[r.town].name)) << "," << fixed(pop, 1) << ","
        << fixed(before, 1) << "," << fixed(share(before, pop), 6);
    for (const Evaluated& e : all) {
      const double after = scenario_of(e.categories[r.category], r.town);
      out << "," << fixed(after, 1) << "," << fixed(share(after, pop), 6) << ","
          << fixed(share(after, pop) - share(before, pop), 6) << "," << fixed(after - before, 1);
    }
    out << "\n";
  }
  return out.str();
}

void print_table(const study::Study& study, const std::vector<Evaluated>& all, bool changed_only) {
  std::printf("%-16s %-10s %10s %7s", "category", "town", "population", "base%");
  for (const Evaluated& e : all) std::printf(" | %-24.24s", e.scenario.name.c_str());
  std::printf("\n%-16s %-10s %10s %7s", "", "", "", "");
  for (std::size_t k = 0; k < all.size(); ++k) std::printf(" | %7s %7s %8s", "share%", "pp", "people");
  std::printf("\n");
  for (const RowKey& r : rows_of(study)) {
    const auto& base = all.front().categories[r.category];
    const bool is_city = r.town == study.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    bool any_change = is_city;
    for (const Evaluated& e : all) any_change |= scenario_of(e.categories[r.category], r.town) != before;
    if (changed_only && !any_change) continue;
    std::printf("%-16s %-10s %10.0f %7.1f", base.category.c_str(),
                is_city ? "CITY" : study.towns.towns[r.town].code.c_str(), pop, 100.0 * share(before, pop));
    for (const Evaluated& e : all) {
      const double after = scenario_of(e.categories[r.category], r.town);
      std::printf(" | %7.1f %+7.2f %+8.0f", 100.0 * share(after, pop), 100.0 * (share(after, pop) - share(before, pop)),
                  after - before);
    }
    std::printf("\n");
  }
}

class CompareCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--scenario", scenario_paths_, "scenario file (TOML); repeat to compare several")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder for compare.csv (default: the plan's [output] dir)");
    add_threads_option(app, threads_, "threads for the base run and the scenarios");
    app.add_option("--targets", targets_path_, "target spec file (TOML); default: the plan's [targets] path");
    app.add_option("--year", year_, "the target year, 2023-2027 (default: the plan's [targets] year)");
    app.add_option("--actuals", actuals_path_, "CSV of the values the map cannot compute (row,year,value)");
    app.add_flag("--all-rows", all_rows_, "print every town and target line, not only those that change");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_, "print the rows and changed target lines as one JSON document on stdout");
    app.add_flag("--overwrite", overwrite_, "replace the outputs of an earlier run in the output folder");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
    app.add_flag("--no-maps", no_maps_, "draw no scenario maps (compare-maps/)");
    app.add_flag("--no-report", no_report_, "write no compare-report.html");
  }

  int run() override {
    const io::Plan plan = load_plan_option(plan_path_);
    progress(quiet_, "loading " + plan.file.string());
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    const bool draw_maps = plan.maps.enabled && !no_maps_;
    const std::string gpkg = report::dataset_file_name("compare", report::gpkg_format());
    std::vector<std::string> outputs{"compare.csv", gpkg, "compare-targets.csv", "compare.xlsx"};
    if (draw_maps) outputs.emplace_back("compare-maps");
    if (!no_report_) outputs.emplace_back("compare-report.html");
    const std::unique_ptr<OutputFolder> folder = open_output_folder(dir, overwrite_, outputs, no_wait_, plan, scenario_paths_);  // swapped in as one set
    const auto study = study::load_study(plan);
    coverage::RunOptions options;
    options.threads = threads_;
    options.polygons = draw_maps || !no_report_;  // the maps and the report's map show the base coverage
    if (!quiet_) options.progress = [this](const std::string& line) { progress(quiet_, line); };
    options.counted_progress = [this](const std::string& step, std::size_t done, std::size_t total) {
      progress_count(quiet_, step, done, total);
    };
    const coverage::RunResult base = coverage::run_coverage(*study, options);
    // The target check, when the command line or the plan names a spec file.
    const coverage::TargetFiles files =
        coverage::resolve_target_files(plan, {targets_path_, year_, actuals_path_, {}});
    const int year = files.year;
    coverage::check_target_year(year);
    std::optional<coverage::TargetSpecs> specs;
    coverage::Actuals actuals;
    std::optional<coverage::TargetCheck> base_targets;
    if (!files.specs.empty()) {
      specs = coverage::read_target_specs(files.specs, plan);
      if (!files.actuals.empty()) actuals = coverage::read_actuals(files.actuals, *specs);
      base_targets = coverage::check_targets(*specs, *study, base, year, actuals);
    }
    std::vector<Evaluated> all;
    for (const std::string& path : scenario_paths_) {
      progress_count(quiet_, "scenarios", all.size(), scenario_paths_.size());
      Evaluated e{coverage::load_scenario(path, *study), {}, 0.0, std::nullopt};
      const auto start = std::chrono::steady_clock::now();
      e.categories = coverage::evaluate_scenario(*study, base.demand, e.scenario, threads_);
      if (specs) {
        e.targets = coverage::check_targets(
            *specs, *study, coverage::scenario_target_inputs(*study, base, e.scenario, e.categories), year, actuals);
      }
      e.seconds = elapsed_seconds(start);
      progress(quiet_,
               "scenario '" + e.scenario.name + "' evaluated in " + fixed(1000.0 * e.seconds, 1) + " ms");
      all.push_back(std::move(e));
    }
    if (!json_) print_table(*study, all, !all_rows_);
    const std::string table = compare_csv(*study, all);
    write_csv_file(folder->staging() / "compare.csv", table, plan.csv_bom);
    std::vector<report::XlsxSheet> sheets{report::csv_sheet("compare", table)};
    std::vector<report::ScenarioCheck> checks;
    if (base_targets) {
      checks.reserve(all.size());
      for (const Evaluated& e : all) checks.push_back({e.scenario.name, &*e.targets});
      if (!json_) {
        std::cout << "\nTargets for " << year << (all_rows_ ? "" : " (lines that change)") << ":\n"
                  << report::compare_targets_table(*base_targets, checks, !all_rows_);
      }
      const std::string targets_table = report::compare_targets_csv(*base_targets, checks);
      write_csv_file(folder->staging() / "compare-targets.csv", targets_table, plan.csv_bom);
      sheets.push_back(report::csv_sheet("compare-targets", targets_table));
    }
    report::write_xlsx(folder->staging() / "compare.xlsx", sheets);
    std::vector<report::ScenarioChanges> layers;
    layers.reserve(all.size());
    for (const Evaluated& e : all) layers.push_back({e.scenario.name, &e.categories});
    const std::size_t points =
        report::write_scenario_changes(*study, base.demand, layers, folder->staging() / gpkg);
    // One folder of maps per scenario (file names repeat across scenarios).
    report::ReportContent content;
    std::size_t map_count = 0;
    for (std::size_t k = 0; k < all.size(); ++k) {
      const Evaluated& e = all[k];
      content.scenarios.push_back({&e.scenario, &e.categories});
      if (!draw_maps) continue;
      const auto maps_start = std::chrono::steady_clock::now();
      const auto maps = map::write_scenario_maps(*study, base, e.scenario, e.categories,
                                                 folder->staging() / "compare-maps" / ("scenario-" + std::to_string(k + 1)), threads_);
      map_count += maps.size();
      progress(quiet_, "scenario '" + e.scenario.name + "': " + std::to_string(maps.size()) +
                           " maps drawn (" + seconds_since(maps_start) + " s)");
      for (const map::WrittenMap& m : maps) {
        if (!m.png.empty()) content.figures.push_back({e.scenario.name + ": " + m.title, m.png});
      }
    }
    if (!no_report_) {
      content.targets = base_targets ? &*base_targets : nullptr;
      const auto report_start = std::chrono::steady_clock::now();
      report::write_html_report(folder->staging() / "compare-report.html", *study, base, content);
      progress(quiet_, "compare-report.html written (" + seconds_since(report_start) + " s)");
    }
    folder->commit();
    if (json_) {
      report::WrittenFiles written{dir / "compare.csv", dir / "compare.xlsx", dir / gpkg};
      if (base_targets) written.push_back(dir / "compare-targets.csv");
      if (!no_report_) written.push_back(dir / "compare-report.html");
      if (map_count > 0) written.push_back(dir / "compare-maps");
      std::cout << report::compare_json(*study, layers, base_targets ? &*base_targets : nullptr, checks,
                                        written);
      return 0;
    }
    std::cout << "Wrote " << (dir / "compare.csv").string() << (base_targets ? ", compare-targets.csv" : "")
              << ", compare.xlsx and " << (dir / gpkg).string() << " (" << points
              << " newly covered or uncovered demand points)";
    if (!no_report_) std::cout << ", " << (dir / "compare-report.html").string();
    if (map_count > 0) std::cout << " and " << map_count << " maps in " << (dir / "compare-maps").string();
    std::cout << "\n";
    return 0;
  }

 private:
  std::vector<std::string> scenario_paths_;
  std::string plan_path_, out_dir_, targets_path_, actuals_path_;
  int year_ = 0;
  int threads_ = 0;
  bool all_rows_ = false;
  bool quiet_ = false;
  bool json_ = false;
  bool overwrite_ = false;
  bool no_wait_ = false;
  bool no_maps_ = false;
  bool no_report_ = false;
};

}  // namespace

std::unique_ptr<Command> make_compare_command() { return std::make_unique<CompareCommand>(); }

}  // namespace lifecircle::cli
