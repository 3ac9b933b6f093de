#pragma once
// How the command-line tools time their steps and report progress on stderr:
// one wording for all of them (tests/cli and the script tests read it).

#include <chrono>
#include <iostream>
#include <string>
#include <string_view>

#include "lifecircle/util/format.hpp"

namespace lifecircle::cli {

// Seconds on the steady clock from `start` until now.
inline double elapsed_seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// seconds_text(elapsed_seconds(start)).
inline std::string seconds_since(std::chrono::steady_clock::time_point start) {
  return seconds_text(elapsed_seconds(start));
}

// "<tool>: <line>" on stderr, unless `quiet` (--quiet).
inline void progress(bool quiet, const std::string& line, std::string_view tool = "lifecircle") {
  if (!quiet) std::cerr << tool << ": " << line << "\n";
}

}  // namespace lifecircle::cli
