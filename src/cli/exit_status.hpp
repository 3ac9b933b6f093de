#pragma once
// The one mapping from a failure to an exit status and a message, shared by
// lifecircle and lifecircle-mpi (README "Exit status"):
//   0 ok, 1 data or output error (the inputs, the plan, the output folder),
//   2 usage error, 3 out of memory (a run estimated not to fit before it
//   starts, ResourceError, or memory running out during it) or an internal
//   error (a bug).

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

}  // namespace lifecircle::cli
