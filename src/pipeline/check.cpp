#include "lifecircle/pipeline/check.hpp"

#include <stdexcept>

#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/util/csv.hpp"

namespace lifecircle::pipeline {
namespace {

const coverage::TargetCheck& check_of(const Analysis& analysis) {
  if (!analysis.targets || !analysis.target_inputs)
    throw std::logic_error("the analysis has no target check");
  return *analysis.targets;
}

}  // namespace

std::string check_text(const Analysis& analysis) {
  const coverage::TargetCheck& check = check_of(analysis);
  const TargetInputs& inputs = *analysis.target_inputs;
  return "Targets for " + std::to_string(inputs.year) + ": " + analysis.plan().name +
         "\n  specs: " + inputs.specs.file.string() + "\n  table: " + inputs.specs.table_file.string() +
         "\n  actuals: " +
         (inputs.actuals.file.empty() ? std::string("none (--actuals FILE)") : inputs.actuals.file.string()) +
         "\n\n" + report::targets_table(check);
}

std::filesystem::path write_check_outputs(const Analysis& analysis, OutputFolder& folder) {
  write_csv_file(folder.staging() / "targets.csv", report::targets_csv(check_of(analysis)),
                 analysis.plan().csv_bom);
  check_staged(folder, output_names(OutputSet::check));
  folder.commit();
  return "targets.csv";
}

}  // namespace lifecircle::pipeline
