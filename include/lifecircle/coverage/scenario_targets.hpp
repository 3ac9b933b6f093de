#pragma once
// The target check under a scenario: what `compare` judges beside the base.
// Coverage per town comes from the evaluated scenario; facilities are the
// base's with the scenario's edits, so a new health centre in a town without
// one turns its presence indicator, and new childcare places raise the places
// per 1,000 residents.

#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/target_inputs.hpp"

namespace lifecircle::coverage {

// The facilities the check counts under the scenario: the existing ones less
// those removed, each with its changed category and capacity and, when moved,
// the town it moves to; the planned ones when use_status builds them; the
// added ones, located by their coordinates.
std::vector<CountedFacility> scenario_facilities(const study::Study& study, const RunResult& base,
                                                 const Scenario& scenario);

// The inputs of the check under the scenario. evaluated: evaluate_scenario's
// answer (plan order) on base.demand.
TargetInputs scenario_target_inputs(const study::Study& study, const RunResult& base,
                                    const Scenario& scenario, const std::vector<ScenarioCategory>& evaluated);

}  // namespace lifecircle::coverage
