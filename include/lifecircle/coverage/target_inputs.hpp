#pragma once
// What the target check reads from a coverage run: per category and town the
// residents, the residents covered, the facilities counted and their capacity,
// and the composite basket's covered residents. A coverage run gives them
// (target_inputs), and so does a scenario (coverage/scenario_targets.hpp), so
// one check judges both.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::coverage {

struct CategoryInputs {
  std::string category;
  std::vector<double> population;         // per town: residents (placed and unplaced)
  std::vector<double> covered;            // per town: residents inside the circle
  std::vector<std::uint32_t> facilities;  // per town: facilities counted inside it
  std::vector<double> capacity;           // per town: their capacity (missing counts as 0)
  std::uint32_t facilities_citywide = 0;  // facilities counted anywhere, also outside every town
  std::uint32_t without_capacity = 0;     // facilities counted anywhere that have no capacity
};

struct TargetInputs {
  std::vector<CategoryInputs> categories;    // plan order
  std::vector<double> composite_covered;     // per town
  std::vector<double> composite_population;  // per town
  const CategoryInputs* find(const std::string& category) const;
};

// A facility as the check counts it: category, town (kNoTown outside every
// town) and capacity. The base counts every existing facility of the plan's
// layers, on the network or not; a scenario its own list
// (coverage/scenario_targets.hpp).
struct CountedFacility {
  std::string category;
  std::uint32_t town = kNoTown;
  std::optional<double> capacity;
};

// Facility totals (facilities, capacity, citywide, without_capacity) from a
// list of counted facilities; facilities of categories the plan lacks are
// ignored.
void count_facilities(std::vector<CategoryInputs>& categories,
                      const std::vector<CountedFacility>& facilities);

// The inputs of the base run: per town as the run counted them (existing
// facilities by their coordinates' town), citywide every existing facility.
TargetInputs target_inputs(const study::Study& study, const RunResult& result);

// The files and year a target check reads. What the command line gives
// (--targets, --year, --actuals) wins; the rest comes from the plan's
// [targets] table, and the spec file last from `fallback_specs`.
struct TargetChoice {
  std::filesystem::path specs;           // --targets; empty: not given
  int year = 0;                          // --year; 0: not given
  std::filesystem::path actuals;         // --actuals; empty: not given
  std::filesystem::path fallback_specs;  // without --targets and [targets]; empty: no check
};

struct TargetFiles {
  std::filesystem::path specs;    // empty: no spec file, so no check
  int year = 0;                   // without --year and [targets]: the plan's default year (2027)
  std::filesystem::path actuals;  // empty: none
};

// Checks nothing (the year, the files' existence): the readers and the check do.
TargetFiles resolve_target_files(const io::Plan& plan, const TargetChoice& given);

}  // namespace lifecircle::coverage
