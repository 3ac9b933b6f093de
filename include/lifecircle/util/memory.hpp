#pragma once
// How much memory a stage may still take, and a refusal before the stage when
// its estimate does not fit: a clear ResourceError (exit status 3) instead of
// an allocation failing half-way, or a library that aborts on one (GLib does).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace lifecircle {

struct MemoryRoom {
  // RLIMIT_AS less the address space in use, when a limit is set.
  std::optional<std::uint64_t> address_space_bytes;
  // The kernel's MemAvailable (/proc/meminfo), when it can be read.
  std::optional<std::uint64_t> available_bytes;
};

MemoryRoom memory_room();

// What a stage needs: `resident_bytes` it will touch, `address_bytes` it will
// map (touched or not: thread stacks, reserved arenas, font files), which an
// address-space limit counts in full.
struct MemoryNeed {
  std::uint64_t resident_bytes = 0;
  std::uint64_t address_bytes = 0;
};

// A new thread's stack: RLIMIT_STACK (glibc's default), else 8 MiB.
std::uint64_t thread_stack_bytes();

// A parallel stage: each of `threads` threads holds a stack (counted for the
// threads no earlier stage started) and
// `per_thread_bytes` of scratch set up at the region's start (address space;
// mostly untouched until used), and the threads that get work (at most
// `jobs`) also touch it and `per_job_bytes` more.
MemoryNeed parallel_need(std::uint64_t per_thread_bytes, std::uint64_t per_job_bytes, int threads,
                         std::size_t jobs);

// Throws ResourceError when `need` exceeds `room`:
// "<what> need ~9.1 GB; 8.0 GB is available (memory available); <hint>".
void require_memory(const MemoryNeed& need, const MemoryRoom& room, const std::string& what,
                    const std::string& hint);

// 9.1 GB, 350 MB, 12 kB: one decimal at most.
std::string bytes_text(std::uint64_t bytes);

}  // namespace lifecircle
