#include "lifecircle/coverage/target_inputs.hpp"

namespace lifecircle::coverage {

const CategoryInputs* TargetInputs::find(const std::string& category) const {
  for (const CategoryInputs& c : categories) {
    if (c.category == category) return &c;
  }
  return nullptr;
}

void count_facilities(std::vector<CategoryInputs>& categories,
                      const std::vector<CountedFacility>& facilities) {
  for (CategoryInputs& c : categories) {
    c.facilities.assign(c.population.size(), 0);
    c.capacity.assign(c.population.size(), 0.0);
    c.facilities_citywide = 0;
    c.without_capacity = 0;
  }
  for (const CountedFacility& f : facilities) {
    for (CategoryInputs& c : categories) {
      if (c.category != f.category) continue;
      ++c.facilities_citywide;
      if (!f.capacity) ++c.without_capacity;
      if (f.town == kNoTown) continue;
      ++c.facilities[f.town];
      c.capacity[f.town] += f.capacity.value_or(0.0);
    }
  }
}

TargetInputs target_inputs(const study::Study& study, const RunResult& result) {
  TargetInputs in;
  for (const CategoryResult& r : result.categories) {
    CategoryInputs c;
    c.category = r.coverage.category;
    for (const Totals& t : r.coverage.towns) {
      c.population.push_back(t.population);
      c.covered.push_back(t.covered_population);
      c.facilities.push_back(t.facilities);
      c.capacity.push_back(t.capacity);
    }
    // Citywide: every existing facility, inside a town or not.
    for (const io::Facility& f : study.facilities) {
      if (f.category != c.category || f.status != io::FacilityStatus::existing) continue;
      ++c.facilities_citywide;
      if (!f.capacity) ++c.without_capacity;
    }
    in.categories.push_back(std::move(c));
  }
  in.composite_covered = result.composite.town_covered_population;
  in.composite_population = result.composite.town_population;
  return in;
}

TargetFiles resolve_target_files(const io::Plan& plan, const TargetChoice& given) {
  TargetFiles files;
  files.specs = !given.specs.empty() ? given.specs : plan.targets ? plan.targets->path : given.fallback_specs;
  files.year = given.year != 0 ? given.year : plan.targets ? plan.targets->year : io::TargetsInput{}.year;
  files.actuals = !given.actuals.empty() ? given.actuals
                  : plan.targets         ? plan.targets->actuals
                                         : std::filesystem::path();
  return files;
}

}  // namespace lifecircle::coverage
