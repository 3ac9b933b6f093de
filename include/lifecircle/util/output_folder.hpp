#pragma once
// A command's outputs as one set: every file is written into a staging folder
// beside the output folder, which is then swapped in with one atomic rename
// (Linux renameat2 RENAME_EXCHANGE). A run killed at any moment leaves the
// folder with either all of the previous outputs or all of the new ones.
// Files in the folder that the command does not write (another command's
// outputs, the planner's own files) are carried over by hard link.
//
// Filesystems without RENAME_EXCHANGE, and a folder that cannot be renamed
// (".", "/", a mount point), fall back to renaming file by file: each file is
// still whole, but a kill between two renames can leave a mix.
//
// Test hook: LIFECIRCLE_TEST_KILL_AT=<stage> makes the process SIGKILL itself
// at that stage of commit() -- "staged" (all new files written, nothing
// moved), "linked" (old files linked into the staging folder) or "swapped"
// (the new folder in place, the old one not yet removed) -- so the fault tests
// can hit the windows between steps deterministically.

#include <filesystem>
#include <string>
#include <vector>

namespace lifecircle {

class OutputFolder {
 public:
  // Creates the staging folder. `overwrite`: replace outputs that exist;
  // otherwise commit() and refuse_existing() throw OutputError for them.
  OutputFolder(const std::filesystem::path& dir, bool overwrite);
  ~OutputFolder();  // removes the staging folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Where to write: the outputs' final names inside this folder.
  const std::filesystem::path& staging() const noexcept { return staging_; }
  const std::filesystem::path& dir() const noexcept { return dir_; }

  // Throws OutputError naming the first of `names` that exists in dir()
  // (without overwrite). Call before the work, so a refusal comes early.
  void refuse_existing(const std::vector<std::string>& names) const;

  // Moves the staged files into dir(), all at once. Throws OutputError.
  void commit();

 private:
  std::filesystem::path dir_;
  std::filesystem::path staging_;
  bool overwrite_;
  bool committed_ = false;
};

// Kills the process with SIGKILL when LIFECIRCLE_TEST_KILL_AT equals `stage`
// (the fault tests' hook; a no-op otherwise).
void test_kill_point(const char* stage);

}  // namespace lifecircle
