#pragma once
// How the command-line tools time their steps and report progress on stderr:
// one wording for all of them (tests/cli and the script tests read it).
//
// A finished step is one plain line. Within a step of known size, on a
// terminal (stderr a tty, TERM not "dumb", CI unset) a bar with the step's
// name, done/total and an estimate of the time left is redrawn in place with
// \r; in logs and CI nothing more than the step's line is written.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "lifecircle/pipeline/analysis.hpp"
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

// "<tool>: <line>" on stderr, unless `quiet` (--quiet); clears a bar first.
void progress(bool quiet, const std::string& line, std::string_view tool = "lifecircle");

// `done` of `total` items of `step`: on a terminal the bar, redrawn at most
// ten times a second and when the step completes; elsewhere, or with `quiet`,
// nothing. Thread-safe.
void progress_count(bool quiet, const std::string& step, std::size_t done, std::size_t total,
                    std::string_view tool = "lifecircle");

// The pipeline's progress on stderr: steps as progress() (none when `quiet`),
// counts as progress_count(), warnings as "<tool>: <warning>" even when quiet.
pipeline::Progress pipeline_progress(bool quiet, std::string_view tool = "lifecircle");

// Whether stderr is a terminal the bar may be drawn on: isatty(2), TERM not
// "dumb", and no CI variable set.
bool progress_terminal();

// The bar's text without \r or escape codes, e.g.
// "coverage of categories [##########..........] 3/6, about 4 s left" (for tests).
std::string progress_bar_text(const std::string& step, std::size_t done, std::size_t total, double elapsed_s);

}  // namespace lifecircle::cli
