#include "lifecircle/coverage/scenario.hpp"

#include <omp.h>

#include <cmath>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/io/toml_reader.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::coverage {
namespace {

using io::TomlTable;

// Everything one read of the file needs to resolve names and places.
struct Reader {
  const study::Study& study;
  bool gcj02 = false;

  // The facility an edit names by id: exactly one of the city's facilities.
  // load_study makes ids unique across the plan's facility inputs; an id two
  // facilities share is still refused here (never the first match), and so is
  // a facility that two edits name (which edit would win is not defined).
  std::uint32_t facility_index(const TomlTable& t) {
    const std::string id = t.required_string("id");
    std::vector<std::uint32_t> found;
    for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
      if (study.facilities[i].id == id) found.push_back(i);
    }
    if (found.size() > 1) {
      t.fail("id", "id '" + id + "' is ambiguous: " + source_of(found[0]) + " and " + source_of(found[1]) +
                       " both have it (ids must be unique across the plan's facility inputs)");
    }
    if (found.empty()) {
      std::vector<std::string_view> ids;
      for (const io::Facility& f : study.facilities) ids.push_back(f.id);
      // Ids are codes (C12, 0571-003): a longer one may be off by more than 2.
      t.fail("id", "no facility with id '" + id + "' in the plan's facility layers" +
                       io::did_you_mean(id, ids, std::max<std::size_t>(2, id.size() / 3)));
    }
    const auto [it, first] = edited.emplace(found[0], t.field("id"));
    if (!first) {
      t.fail("id",
             "names facility '" + id + "', already edited by " + it->second + ": one edit per facility");
    }
    return found[0];
  }

  // "facility 'West clinic' (facilities.csv, feature 1)"
  std::string source_of(std::uint32_t i) const {
    const io::Facility& f = study.facilities[i];
    const std::string file = f.input < study.plan.facilities.size()
                                 ? study.plan.facilities[f.input].path.filename().string()
                                 : std::string("facility input ") + std::to_string(f.input);
    return "facility '" + f.name + "' (" + file + ", feature " + std::to_string(f.feature) + ")";
  }

  std::map<std::uint32_t, std::string> edited;  // facility -> the edit's key, e.g. "remove[0].id"

  std::string category(const TomlTable& t) const {
    std::string id = t.required_string("category");  // not const: returned by move
    if (study.plan.find_category(id) != nullptr) return id;
    std::vector<std::string_view> ids;
    std::string all;
    for (const io::Category& c : study.plan.categories) {
      ids.push_back(c.id);
      all += (all.empty() ? "" : ", ") + c.id;
    }
    t.fail("category", "names unknown category '" + id + "'" + io::did_you_mean(id, ids) +
                           " (the plan's categories: " + all + ")");
  }

  std::optional<double> capacity(const TomlTable& t) const {
    const auto c = t.number("capacity");
    if (c && *c < 0.0) t.fail("capacity", "is negative (" + std::to_string(*c) + ")");
    return c;
  }

  // lon/lat (WGS84 out) and the snap; beyond the snap limit is an error.
  graph::SnapPoint place(const TomlTable& t, const std::string& what, double& lon, double& lat, double& x,
                         double& y) const {
    const auto in_lon = t.number("lon"), in_lat = t.number("lat");
    if (!in_lon || !in_lat) t.fail(in_lon ? "lat" : "lon", "is missing (" + what + " needs lon and lat)");
    if (std::fabs(*in_lon) > 180.0) t.fail("lon", "is out of range (" + std::to_string(*in_lon) + ")");
    if (std::fabs(*in_lat) > 90.0) t.fail("lat", "is out of range (" + std::to_string(*in_lat) + ")");
    lon = *in_lon, lat = *in_lat;
    if (gcj02) io::gcj02_to_wgs84(*in_lon, *in_lat, lon, lat);
    if (!study.crs->to_metric(lon, lat, x, y)) t.fail("lon", "cannot be projected to the working CRS");
    const double limit_m = study.plan.snap_limit_m;
    if (const auto snap = study.network.index->nearest(x, y, limit_m)) return *snap;
    const auto far = study.network.index->nearest(x, y, 1e9);
    const std::string distance =
        far ? std::to_string(static_cast<long long>(std::lround(far->distance_m))) + " m"
            : "no street at all";
    t.fail("lon", what + " is off the walking network: the nearest street is " + distance +
                      " away, beyond the plan's snap limit of " +
                      std::to_string(static_cast<long long>(std::lround(limit_m))) + " m");
  }
};

ScenarioFacility read_added(const Reader& r, const TomlTable& t) {
  t.check_keys({"id", "name", "category", "lon", "lat", "capacity"});
  ScenarioFacility f;
  f.id = t.required_text("id", io::limits::kMaxTextChars);
  f.name = t.text("name", io::limits::kMaxTextChars).value_or(f.id);
  f.category = r.category(t);
  f.capacity = r.capacity(t);
  f.snap = r.place(t, "new facility '" + f.name + "'", f.lon, f.lat, f.x, f.y);
  return f;
}

FacilityChange read_change(Reader& r, const TomlTable& t) {
  t.check_keys({"id", "category", "lon", "lat", "capacity"});
  FacilityChange c;
  c.facility = r.facility_index(t);
  c.capacity = r.capacity(t);
  if (t.has("category")) c.category = r.category(t);
  if (t.has("lon") || t.has("lat")) {
    double lon = 0.0, lat = 0.0;
    c.moved_to =
        r.place(t, "moved facility '" + r.study.facilities[c.facility].name + "'", lon, lat, c.x, c.y);
  }
  return c;
}

void read_circles(const Reader& r, const TomlTable& root, Scenario& s) {
  const auto circles = root.table("circles");
  if (!circles) return;
  std::vector<std::string_view> ids;
  for (const io::Category& c : r.study.plan.categories) ids.push_back(c.id);
  for (const std::string& key : circles->keys()) {
    if (r.study.plan.find_category(key) == nullptr) {
      circles->fail(key, "names unknown category '" + key + "'" + io::did_you_mean(key, ids));
    }
  }
  for (const io::Category& c : r.study.plan.categories) {
    if (const auto minutes = circles->number_in(c.id, 0.0, io::limits::kMaxBudgetMinutes, "minutes")) {
      s.circles.push_back({c.id, *minutes});
    }
  }
}

void read_settings(Reader& r, const TomlTable& root, Scenario& s) {
  const auto settings = root.table("scenario");
  if (!settings) return;
  settings->check_keys({"name", "crs", "use_status", "walk_speed_kmh"});
  s.name = settings->text("name", io::limits::kMaxTextChars).value_or(s.name);
  if (const auto crs = settings->string("crs")) {
    if (*crs != "gcj02" && *crs != "wgs84")
      settings->fail("crs", "must be \"wgs84\" or \"gcj02\", not '" + *crs + "'");
    r.gcj02 = *crs == "gcj02";
  }
  s.use_status = settings->boolean("use_status").value_or(s.use_status);
  if (const auto kmh = settings->number_in("walk_speed_kmh", io::limits::kMinWalkSpeedKmh,
                                           io::limits::kMaxWalkSpeedKmh, "km/h")) {
    s.walk_speed_mps = *kmh / 3.6;
  }
}

bool moved_by_change(const Scenario& s, std::uint32_t facility) {
  for (const FacilityChange& c : s.changed) {
    if (c.facility == facility && c.moved_to) return true;
  }
  return false;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& file, const study::Study& study) {
  const toml::table document = io::parse_toml_file(file, "scenario file");
  const TomlTable root(document, "", file);
  root.check_keys({"scenario", "circles", "add", "remove", "change"});
  Scenario s;
  s.file = file;
  s.name = file.stem().string();
  Reader r{study};
  read_settings(r, root, s);
  read_circles(r, root, s);
  for (const TomlTable& t : root.tables("add").value_or(std::vector<TomlTable>{})) {
    s.added.push_back(read_added(r, t));
    const std::string& id = s.added.back().id;
    for (const io::Facility& f : study.facilities) {
      if (f.id == id)
        t.fail("id", "'" + id + "' is already the id of facility '" + f.name + "'; [[change]] moves it");
    }
    for (std::size_t k = 0; k + 1 < s.added.size(); ++k) {
      if (s.added[k].id == id) t.fail("id", "'" + id + "' is added twice");
    }
  }
  for (const TomlTable& t : root.tables("remove").value_or(std::vector<TomlTable>{})) {
    t.check_keys({"id"});
    const std::uint32_t i = r.facility_index(t);
    if (study.facilities[i].status != io::FacilityStatus::existing)
      t.fail("id", "names a facility that is not existing");
    s.removed.push_back(i);
  }
  for (const TomlTable& t : root.tables("change").value_or(std::vector<TomlTable>{})) {
    s.changed.push_back(read_change(r, t));
  }
  if (s.use_status) {
    for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
      const io::Facility& f = study.facilities[i];
      if (f.status != io::FacilityStatus::planned || study.facility_snaps[i].on_network()) continue;
      if (moved_by_change(s, i)) continue;  // built where the change puts it, on the network
      const auto far = study.network.index->nearest(f.x, f.y, 1e9);
      throw InputError({.path = file.string(), .field = "scenario.use_status"},
                       "planned facility '" + f.name + "' (id " + f.id +
                           ") is off the walking network: the nearest " + "street is " +
                           (far ? std::to_string(std::lround(far->distance_m)) + " m" : "nowhere") +
                           " away, beyond the plan's snap limit of " +
                           std::to_string(std::lround(study.plan.snap_limit_m)) + " m");
    }
  }
  return s;
}

std::vector<LabelledPoint> base_facilities(const study::Study& study, const std::string& category) {
  std::vector<LabelledPoint> out;
  for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (f.category != category || f.status != io::FacilityStatus::existing) continue;
    if (!study.facility_snaps[i].on_network()) continue;
    out.push_back({i, routing::NetworkPoint::from_snap(*study.facility_snaps[i].snap)});
  }
  return out;
}

namespace {

bool in_base(const study::Study& study, std::uint32_t i) {
  return study.facilities[i].status == io::FacilityStatus::existing && study.facility_snaps[i].on_network();
}

// A change that moves a facility or changes its category is a removal (when
// it is in the base) and an addition (when it is built in the scenario).
void edits_of_change(const study::Study& study, const FacilityChange& c, bool use_status,
                     std::vector<FacilityEdit>& removals, std::vector<FacilityEdit>& additions) {
  if (!c.category && !c.moved_to) return;  // capacity only: coverage does not change
  const io::Facility& f = study.facilities[c.facility];
  if (in_base(study, c.facility)) {
    const auto at = routing::NetworkPoint::from_snap(*study.facility_snaps[c.facility].snap);
    removals.push_back({FacilityEdit::Kind::remove, f.category, {c.facility, at}});
  }
  const bool built =
      f.status == io::FacilityStatus::existing || (use_status && f.status == io::FacilityStatus::planned);
  if (!built) return;
  if (!c.moved_to && !study.facility_snaps[c.facility].on_network()) return;
  const graph::SnapPoint& snap = c.moved_to ? *c.moved_to : *study.facility_snaps[c.facility].snap;
  additions.push_back({FacilityEdit::Kind::add,
                       c.category.value_or(f.category),
                       {c.facility, routing::NetworkPoint::from_snap(snap)}});
}

bool placed_by_change(const Scenario& scenario, std::uint32_t facility) {
  for (const FacilityChange& c : scenario.changed) {
    if (c.facility == facility && (c.category || c.moved_to)) return true;
  }
  return false;
}

}  // namespace

std::vector<FacilityEdit> facility_edits(const Scenario& scenario, const study::Study& study) {
  std::vector<FacilityEdit> removals, additions;
  for (const std::uint32_t i : scenario.removed) {
    if (!in_base(study, i)) continue;
    removals.push_back({FacilityEdit::Kind::remove,
                        study.facilities[i].category,
                        {i, routing::NetworkPoint::from_snap(*study.facility_snaps[i].snap)}});
  }
  for (const FacilityChange& c : scenario.changed)
    edits_of_change(study, c, scenario.use_status, removals, additions);
  if (scenario.use_status) {
    for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
      const io::Facility& f = study.facilities[i];
      if (f.status != io::FacilityStatus::planned || !study.facility_snaps[i].on_network()) continue;
      if (placed_by_change(scenario, i)) continue;
      additions.push_back({FacilityEdit::Kind::add,
                           f.category,
                           {i, routing::NetworkPoint::from_snap(*study.facility_snaps[i].snap)}});
    }
  }
  const auto first_new = static_cast<std::uint32_t>(study.facilities.size());
  for (std::size_t k = 0; k < scenario.added.size(); ++k) {
    const ScenarioFacility& f = scenario.added[k];
    additions.push_back(
        {FacilityEdit::Kind::add,
         f.category,
         {first_new + static_cast<std::uint32_t>(k), routing::NetworkPoint::from_snap(f.snap)}});
  }
  removals.insert(removals.end(), additions.begin(), additions.end());
  return removals;
}

io::Circle scenario_circle(const Scenario& scenario, const io::Category& category) {
  io::Circle circle = category.reach;
  for (const CircleChange& c : scenario.circles) {
    if (c.category == category.id) circle = io::Circle::of_minutes(c.minutes);
  }
  return circle;
}

double scenario_speed_mps(const Scenario& scenario, const io::Plan& plan) {
  return scenario.walk_speed_mps.value_or(plan.walk_speed_mps);
}

std::vector<double> covered_by_town(const DemandModel& demand, std::span<const std::uint32_t> label,
                                    std::size_t town_count) {
  std::vector<double> covered(town_count, 0.0);
  for (std::size_t i = 0; i < demand.points.size(); ++i) {
    if (label[i] != routing::kNoLabel && demand.points[i].town != kNoTown) {
      covered[demand.points[i].town] += demand.points[i].population;
    }
  }
  return covered;
}

namespace {

double total(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum;
}

// The base at the plan's cost, the scenario at its own (the same object
// when the scenario keeps the plan's speed).
ScenarioCategory evaluate_category(const study::Study& study, const routing::TravelCost& base_cost,
                                   const routing::TravelCost& scenario_cost, const DemandModel& demand,
                                   std::span<const routing::NetworkPoint> points,
                                   const io::Category& category, const Scenario& scenario,
                                   const std::vector<FacilityEdit>& edits) {
  const std::size_t towns = study.towns.towns.size();
  ScenarioCategory out;
  out.category = category.id;
  for (std::size_t t = 0; t < towns; ++t) {
    out.town_population.push_back(demand.placed_population[t] + demand.unplaced_population[t]);
  }
  const double base_budget_s = category.reach.budget_s(base_cost.speed_mps);
  IncrementalCoverage state(base_cost, points, base_budget_s);
  state.reset(base_facilities(study, category.id));
  out.base_label.assign(state.demand_label().begin(), state.demand_label().end());
  const double budget_s = scenario_circle(scenario, category).budget_s(scenario_cost.speed_mps);
  out.incremental = &scenario_cost == &base_cost && budget_s == base_budget_s;
  if (out.incremental) {
    for (const FacilityEdit& e : edits) {
      if (e.category != category.id) continue;
      if (e.kind == FacilityEdit::Kind::add)
        state.add(e.point);
      else
        state.remove(e.point.label);
    }
    out.scenario_label.assign(state.demand_label().begin(), state.demand_label().end());
  } else {
    std::vector<LabelledPoint> members(state.facilities().begin(), state.facilities().end());
    IncrementalCoverage full(scenario_cost, points, budget_s);
    full.reset(members);
    for (const FacilityEdit& e : edits) {
      if (e.category != category.id) continue;
      if (e.kind == FacilityEdit::Kind::add)
        full.add(e.point);
      else
        full.remove(e.point.label);
    }
    out.scenario_label.assign(full.demand_label().begin(), full.demand_label().end());
  }
  out.base_covered = covered_by_town(demand, out.base_label, towns);
  out.scenario_covered = covered_by_town(demand, out.scenario_label, towns);
  out.base_city_covered = total(out.base_covered);
  out.scenario_city_covered = total(out.scenario_covered);
  out.city_population = total(out.town_population);
  return out;
}

}  // namespace

std::vector<ScenarioCategory> evaluate_scenario(const study::Study& study, const DemandModel& demand,
                                                const Scenario& scenario, int threads) {
  std::vector<routing::NetworkPoint> points;
  points.reserve(demand.points.size());
  for (const DemandPoint& p : demand.points) points.push_back(p.at);
  const std::vector<FacilityEdit> edits = facility_edits(scenario, study);
  const auto& categories = study.plan.categories;
  const routing::TravelCost base_cost = routing::walking_cost(study.network.graph, study.plan.walk_speed_mps);
  const double speed_mps = scenario_speed_mps(scenario, study.plan);
  std::optional<routing::TravelCost> faster_or_slower;  // a second cost only for a speed change
  if (speed_mps != study.plan.walk_speed_mps)
    faster_or_slower = routing::walking_cost(study.network.graph, speed_mps);
  const routing::TravelCost& scenario_cost = faster_or_slower ? *faster_or_slower : base_cost;
  std::vector<ScenarioCategory> out(categories.size());
  FirstException failure("scenario categories");
  const auto n = static_cast<std::int64_t>(categories.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads > 0 ? threads : omp_get_max_threads())
  for (std::int64_t c = 0; c < n; ++c) {
    if (failure.failed()) continue;
    failure.run([&] {
      const auto k = static_cast<std::size_t>(c);
      out[k] =
          evaluate_category(study, base_cost, scenario_cost, demand, points, categories[k], scenario, edits);
    });
  }
  failure.rethrow();
  return out;
}

}  // namespace lifecircle::coverage
