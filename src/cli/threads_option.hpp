#pragma once
// --threads, one definition for every command and lifecircle-mpi: 1 to 1024,
// and at most this machine's cores unless --force-threads is given too (a
// thread count far above the cores only multiplies the per-thread memory).

#include <CLI/CLI.hpp>
#include <string>

namespace lifecircle::cli {

// The processors this process may run on (OpenMP's count, which honours the
// CPU affinity mask).
int machine_cores();

// Adds --threads (into `threads`; 0, the default, means all cores) and
// --force-threads to `app`. `help` says what the threads do.
void add_threads_option(CLI::App& app, int& threads, const std::string& help);

}  // namespace lifecircle::cli
