#pragma once
// Shared by the fuzz targets: the readers take paths, so each input is written
// to a scratch file first; only lifecircle's own errors are an accepted outcome
// (anything else escaping a reader -- std::out_of_range, a crash, a hang -- is a bug).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle::fuzz {

// A per-process scratch folder, created on first use and removed at exit. The
// path is never destroyed: the atexit handler, registered while it is made,
// runs after any static's destructor registered later would have run.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path* const dir = [] {
    const auto* d = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                              ("lifecircle-fuzz-" + std::to_string(::getpid())));
    std::filesystem::create_directories(*d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return d;
  }();
  return *dir;
}

// Writes the fuzz input to scratch_dir()/name and returns the path.
inline std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
  const auto path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Runs a reader; its documented errors are fine, anything else propagates.
template <typename F>
void expect_clean(F&& reader) {
  try {
    reader();
  } catch (const lifecircle::Error&) {
  }
}

}  // namespace lifecircle::fuzz
