// The output folder (util/output_folder.hpp): only what lifecircle wrote is
// replaced or removed, no planted link is followed, a mount point and a
// filesystem without renameat2(RENAME_EXCHANGE) work, an interrupted commit is
// completed by the next open, and one command at a time holds the folder.

#include "lifecircle/util/output_folder.hpp"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "lifecircle/util/error.hpp"
#include "testing/shell.hpp"

namespace lifecircle {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using lifecircle::testing::slurp;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Everything about a tree that must not change: per entry (links not
// followed) its type, inode, mode, owner, link count, mtime and content.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> entries;
  auto describe = [&](const fs::path& p) {
    struct stat st {};
    ::lstat(p.c_str(), &st);
    std::ostringstream d;
    d << st.st_mode << " " << st.st_ino << " " << st.st_uid << " " << st.st_nlink << " " << st.st_mtim.tv_sec
      << "." << st.st_mtim.tv_nsec;
    if (S_ISREG(st.st_mode)) d << " " << slurp(p);
    if (S_ISLNK(st.st_mode)) d << " -> " << fs::read_symlink(p).string();
    entries[fs::relative(p, root.parent_path()).string()] = d.str();
  };
  describe(root);
  if (!fs::is_directory(fs::symlink_status(root))) return entries;
  for (const auto& e : fs::recursive_directory_iterator(root)) describe(e.path());
  return entries;
}

std::vector<std::string> hidden_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

OutputFolderOptions overwrite() {
  OutputFolderOptions o;
  o.overwrite = true;
  return o;
}

// One command's set: `files` (relative path -> content) staged and committed.
void commit_set(const fs::path& out, const std::vector<std::string>& outputs,
                const std::map<std::string, std::string>& files, OutputFolderOptions options = overwrite()) {
  OutputFolder folder(out, outputs, std::move(options));
  for (const auto& [name, text] : files) write(folder.staging() / name, text);
  folder.commit();
}

class OutputFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("lifecircle-outfolder-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    out_ = root_ / "out";
  }
  void TearDown() override {
    if (mounted_) ::umount2((root_ / "mnt").c_str(), MNT_DETACH);
    fs::remove_all(root_);
  }
  // Another folder, the target of planted links: must stay byte-identical.
  fs::path make_victim() {
    const fs::path victim = root_ / "victim";
    write(victim / "report.html", "the other folder's report");
    write(victim / "lock", "x");
    write(victim / "sub" / "a.png", "png");
    return victim;
  }
  fs::path root_, out_;
  bool mounted_ = false;
};

TEST_F(OutputFolderTest, PlantedStagingSymlinkIsNotFollowed) {
  const fs::path victim = make_victim();
  const auto before = snapshot(victim);
  fs::create_directories(out_);
  // Every path the old code made predictably (".out.staging-<pid>-<n>" beside
  // the folder), and the names lifecircle replaces or writes inside it.
  for (int n = 0; n < 16; ++n) {
    fs::create_directory_symlink(
        victim, root_ / (".out.staging-" + std::to_string(::getpid()) + "-" + std::to_string(n)));
  }
  fs::create_symlink(victim / "report.html", out_ / "report.html");
  fs::create_symlink(victim / "lock", out_ / ".lifecircle-manifest.tmp");
  fs::create_symlink(victim / "lock", out_ / ".lifecircle-commit.tmp");
  fs::create_symlink(victim / "lock", out_ / ".lifecircle-manifest.new");
  commit_set(out_, {"report.html", "maps"}, {{"report.html", "ours"}, {"maps/a.png", "new png"}});
  EXPECT_EQ(snapshot(victim), before);
  EXPECT_FALSE(fs::is_symlink(out_ / "report.html")) << "the planted link is replaced, not written through";
  EXPECT_EQ(slurp(out_ / "report.html"), "ours");
  EXPECT_EQ(slurp(out_ / "maps" / "a.png"), "new png");

  // A planted link at a folder we write into, at the lock, at the manifest:
  // refused, never followed.
  fs::remove_all(out_ / "maps");
  fs::create_directory_symlink(victim / "sub", out_ / "maps");
  EXPECT_THROW(commit_set(out_, {"report.html", "maps"}, {{"maps/a.png", "planted"}}), OutputError);
  fs::remove(out_ / "maps");
  fs::rename(out_ / ".lifecircle-manifest", root_ / "manifest");
  fs::create_symlink(victim / "lock", out_ / ".lifecircle-manifest");
  EXPECT_THROW(commit_set(out_, {"report.html"}, {{"report.html", "planted"}}), OutputError);
  fs::remove(out_ / ".lifecircle-manifest");
  fs::create_symlink(victim / "lock", out_ / ".lifecircle.lock");
  EXPECT_THROW(commit_set(out_, {"report.html"}, {{"report.html", "planted"}}), OutputError);
  fs::remove(out_ / ".lifecircle.lock");
  EXPECT_EQ(snapshot(victim), before);

  // The output folder itself a link someone else planted (as root we can make
  // one owned by another user): refused.
  if (::geteuid() == 0) {
    const fs::path planted = root_ / "planted-out";
    fs::create_directory_symlink(victim, planted);
    ASSERT_EQ(::lchown(planted.c_str(), 12345, 12345), 0);
    try {
      commit_set(planted, {"report.html"}, {{"report.html", "planted"}});
      ADD_FAILURE() << "wrote through a link owned by another user";
    } catch (const OutputError& e) {
      EXPECT_THAT(e.what(), HasSubstr("symbolic link owned by user 12345"));
    }
    // Our own link to a folder is the planner's choice, and followed.
    fs::create_directories(root_ / "real");
    fs::create_directory_symlink(root_ / "real", root_ / "my-link");
    commit_set(root_ / "my-link", {"report.html"}, {{"report.html", "via my link"}});
    EXPECT_EQ(slurp(root_ / "real" / "report.html"), "via my link");
  }
  EXPECT_EQ(snapshot(victim), before);
}

TEST_F(OutputFolderTest, UserSubfolderKeepsInodeAndMtime) {
  commit_set(out_, {"table.csv", "maps"}, {{"table.csv", "1"}, {"maps/a.png", "1"}});
  write(out_ / "photos" / "a.jpg", "the planner's photo");
  write(root_ / "elsewhere.jpg", "hard linked");
  fs::create_hard_link(root_ / "elsewhere.jpg", out_ / "photos" / "b.jpg");
  write(out_ / "notes.txt", "the planner's notes");
  const timespec past[2] = {{1577836800, 0}, {1577836800, 0}};  // 2020-01-01
  ASSERT_EQ(::utimensat(AT_FDCWD, (out_ / "photos").c_str(), past, 0), 0);
  ASSERT_EQ(::utimensat(AT_FDCWD, (out_ / "notes.txt").c_str(), past, 0), 0);
  const auto photos = snapshot(out_ / "photos");
  const std::string notes = snapshot(out_ / "notes.txt").begin()->second;
  commit_set(out_, {"table.csv", "maps"}, {{"table.csv", "2"}, {"maps/a.png", "2"}});
  commit_set(out_, {"other.csv"}, {{"other.csv", "another command"}});
  EXPECT_EQ(snapshot(out_ / "photos"), photos);
  EXPECT_EQ(snapshot(out_ / "notes.txt").begin()->second, notes);
  EXPECT_EQ(fs::hard_link_count(root_ / "elsewhere.jpg"), 2U);
  EXPECT_EQ(slurp(out_ / "table.csv"), "2");
}

TEST_F(OutputFolderTest, UserFileInMapsSurvivesOverwrite) {
  commit_set(out_, {"table.csv", "maps"},
             {{"table.csv", "1"}, {"maps/a.png", "1"}, {"maps/b.png", "1"}, {"maps/old/c.png", "1"}});
  commit_set(out_, {"other.csv"}, {{"other.csv", "another command's"}});
  write(out_ / "maps" / "notes.txt", "the planner's notes");
  const auto notes = snapshot(out_ / "maps" / "notes.txt");
  // The next run draws only a.png (b's category left the plan) and no table.
  commit_set(out_, {"maps"}, {{"maps/a.png", "2"}});
  EXPECT_EQ(snapshot(out_ / "maps" / "notes.txt"), notes);
  EXPECT_EQ(slurp(out_ / "maps" / "a.png"), "2");
  EXPECT_FALSE(fs::exists(out_ / "maps" / "b.png")) << "ours and no longer in the set: removed";
  EXPECT_FALSE(fs::exists(out_ / "maps" / "old")) << "a folder we made, left empty: removed";
  EXPECT_EQ(slurp(out_ / "table.csv"), "1") << "ours but not in this command's set: kept";
  EXPECT_EQ(slurp(out_ / "other.csv"), "another command's");
  EXPECT_THAT(hidden_in(out_), ::testing::ElementsAre(".lifecircle-manifest"));

  // Without --overwrite an existing output is refused before any work, and
  // nothing in it changes (the folder's own mtime does: the lock comes and goes).
  auto all = snapshot(out_);
  all.erase("out");
  OutputFolderOptions keep;
  try {
    commit_set(out_, {"maps"}, {{"maps/a.png", "3"}}, keep);
    ADD_FAILURE() << "not refused";
  } catch (const OutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("maps: the output already exists; pass --overwrite to replace it"));
  }
  auto after = snapshot(out_);
  after.erase("out");
  EXPECT_EQ(after, all);
}

// A run's outputs written into the folder of its own inputs (--format
// GeoJSON beside towns.geojson): before, --overwrite replaced the input.
TEST_F(OutputFolderTest, OutputOverAnInputIsRefusedEvenWithOverwrite) {
  write(out_ / "towns.geojson", "the planner's towns");
  write(out_ / "maps" / "facilities.csv", "the planner's facilities");
  write(root_ / "elsewhere.csv", "another input");
  const auto before = snapshot(out_);
  OutputFolderOptions options = overwrite();
  options.inputs = {root_ / "elsewhere.csv", out_ / "towns.geojson", out_ / "maps" / "facilities.csv"};
  for (const std::string& output : {std::string("towns.geojson"), std::string("maps")}) {
    try {
      commit_set(out_, {"report.html", output}, {{"report.html", "new"}}, options);
      ADD_FAILURE() << output << ": not refused";
    } catch (const OutputError& e) {
      EXPECT_THAT(e.what(), HasSubstr(output + ": this output would replace "));
      EXPECT_THAT(e.what(), HasSubstr("an input of this command; write the outputs into another folder"));
    }
  }
  auto after = snapshot(out_);
  after.erase("out");
  auto expected = before;
  expected.erase("out");
  EXPECT_EQ(after, expected);
  // The same input through a hard link is the same file.
  fs::create_hard_link(out_ / "towns.geojson", root_ / "linked.geojson");
  options.inputs = {root_ / "linked.geojson"};
  EXPECT_THROW(commit_set(out_, {"towns.geojson"}, {{"towns.geojson", "new"}}, options), OutputError);
  // Inputs elsewhere do not stop a run.
  options.inputs = {root_ / "elsewhere.csv", "PG:dbname=plans"};
  commit_set(out_, {"report.html"}, {{"report.html", "new"}}, options);
  EXPECT_EQ(slurp(out_ / "report.html"), "new");
}

TEST_F(OutputFolderTest, LookalikeSiblingFolderIsKept) {
  // Folders beside the output folder that look like the old code's staging
  // folders of dead processes, and one inside without our marker.
  write(root_ / ".out.staging-999999999-0" / "data.csv", "the planner's");
  write(root_ / ".out.staging-x" / "data.csv", "the planner's too");
  fs::create_directories(out_);
  write(out_ / ".lifecircle-staging-mine" / "data.csv", "no marker: not ours");
  const auto siblings = snapshot(root_ / ".out.staging-999999999-0");
  const auto other = snapshot(root_ / ".out.staging-x");
  const auto inside = snapshot(out_ / ".lifecircle-staging-mine");
  // A staging folder of ours left by a killed command: removed.
  write(out_ / ".lifecircle-staging-abc123" / ".lifecircle-staging", "");
  write(out_ / ".lifecircle-staging-abc123" / "table.csv", "half");
  commit_set(out_, {"table.csv"}, {{"table.csv", "whole"}});
  EXPECT_EQ(snapshot(root_ / ".out.staging-999999999-0"), siblings);
  EXPECT_EQ(snapshot(root_ / ".out.staging-x"), other);
  EXPECT_EQ(snapshot(out_ / ".lifecircle-staging-mine"), inside);
  EXPECT_FALSE(fs::exists(out_ / ".lifecircle-staging-abc123"));
  EXPECT_EQ(slurp(out_ / "table.csv"), "whole");
}

TEST_F(OutputFolderTest, MountPointOutputFolder) {
  const fs::path mnt = root_ / "mnt";
  fs::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=4m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "); needs root in a mount namespace";
  }
  mounted_ = true;
  commit_set(mnt, {"table.csv", "maps"}, {{"table.csv", "1"}, {"maps/a.png", "1"}});
  commit_set(mnt, {"table.csv", "maps"}, {{"table.csv", "2"}, {"maps/a.png", "2"}});
  EXPECT_EQ(slurp(mnt / "table.csv"), "2");
  EXPECT_EQ(slurp(mnt / "maps" / "a.png"), "2");
  EXPECT_THAT(hidden_in(mnt), ::testing::ElementsAre(".lifecircle-manifest"));
}

// Makes renameat2(..., RENAME_EXCHANGE) fail with EINVAL in this process, as
// on FUSE and other filesystems without it (a seccomp filter).
bool deny_rename_exchange() {
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_renameat2, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[4])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, RENAME_EXCHANGE, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

TEST_F(OutputFolderTest, WorksWithoutRenameExchange) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "the seccomp filter is written for x86-64";
#endif
  write(root_ / "x", "x");
  write(root_ / "y", "y");
  const pid_t child = ::fork();
  if (child == 0) {
    // 2: the filter is not in force; 1: the second set is not whole.
    if (!deny_rename_exchange() ||
        ::renameat2(AT_FDCWD, (root_ / "x").c_str(), AT_FDCWD, (root_ / "y").c_str(), RENAME_EXCHANGE) == 0 ||
        errno != EINVAL) {
      ::_exit(2);
    }
    try {
      commit_set(out_, {"table.csv", "maps"}, {{"table.csv", "1"}, {"maps/a.png", "1"}});
      commit_set(out_, {"table.csv", "maps"}, {{"table.csv", "2"}, {"maps/a.png", "2"}});
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ::_exit(1);
    }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 2) << "could not simulate a filesystem without RENAME_EXCHANGE";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(slurp(out_ / "table.csv"), "2");
  EXPECT_EQ(slurp(out_ / "maps" / "a.png"), "2") << "new tables with old maps";
}

// Commits the second set in a child that kills itself at `stage`; returns
// whether it died of SIGKILL.
bool killed_at(const char* stage, const fs::path& out, const std::map<std::string, std::string>& files) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::setenv("LIFECIRCLE_TEST_KILL_AT", stage, 1);
    try {
      commit_set(out, {"table.csv", "maps"}, files);
    } catch (...) {
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST_F(OutputFolderTest, KilledCommitIsCompletedByTheNextOpen) {
  const std::map<std::string, std::string> old_set{
      {"table.csv", "old"}, {"maps/a.png", "old"}, {"maps/b.png", "old"}};
  const std::map<std::string, std::string> new_set{
      {"table.csv", "new"}, {"maps/a.png", "new"}, {"maps/c.png", "new"}};
  for (const char* stage : {"staged", "journaled", "half", "moved"}) {
    SCOPED_TRACE(stage);
    fs::remove_all(out_);
    commit_set(out_, {"table.csv", "maps"}, old_set);
    write(out_ / "maps" / "notes.txt", "the planner's");
    ASSERT_TRUE(killed_at(stage, out_, new_set));
    const bool before_commit_point = std::string(stage) == "staged";
    if (before_commit_point) {
      EXPECT_EQ(slurp(out_ / "table.csv"), "old") << "the previous set untouched";
    }
    // Any later command on the folder (here one writing another set).
    commit_set(out_, {"other.csv"}, {{"other.csv", "later"}});
    const auto& expected = before_commit_point ? old_set : new_set;
    for (const auto& [name, text] : expected) EXPECT_EQ(slurp(out_ / name), text) << name;
    EXPECT_EQ(fs::exists(out_ / "maps" / "b.png"), before_commit_point);
    EXPECT_EQ(fs::exists(out_ / "maps" / "c.png"), !before_commit_point);
    EXPECT_EQ(slurp(out_ / "maps" / "notes.txt"), "the planner's");
    EXPECT_THAT(hidden_in(out_), ::testing::ElementsAre(".lifecircle-manifest"));
  }
}

TEST_F(OutputFolderTest, FailedCommandLeavesNoFolderItCreated) {
  { OutputFolder folder(out_, {"table.csv"}, {}); }
  EXPECT_FALSE(fs::exists(out_));
  commit_set(out_, {"table.csv"}, {{"table.csv", "1"}});
  { OutputFolder folder(out_, {"table.csv"}, overwrite()); }
  EXPECT_EQ(slurp(out_ / "table.csv"), "1");
  EXPECT_THAT(hidden_in(out_), ::testing::ElementsAre(".lifecircle-manifest"));
}

TEST_F(OutputFolderTest, SecondCommandWithNoWaitFailsAtOnce) {
  OutputFolder first(out_, {"a.csv"}, {});
  OutputFolderOptions no_wait;
  no_wait.wait = false;
  try {
    OutputFolder second(out_, {"b.csv"}, no_wait);
    ADD_FAILURE() << "two commands held the folder at once";
  } catch (const OutputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("another lifecircle command is writing into this folder"));
  }
}

TEST_F(OutputFolderTest, SecondCommandWaitsAndBothSetsAreWhole) {
  auto first = std::make_unique<OutputFolder>(out_, std::vector<std::string>{"a.csv"}, OutputFolderOptions{});
  write(first->staging() / "a.csv", "first");
  std::atomic<bool> waiting{false};
  std::thread second([&] {
    OutputFolderOptions options;
    options.on_wait = [&] { waiting = true; };
    commit_set(out_, {"b.csv"}, {{"b.csv", "second"}}, options);
  });
  while (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  first->commit();
  first.reset();
  second.join();
  EXPECT_EQ(slurp(out_ / "a.csv"), "first");
  EXPECT_EQ(slurp(out_ / "b.csv"), "second");
  EXPECT_THAT(hidden_in(out_), ::testing::ElementsAre(".lifecircle-manifest"));
}

}  // namespace
}  // namespace lifecircle
