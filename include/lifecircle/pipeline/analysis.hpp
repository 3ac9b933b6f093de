#pragma once
// The pipeline every command drives: a plan loaded once, its base coverage
// run, the indicator rows and the target check -- an Analysis -- and from it
// the outputs (outputs.hpp), scenario comparisons (comparison.hpp) and sites
// (siting.hpp). A command parses its options, calls these and prints; a
// server can hold one Analysis and answer requests from it.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/target_inputs.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::pipeline {

// How the pipeline talks to the one who called it; every member optional.
struct Progress {
  std::function<void(const std::string&)> line;  // a finished step
  // `done` of `total` items of a step; called from worker threads, one at a time.
  std::function<void(const std::string& step, std::size_t done, std::size_t total)> counted;
  std::function<void(const std::string&)> warning;  // said even when progress is not
  void say(const std::string& text) const {
    if (line) line(text);
  }
  void warn(const std::string& text) const {
    if (warning) warning(text);
  }
};

// What a target check reads, read and checked once: the base and every
// scenario are checked against the same specs, year and actuals.
struct TargetInputs {
  coverage::TargetSpecs specs;
  coverage::Actuals actuals;
  int year = 0;
};

// The spec file, year and actuals `choice` names (coverage::resolve_target_files),
// read: none when no spec file is named. Throws UsageError for a year outside
// the plan's period (checked even without a spec file), InputError for a bad file.
std::optional<TargetInputs> read_target_inputs(const io::Plan& plan, const coverage::TargetChoice& choice);

struct BaseOptions {
  int threads = 0;
  bool polygons = true;           // coverage polygons per band (layers, maps, report.html)
  bool facility_polygons = true;  // per-facility isochrones, when `polygons`
  // Optional: checks the command's arguments against the loaded study before
  // the base run (a --town that is not a town fails before minutes of work).
  std::function<void(const study::Study&)> check_loaded;
};

// A loaded study and its base: what every output and every question starts from.
struct Analysis {
  std::unique_ptr<study::Study> study;
  coverage::RunResult base;
  std::vector<report::IndicatorRow> rows;  // indicators.csv's rows of the base
  std::optional<TargetInputs> target_inputs;
  std::optional<coverage::TargetCheck> targets;  // the base's check, with target_inputs

  const io::Plan& plan() const { return study->plan; }
  const coverage::TargetCheck* target_check() const { return targets ? &*targets : nullptr; }
};

// Loads the plan's study, runs the base and checks it against `targets`.
std::unique_ptr<Analysis> analyse(const io::Plan& plan, std::optional<TargetInputs> targets,
                                  const BaseOptions& options, const Progress& progress = {});

// The Analysis of a base computed elsewhere (the pieces of a partitioned run,
// merged): the rows and the target check as analyse() makes them.
std::unique_ptr<Analysis> analysis_of(std::unique_ptr<study::Study> study, coverage::RunResult base,
                                      std::optional<TargetInputs> targets);

}  // namespace lifecircle::pipeline
