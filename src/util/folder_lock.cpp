#include "lifecircle/util/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <string>

#include "detail/dir_fd.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace fs = std::filesystem;
using detail::Fd;
namespace {

constexpr const char* kLockName = ".lifecircle.lock";
constexpr int kMaxLinks = 40;        // as the kernel's own limit on links in one path
constexpr int kMaxAttempts = 10000;  // lock files replaced under us: each holder that ends replaces one

// Whether we may follow a link owned by `uid`: ours or root's (system links
// such as /var/run); any other owner may have planted it.
bool trusted_owner(uid_t uid) { return uid == ::geteuid() || uid == 0; }

void push_components(std::deque<std::string>& queue, const fs::path& path) {
  std::deque<std::string> parts;
  for (const fs::path& part : path.relative_path()) {
    if (!part.empty() && part != ".") parts.push_back(part.string());
  }
  queue.insert(queue.begin(), parts.begin(), parts.end());
}

// Opens `dir` (absolute) one component at a time, creating what is missing and
// following only trusted links (resolved here, component by component, so a
// link inside a link's target is checked too). Sets `created` when the last
// component was made here.
Fd open_folder(const fs::path& dir, bool& created) {
  Fd current(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!current) detail::fail("/", "cannot open", errno);
  std::deque<std::string> queue;
  push_components(queue, dir);
  fs::path walked("/");
  int links = 0;
  while (!queue.empty()) {
    const std::string name = queue.front();
    queue.pop_front();
    const bool last = queue.empty();
    walked /= name;
    struct stat st {};
    if (::fstatat(current.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) detail::fail(walked, "cannot open the output folder", errno);
      if (::mkdirat(current.get(), name.c_str(), 0777) == 0) {
        created = last;
      } else if (errno != EEXIST) {
        detail::fail(walked, "cannot create the output folder", errno);
      }
      if (::fstatat(current.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        detail::fail(walked, "cannot open the output folder", errno);
      }
    }
    if (S_ISLNK(st.st_mode)) {
      if (!trusted_owner(st.st_uid)) {
        throw OutputError(
            dir.string() + ": its path goes through " + walked.string() + ", a symbolic link owned by user " +
            std::to_string(st.st_uid) +
            " (neither you nor root); lifecircle follows no link someone else may have planted");
      }
      if (++links > kMaxLinks) detail::fail(dir, "cannot open the output folder", ELOOP);
      std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
      const ssize_t n = ::readlinkat(current.get(), name.c_str(), target.data(), target.size());
      if (n < 0) detail::fail(walked, "cannot read the link", errno);
      target.resize(static_cast<std::size_t>(n));
      const fs::path to(target);
      if (to.is_absolute()) {
        current = Fd(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        walked = "/";
      } else {
        walked = walked.parent_path();
      }
      push_components(queue, to);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      throw OutputError(walked.string() + (last ? ": the output folder is a file, not a folder"
                                                : ": is a file, not a folder, on the output folder's path"));
    }
    // A folder (".." included): opened without following anything.
    Fd next(::openat(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) detail::fail(walked, "cannot open the output folder", errno);
    current = std::move(next);
    if (name == "..") walked = walked.parent_path().parent_path();
  }
  return current;
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

FolderLock::FolderLock(const fs::path& dir, bool wait, const std::function<void()>& on_wait) : dir_(dir) {
  const fs::path lock_path = dir_ / kLockName;
  bool told = false;
  for (int attempt = 0;; ++attempt) {
    if (attempt == kMaxAttempts) {
      throw OutputError(lock_path.string() +
                        ": cannot lock the output folder: its lock file keeps being replaced");
    }
    bool created = false;
    Fd folder = open_folder(dir_, created);
    created_ = created_ || created;
    Fd lock(::openat(folder.get(), kLockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644));
    if (!lock) {
      detail::fail(lock_path,
                   errno == ELOOP ? "is a symbolic link, not lifecircle's lock" : "cannot open the lock",
                   errno);
    }
    struct stat held {};
    if (::fstat(lock.get(), &held) != 0 || !S_ISREG(held.st_mode)) {
      throw OutputError(lock_path.string() + ": is not a regular file, not lifecircle's lock");
    }
    if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) detail::fail(lock_path, "cannot lock the output folder", errno);
      if (!wait) {
        throw OutputError(
            dir_.string() +
            ": another lifecircle command is writing into this folder (--no-wait: not waiting for it)");
      }
      if (!told && on_wait) on_wait();
      told = true;
      while (::flock(lock.get(), LOCK_EX) != 0) {
        if (errno != EINTR) detail::fail(lock_path, "cannot lock the output folder", errno);
      }
    }
    // The holder we waited for removes the lock file as it lets go: ours
    // counts only if it is still the file in the folder.
    struct stat now {};
    if (::fstat(lock.get(), &held) == 0 &&
        ::fstatat(folder.get(), kLockName, &now, AT_SYMLINK_NOFOLLOW) == 0 && same_file(held, now)) {
      dir_fd_ = folder.release();
      lock_fd_ = lock.release();
      return;
    }
  }
}

FolderLock::~FolderLock() {
  // Removed while still held, then released (see the header).
  ::unlinkat(dir_fd_, kLockName, 0);
  if (created_) ::rmdir(dir_.c_str());  // only if empty: a command that failed before writing anything
  ::close(lock_fd_);
  ::close(dir_fd_);
}

}  // namespace lifecircle
