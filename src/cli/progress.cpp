#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>

namespace lifecircle::cli {
namespace {

constexpr std::size_t kBarWidth = 24;
constexpr double kRedrawS = 0.1;

// What is on the terminal's last line: a bar (drawn) or nothing.
struct BarState {
  std::mutex mutex;
  bool drawn = false;
  std::string step;
  std::chrono::steady_clock::time_point step_start, last_draw;
};

BarState& bar_state() {
  static BarState state;
  return state;
}

// Under the state's lock: clears a drawn bar.
void clear_bar(BarState& state) {
  if (!state.drawn) return;
  std::cerr << "\r\x1b[K" << std::flush;
  state.drawn = false;
}

}  // namespace

bool progress_terminal() {
  static const bool terminal = [] {
    if (::isatty(STDERR_FILENO) != 1) return false;
    const char* term = std::getenv("TERM");
    if (term == nullptr || std::strcmp(term, "dumb") == 0) return false;
    return std::getenv("CI") == nullptr;
  }();
  return terminal;
}

std::string progress_bar_text(const std::string& step, std::size_t done, std::size_t total,
                              double elapsed_s) {
  const std::size_t filled = total > 0 ? std::min(kBarWidth, done * kBarWidth / total) : 0;
  std::string out = step + " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] " +
                    std::to_string(done) + "/" + std::to_string(total);
  if (done > 0 && done < total && elapsed_s > 0.0) {
    const double left_s = elapsed_s * static_cast<double>(total - done) / static_cast<double>(done);
    out += ", about " + std::to_string(static_cast<long long>(std::ceil(left_s))) + " s left";
  }
  return out;
}

void progress(bool quiet, const std::string& line, std::string_view tool) {
  if (quiet) return;
  BarState& state = bar_state();
  const std::lock_guard<std::mutex> lock(state.mutex);
  clear_bar(state);
  std::cerr << tool << ": " << line << "\n";
}

void progress_count(bool quiet, const std::string& step, std::size_t done, std::size_t total,
                    std::string_view tool) {
  if (quiet || !progress_terminal()) return;
  BarState& state = bar_state();
  const std::lock_guard<std::mutex> lock(state.mutex);
  const auto now = std::chrono::steady_clock::now();
  if (step != state.step || done <= 1) {  // a new step: its clock starts with its first item
    state.step = step;
    state.step_start = now;
    state.last_draw = {};
  }
  if (done < total && std::chrono::duration<double>(now - state.last_draw).count() < kRedrawS) return;
  state.last_draw = now;
  std::cerr << "\r" << tool << ": "
            << progress_bar_text(step, done, total,
                                 std::chrono::duration<double>(now - state.step_start).count())
            << "\x1b[K" << std::flush;
  state.drawn = true;
}

pipeline::Progress pipeline_progress(bool quiet, std::string_view tool) {
  pipeline::Progress p;
  const std::string name(tool);
  if (!quiet) p.line = [name](const std::string& line) { progress(false, line, name); };
  p.counted = [quiet, name](const std::string& step, std::size_t done, std::size_t total) {
    progress_count(quiet, step, done, total, name);
  };
  p.warning = [name](const std::string& warning) { std::cerr << name << ": " << warning << "\n"; };
  return p;
}

}  // namespace lifecircle::cli
