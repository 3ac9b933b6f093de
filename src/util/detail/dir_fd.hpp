#pragma once
// File descriptors and the *at() calls the output folder is built on: every
// path is relative to a folder's descriptor and no call follows a symbolic
// link (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), one component at a time.

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lifecircle::detail {

// An owned descriptor, closed on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept;

 private:
  int fd_ = -1;
};

// Throws OutputError "<path>: <what> (<strerror(error)>)".
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error);

// "a/b/c" -> "a/b" and "c"; a name without '/' has the parent "".
std::string parent_of(const std::string& rel);
std::string leaf_of(const std::string& rel);

// Opens the folder `rel` ("" is `root` itself) below `root` one component at a
// time with O_NOFOLLOW. An invalid Fd (errno set) when a component is missing,
// a link or not a folder.
Fd open_dir_at(int root, const std::string& rel);

// Whether `rel` below `root` exists, and its lstat. Follows no link.
bool lstat_at(int root, const std::string& rel, struct stat& st);

// The names in a folder (not "." and ".."), sorted.
std::vector<std::string> names_in(int dir);

// Removes `name` in `dir` and, if it is a folder (not a link), all it holds.
// Best effort: what cannot be removed stays.
void remove_tree_at(int dir, const std::string& name);

// Writes `text` to `name` in `dir` by way of "<name>.tmp" (created with
// O_EXCL|O_NOFOLLOW), fsynced and renamed over `name`; the folder is fsynced
// too. `shown` is the path used in errors.
void write_file_at(int dir, const std::string& name, const std::string& text,
                   const std::filesystem::path& shown);

// Reads the regular file `name` in `dir` into `text`; false when it does not
// exist. A link or anything but a regular file throws OutputError.
bool read_file_at(int dir, const std::string& name, std::string& text, const std::filesystem::path& shown);

// fsyncs `fd`, ignoring filesystems that cannot.
void sync_fd(int fd);

}  // namespace lifecircle::detail
