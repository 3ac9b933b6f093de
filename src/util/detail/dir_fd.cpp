#include "dir_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lifecircle/util/error.hpp"

namespace lifecircle::detail {

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

int Fd::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void fail(const std::filesystem::path& path, const std::string& what, int error) {
  std::string message = path.string();
  message.append(": ").append(what).append(" (").append(std::strerror(error)).append(")");
  throw OutputError(message);
}

std::string parent_of(const std::string& rel) {
  const std::size_t slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string leaf_of(const std::string& rel) {
  const std::size_t slash = rel.rfind('/');
  return slash == std::string::npos ? rel : rel.substr(slash + 1);
}

Fd open_dir_at(int root, const std::string& rel) {
  Fd current(::fcntl(root, F_DUPFD_CLOEXEC, 0));
  std::size_t start = 0;
  while (current && start < rel.size()) {
    std::size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    const std::string component = rel.substr(start, end - start);
    current = Fd(::openat(current.get(), component.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    start = end + 1;
  }
  return current;
}

bool lstat_at(int root, const std::string& rel, struct stat& st) {
  const Fd parent = open_dir_at(root, parent_of(rel));
  return parent && ::fstatat(parent.get(), leaf_of(rel).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::vector<std::string> names_in(int dir) {
  std::vector<std::string> names;
  DIR* stream = ::fdopendir(::fcntl(dir, F_DUPFD_CLOEXEC, 0));
  if (stream == nullptr) return names;
  ::rewinddir(stream);
  while (const dirent* entry = ::readdir(stream)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(stream);
  std::sort(names.begin(), names.end());
  return names;
}

void remove_tree_at(int dir, const std::string& name) {
  const Fd child(::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!child) {
    ::unlinkat(dir, name.c_str(), 0);  // a file or a link: removed, never followed
    return;
  }
  for (const std::string& entry : names_in(child.get())) remove_tree_at(child.get(), entry);
  ::unlinkat(dir, name.c_str(), AT_REMOVEDIR);
}

void sync_fd(int fd) { ::fsync(fd); }

void write_file_at(int dir, const std::string& name, const std::string& text,
                   const std::filesystem::path& shown) {
  const std::string temp = name + ".tmp";
  ::unlinkat(dir, temp.c_str(), 0);  // left by a command that was killed; ours (we hold the lock)
  Fd out(::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!out) fail(shown, "cannot write", errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(out.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      ::unlinkat(dir, temp.c_str(), 0);
      fail(shown, "cannot write", error);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(out.get()) != 0) {
    const int error = errno;
    ::unlinkat(dir, temp.c_str(), 0);
    fail(shown, "cannot write", error);
  }
  out = Fd();
  if (::renameat(dir, temp.c_str(), dir, name.c_str()) != 0) {
    const int error = errno;
    ::unlinkat(dir, temp.c_str(), 0);
    fail(shown, "cannot move into place", error);
  }
  sync_fd(dir);
}

bool read_file_at(int dir, const std::string& name, std::string& text, const std::filesystem::path& shown) {
  const Fd in(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!in) {
    if (errno == ENOENT) return false;
    fail(shown, errno == ELOOP ? "is a symbolic link, not lifecircle's file" : "cannot read", errno);
  }
  struct stat st {};
  if (::fstat(in.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw OutputError(shown.string() + ": is not a regular file, not lifecircle's");
  }
  text.clear();
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(shown, "cannot read", errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace lifecircle::detail
