#pragma once
// The one error boundary of lifecircle and lifecircle-mpi: the mapping from a
// failure to an exit status and a message (README "Exit status"):
//   0 ok, 1 data or output error (the inputs, the plan, the output folder),
//   2 usage error, 3 out of memory (a run estimated not to fit before it
//   starts, ResourceError, or memory running out during it) or an internal
//   error (a bug).

#include <functional>
#include <string_view>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace lifecircle::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

// What to print ("<tool>: <kind><what>") and the status to exit with. The
// texts point into the exception being handled (or are literals): nothing is
// allocated, so this works when memory has run out.
struct Failure {
  int status = kExitInternal;
  const char* kind = "";
  const char* what = "";
};

// The failure for the exception being handled; call it only inside a catch
// block, and use the texts before that block ends.
Failure current_failure() noexcept;

// Runs `body` and returns its status. When it throws: prints
// "<who>: <kind><what>" on stderr, calls `on_failure` with the status (where
// lifecircle-mpi aborts the job), and returns the status.
int guarded(std::string_view who, const std::function<int()>& body,
            const std::function<void(int status)>& on_failure = {}) noexcept;

// The status for a command line CLI11 refused: 0 for --help and --version,
// else kExitUsage. With `print`, CLI11 prints the help or the error first.
int parse_status(CLI::App& app, const CLI::ParseError& error, bool print = true);

}  // namespace lifecircle::cli
