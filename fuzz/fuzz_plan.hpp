#pragma once
// The fixed context some readers need: the bundled demo plan (categories) and
// the Wenling target specs, loaded once per fuzzing process.

#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::fuzz {

inline const io::Plan& demo_plan() {
  static const io::Plan plan = io::load_plan(LIFECIRCLE_SOURCE_DIR "/data/geo/wenling-demo/plan.toml");
  return plan;
}

inline const coverage::TargetSpecs& demo_specs() {
  static const coverage::TargetSpecs specs =
      coverage::read_target_specs(LIFECIRCLE_SOURCE_DIR "/data/plan/wenling-2023-targets.toml", demo_plan());
  return specs;
}

// UTM 51N, Wenling's zone.
inline const io::WorkingCrs& working_crs() {
  static const io::WorkingCrs crs(32651);
  return crs;
}

}  // namespace lifecircle::fuzz
