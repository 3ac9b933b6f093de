#include "threads_option.hpp"

#include <omp.h>

#include <string>

namespace lifecircle::cli {

int machine_cores() { return omp_get_num_procs(); }

void add_threads_option(CLI::App& app, int& threads, const std::string& help) {
  CLI::Option* force =
      app.add_flag("--force-threads")->description("allow --threads above this machine's cores");
  // Validators run once every argument is read, so the flag's count is known
  // whatever the order on the command line.
  const CLI::Validator within_cores(
      [force](const std::string& value) -> std::string {
        const int cores = machine_cores();
        const long requested = std::stol(value);  // CLI::Range has checked it is a number
        if (requested <= cores || force->count() > 0) return {};
        return value + " is more than this machine's " + std::to_string(cores) +
               (cores == 1 ? " core" : " cores") + "; pass --force-threads to use more";
      },
      "<= cores");
  app.add_option("--threads", threads, help + " (default: all cores)")
      ->check(CLI::Range(1, 1024))
      ->check(within_cores);
}

}  // namespace lifecircle::cli
