#include "lifecircle/util/input_file.hpp"

#include <sys/stat.h>

#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace {

// What a non-regular file is, for the message; nullptr for a regular file.
const char* kind_of(mode_t mode, DirectoryInput directories) {
  if (S_ISREG(mode)) return nullptr;
  if (S_ISDIR(mode)) return directories == DirectoryInput::allowed ? nullptr : "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

void require_regular_file(const std::filesystem::path& path, std::string_view what,
                          DirectoryInput directories) {
  const std::string name = path.string();
  if (name.starts_with("/vsi")) return;
  struct stat info {};
  if (::stat(name.c_str(), &info) != 0) return;  // missing (or a connection string): the caller says so
  const char* kind = kind_of(info.st_mode, directories);
  if (kind == nullptr) return;
  const std::string_view is = kind;
  throw InputError({.path = name}, "the " + std::string(what) + " is " + std::string(is) +
                                       (is == "not a regular file" ? "" : ", not a regular file"));
}

}  // namespace lifecircle
