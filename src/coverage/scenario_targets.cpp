#include "lifecircle/coverage/scenario_targets.hpp"

#include <algorithm>
#include <memory>

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::coverage {
namespace {

const FacilityChange* change_of(const Scenario& s, std::uint32_t facility) {
  const FacilityChange* found = nullptr;
  for (const FacilityChange& c : s.changed) {
    if (c.facility == facility) found = &c;  // the last change of a facility wins
  }
  return found;
}

bool built(const io::Facility& f, bool use_status) {
  return f.status == io::FacilityStatus::existing || (use_status && f.status == io::FacilityStatus::planned);
}

}  // namespace

std::vector<CountedFacility> scenario_facilities(const study::Study& study, const RunResult& base,
                                                 const Scenario& scenario) {
  // Towns of the new and moved facilities; GEOS only when there are any.
  const geom::GeosContext ctx;
  std::unique_ptr<TownLocator> locator;
  const auto town_at = [&](double x, double y) {
    if (!locator) locator = std::make_unique<TownLocator>(ctx, study.towns);
    return locator->town_at(x, y);
  };
  std::vector<CountedFacility> out;
  for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (!built(f, scenario.use_status)) continue;
    if (std::find(scenario.removed.begin(), scenario.removed.end(), i) != scenario.removed.end()) continue;
    CountedFacility counted{f.category, base.facility_town.at(i), f.capacity};
    if (const FacilityChange* c = change_of(scenario, i)) {
      if (c->category) counted.category = *c->category;
      if (c->capacity) counted.capacity = c->capacity;
      if (c->moved_to) counted.town = town_at(c->x, c->y);
    }
    out.push_back(std::move(counted));
  }
  for (const ScenarioFacility& f : scenario.added) out.push_back({f.category, town_at(f.x, f.y), f.capacity});
  return out;
}

TargetInputs scenario_target_inputs(const study::Study& study, const RunResult& base,
                                    const Scenario& scenario,
                                    const std::vector<ScenarioCategory>& evaluated) {
  if (evaluated.size() != base.categories.size()) {
    throw Error("scenario_target_inputs: the evaluated scenario has " + std::to_string(evaluated.size()) +
                " categories, the run " + std::to_string(base.categories.size()));
  }
  TargetInputs in;
  for (const ScenarioCategory& e : evaluated) {
    CategoryInputs c;
    c.category = e.category;
    c.population = e.town_population;
    c.covered = e.scenario_covered;
    in.categories.push_back(std::move(c));
  }
  count_facilities(in.categories, scenario_facilities(study, base, scenario));
  // The composite basket: residents every basket category reaches in the scenario.
  std::vector<const ScenarioCategory*> members;
  for (const std::string& id : study.plan.basket) {
    for (const ScenarioCategory& e : evaluated) {
      if (e.category == id) members.push_back(&e);
    }
  }
  in.composite_population = base.composite.town_population;
  in.composite_covered.assign(study.towns.towns.size(), 0.0);
  for (std::size_t i = 0; i < base.demand.points.size(); ++i) {
    const DemandPoint& p = base.demand.points[i];
    if (p.town == kNoTown || members.empty()) continue;
    bool all = true;
    for (const ScenarioCategory* m : members) all = all && m->scenario_label[i] != routing::kNoLabel;
    if (all) in.composite_covered[p.town] += p.population;
  }
  return in;
}

}  // namespace lifecircle::coverage
