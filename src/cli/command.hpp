#pragma once
// A sub-command: setup() declares its options (touching no file), run() does
// the work. main() owns error handling and exit codes (osmium-tool's shape).

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace lifecircle::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual int run() = 0;  // returns the exit status on success
};

std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_compare_command();
std::unique_ptr<Command> make_suggest_command();

// The plan used when --plan is not given: the bundled Wenling demo.
std::string default_plan_path();
std::string default_targets_path();  // without --targets: data/plan/wenling-2023-targets.toml

}  // namespace lifecircle::cli
