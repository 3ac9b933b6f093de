#pragma once
// The target check of the base beside each scenario's, line by line (every
// indicator, the city and each town): compare-targets.csv and the printed
// rows of `compare`.

#include <string>
#include <vector>

#include "lifecircle/coverage/targets.hpp"

namespace lifecircle::report {

struct ScenarioCheck {
  std::string name;
  const coverage::TargetCheck* check = nullptr;  // same specs and year as the base
};

// CSV text: indicator, kind, category, name, year, town, target, the base's
// value and status, then per scenario its value, change and status. One line
// per line of the check, in the check's order. Throws Error when a scenario's
// check does not line up with the base's.
std::string compare_targets_csv(const coverage::TargetCheck& base,
                                const std::vector<ScenarioCheck>& scenarios);

// The lines whose value or status changes in some scenario (every line when
// changed_only is false), as a fixed-width table.
std::string compare_targets_table(const coverage::TargetCheck& base,
                                  const std::vector<ScenarioCheck>& scenarios, bool changed_only);

}  // namespace lifecircle::report
