#include "lifecircle/util/output_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace fs = std::filesystem;
namespace {

std::atomic<unsigned> staging_counter{0};

std::string with_errno(const std::string& what) { return what + " (" + std::strerror(errno) + ")"; }

void sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The folder as an absolute path without a trailing separator, so that its
// parent and name are what a rename needs.
fs::path normalised(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

// Removes staging folders of this output folder left by runs that were killed
// (their process is gone), so interrupted runs do not pile up.
void remove_stale_staging(const fs::path& dir) {
  std::string prefix(".");
  prefix.append(dir.filename().string());
  prefix.append(".staging-");
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

}  // namespace

void test_kill_point(const char* stage) {
  const char* at = std::getenv("LIFECIRCLE_TEST_KILL_AT");
  if (at != nullptr && std::strcmp(at, stage) == 0) ::kill(::getpid(), SIGKILL);
}

OutputFolder::OutputFolder(const fs::path& dir, bool overwrite) : dir_(normalised(dir)), overwrite_(overwrite) {
  // Built with append(): GCC 12 warns (-Wrestrict, a false positive) on chained operator+.
  std::string name(".");
  name.append(dir_.filename().string());
  name.append(".staging-");
  name.append(std::to_string(::getpid()));
  name.append("-");
  name.append(std::to_string(staging_counter.fetch_add(1)));
  staging_ = dir_.parent_path() / name;
  std::error_code error;
  if (fs::exists(dir_, error) && !fs::is_directory(dir_, error)) {
    throw OutputError(dir_.string() + ": the output folder is a file, not a folder");
  }
  remove_stale_staging(dir_);
  fs::create_directories(staging_, error);
  if (error) {
    throw OutputError(dir_.string() + ": cannot create the output folder's staging folder " + staging_.string() +
                      ": " + error.message());
  }
}

OutputFolder::~OutputFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

void OutputFolder::refuse_existing(const std::vector<std::string>& names) const {
  if (overwrite_) return;
  for (const std::string& name : names) {
    std::error_code ignored;
    if (fs::exists(dir_ / name, ignored)) {
      throw OutputError((dir_ / name).string() + ": the output already exists; pass --overwrite to replace it");
    }
  }
}

void OutputFolder::commit() {
  const std::set<std::string> ours = names_in(staging_);
  std::error_code error;
  const bool dir_exists = fs::is_directory(dir_, error);
  if (!dir_exists && fs::exists(dir_, error)) {
    throw OutputError(dir_.string() + ": the output folder is a file, not a folder");
  }
  if (dir_exists) {
    std::vector<std::string> present;
    for (const std::string& name : ours) {
      if (fs::exists(dir_ / name, error)) present.push_back(name);
    }
    refuse_existing(present);
  }
  sync_folder(staging_);
  test_kill_point("staged");
  if (!dir_exists) {
    if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
      throw OutputError(with_errno(dir_.string() + ": cannot move the finished outputs into place"));
    }
    committed_ = true;
    sync_folder(dir_.parent_path());
    return;
  }
  // Carry over what is not ours, so the swap replaces only our outputs.
  for (const std::string& name : names_in(dir_)) {
    if (ours.count(name) != 0) continue;
    const fs::path from = dir_ / name;
    const fs::path to = staging_ / name;
    if (fs::is_directory(fs::symlink_status(from, error))) {
      fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, error);
    } else {
      fs::create_hard_link(from, to, error);
      if (error) fs::copy(from, to, fs::copy_options::copy_symlinks, error);
    }
    if (error) throw OutputError(from.string() + ": cannot carry it over to the new outputs: " + error.message());
  }
  sync_folder(staging_);
  test_kill_point("linked");
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) == 0) {
    committed_ = true;
    sync_folder(dir_.parent_path());
    test_kill_point("swapped");
    fs::remove_all(staging_, error);  // now the previous outputs; a failure only leaves a hidden folder
    return;
  }
  // No atomic swap here: move the files one by one (each one whole).
  for (const std::string& name : ours) {
    if (::rename((staging_ / name).c_str(), (dir_ / name).c_str()) != 0) {
      throw OutputError(with_errno((dir_ / name).string() + ": cannot move the finished output into place"));
    }
  }
  sync_folder(dir_);
  committed_ = true;
  fs::remove_all(staging_, error);
}

}  // namespace lifecircle
