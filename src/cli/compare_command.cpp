// `lifecircle compare`: base coverage against one or more scenarios, per
// category and town, printed as a table and written as compare.csv.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/graph/city.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/scenario_layers.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::cli {
namespace {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double share(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

struct Evaluated {
  coverage::Scenario scenario;
  std::vector<coverage::ScenarioCategory> categories;
  double seconds = 0.0;
};

// One row: a category in a town (town == towns.size() is the city).
struct RowKey {
  std::size_t category;
  std::size_t town;
};

std::vector<RowKey> rows_of(const graph::City& city) {
  std::vector<RowKey> rows;
  for (std::size_t c = 0; c < city.plan.categories.size(); ++c) {
    for (std::size_t t = 0; t <= city.towns.towns.size(); ++t) rows.push_back({c, t});
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

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string compare_csv(const graph::City& city, const std::vector<Evaluated>& all) {
  std::ostringstream out;
  out << "category,town_code,town_name,population,base_covered,base_share";
  for (const Evaluated& e : all) {
    const std::string n = csv_field(e.scenario.name);
    out << "," << n << ":covered," << n << ":share," << n << ":change_share," << n << ":change_covered";
  }
  out << "\n";
  for (const RowKey& r : rows_of(city)) {
    const auto& base = all.front().categories[r.category];
    const bool is_city = r.town == city.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    out << csv_field(base.category) << "," << (is_city ? "city" : csv_field(city.towns.towns[r.town].code)) << ","
        << (is_city ? "all towns" : csv_field(city.towns.towns[r.town].name)) << "," << fixed(pop, 1) << ","
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

void print_table(const graph::City& city, const std::vector<Evaluated>& all, bool changed_only) {
  std::printf("%-16s %-10s %10s %7s", "category", "town", "population", "base%");
  for (const Evaluated& e : all) std::printf(" | %-24.24s", e.scenario.name.c_str());
  std::printf("\n%-16s %-10s %10s %7s", "", "", "", "");
  for (std::size_t k = 0; k < all.size(); ++k) std::printf(" | %7s %7s %8s", "share%", "pp", "people");
  std::printf("\n");
  for (const RowKey& r : rows_of(city)) {
    const auto& base = all.front().categories[r.category];
    const bool is_city = r.town == city.towns.towns.size();
    const double pop = population_of(base, r.town), before = base_of(base, r.town);
    bool any_change = is_city;
    for (const Evaluated& e : all) any_change |= scenario_of(e.categories[r.category], r.town) != before;
    if (changed_only && !any_change) continue;
    std::printf("%-16s %-10s %10.0f %7.1f", base.category.c_str(),
                is_city ? "CITY" : city.towns.towns[r.town].code.c_str(), pop, 100.0 * share(before, pop));
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
    app.add_option("--threads", threads_, "threads for the base run and the scenarios (default: all cores)")->check(CLI::Range(1, 1024));
    app.add_flag("--all-rows", all_rows_, "print every town, not only those that change");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
  }

  int run() override {
    const io::Plan plan = io::load_plan(plan_path_.empty() ? default_plan_path() : plan_path_);
    progress("loading " + plan.file.string());
    const auto city = graph::load_city(plan);
    coverage::RunOptions options;
    options.threads = threads_;
    options.polygons = false;
    const coverage::RunResult base = coverage::run_coverage(*city, options);
    std::vector<Evaluated> all;
    for (const std::string& path : scenario_paths_) {
      Evaluated e{coverage::load_scenario(path, *city), {}, 0.0};
      const auto start = std::chrono::steady_clock::now();
      e.categories = coverage::evaluate_scenario(*city, base.demand, e.scenario, threads_);
      e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      progress("scenario '" + e.scenario.name + "' evaluated in " + fixed(1000.0 * e.seconds, 1) + " ms");
      all.push_back(std::move(e));
    }
    print_table(*city, all, !all_rows_);
    const std::filesystem::path dir = out_dir_.empty() ? plan.output_dir : std::filesystem::path(out_dir_);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) throw OutputError(dir.string() + ": cannot create the output folder: " + error.message());
    write_file_atomically(dir / "compare.csv", compare_csv(*city, all));
    std::vector<report::ScenarioChanges> layers;
    for (const Evaluated& e : all) layers.push_back({e.scenario.name, &e.categories});
    const std::size_t points = report::write_scenario_changes(*city, base.demand, layers, dir / "compare.gpkg");
    std::cout << "Wrote " << (dir / "compare.csv").string() << " and " << (dir / "compare.gpkg").string() << " ("
              << points << " newly covered or uncovered demand points)\n";
    return 0;
  }

 private:
  void progress(const std::string& line) const {
    if (!quiet_) std::cerr << "lifecircle: " << line << "\n";
  }

  std::vector<std::string> scenario_paths_;
  std::string plan_path_, out_dir_;
  int threads_ = 0;
  bool all_rows_ = false;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_compare_command() { return std::make_unique<CompareCommand>(); }

}  // namespace lifecircle::cli
