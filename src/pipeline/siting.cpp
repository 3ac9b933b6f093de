#include "lifecircle/pipeline/siting.hpp"

#include <algorithm>
#include <chrono>
#include <span>
#include <sstream>
#include <utility>

#include "detail/text.hpp"
#include "lifecircle/coverage/incremental.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/io/point_layer.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/routing/travel_cost.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::pipeline {
namespace {

using detail::append_format;

std::vector<coverage::SiteCandidate> candidates_of(const study::Study& study, const SitingRequest& request,
                                                   const Progress& progress) {
  if (request.candidates.path.empty()) return coverage::node_candidates(study.network.graph);
  const io::PointLayer layer = io::load_point_layer(request.candidates, *study.crs);
  coverage::LayerCandidates c = coverage::layer_candidates(study, layer);
  if (c.off_network > 0) {
    std::ostringstream limit;
    limit << study.plan.snap_limit_m;  // as the plan gave it
    progress.warn(std::to_string(c.off_network) + " of " + std::to_string(layer.points.size()) +
                  " candidates in " + request.candidates.path.string() + " lie beyond the snap limit of " +
                  limit.str() + " m and are left out");
  }
  return std::move(c.candidates);
}

// Leaves out the candidates that repeat another (coverage::distinct_candidates).
void keep_distinct(Siting& s, const Progress& progress) {
  const std::vector<std::uint32_t> kept = coverage::distinct_candidates(s.candidates);
  if (kept.size() == s.candidates.size()) return;
  progress.warn(
      std::to_string(s.candidates.size() - kept.size()) + " of " + std::to_string(s.candidates.size()) +
      " candidates repeat another (the same point and network position, within 1 m) and are left out");
  std::vector<coverage::SiteCandidate> candidates;
  std::vector<std::uint32_t> towns;
  for (const std::uint32_t c : kept)
    candidates.push_back(s.candidates[c]), towns.push_back(s.candidate_town[c]);
  s.candidates = std::move(candidates);
  s.candidate_town = std::move(towns);
}

// --capacity-aware, or --capacity for a category with a capacity unit.
bool capacity_aware(const SitingRequest& request, const io::Category& category) {
  return request.capacity_aware || (request.site_capacity > 0.0 && !category.capacity_unit.empty());
}

// The threshold per resident: --per-1000, else the plan's per-capita target
// for the category in the plan's target year.
double threshold_of(const study::Study& study, const SitingRequest& request, const io::Category& category,
                    const Progress& progress) {
  if (request.per_1000 > 0.0) return request.per_1000 / 1000.0;
  std::string why = "the plan names no target spec file ([targets])";
  if (study.plan.targets) {
    const coverage::TargetSpecs specs = coverage::read_target_specs(study.plan.targets->path, study.plan);
    const int year = study.plan.targets->year;
    why = "the plan's targets have no per-capita target for " + category.id + " in " + std::to_string(year);
    for (const coverage::IndicatorSpec& spec : specs.indicators) {
      if (spec.kind != coverage::IndicatorKind::per_capita || spec.category != category.id) continue;
      const io::Target& t = spec.target_for(year);
      if ((t.kind != io::TargetKind::value && t.kind != io::TargetKind::bound) || !(t.value > 0.0)) continue;
      progress.say("threshold: " + t.text + " per " + fixed(spec.per_residents, 0) +
                   " residents (indicator " + spec.key + ", " + std::to_string(year) + ")");
      return t.value / spec.per_residents;
    }
  }
  throw UsageError("--capacity-aware needs a threshold: give --per-1000 N (" + why + ")");
}

// Two-step floating catchment: the existing facilities' accessibility, then
// greedy on the unmet need met (coverage/siting_capacity.hpp).
void by_capacity(const study::Study& study, const routing::TravelCost& walking, const SitingRequest& request,
                 std::span<const routing::NetworkPoint> points, std::span<const double> population,
                 std::size_t count, Siting& s, const Progress& progress) {
  const io::Category& category = *s.category;
  if (category.capacity_unit.empty()) {
    throw UsageError("--capacity-aware: category " + category.id +
                     " has no capacity_unit in the plan, so its facilities have no capacity to share");
  }
  if (!(request.site_capacity > 0.0)) {
    throw UsageError("--capacity-aware needs --capacity N: the " + category.capacity_unit +
                     " of each new site");
  }
  s.site_capacity = request.site_capacity;
  s.threshold = threshold_of(study, request, category, progress);
  std::vector<coverage::SupplyPoint> supply;
  for (const coverage::LabelledPoint& f : coverage::base_facilities(study, category.id)) {
    supply.push_back({f.at, study.facilities[f.label].capacity.value_or(0.0)});
  }
  const double budget_s = category.reach.budget_s(walking.speed_mps);
  const coverage::Accessibility access =
      coverage::two_step_fca(walking, points, population, supply, budget_s, request.threads);
  const std::vector<std::uint8_t> everyone(points.size(), 1);
  const auto reach =
      coverage::candidate_reach(walking, points, everyone, s.candidates, budget_s, request.threads);
  s.capacity =
      coverage::greedy_capacity_sites(reach, population, access.access, s.candidates,
                                      {count, request.min_spacing_m, request.site_capacity, s.threshold});
}

// Says when fewer sites than asked came out, and why.
void say_shortfall(const SitingRequest& request, const Siting& s, const Progress& progress) {
  const std::size_t picked = s.capacity ? s.capacity->sites.size() : s.result.sites.size();
  if (picked >= request.count) return;
  const bool no_gain_left = s.capacity ? s.capacity->no_gain_left : s.result.no_gain_left;
  if (no_gain_left || picked == s.candidates.size()) {
    const bool one = picked == 1;
    progress.warn("only " + std::to_string(picked) + (one ? " site " : " sites ") +
                  (s.capacity ? (one ? "meets" : "meet") : (one ? "adds" : "add")) +
                  (s.capacity ? " unmet need" : " covered population") + "; the other " +
                  std::to_string(request.count - picked) + " would " +
                  (s.capacity ? "meet none" : "add none"));
  } else {
    std::ostringstream spacing;
    spacing << request.min_spacing_m;  // as the command line gave it
    progress.warn("only " + std::to_string(picked) + " sites respect --min-spacing " + spacing.str() + " m");
  }
}

struct SiteRow {
  double lon = 0.0, lat = 0.0;
  std::string town_code;
};

SiteRow row_of(const study::Study& study, const Siting& s, std::uint32_t candidate) {
  SiteRow r;
  const coverage::SiteCandidate& c = s.candidates[candidate];
  study.crs->to_wgs84(c.x, c.y, r.lon, r.lat);
  const std::uint32_t t = s.candidate_town[candidate];
  r.town_code = t == coverage::kNoTown ? "-" : study.towns.towns[t].code;
  return r;
}

std::string capacity_table(const study::Study& study, const Siting& s) {
  const io::Category& category = *s.category;
  const coverage::CapacitySitingResult& c = *s.capacity;
  const char* unit = category.capacity_unit.c_str();
  std::string out;
  append_format(out,
                "Sites for %s (%s, %.0f min walk), capacity-aware (2SFCA): %s %s each, target %s per 1,000 "
                "residents; best first:\n",
                category.id.c_str(), category.name.c_str(),
                category.reach.budget_s(study.plan.walk_speed_mps) / 60.0, fixed(s.site_capacity, 0).c_str(),
                unit, fixed(1000.0 * s.threshold, 2).c_str());
  append_format(out, "%4s %12s %11s %-10s %11s %9s %10s %11s %10s\n", "rank", "lon", "lat", "town",
                "catchment", "per 1000", "need met", "unmet", "at target");
  append_format(out, "%4s %12s %11s %-10s %11s %9s %10s %11.0f %9.2f%%\n", "0", "", "", "(today)", "", "", "",
                c.unmet_before, 100.0 * c.population_at_threshold_before / s.population);
  for (std::size_t k = 0; k < c.sites.size(); ++k) {
    const auto& p = c.sites[k];
    const SiteRow r = row_of(study, s, p.candidate);
    append_format(out, "%4zu %12.6f %11.6f %-10s %11.0f %9.2f %10.1f %11.0f %9.2f%%\n", k + 1, r.lon, r.lat,
                  r.town_code.c_str(), p.catchment_population, 1000.0 * p.supply_ratio, p.need_met,
                  p.unmet_after, 100.0 * p.population_at_threshold_after / s.population);
  }
  append_format(out,
                "(need in %s: residents x target per resident, less what the existing facilities' 2SFCA "
                "accessibility meets)\n",
                unit);
  return out;
}

}  // namespace

const io::Category& category_of(const io::Plan& plan, const std::string& id) {
  if (const io::Category* c = plan.find_category(id)) return *c;
  std::string ids;
  for (const io::Category& c : plan.categories) ids += (ids.empty() ? "" : ", ") + c.id;
  throw UsageError("--category " + id + ": not a category of the plan (categories: " + ids + ")");
}

Siting suggest_sites(const Analysis& analysis, const SitingRequest& request, const Progress& progress) {
  const study::Study& study = *analysis.study;
  const coverage::DemandModel& demand = analysis.base.demand;
  const auto start = std::chrono::steady_clock::now();
  Siting s;
  s.category = &category_of(study.plan, request.category);
  const geom::GeosContext ctx;
  const coverage::TownLocator locator(ctx, study.towns);
  for (const coverage::SiteCandidate& c : candidates_of(study, request, progress)) {
    const std::uint32_t t = locator.town_at(c.x, c.y);
    if (request.town != coverage::kNoTown && t != request.town) continue;
    s.candidates.push_back(c);
    s.candidate_town.push_back(t);
  }
  std::vector<routing::NetworkPoint> points;
  std::vector<double> population;
  for (const coverage::DemandPoint& p : demand.points)
    points.push_back(p.at), population.push_back(p.population);
  const routing::TravelCost walking = routing::walking_cost(study.network.graph, study.plan.walk_speed_mps);
  const double budget_s = s.category->reach.budget_s(walking.speed_mps);
  coverage::IncrementalCoverage state(walking, points, budget_s);
  state.reset(coverage::base_facilities(study, s.category->id));
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
  if (request.count > s.candidates.size()) {
    throw UsageError("--count " + std::to_string(request.count) + " is more than the " +
                     std::to_string(s.candidates.size()) + " candidate sites" +
                     (request.town == coverage::kNoTown ? std::string() : " in town " + request.town_given));
  }
  keep_distinct(s, progress);
  const std::size_t count = std::min(request.count, s.candidates.size());
  if (capacity_aware(request, *s.category)) {
    by_capacity(study, walking, request, points, population, count, s, progress);
  } else {
    const auto reach =
        coverage::candidate_reach(walking, points, eligible, s.candidates, budget_s, request.threads);
    s.result = coverage::greedy_sites(reach, population, covered, covered_before, s.candidates,
                                      {count, request.min_spacing_m});
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t evaluations = s.capacity ? s.capacity->gain_evaluations : s.result.gain_evaluations;
  progress.say(std::to_string(s.candidates.size()) + " candidates searched, " + std::to_string(evaluations) +
               " gains evaluated, in " + fixed(s.seconds, 3) + " s");
  say_shortfall(request, s, progress);
  return s;
}

std::vector<report::SiteRecord> site_records(const Analysis& analysis, const Siting& s) {
  const study::Study& study = *analysis.study;
  std::vector<report::SiteRecord> out;
  if (s.capacity) {
    double before = s.capacity->population_at_threshold_before;
    for (std::size_t k = 0; k < s.capacity->sites.size(); ++k) {
      const auto& p = s.capacity->sites[k];
      const SiteRow r = row_of(study, s, p.candidate);
      out.push_back({k + 1, r.lon, r.lat, r.town_code, p.population_at_threshold_after - before,
                     p.population_at_threshold_after, p.population_at_threshold_after / s.population,
                     s.site_capacity, p.need_met});
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

std::string sites_table(const Analysis& analysis, const Siting& s) {
  const study::Study& study = *analysis.study;
  if (s.capacity) return capacity_table(study, s);
  const io::Category& category = *s.category;
  std::string out;
  append_format(out, "Sites for %s (%s, %.0f min walk), best first:\n", category.id.c_str(),
                category.name.c_str(), category.reach.budget_s(study.plan.walk_speed_mps) / 60.0);
  append_format(out, "%4s %12s %11s %-10s %12s %9s\n", "rank", "lon", "lat", "town", "+population",
                "coverage");
  if (!s.result.sites.empty()) {
    const double before = s.result.sites.front().covered_after - s.result.sites.front().population_added;
    append_format(out, "%4s %12s %11s %-10s %12s %8.2f%%\n", "0", "", "", "(today)", "",
                  100.0 * before / s.population);
  }
  for (std::size_t k = 0; k < s.result.sites.size(); ++k) {
    const auto& p = s.result.sites[k];
    const SiteRow r = row_of(study, s, p.candidate);
    append_format(out, "%4zu %12.6f %11.6f %-10s %12.0f %8.2f%%\n", k + 1, r.lon, r.lat, r.town_code.c_str(),
                  p.population_added, 100.0 * p.covered_after / s.population);
  }
  return out;
}

std::string sites_csv(const Analysis& analysis, const Siting& s) {
  std::ostringstream out;
  const std::vector<report::SiteRecord> records = site_records(analysis, s);
  if (s.capacity) {
    out << "rank,lon,lat,town_code,capacity,catchment_population,per_1000_added,need_met,unmet_after,"
           "population_at_target_after,share_at_target_after\n";
    for (std::size_t k = 0; k < records.size(); ++k) {
      const report::SiteRecord& r = records[k];
      const coverage::PickedCapacitySite& p = s.capacity->sites[k];
      out << r.rank << "," << fixed(r.lon, 7) << "," << fixed(r.lat, 7) << "," << csv_text(r.town_code) << ","
          << fixed(s.site_capacity, 1) << "," << fixed(p.catchment_population, 1) << ","
          << fixed(1000.0 * p.supply_ratio, 4) << "," << fixed(p.need_met, 3) << ","
          << fixed(p.unmet_after, 3) << "," << fixed(r.covered_after, 1) << "," << fixed(r.share_after, 6)
          << "\n";
    }
    return out.str();
  }
  out << "rank,lon,lat,town_code,population_added,covered_after,share_after\n";
  for (const report::SiteRecord& r : records) {
    out << r.rank << "," << fixed(r.lon, 7) << "," << fixed(r.lat, 7) << "," << csv_text(r.town_code) << ","
        << fixed(r.population_added, 1) << "," << fixed(r.covered_after, 1) << "," << fixed(r.share_after, 6)
        << "\n";
  }
  return out.str();
}

std::vector<std::filesystem::path> write_suggest_outputs(const Analysis& analysis, const Siting& siting,
                                                         OutputFolder& folder) {
  const std::filesystem::path& staging = folder.staging();
  const std::string gpkg = report::dataset_file_name("suggest", report::gpkg_format());
  const std::string table = sites_csv(analysis, siting);
  write_csv_file(staging / "suggest.csv", table, analysis.plan().csv_bom);
  report::write_xlsx(staging / "suggest.xlsx", {report::csv_sheet("suggest", table)});
  report::write_site_layer(siting.category->id, site_records(analysis, siting), staging / gpkg);
  check_staged(folder, output_names(OutputSet::suggest));
  folder.commit();
  return {"suggest.csv", "suggest.xlsx", gpkg};
}

}  // namespace lifecircle::pipeline
