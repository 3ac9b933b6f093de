#include "lifecircle/util/memory.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle {

namespace {

// The process's mapped size: the first field of /proc/self/statm, in pages.
std::optional<std::uint64_t> mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  if (!(statm >> pages)) return std::nullopt;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::optional<std::uint64_t> mem_available() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace

MemoryRoom memory_room() {
  MemoryRoom room;
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t used = mapped_bytes().value_or(0);
    room.address_space_bytes = limit.rlim_cur > used ? limit.rlim_cur - used : 0;
  }
  room.available_bytes = mem_available();
  return room;
}

std::uint64_t thread_stack_bytes() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) return limit.rlim_cur;
  return std::uint64_t{8} << 20;  // glibc's default when the stack is unlimited
}

MemoryNeed parallel_need(std::uint64_t per_thread_bytes, std::uint64_t per_job_bytes, int threads,
                         std::size_t jobs) {
  // OpenMP keeps the threads of the largest team so far, and their stacks,
  // for the regions after it: only threads beyond that team are new.
  static std::atomic<int> largest_team{1};
  const int before = largest_team.load();
  if (threads > before) largest_team.store(threads);
  const auto team = static_cast<std::uint64_t>(std::max(threads, 1));
  const auto new_threads = static_cast<std::uint64_t>(std::max(threads - before, 0));
  const std::uint64_t working = std::min<std::uint64_t>(team, std::max<std::size_t>(jobs, 1));
  MemoryNeed need;
  need.resident_bytes = working * (per_thread_bytes + per_job_bytes);
  need.address_bytes = new_threads * thread_stack_bytes() + team * per_thread_bytes + working * per_job_bytes;
  return need;
}

void require_memory(const MemoryNeed& need, const MemoryRoom& room, const std::string& what,
                    const std::string& hint) {
  auto refuse = [&](std::uint64_t needed, std::uint64_t available, const char* which) {
    throw ResourceError(what + " need ~" + bytes_text(needed) + "; " + bytes_text(available) +
                        " is available (" + which + "); " + hint);
  };
  if (room.address_space_bytes && need.address_bytes > *room.address_space_bytes) {
    refuse(need.address_bytes, *room.address_space_bytes, "under the address-space limit, ulimit -v");
  }
  if (room.available_bytes && need.resident_bytes > *room.available_bytes) {
    refuse(need.resident_bytes, *room.available_bytes, "MemAvailable");
  }
}

std::string bytes_text(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000.0 && unit < 4) {
    value /= 1000.0;
    ++unit;
  }
  char text[32];
  if (unit == 0 || value >= 100.0) {
    std::snprintf(text, sizeof text, "%.0f %s", value, units[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

}  // namespace lifecircle
