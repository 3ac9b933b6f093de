#pragma once
// One lifecircle command at a time in an output folder: an exclusive flock on
// DIR/.lifecircle.lock, taken before the work and held until the command has
// committed or given up, so two commands into one folder never interleave.
//
// The folder is opened one path component at a time: a missing component is
// created, a symbolic link is followed only when it belongs to us or to root
// (the rule of Linux's fs.protected_symlinks), so a link planted by someone
// else anywhere on the path is refused. Everything inside the folder is then
// reached relative to its descriptor (dir_fd()), never through a link. Not
// covered: someone who may write to a folder on the path swapping it for a
// link while the command runs (in a sticky folder such as /tmp only its owner
// may); the writers reach the staging folder by path.
//
// The lock file is removed when the lock is released (while it is still held);
// a waiter that then gets the lock checks that its file is still the one in the
// folder, and starts over when it is not, so two holders never coexist.

#include <filesystem>
#include <functional>

namespace lifecircle {

class FolderLock {
 public:
  // Opens (creating when missing) and locks `dir`, an absolute path. With
  // `wait` false a folder locked by another command throws OutputError at
  // once; otherwise `on_wait` is called once and the lock is waited for.
  FolderLock(const std::filesystem::path& dir, bool wait, const std::function<void()>& on_wait);
  // Removes the lock file, and the folder when this lock created it and it is
  // left empty (a command that failed before writing anything).
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  int dir_fd() const noexcept { return dir_fd_; }

 private:
  std::filesystem::path dir_;
  int dir_fd_ = -1;
  int lock_fd_ = -1;
  bool created_ = false;
};

}  // namespace lifecircle
