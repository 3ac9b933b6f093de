// lifecircle: who lives within an N-minute walk of the services they need.
// This file only wires sub-commands and maps errors to exit codes
// (exit_status.hpp: 0 ok, 1 data or output error, 2 usage error, 3 out of
// memory or internal error).

#include <gdal.h>

#include <utility>
#include <vector>

#include "command.hpp"
#include "exit_status.hpp"

int main(int argc, char** argv) {
  CPLSetErrorHandler(CPLQuietErrorHandler);  // GDAL's errors reach us as exceptions with context
  CLI::App app{"lifecircle: walking access to public services (15-minute circles), town by town"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lifecircle 0.1.0");

  std::vector<std::pair<CLI::App*, std::unique_ptr<lifecircle::cli::Command>>> commands;
  auto add = [&](const char* name, const char* help, std::unique_ptr<lifecircle::cli::Command> command) {
    CLI::App* sub = app.add_subcommand(name, help);
    command->setup(*sub);
    commands.emplace_back(sub, std::move(command));
  };
  add("info", "describe the inputs and the walking graph built from them",
      lifecircle::cli::make_info_command());
  add("init", "draft a commented plan from a city's roads, towns and facility files",
      lifecircle::cli::make_init_command());
  add("run", "compute coverage and isochrones for every category and write layers and tables",
      lifecircle::cli::make_run_command());
  add("check", "check the plan's targets for a year, citywide and town by town, and write targets.csv",
      lifecircle::cli::make_check_command());
  add("compare", "compare base coverage with one or more scenarios, per category and town",
      lifecircle::cli::make_compare_command());
  add("suggest", "propose K sites for a category that add the most covered population",
      lifecircle::cli::make_suggest_command());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return lifecircle::cli::parse_status(app, e);
  }
  return lifecircle::cli::guarded("lifecircle", [&] {
    for (auto& [sub, command] : commands) {
      if (sub->parsed()) return command->run();
    }
    return lifecircle::cli::kExitUsage;
  });
}
