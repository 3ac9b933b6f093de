#pragma once
// A command's outputs as one set, written into a folder that may hold other
// things: another command's outputs, the planner's own files and subfolders.
//
// How (every step relative to the folder's descriptor, following no link):
//   1. The folder is opened and locked (util/folder_lock.hpp): one command at a
//      time; a second one waits, or fails at once with --no-wait.
//   2. An interrupted commit is rolled forward (see below) and staging folders
//      of killed commands are removed: only ".lifecircle-staging-*" folders
//      inside this folder that hold our marker file.
//   3. Outputs are written into a fresh staging folder made by mkdtemp INSIDE
//      the output folder (".lifecircle-staging-XXXXXX", mode 0700), so it is on
//      the same filesystem: rename works on a mount point too, and nothing
//      needs renameat2(RENAME_EXCHANGE), which FUSE and others lack.
//   4. commit(): every staged file is fsynced; a journal ".lifecircle-commit"
//      listing the staged names is written and fsynced (the commit point);
//      then each file is renamed into place, one by one (each rename atomic);
//      files of ours from an earlier run of this set that the new set lacks
//      are removed; the manifest is rewritten; the journal and the staging
//      folder are removed.
//
// Ours: ".lifecircle-manifest" lists every file (and folder we created) that
// lifecircle wrote here. Only those are replaced or removed, and only under
// this command's outputs (`outputs` and the staged names): `run` never removes
// `compare`'s files. A file or folder that is not in the manifest is never
// touched, byte for byte and metadata (inode, owner, mtime) included, unless a
// new output has exactly its name (refused without `overwrite`). A name we
// replace must not be a link to a folder: that is refused, never followed.
//
// Guarantees: each output file is always whole (old or new, never half). A
// command killed before the commit point leaves the previous set untouched.
// A commit interrupted after it (the folder briefly holds a mix of old and new
// files) is completed by the next lifecircle command that opens the folder.
//
// Test hooks: LIFECIRCLE_TEST_KILL_AT=<stage> makes the process SIGKILL
// itself, LIFECIRCLE_TEST_STOP_AT=<stage> SIGSTOP itself, at a stage of
// commit(): "staged" (all files written and synced, no journal yet),
// "journaled" (the journal written, nothing moved), "half" (half the files
// moved), "moved" (all moved, stale files, manifest and journal not yet done).

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lifecircle/util/folder_lock.hpp"

namespace lifecircle {

struct OutputFolderOptions {
  bool overwrite = false;         // replace outputs that exist; otherwise refuse them
  bool wait = true;               // false (--no-wait): a folder locked by another command is an error
  std::function<void()> on_wait;  // called once when another command holds the folder
  // What the command reads: an output at one of these paths (or an output
  // folder holding one) is refused even with overwrite, so a run never
  // replaces its own inputs (a GeoJSON run into the folder of its towns.geojson).
  std::vector<std::filesystem::path> inputs;
};

class OutputFolder {
 public:
  // Opens and locks `dir` (steps 1-3). `outputs`: the top-level names this
  // command writes (files or folders); without overwrite the first that exists
  // throws OutputError, so a refusal comes before the work.
  OutputFolder(const std::filesystem::path& dir, const std::vector<std::string>& outputs,
               OutputFolderOptions options);
  ~OutputFolder();  // removes the staging folder unless committed, then unlocks
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Where to write: the outputs' final names inside this folder.
  const std::filesystem::path& staging() const noexcept { return staging_; }
  const std::filesystem::path& dir() const noexcept { return dir_; }

  // Moves the staged files into dir() (step 4). Throws OutputError.
  void commit();

 private:
  std::filesystem::path dir_;
  std::vector<std::string> outputs_;
  OutputFolderOptions options_;
  std::unique_ptr<FolderLock> lock_;
  std::string staging_name_;
  std::filesystem::path staging_;
  int staging_fd_ = -1;
  bool committed_ = false;
};

// Kills (LIFECIRCLE_TEST_KILL_AT) or stops (LIFECIRCLE_TEST_STOP_AT) the
// process when the variable equals `stage` (the fault tests' hook; a no-op
// otherwise).
void test_kill_point(const char* stage);

}  // namespace lifecircle
