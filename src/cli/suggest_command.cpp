// `lifecircle suggest`: K sites for a category that add the most covered
// population (maximal covering location, greedy with lazy evaluation), or,
// capacity-aware, that meet the most unmet need under a two-step floating
// catchment; printed and written as suggest.csv and suggest.gpkg.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <sstream>

#include "command.hpp"
#include "lifecircle/coverage/incremental.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/siting.hpp"
#include "lifecircle/coverage/siting_capacity.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/point_layer.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/report/scenario_layers.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "lifecircle/util/output_folder.hpp"
#include "progress.hpp"
#include "threads_option.hpp"
#include "town_option.hpp"

namespace lifecircle::cli {
namespace {

const io::Category& category_of(const study::Study& study, const std::string& id) {
  if (const io::Category* c = study.plan.find_category(id)) return *c;
  std::string ids;
  for (const io::Category& c : study.plan.categories) ids += (ids.empty() ? "" : ", ") + c.id;
  throw UsageError("--category " + id + ": not a category of the plan (categories: " + ids + ")");
}

struct Suggestion {
  std::vector<coverage::SiteCandidate> candidates;
  std::vector<std::uint32_t> candidate_town;
  coverage::SitingResult result;
  std::optional<coverage::CapacitySitingResult> capacity;  // capacity-aware
  double threshold = 0.0;                                  // per resident, capacity-aware
  double population = 0.0;
  double seconds = 0.0;
};

class SuggestCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--category", category_, "category id of the plan")->required();
    app.add_option("--count", count_, "number of sites to propose")->required()->check(CLI::PositiveNumber);
    app.add_option("--town", town_, "only candidates inside this town (its code or its name)");
    app.add_option("--min-spacing", min_spacing_m_, "metres between proposed sites (straight line)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--candidates", candidates_path_, "candidate sites: a point layer or a CSV with lon,lat (default: every network node)");
    app.add_option("--candidates-layer", candidates_layer_, "layer of --candidates when the file has several");
    app.add_option("--candidates-crs", candidates_crs_, "CRS of --candidates when it declares none or the wrong one (e.g. EPSG:4490, gcj02)");
    app.add_flag("--capacity-aware", capacity_aware_,
                 "rank sites by the unmet need they meet under a two-step floating catchment (2SFCA)");
    app.add_option("--capacity", site_capacity_,
                   "capacity of each new site (e.g. childcare places); with a category that has a capacity "
                   "unit it turns on --capacity-aware")
        ->check(CLI::PositiveNumber);
    app.add_option("--per-1000", per_1000_,
                   "capacity-aware: the target capacity per 1,000 residents (default: the plan's per-capita target)")
        ->check(CLI::PositiveNumber);
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder for suggest.csv (default: the plan's [output] dir)");
    add_threads_option(app, threads_, "threads for the searches");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_, "print the sites as one JSON document on stdout instead of the table");
    app.add_flag("--overwrite", overwrite_, "replace the outputs of an earlier run in the output folder");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
  }

  int run() override {
    const io::Plan plan = load_plan_option(plan_path_);
    progress(quiet_, "loading " + plan.file.string());
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    const std::string gpkg = report::dataset_file_name("suggest", report::gpkg_format());
    const std::unique_ptr<OutputFolder> folder =  // the three files moved in as one set
        open_output_folder(dir, overwrite_, {"suggest.csv", "suggest.xlsx", gpkg}, no_wait_, plan, {candidates_path_});
    const auto study = study::load_study(plan);
    const io::Category& category = category_of(*study, category_);
    const std::uint32_t town = town_.empty() ? coverage::kNoTown : resolve_town(study->towns, town_);
    coverage::RunOptions options;
    options.threads = threads_;
    options.polygons = false;
    if (!quiet_) options.progress = [this](const std::string& line) { progress(quiet_, line); };
    options.counted_progress = [this](const std::string& step, std::size_t done, std::size_t total) {
      progress_count(quiet_, step, done, total);
    };
    const coverage::RunResult base = coverage::run_coverage(*study, options);
    const Suggestion s = suggest(*study, base.demand, category, town);
    if (!json_) print(*study, category, s);
    const std::string table = csv(*study, s);
    write_csv_file(folder->staging() / "suggest.csv", table, plan.csv_bom);
    report::write_xlsx(folder->staging() / "suggest.xlsx", {report::csv_sheet("suggest", table)});
    report::write_site_layer(category.id, records(*study, s), folder->staging() / gpkg);
    folder->commit();
    if (json_) {
      std::cout << report::suggest_json(category.id, records(*study, s),
                                        {dir / "suggest.csv", dir / "suggest.xlsx", dir / gpkg});
      return 0;
    }
    std::cout << "Wrote " << (dir / "suggest.csv").string() << ", suggest.xlsx and " << (dir / gpkg).string()
              << "\n";
    return 0;
  }

 private:
  // town: only candidates inside it when --town is given.
  Suggestion suggest(const study::Study& study, const coverage::DemandModel& demand, const io::Category& category,
                     std::uint32_t town) const {
    const auto start = std::chrono::steady_clock::now();
    Suggestion s;
    const geom::GeosContext ctx;
    const coverage::TownLocator locator(ctx, study.towns);
    for (const coverage::SiteCandidate& c : candidates_of(study)) {
      const std::uint32_t t = locator.town_at(c.x, c.y);
      if (!town_.empty() && t != town) continue;
      s.candidates.push_back(c);
      s.candidate_town.push_back(t);
    }
    std::vector<routing::NetworkPoint> points;
    std::vector<double> population;
    for (const coverage::DemandPoint& p : demand.points) points.push_back(p.at), population.push_back(p.population);
    const routing::TravelCost walking = routing::walking_cost(study.network.graph, study.plan.walk_speed_mps);
    const double budget_s = category.reach.budget_s(walking.speed_mps);
    coverage::IncrementalCoverage state(walking, points, budget_s);
    state.reset(coverage::base_facilities(study, category.id));
    std::vector<std::uint8_t> covered(points.size()), eligible(points.size());
    double covered_before = 0.0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      covered[i] = state.demand_label()[i] != routing::kNoLabel;
      eligible[i] = !covered[i];
      if (covered[i]) covered_before += population[i];
    }
    for (std::size_t t = 0; t < study.towns.towns.size(); ++t) {
      s.population += demand.placed_population[t] + demand.unplaced_population[t];
    }
    if (count_ > s.candidates.size()) {
      throw UsageError("--count " + std::to_string(count_) + " is more than the " + std::to_string(s.candidates.size()) +
                       " candidate sites" + (town_.empty() ? std::string() : " in town " + town_));
    }
    keep_distinct(s);
    const std::size_t count = std::min(count_, s.candidates.size());
    if (capacity_aware(category)) {
      by_capacity(study, walking, points, population, category, count, s);
    } else {
      const auto reach =
          coverage::candidate_reach(walking, points, eligible, s.candidates, budget_s, threads_);
      s.result = coverage::greedy_sites(reach, population, covered, covered_before, s.candidates,
                                        {count, min_spacing_m_});
    }
    s.seconds = elapsed_seconds(start);
    const std::size_t evaluations = s.capacity ? s.capacity->gain_evaluations : s.result.gain_evaluations;
    const std::size_t picked = s.capacity ? s.capacity->sites.size() : s.result.sites.size();
    progress(quiet_, std::to_string(s.candidates.size()) + " candidates searched, " +
                         std::to_string(evaluations) + " gains evaluated, in " + fixed(s.seconds, 3) + " s");
    const bool no_gain_left = s.capacity ? s.capacity->no_gain_left : s.result.no_gain_left;
    if (picked < count_ && (no_gain_left || picked == s.candidates.size())) {
      const bool one = picked == 1;
      std::cerr << "lifecircle: only " << picked << (one ? " site " : " sites ")
                << (s.capacity ? (one ? "meets" : "meet") : (one ? "adds" : "add"))
                << (s.capacity ? " unmet need" : " covered population") << "; the other " << count_ - picked
                << " would " << (s.capacity ? "meet none" : "add none") << "\n";
    } else if (picked < count_) {
      std::cerr << "lifecircle: only " << picked << " sites respect --min-spacing " << min_spacing_m_ << " m\n";
    }
    return s;
  }

  // Leaves out the candidates that repeat another (coverage::distinct_candidates).
  static void keep_distinct(Suggestion& s) {
    const std::vector<std::uint32_t> kept = coverage::distinct_candidates(s.candidates);
    if (kept.size() == s.candidates.size()) return;
    std::cerr << "lifecircle: " << s.candidates.size() - kept.size() << " of " << s.candidates.size()
              << " candidates repeat another (the same point and network position, within 1 m) and are left out\n";
    std::vector<coverage::SiteCandidate> candidates;
    std::vector<std::uint32_t> towns;
    for (const std::uint32_t c : kept) candidates.push_back(s.candidates[c]), towns.push_back(s.candidate_town[c]);
    s.candidates = std::move(candidates);
    s.candidate_town = std::move(towns);
  }

  // --capacity-aware, or --capacity for a category with a capacity unit.
  bool capacity_aware(const io::Category& category) const {
    return capacity_aware_ || (site_capacity_ > 0.0 && !category.capacity_unit.empty());
  }

  // The threshold per resident: --per-1000, else the plan's per-capita target
  // for the category in the plan's target year.
  double threshold_of(const study::Study& study, const io::Category& category) const {
    if (per_1000_ > 0.0) return per_1000_ / 1000.0;
    std::string why = "the plan names no target spec file ([targets])";
    if (study.plan.targets) {
      const coverage::TargetSpecs specs = coverage::read_target_specs(study.plan.targets->path, study.plan);
      const int year = study.plan.targets->year;
      why = "the plan's targets have no per-capita target for " + category.id + " in " + std::to_string(year);
      for (const coverage::IndicatorSpec& spec : specs.indicators) {
        if (spec.kind != coverage::IndicatorKind::per_capita || spec.category != category.id) continue;
        const io::Target& t = spec.target_for(year);
        if ((t.kind != io::TargetKind::value && t.kind != io::TargetKind::bound) || !(t.value > 0.0)) continue;
        progress(quiet_, "threshold: " + t.text + " per " + fixed(spec.per_residents, 0) +
                             " residents (indicator " + spec.key + ", " + std::to_string(year) + ")");
        return t.value / spec.per_residents;
      }
    }
    throw UsageError("--capacity-aware needs a threshold: give --per-1000 N (" + why + ")");
  }

  // Two-step floating catchment: the existing facilities' accessibility, then
  // greedy on the unmet need met (coverage/siting_capacity.hpp).
  void by_capacity(const study::Study& study, const routing::TravelCost& walking, std::span<const routing::NetworkPoint> points,
                   std::span<const double> population, const io::Category& category, std::size_t count,
                   Suggestion& s) const {
    if (category.capacity_unit.empty()) {
      throw UsageError("--capacity-aware: category " + category.id +
                       " has no capacity_unit in the plan, so its facilities have no capacity to share");
    }
    if (!(site_capacity_ > 0.0)) {
      throw UsageError("--capacity-aware needs --capacity N: the " + category.capacity_unit + " of each new site");
    }
    s.threshold = threshold_of(study, category);
    std::vector<coverage::SupplyPoint> supply;
    for (const coverage::LabelledPoint& f : coverage::base_facilities(study, category.id)) {
      supply.push_back({f.at, study.facilities[f.label].capacity.value_or(0.0)});
    }
    const double budget_s = category.reach.budget_s(walking.speed_mps);
    const coverage::Accessibility access =
        coverage::two_step_fca(walking, points, population, supply, budget_s, threads_);
    const std::vector<std::uint8_t> everyone(points.size(), 1);
    const auto reach = coverage::candidate_reach(walking, points, everyone, s.candidates, budget_s, threads_);
    s.capacity = coverage::greedy_capacity_sites(reach, population, access.access, s.candidates,
                                                 {count, min_spacing_m_, site_capacity_, s.threshold});
  }

  std::vector<coverage::SiteCandidate> candidates_of(const study::Study& study) const {
    if (candidates_path_.empty()) return coverage::node_candidates(study.network.graph);
    const io::PointLayer layer = io::load_point_layer({candidates_path_, candidates_layer_, candidates_crs_}, *study.crs);
    coverage::LayerCandidates c = coverage::layer_candidates(study, layer);
    if (c.off_network > 0) {
      std::cerr << "lifecircle: " << c.off_network << " of " << layer.points.size() << " candidates in "
                << candidates_path_ << " lie beyond the snap limit of " << study.plan.snap_limit_m
                << " m and are left out\n";
    }
    return std::move(c.candidates);
  }

  struct SiteRow {
    double lon = 0.0, lat = 0.0;
    std::string town_code;
  };

  static SiteRow row_of(const study::Study& study, const Suggestion& s, std::uint32_t candidate) {
    SiteRow r;
    const coverage::SiteCandidate& c = s.candidates[candidate];
    study.crs->to_wgs84(c.x, c.y, r.lon, r.lat);
    const std::uint32_t t = s.candidate_town[candidate];
    r.town_code = t == coverage::kNoTown ? "-" : study.towns.towns[t].code;
    return r;
  }

  void print(const study::Study& study, const io::Category& category, const Suggestion& s) const {
    if (s.capacity) return print_capacity(study, category, s);
    std::printf("Sites for %s (%s, %.0f min walk), best first:\n", category.id.c_str(), category.name.c_str(),
                category.reach.budget_s(study.plan.walk_speed_mps) / 60.0);
    std::printf("%4s %12s %11s %-10s %12s %9s\n", "rank", "lon", "lat", "town", "+population", "coverage");
    if (!s.result.sites.empty()) {
      const double before = s.result.sites.front().covered_after - s.result.sites.front().population_added;
      std::printf("%4s %12s %11s %-10s %12s %8.2f%%\n", "0", "", "", "(today)", "", 100.0 * before / s.population);
    }
    for (std::size_t k = 0; k < s.result.sites.size(); ++k) {
      const auto& p = s.result.sites[k];
      const SiteRow r = row_of(study, s, p.candidate);
      std::printf("%4zu %12.6f %11.6f %-10s %12.0f %8.2f%%\n", k + 1, r.lon, r.lat, r.town_code.c_str(),
                  p.population_added, 100.0 * p.covered_after / s.population);
    }
  }

  void print_capacity(const study::Study& study, const io::Category& category, const Suggestion& s) const {
    const coverage::CapacitySitingResult& c = *s.capacity;
    const char* unit = category.capacity_unit.c_str();
    std::printf("Sites for %s (%s, %.0f min walk), capacity-aware (2SFCA): %s %s each, target %s per 1,000 "
                "residents; best first:\n",
                category.id.c_str(), category.name.c_str(), category.reach.budget_s(study.plan.walk_speed_mps) / 60.0,
                fixed(site_capacity_, 0).c_str(), unit, fixed(1000.0 * s.threshold, 2).c_str());
    std::printf("%4s %12s %11s %-10s %11s %9s %10s %11s %10s\n", "rank", "lon", "lat", "town", "catchment",
                "per 1000", "need met", "unmet", "at target");
    std::printf("%4s %12s %11s %-10s %11s %9s %10s %11.0f %9.2f%%\n", "0", "", "", "(today)", "", "", "",
                c.unmet_before, 100.0 * c.population_at_threshold_before / s.population);
    for (std::size_t k = 0; k < c.sites.size(); ++k) {
      const auto& p = c.sites[k];
      const SiteRow r = row_of(study, s, p.candidate);
      std::printf("%4zu %12.6f %11.6f %-10s %11.0f %9.2f %10.1f %11.0f %9.2f%%\n", k + 1, r.lon, r.lat,
                  r.town_code.c_str(), p.catchment_population, 1000.0 * p.supply_ratio, p.need_met, p.unmet_after,
                  100.0 * p.population_at_threshold_after / s.population);
    }
    std::printf("(need in %s: residents x target per resident, less what the existing facilities' 2SFCA "
                "accessibility meets)\n",
                unit);
  }

  std::vector<report::SiteRecord> records(const study::Study& study, const Suggestion& s) const {
    std::vector<report::SiteRecord> out;
    if (s.capacity) {
      double before = s.capacity->population_at_threshold_before;
      for (std::size_t k = 0; k < s.capacity->sites.size(); ++k) {
        const auto& p = s.capacity->sites[k];
        const SiteRow r = row_of(study, s, p.candidate);
        out.push_back({k + 1, r.lon, r.lat, r.town_code, p.population_at_threshold_after - before,
                       p.population_at_threshold_after, p.population_at_threshold_after / s.population,
                       site_capacity_, p.need_met});
        before = p.population_at_threshold_after;
      }
      return out;
    }
    for (std::size_t k = 0; k < s.result.sites.size(); ++k) {
      const auto& p = s.result.sites[k];
      const SiteRow r = row_of(study, s, p.candidate);
      out.push_back({k + 1, r.lon, r.lat, r.town_code, p.population_added, p.covered_after,
                     p.covered_after / s.population, std::nullopt, std::nullopt});
    }
    return out;
  }

  std::string csv(const study::Study& study, const Suggestion& s) const {
    std::ostringstream out;
    if (s.capacity) {
      out << "rank,lon,lat,town_code,capacity,catchment_population,per_1000_added,need_met,unmet_after,"
             "population_at_target_after,share_at_target_after\n";
      const auto recs = records(study, s);
      for (std::size_t k = 0; k < recs.size(); ++k) {
        const report::SiteRecord& r = recs[k];
        const coverage::PickedCapacitySite& p = s.capacity->sites[k];
        out << r.rank << "," << fixed(r.lon, 7) << "," << fixed(r.lat, 7) << "," << csv_text(r.town_code) << ","
            << fixed(site_capacity_, 1) << "," << fixed(p.catchment_population, 1) << ","
            << fixed(1000.0 * p.supply_ratio, 4) << "," << fixed(p.need_met, 3) << "," << fixed(p.unmet_after, 3)
            << "," << fixed(r.covered_after, 1) << "," << fixed(r.share_after, 6) << "\n";
      }
      return out.str();
    }
    out << "rank,lon,lat,town_code,population_added,covered_after,share_after\n";
    for (const report::SiteRecord& r : records(study, s)) {
      out << r.rank << "," << fixed(r.lon, 7) << "," << fixed(r.lat, 7) << "," << csv_text(r.town_code) << ","
          << fixed(r.population_added, 1) << "," << fixed(r.covered_after, 1) << "," << fixed(r.share_after, 6)
          << "\n";
    }
    return out.str();
  }

  std::string category_, town_, plan_path_, out_dir_, candidates_path_, candidates_layer_, candidates_crs_;
  std::size_t count_ = 0;
  double min_spacing_m_ = 0.0;
  double site_capacity_ = 0.0;
  double per_1000_ = 0.0;
  bool capacity_aware_ = false;
  int threads_ = 0;
  bool quiet_ = false;
  bool json_ = false;
  bool overwrite_ = false;
  bool no_wait_ = false;
};

}  // namespace

std::unique_ptr<Command> make_suggest_command() { return std::make_unique<SuggestCommand>(); }

}  // namespace lifecircle::cli
