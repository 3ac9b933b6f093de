// The preamble the writing commands share: the plan, the output folder, and
// the refusal of outputs that exist, before any work.

#include <iostream>

#include "command.hpp"
#include "lifecircle/pipeline/outputs.hpp"

namespace lifecircle::cli {

io::Plan load_plan_option(const std::string& plan_option) {
  if (!plan_option.empty()) return io::load_plan(plan_option);
  // Said every time: a run on the demo's synthetic data must never pass for one on the user's city.
  const std::string demo = default_plan_path();
  std::cerr << "lifecircle: using the bundled demo plan (synthetic data): " << demo << "\n";
  std::cerr.flush();
  return io::load_plan(demo);
}

std::filesystem::path output_dir(const io::Plan& plan, const std::string& out_option) {
  return out_option.empty() ? plan.output_dir : std::filesystem::path(out_option);
}

std::unique_ptr<OutputFolder> open_output_folder(const std::filesystem::path& dir, bool overwrite,
                                                 const std::vector<std::string>& outputs, bool no_wait,
                                                 const io::Plan& plan,
                                                 const std::vector<std::string>& more_inputs) {
  OutputFolderOptions options;
  options.overwrite = overwrite;
  options.wait = !no_wait;
  options.inputs.assign(more_inputs.begin(), more_inputs.end());
  options.on_wait = [dir] {
    std::cerr << "lifecircle: waiting for another lifecircle writing into " << dir.string()
              << " (--no-wait: fail instead)...\n";
    std::cerr.flush();
  };
  return pipeline::open_output_folder(dir, outputs, plan, std::move(options));
}

}  // namespace lifecircle::cli
