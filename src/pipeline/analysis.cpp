#include "lifecircle/pipeline/analysis.hpp"

#include <utility>

namespace lifecircle::pipeline {
namespace {

std::optional<coverage::TargetCheck> check_base(const study::Study& study, const coverage::RunResult& base,
                                                const std::optional<TargetInputs>& targets) {
  if (!targets) return std::nullopt;
  return coverage::check_targets(targets->specs, study, base, targets->year, targets->actuals);
}

}  // namespace

std::optional<TargetInputs> read_target_inputs(const io::Plan& plan, const coverage::TargetChoice& choice) {
  const coverage::TargetFiles files = coverage::resolve_target_files(plan, choice);
  coverage::check_target_year(files.year);
  if (files.specs.empty()) return std::nullopt;
  TargetInputs inputs{coverage::read_target_specs(files.specs, plan), {}, files.year};
  if (!files.actuals.empty()) inputs.actuals = coverage::read_actuals(files.actuals, inputs.specs);
  return inputs;
}

std::unique_ptr<Analysis> analyse(const io::Plan& plan, std::optional<TargetInputs> targets,
                                  const BaseOptions& options, const Progress& progress) {
  std::unique_ptr<study::Study> study = study::load_study(plan);
  progress.say("graph: " + std::to_string(study->network.graph.node_count()) + " nodes, " +
               std::to_string(study->network.graph.edge_count()) + " edges; " +
               std::to_string(study->facilities.size()) + " facilities");
  if (options.check_loaded) options.check_loaded(*study);
  coverage::RunOptions run;
  run.threads = options.threads;
  run.polygons = options.polygons;
  run.facility_polygons =
      options.facility_polygons;  // the searches still run: reach and population per facility
  run.progress = progress.line;
  run.counted_progress = progress.counted;
  coverage::RunResult base = coverage::run_coverage(*study, run);
  return analysis_of(std::move(study), std::move(base), std::move(targets));
}

std::unique_ptr<Analysis> analysis_of(std::unique_ptr<study::Study> study, coverage::RunResult base,
                                      std::optional<TargetInputs> targets) {
  auto analysis = std::make_unique<Analysis>();
  analysis->rows = report::indicator_rows(*study, base);
  analysis->targets = check_base(*study, base, targets);
  analysis->target_inputs = std::move(targets);
  analysis->base = std::move(base);
  analysis->study = std::move(study);
  return analysis;
}

}  // namespace lifecircle::pipeline
