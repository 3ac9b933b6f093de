#include "lifecircle/util/output_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include "detail/dir_fd.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace fs = std::filesystem;
using detail::Fd;
namespace {

constexpr const char* kManifest = ".lifecircle-manifest";
constexpr const char* kJournal = ".lifecircle-commit";
constexpr const char* kStagingPrefix = ".lifecircle-staging-";
constexpr const char* kMarker = ".lifecircle-staging";  // inside a staging folder: it is ours
constexpr const char* kManifestHeader = "lifecircle manifest 1";
constexpr const char* kJournalHeader = "lifecircle commit 1";

// The folder as an absolute path without a trailing separator.
fs::path normalised(const fs::path& dir) {
  fs::path p = fs::absolute(dir).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

std::string root_of(const std::string& rel) { return rel.substr(0, rel.find('/')); }

// One name a line: '\' and newlines escaped, so any file name round-trips.
std::string escaped(const std::string& name) {
  std::string out;
  for (const char c : name) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescaped(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
      out += text[i] == 'n' ? '\n' : text[i];
    } else {
      out += text[i];
    }
  }
  return out;
}

// What lifecircle wrote in the folder: files, and the folders it created.
struct Manifest {
  std::set<std::string> dirs, files;
};

// A commit, as written to the journal before the first file moves.
struct Journal {
  std::string staging;             // the staging folder's name
  std::set<std::string> roots;     // the set's top-level names
  std::vector<std::string> dirs;   // folders to have, parents first
  std::set<std::string> our_dirs;  // those of them that are ours
  std::vector<std::string> files;  // files to move, relative paths
};

// "<tag> <name>" lines after a header; throws naming the file when malformed.
std::vector<std::pair<char, std::string>> read_lines(const std::string& text, const char* header,
                                                     const fs::path& shown) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != header) {
    throw OutputError(shown.string() +
                      ": not a file lifecircle wrote (remove it if the folder's outputs are yours)");
  }
  std::vector<std::pair<char, std::string>> lines;
  while (std::getline(in, line)) {
    if (line.size() < 3 || line[1] != ' ') {
      throw OutputError(shown.string() + ": damaged (remove it if the folder's outputs are yours)");
    }
    lines.emplace_back(line[0], unescaped(line.substr(2)));
  }
  return lines;
}

Manifest read_manifest(int dir, const fs::path& shown) {
  Manifest m;
  std::string text;
  if (!detail::read_file_at(dir, kManifest, text, shown)) return m;
  for (const auto& [tag, name] : read_lines(text, kManifestHeader, shown)) {
    (tag == 'd' ? m.dirs : m.files).insert(name);
  }
  return m;
}

std::string manifest_text(const Manifest& m) {
  std::string text = std::string(kManifestHeader) + "\n";
  for (const std::string& d : m.dirs) text += "d " + escaped(d) + "\n";
  for (const std::string& f : m.files) text += "f " + escaped(f) + "\n";
  return text;
}

std::string journal_text(const Journal& j) {
  std::string text = std::string(kJournalHeader) + "\n";
  text += "s " + escaped(j.staging) + "\n";
  for (const std::string& r : j.roots) text += "r " + escaped(r) + "\n";
  for (const std::string& d : j.dirs) text += (j.our_dirs.count(d) != 0 ? "d " : "k ") + escaped(d) + "\n";
  for (const std::string& f : j.files) text += "f " + escaped(f) + "\n";
  return text;
}

Journal parse_journal(const std::string& text, const fs::path& shown) {
  Journal j;
  for (const auto& [tag, name] : read_lines(text, kJournalHeader, shown)) {
    switch (tag) {
      case 's':
        j.staging = name;
        break;
      case 'r':
        j.roots.insert(name);
        break;
      case 'd':
        j.our_dirs.insert(name);
        j.dirs.push_back(name);
        break;
      case 'k':
        j.dirs.push_back(name);
        break;
      case 'f':
        j.files.push_back(name);
        break;
      default:
        throw OutputError(shown.string() + ": damaged (remove it if the folder's outputs are yours)");
    }
  }
  if (j.staging.rfind(kStagingPrefix, 0) != 0 || j.staging.find('/') != std::string::npos) {
    throw OutputError(shown.string() + ": damaged (no staging folder)");
  }
  return j;
}

// Everything in the staging folder: folders (parents first) and the rest.
void list_staged(int dir, const std::string& prefix, std::vector<std::string>& dirs,
                 std::vector<std::string>& files) {
  for (const std::string& name : detail::names_in(dir)) {
    if (prefix.empty() && name == kMarker) continue;
    std::string rel = prefix;
    if (!rel.empty()) rel += '/';
    rel += name;
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      dirs.push_back(rel);
      const Fd child(::openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (child) {
        list_staged(child.get(), rel, dirs, files);
        detail::sync_fd(child.get());
      }
    } else {
      files.push_back(rel);
      if (S_ISREG(st.st_mode)) {
        const Fd file(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (file) detail::sync_fd(file.get());  // whole on disk before the journal says so
      }
    }
  }
}

// Applies a journal: folders made, files moved (those still staged), our
// stale files of the set removed, the manifest rewritten, the journal and the
// staging folder removed. Idempotent, so an interrupted one runs again.
void apply(int dir, const fs::path& dir_path, const Journal& j) {
  const Fd staging = detail::open_dir_at(dir, j.staging);
  for (const std::string& d : j.dirs) {
    const Fd parent = detail::open_dir_at(dir, detail::parent_of(d));
    if (!parent) detail::fail(dir_path / detail::parent_of(d), "cannot open the folder", errno);
    if (::mkdirat(parent.get(), detail::leaf_of(d).c_str(), 0777) != 0 && errno != EEXIST) {
      detail::fail(dir_path / d, "cannot create the folder", errno);
    }
    if (!detail::open_dir_at(parent.get(), detail::leaf_of(d))) {
      detail::fail(dir_path / d, "is not a folder lifecircle can write into", errno);
    }
  }
  for (std::size_t i = 0; i < j.files.size(); ++i) {
    const std::string& f = j.files[i];
    const Fd from = staging ? detail::open_dir_at(staging.get(), detail::parent_of(f)) : Fd();
    struct stat st {};
    const std::string leaf = detail::leaf_of(f);
    if (!from || ::fstatat(from.get(), leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue;  // moved already
    const Fd to = detail::open_dir_at(dir, detail::parent_of(f));
    if (!to || ::renameat(from.get(), leaf.c_str(), to.get(), leaf.c_str()) != 0) {
      detail::fail(dir_path / f, "cannot move the finished output into place", errno);
    }
    if (i + 1 == (j.files.size() + 1) / 2) test_kill_point("half");
  }
  for (const std::string& d : j.dirs) {
    const Fd folder = detail::open_dir_at(dir, d);
    if (folder) detail::sync_fd(folder.get());
  }
  detail::sync_fd(dir);
  test_kill_point("moved");

  // Our files of this set that the new set lacks (a map of a category no
  // longer in the plan): removed. Everything outside the set is kept.
  const Manifest old = read_manifest(dir, dir_path / kManifest);
  Manifest next;
  const std::set<std::string> new_files(j.files.begin(), j.files.end());
  for (const std::string& f : old.files) {
    if (j.roots.count(root_of(f)) == 0) {
      next.files.insert(f);
    } else if (new_files.count(f) == 0) {
      const Fd parent = detail::open_dir_at(dir, detail::parent_of(f));
      struct stat st {};
      if (parent && ::fstatat(parent.get(), detail::leaf_of(f).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          !S_ISDIR(st.st_mode)) {
        ::unlinkat(parent.get(), detail::leaf_of(f).c_str(), 0);
      }
    }
  }
  std::vector<std::string> stale_dirs;
  for (const std::string& d : old.dirs) {
    const bool in_set = j.roots.count(root_of(d)) != 0;
    if (!in_set || j.our_dirs.count(d) != 0) next.dirs.insert(d);
    if (in_set && std::find(j.dirs.begin(), j.dirs.end(), d) == j.dirs.end()) stale_dirs.push_back(d);
  }
  // Deepest first; a folder that still holds something (the planner's) stays.
  std::sort(stale_dirs.begin(), stale_dirs.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') > std::count(b.begin(), b.end(), '/');
  });
  for (const std::string& d : stale_dirs) {
    const Fd parent = detail::open_dir_at(dir, detail::parent_of(d));
    if (parent) ::unlinkat(parent.get(), detail::leaf_of(d).c_str(), AT_REMOVEDIR);
  }
  next.files.insert(j.files.begin(), j.files.end());
  next.dirs.insert(j.our_dirs.begin(), j.our_dirs.end());
  detail::write_file_at(dir, kManifest, manifest_text(next), dir_path / kManifest);
  if (::unlinkat(dir, kJournal, 0) != 0) detail::fail(dir_path / kJournal, "cannot remove", errno);
  detail::sync_fd(dir);
  detail::remove_tree_at(dir, j.staging);
}

// Rolls an interrupted commit forward: its journal says everything staged is
// complete.
void recover(int dir, const fs::path& dir_path) {
  std::string text;
  if (!detail::read_file_at(dir, kJournal, text, dir_path / kJournal)) return;
  try {
    apply(dir, dir_path, parse_journal(text, dir_path / kJournal));
  } catch (const OutputError& e) {
    throw OutputError(std::string("cannot complete the interrupted commit of an earlier command: ") +
                      e.what());
  }
}

// Staging folders of commands that were killed: ours only (the prefix, a real
// folder, our marker inside). We hold the lock, so none is in use.
void remove_stale_staging(int dir) {
  for (const std::string& temp : {std::string(kJournal) + ".tmp", std::string(kManifest) + ".tmp"}) {
    ::unlinkat(dir, temp.c_str(), 0);  // detail::write_file_at's, of a killed command
  }
  for (const std::string& name : detail::names_in(dir)) {
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    const Fd staging = detail::open_dir_at(dir, name);
    struct stat st {};
    if (staging && ::fstatat(staging.get(), kMarker, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
      detail::remove_tree_at(dir, name);
    }
  }
}

// Without overwrite, the first of `names` present in the folder (a link
// counts, unfollowed) is refused: before the work for the names declared,
// again before the commit point for the names staged.
template <typename Names>
void refuse_existing(int dir, const fs::path& dir_path, const Names& names, bool overwrite) {
  if (overwrite) return;
  for (const std::string& name : names) {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      throw OutputError((dir_path / name).string() +
                        ": the output already exists; pass --overwrite to replace it");
    }
  }
}

// True when `inner` is `outer` or lies inside it (both canonical).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin();
  for (auto i = inner.begin(); o != outer.end(); ++i, ++o) {
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

void refuse_outputs_over_inputs(const fs::path& dir, const std::vector<std::string>& outputs,
                                const std::vector<fs::path>& inputs) {
  for (const fs::path& input : inputs) {
    std::error_code error;
    if (input.empty() || !fs::exists(input, error)) continue;  // not a file (a connection string), or gone
    const fs::path in = fs::weakly_canonical(input, error);
    if (error) continue;
    for (const std::string& name : outputs) {
      const fs::path out = fs::weakly_canonical(dir / name, error);
      if (error) continue;
      const bool same_file = fs::exists(out, error) && fs::equivalent(out, in, error);  // a hard link too
      if (same_file || is_within(in, out)) {
        throw OutputError((dir / name).string() + ": this output would replace " + input.string() +
                          ", an input of this command; write the outputs into another folder (--out)");
      }
    }
  }
}

}  // namespace

void test_kill_point(const char* stage) {
  const char* kill_at = std::getenv("LIFECIRCLE_TEST_KILL_AT");
  if (kill_at != nullptr && std::strcmp(kill_at, stage) == 0) ::kill(::getpid(), SIGKILL);
  const char* stop_at = std::getenv("LIFECIRCLE_TEST_STOP_AT");
  if (stop_at != nullptr && std::strcmp(stop_at, stage) == 0) ::kill(::getpid(), SIGSTOP);
}

OutputFolder::OutputFolder(const fs::path& dir, const std::vector<std::string>& outputs,
                           OutputFolderOptions options)
    : dir_(normalised(dir)), outputs_(outputs), options_(std::move(options)) {
  lock_ = std::make_unique<FolderLock>(dir_, options_.wait, options_.on_wait);
  const int folder = lock_->dir_fd();
  recover(folder, dir_);
  remove_stale_staging(folder);
  refuse_outputs_over_inputs(dir_, outputs_, options_.inputs);
  refuse_existing(folder, dir_, outputs_, options_.overwrite);
  // mkdtemp: an unpredictable name, created with O_EXCL semantics, mode 0700.
  std::string templ = (dir_ / (std::string(kStagingPrefix) + "XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) {
    detail::fail(dir_, "cannot create the staging folder in the output folder", errno);
  }
  staging_name_ = fs::path(templ).filename().string();
  // The folder mkdtemp made must be the one in our folder's descriptor, ours.
  Fd staging = detail::open_dir_at(folder, staging_name_);
  struct stat st {};
  Fd marker;
  if (staging && ::fstat(staging.get(), &st) == 0 && st.st_uid == ::geteuid()) {
    marker = Fd(::openat(staging.get(), kMarker, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  }
  if (!marker) {
    const int error = errno;
    detail::remove_tree_at(folder, staging_name_);
    detail::fail(dir_ / staging_name_, "cannot set up the staging folder", error);
  }
  staging_ = dir_ / staging_name_;
  staging_fd_ = staging.release();
}

OutputFolder::~OutputFolder() {
  if (!committed_) detail::remove_tree_at(lock_->dir_fd(), staging_name_);
  ::close(staging_fd_);
}

void OutputFolder::commit() {
  if (committed_) throw OutputError(dir_.string() + ": the outputs were committed already");
  const int folder = lock_->dir_fd();
  Journal j;
  j.staging = staging_name_;
  std::vector<std::string> dirs;
  list_staged(staging_fd_, "", dirs, j.files);
  detail::sync_fd(staging_fd_);
  j.roots.insert(outputs_.begin(), outputs_.end());
  for (const std::string& f : j.files) j.roots.insert(root_of(f));
  for (const std::string& d : dirs) j.roots.insert(root_of(d));
  // Checked before the commit point, so a refusal leaves the folder as it was.
  const Manifest old = read_manifest(folder, dir_ / kManifest);
  refuse_existing(folder, dir_, j.roots, options_.overwrite);
  for (const std::string& d : dirs) {
    struct stat st {};
    const bool exists = detail::lstat_at(folder, d, st);
    if (exists && S_ISLNK(st.st_mode)) {
      throw OutputError(
          (dir_ / d).string() +
          ": is a symbolic link where lifecircle writes a folder; lifecircle writes through no link "
          "it did not make (move it away)");
    }
    if (exists && !S_ISDIR(st.st_mode)) {
      throw OutputError((dir_ / d).string() + ": is a file where lifecircle writes a folder (move it away)");
    }
    if (!exists || old.dirs.count(d) != 0) j.our_dirs.insert(d);  // we make it, or made it before
    j.dirs.push_back(d);
  }
  for (const std::string& f : j.files) {
    struct stat st {};
    if (detail::lstat_at(folder, f, st) && S_ISDIR(st.st_mode)) {
      throw OutputError((dir_ / f).string() + ": is a folder where lifecircle writes a file (move it away)");
    }
  }
  test_kill_point("staged");
  detail::write_file_at(folder, kJournal, journal_text(j), dir_ / kJournal);
  committed_ = true;  // from here the staging folder belongs to the journal
  test_kill_point("journaled");
  apply(folder, dir_, j);
}

}  // namespace lifecircle
