#pragma once
// A sub-command: setup() declares its options (touching no file), run() does
// the work. main() owns error handling and exit codes (osmium-tool's shape).

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/output_folder.hpp"

namespace lifecircle::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run() = 0;  // returns the exit status on success
};

std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_init_command();
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_compare_command();
std::unique_ptr<Command> make_suggest_command();

// The plan used when --plan is not given: the bundled Wenling demo.
std::string default_plan_path();
std::string default_targets_path();  // without --targets: data/plan/wenling-2023-targets.toml

// The plan --plan names, else the bundled demo plan (saying so on stderr).
io::Plan load_plan_option(const std::string& plan_option);

// --out, else the plan's [output] dir.
std::filesystem::path output_dir(const io::Plan& plan, const std::string& out_option);

// A command's outputs staged to go into `dir` as one set (util/output_folder.hpp),
// the folder locked against other lifecircle commands until the command ends.
// Without `overwrite` it refuses the first of `outputs` that exists there, so
// a refusal comes before the work. When another command holds the folder it
// says so on stderr and waits, or with `no_wait` (--no-wait) throws at once.
// An output that would replace one of the plan's inputs or of `more_inputs`
// (paths given on the command line) is refused, even with overwrite.
std::unique_ptr<OutputFolder> open_output_folder(const std::filesystem::path& dir, bool overwrite,
                                                 const std::vector<std::string>& outputs, bool no_wait,
                                                 const io::Plan& plan,
                                                 const std::vector<std::string>& more_inputs = {});

// The help text of every writing command's --no-wait flag.
inline constexpr const char* kNoWaitHelp =
    "fail at once (exit 1) when another lifecircle command is writing into the output folder, instead of "
    "waiting";

}  // namespace lifecircle::cli
