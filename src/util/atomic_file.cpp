#include "lifecircle/util/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace {

std::atomic<unsigned> temp_counter{0};

void sync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  // Built with append(): GCC 12 warns (-Wrestrict, a false positive) on the chained operator+.
  std::string name(".");
  name.append(target_.filename().string());
  name.append(".tmp-");
  name.append(std::to_string(::getpid()));
  name.append("-");
  name.append(std::to_string(temp_counter.fetch_add(1)));
  temp_ = target_.parent_path() / name;
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_, ignored);
  }
}

void AtomicFile::commit() {
  if (!std::filesystem::exists(temp_)) {
    throw OutputError(target_.string() + ": nothing was written to the temporary file " + temp_.string());
  }
  sync_path(temp_);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    throw OutputError(target_.string() + ": cannot rename the finished output into place (" +
                      std::strerror(errno) + ")");
  }
  committed_ = true;
  sync_path(target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path());
}

void write_file_atomically(const std::filesystem::path& path, const std::string& contents) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    if (!out) {
      throw OutputError(path.string() + ": cannot create the output (" + std::strerror(errno) + ")");
    }
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) throw OutputError(path.string() + ": write failed (disk full?)");
  }
  file.commit();
}

}  // namespace lifecircle
