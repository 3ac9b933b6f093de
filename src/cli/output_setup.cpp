// The preamble the writing commands share: the plan, the output folder, and
// the refusal of outputs that exist, before any work.

#include "command.hpp"

namespace lifecircle::cli {

io::Plan load_plan_option(const std::string& plan_option) {
  return io::load_plan(plan_option.empty() ? default_plan_path() : plan_option);
}

std::filesystem::path output_dir(const io::Plan& plan, const std::string& out_option) {
  return out_option.empty() ? plan.output_dir : std::filesystem::path(out_option);
}

std::unique_ptr<OutputFolder> open_output_folder(const std::filesystem::path& dir, bool overwrite,
                                                 const std::vector<std::string>& outputs) {
  auto folder = std::make_unique<OutputFolder>(dir, overwrite);
  folder->refuse_existing(outputs);
  return folder;
}

}  // namespace lifecircle::cli
