// Faults, driving the real lifecircle binary: a run killed at any moment, a
// disk that fills up, inputs that vanish mid-run, outputs that cannot be
// written or already exist, and thread counts that must not change a byte.

#include <fcntl.h>
#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using lifecircle::testing::slurp;

struct Child {
  pid_t pid = -1;
  fs::path log;
};

struct Outcome {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;  // stdout and stderr together
};

struct Launch {
  std::vector<std::string> args;
  std::vector<std::string> env;  // extra NAME=value
  long fsize_limit = -1;         // RLIMIT_FSIZE in bytes, -1: none
};

// Starts the binary with its output in `log` (fork/exec, so limits and
// environment apply to the child only).
Child start(const Launch& l, const fs::path& log) {
  Child c;
  c.log = log;
  c.pid = ::fork();
  if (c.pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    for (const std::string& e : l.env) ::putenv(const_cast<char*>(e.c_str()));
    if (l.fsize_limit >= 0) {
      // A full disk for the child: writes past the limit fail with EFBIG
      // instead of raising SIGXFSZ.
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{static_cast<rlim_t>(l.fsize_limit), static_cast<rlim_t>(l.fsize_limit)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv{const_cast<char*>(LIFECIRCLE_BINARY)};
    for (const std::string& a : l.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(LIFECIRCLE_BINARY, argv.data());
    ::_exit(127);
  }
  return c;
}

bool running(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

Outcome wait_for(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  Outcome o;
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  o.out = slurp(c.log);
  return o;
}

class Faults : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-faults-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    for (const char* f : {"line.osm", "towns.geojson", "facilities.csv", "scenario-changes.toml"}) {
      fs::copy_file(lifecircle::testing::test_data_dir() / "city" / f, dir_ / "in" / f);
    }
    // Two plans whose runs differ in every table: A walks at 4 km/h, B at 5 km/h.
    const std::string plan = slurp(lifecircle::testing::test_data_dir() / "city" / "plan.toml");
    write_plan("a.toml", plan, "run A", "4.0");
    write_plan("b.toml", plan, "run B", "5.0");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

  void write_plan(const std::string& name, std::string text, const std::string& run_name,
                  const std::string& speed) {
    text.replace(text.find("line city (test fixture)"), std::string("line city (test fixture)").size(),
                 run_name);
    text.replace(text.find("walk_speed_kmh = 4.0"), std::string("walk_speed_kmh = 4.0").size(),
                 "walk_speed_kmh = " + speed);
    std::ofstream(dir_ / "in" / name) << text;
  }

  Launch run_args(const std::string& plan, const fs::path& out, std::vector<std::string> extra = {}) const {
    Launch l;
    l.args = {"run", "--quiet", "--plan", (dir_ / "in" / plan).string(), "--out", out.string()};
    l.args.insert(l.args.end(), extra.begin(), extra.end());
    return l;
  }

  // A command that writes into the folder without touching run's outputs.
  Launch suggest_args(const std::string& plan, const fs::path& out) const {
    return Launch{{"suggest", "--quiet", "--overwrite", "--plan", (dir_ / "in" / plan).string(), "--category",
                   "clinic", "--count", "1", "--out", out.string()},
                  {},
                  -1};
  }

  Outcome run(const Launch& l) { return wait_for(start(l, dir_ / ("log-" + std::to_string(++runs_)))); }

  fs::path dir_;
  int runs_ = 0;
};

// The GeoPackage's content as text (every attribute of every feature of the
// towns, facilities and indicators layers), after checking that it opens and
// holds each of them; a description of the damage otherwise.
std::string gpkg_content(const fs::path& gpkg) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return "<does not open>";
  std::string text;
  for (const char* name : {"towns", "facilities", "indicators"}) {
    OGRLayer* layer = ds->GetLayerByName(name);
    if (layer == nullptr || layer->GetFeatureCount() == 0)
      return std::string("<layer ") + name + " missing or empty>";
    for (auto& feature : *layer) {
      for (int i = 0; i < feature->GetFieldCount(); ++i)
        text.append(feature->GetFieldAsString(i)).append(",");
      text.append("\n");
    }
  }
  return text;
}

// Which run the folder's outputs come from: "A" or "B" when the GeoPackage and
// indicators.csv both match that run's reference outputs; otherwise a
// description of the mix or damage.
std::string which_run(const fs::path& out, const fs::path& ref_a, const fs::path& ref_b) {
  const std::string csv = slurp(out / "indicators.csv");
  const std::string csv_run = csv == slurp(ref_a / "indicators.csv") ? "A"
                              : csv == slurp(ref_b / "indicators.csv")
                                  ? "B"
                                  : "<indicators.csv matches neither run>";
  const std::string gpkg = gpkg_content(out / "lifecircle.gpkg");
  const std::string gpkg_run = gpkg == gpkg_content(ref_a / "lifecircle.gpkg")   ? "A"
                               : gpkg == gpkg_content(ref_b / "lifecircle.gpkg") ? "B"
                               : gpkg.front() == '<'                             ? gpkg
                                                     : "<gpkg matches neither run>";
  return csv_run == gpkg_run ? csv_run : "mix: csv " + csv_run + ", gpkg " + gpkg_run;
}

std::vector<std::string> hidden_entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().front() == '.') names.push_back(e.path().filename().string());
  }
  return names;
}

// Files of the folder that match neither run's (empty when each is whole:
// one run's or the other's, whatever the mix).
std::vector<std::string> each_file_whole(const fs::path& out, const fs::path& ref_a, const fs::path& ref_b) {
  std::vector<std::string> broken;
  for (const char* f : {"indicators.csv", "targets.csv"}) {
    if (!fs::exists(ref_a / f)) continue;
    const std::string text = slurp(out / f);
    if (text != slurp(ref_a / f) && text != slurp(ref_b / f)) broken.emplace_back(f);
  }
  const std::string gpkg = gpkg_content(out / "lifecircle.gpkg");
  if (gpkg != gpkg_content(ref_a / "lifecircle.gpkg") && gpkg != gpkg_content(ref_b / "lifecircle.gpkg")) {
    broken.emplace_back("lifecircle.gpkg");
  }
  return broken;
}

// Waits (up to a minute) until the child has stopped itself; false when it
// ended or did not stop.
bool wait_until_stopped(pid_t pid) {
  for (int i = 0; i < 6000; ++i) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WSTOPPED | WEXITED | WNOHANG | WNOWAIT) != 0)
      return false;
    if (info.si_pid == pid) return info.si_code == CLD_STOPPED;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

class KilledRun : public Faults {
 protected:
  void SetUp() override {
    Faults::SetUp();
    ASSERT_EQ(run(run_args("a.toml", dir_ / "ref-a")).exit_code, 0);
    ASSERT_EQ(run(run_args("b.toml", dir_ / "ref-b")).exit_code, 0);
    ASSERT_NE(slurp(dir_ / "ref-a" / "indicators.csv"), slurp(dir_ / "ref-b" / "indicators.csv"))
        << "the two runs must differ for the test to tell them apart";
    ASSERT_NE(gpkg_content(dir_ / "ref-a" / "lifecircle.gpkg"),
              gpkg_content(dir_ / "ref-b" / "lifecircle.gpkg"));
  }
  // A folder holding run A's outputs and a file of the planner's own.
  fs::path fresh_output(const std::string& name) {
    const fs::path out = dir_ / name;
    EXPECT_EQ(run(run_args("a.toml", out)).exit_code, 0);
    std::ofstream(out / "notes.txt") << "the planner's own file";
    return out;
  }
};

TEST_F(KilledRun, AtEachCommitStageLeavesOneWholeSet) {
  // Killed before the commit point ("staged"): the previous set is untouched.
  // After it (the journal written, files moved one by one): the next command
  // on the folder, whichever it is, completes the new set first.
  const struct {
    const char* stage;
    const char* expected;
  } cases[] = {{"staged", "A"}, {"journaled", "B"}, {"half", "B"}, {"moved", "B"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.stage);
    const fs::path out = fresh_output(std::string("out-") + c.stage);
    Launch l = run_args("b.toml", out, {"--overwrite"});
    l.env = {std::string("LIFECIRCLE_TEST_KILL_AT=") + c.stage};
    const Outcome o = run(l);
    ASSERT_EQ(o.signal, SIGKILL) << "the hook did not fire: " << o.out;
    if (std::string(c.stage) == "staged") {
      EXPECT_EQ(which_run(out, dir_ / "ref-a", dir_ / "ref-b"), "A");
    }
    EXPECT_THAT(each_file_whole(out, dir_ / "ref-a", dir_ / "ref-b"), ::testing::IsEmpty());
    const Outcome next = run(suggest_args("a.toml", out));
    ASSERT_EQ(next.exit_code, 0) << next.out;
    EXPECT_EQ(which_run(out, dir_ / "ref-a", dir_ / "ref-b"), c.expected);
    EXPECT_TRUE(fs::exists(out / "suggest.csv"));
    EXPECT_EQ(slurp(out / "notes.txt"), "the planner's own file");
    // The next run succeeds, and nothing of the killed one is left behind.
    ASSERT_EQ(run(run_args("b.toml", out, {"--overwrite"})).exit_code, 0);
    EXPECT_EQ(which_run(out, dir_ / "ref-a", dir_ / "ref-b"), "B");
    EXPECT_EQ(slurp(out / "notes.txt"), "the planner's own file");
    EXPECT_THAT(hidden_entries(out), ::testing::ElementsAre(".lifecircle-manifest"));
    EXPECT_THAT(hidden_entries(dir_), ::testing::IsEmpty()) << "nothing is staged beside the folder";
  }
}

TEST_F(KilledRun, AtAnyMomentLeavesOneWholeSet) {
  // How long a whole run takes here, then kills spread over it (and past it).
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path timing = fresh_output("timing");
  const auto run_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  (void)timing;
  int seen_a = 0;
  for (int k = 0; k < 12; ++k) {
    const auto delay = std::chrono::microseconds(static_cast<long>(run_ms * 1000.0 * k / 10.0));
    SCOPED_TRACE("kill after " + std::to_string(delay.count()) + " us of " + std::to_string(run_ms) + " ms");
    const fs::path out = fresh_output("out-" + std::to_string(k));
    const Child c = start(run_args("b.toml", out, {"--overwrite"}), dir_ / ("kill-log-" + std::to_string(k)));
    // The last run is not killed, so that one B is certain however slow the
    // machine is today (a timed kill "past the end" may still land early).
    const bool last = k == 11;
    if (!last) {
      std::this_thread::sleep_for(delay);
      ::kill(c.pid, SIGKILL);
    }
    wait_for(c);
    // Each file is whole at once; the set is whole once the next command on
    // the folder has completed a commit the kill interrupted.
    EXPECT_THAT(each_file_whole(out, dir_ / "ref-a", dir_ / "ref-b"), ::testing::IsEmpty());
    const Outcome next = run(suggest_args("a.toml", out));
    EXPECT_EQ(next.exit_code, 0) << next.out;
    const std::string got = which_run(out, dir_ / "ref-a", dir_ / "ref-b");
    EXPECT_TRUE(got == "A" || got == "B") << got;
    if (last) {
      EXPECT_EQ(got, "B") << "the run that was not killed";
    }
    seen_a += got == "A";
    EXPECT_EQ(slurp(out / "notes.txt"), "the planner's own file");
  }
  EXPECT_GT(seen_a, 0) << "no kill landed before the commit";
}

// Two commands into one folder at once: the second waits for the first, and
// both sets end whole. Deterministic: the run stops itself (SIGSTOP) with its
// outputs staged, the compare must say it waits, then the run goes on.
TEST_F(KilledRun, ConcurrentRunAndCompareBothWhole) {
  const std::string scenario = (dir_ / "in" / "scenario-changes.toml").string();
  auto compare_args = [&](const fs::path& out) {
    return Launch{{"compare", "--quiet", "--no-maps", "--plan", (dir_ / "in" / "a.toml").string(),
                   "--scenario", scenario, "--out", out.string()},
                  {},
                  -1};
  };
  ASSERT_EQ(run(compare_args(dir_ / "ref-compare")).exit_code, 0);
  const std::string compare_ref = slurp(dir_ / "ref-compare" / "compare.csv");
  const fs::path out = fresh_output("out");
  Launch held = run_args("b.toml", out, {"--overwrite"});
  held.env = {"LIFECIRCLE_TEST_STOP_AT=staged"};
  const Child r = start(held, dir_ / "log-held-run");
  ASSERT_TRUE(wait_until_stopped(r.pid)) << "the hook did not fire: " << slurp(r.log);
  const Child c = start(compare_args(out), dir_ / "log-compare");
  bool waited = false;
  for (int i = 0; i < 6000 && running(c.pid) && !waited; ++i) {  // up to a minute
    waited = slurp(c.log).find("waiting for another lifecircle writing into") != std::string::npos;
    if (!waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waited) << "compare did not wait for the run holding the folder: " << slurp(c.log);
  ::kill(r.pid, SIGCONT);
  const Outcome run_outcome = wait_for(r);
  const Outcome compare_outcome = wait_for(c);
  EXPECT_EQ(run_outcome.exit_code, 0) << run_outcome.out;
  EXPECT_EQ(compare_outcome.exit_code, 0) << compare_outcome.out;
  EXPECT_EQ(which_run(out, dir_ / "ref-a", dir_ / "ref-b"), "B");
  EXPECT_EQ(slurp(out / "compare.csv"), compare_ref);
  EXPECT_EQ(slurp(out / "notes.txt"), "the planner's own file");

  // And started together, unhooked, a few times: never both 0 with one lost.
  for (int k = 0; k < 4; ++k) {
    SCOPED_TRACE("pair " + std::to_string(k));
    const fs::path pair = fresh_output("pair-" + std::to_string(k));
    const Child a =
        start(run_args("b.toml", pair, {"--overwrite"}), dir_ / ("log-pair-run-" + std::to_string(k)));
    const Child b = start(compare_args(pair), dir_ / ("log-pair-compare-" + std::to_string(k)));
    const Outcome oa = wait_for(a);
    const Outcome ob = wait_for(b);
    EXPECT_EQ(oa.exit_code, 0) << oa.out;
    EXPECT_EQ(ob.exit_code, 0) << ob.out;
    EXPECT_EQ(which_run(pair, dir_ / "ref-a", dir_ / "ref-b"), "B");
    EXPECT_EQ(slurp(pair / "compare.csv"), compare_ref);
  }
}

TEST_F(Faults, NoWaitFailsAtOnce) {
  const fs::path out = dir_ / "out";
  ASSERT_EQ(run(run_args("a.toml", out)).exit_code, 0);
  const std::string before = slurp(out / "indicators.csv");
  // Another lifecircle holds the folder: here the test itself takes its lock.
  const int lock = ::open((out / ".lifecircle.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(::flock(lock, LOCK_EX), 0);
  const std::string plan = (dir_ / "in" / "a.toml").string();
  const std::string targets = (lifecircle::testing::test_data_dir() / "targets" / "line-city.toml").string();
  const std::vector<Launch> commands{
      run_args("b.toml", out, {"--overwrite", "--no-wait"}),
      {{"check", "--quiet", "--plan", plan, "--targets", targets, "--year", "2025", "--out", out.string(),
        "--no-wait"},
       {},
       -1},
      {{"compare", "--quiet", "--plan", plan, "--scenario", (dir_ / "in" / "scenario-changes.toml").string(),
        "--out", out.string(), "--no-wait"},
       {},
       -1},
      {{"suggest", "--quiet", "--plan", plan, "--category", "clinic", "--count", "1", "--out", out.string(),
        "--no-wait"},
       {},
       -1}};
  for (const Launch& l : commands) {
    SCOPED_TRACE(l.args.front());
    const Outcome o = run(l);
    EXPECT_EQ(o.exit_code, 1) << o.out;
    EXPECT_THAT(o.out, HasSubstr("another lifecircle command is writing into this folder")) << o.out;
  }
  EXPECT_EQ(slurp(out / "indicators.csv"), before);
  EXPECT_FALSE(fs::exists(out / "compare.csv"));
  // Without --no-wait the run says it waits, and finishes once the lock is free.
  const Child c = start(run_args("b.toml", out, {"--overwrite"}), dir_ / "log-waiting");
  bool waited = false;
  for (int i = 0; i < 6000 && running(c.pid) && !waited; ++i) {
    waited =
        slurp(c.log).find("waiting for another lifecircle writing into " + out.string()) != std::string::npos;
    if (!waited) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waited) << slurp(c.log);
  EXPECT_EQ(slurp(out / "indicators.csv"), before) << "written while another held the folder";
  ::close(lock);
  const Outcome o = wait_for(c);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_NE(slurp(out / "indicators.csv"), before);
}

TEST_F(Faults, DiskFullIsAClearErrorAndLeavesNothingHalfWritten) {
  const fs::path out = dir_ / "out";
  ASSERT_EQ(run(run_args("a.toml", out)).exit_code, 0);
  const std::string before = slurp(out / "indicators.csv");
  const std::string gpkg_before = slurp(out / "lifecircle.gpkg");
  // (Not 0: the limit applies to the child's log file too.)
  for (long limit : {4096L, 65536L}) {
    SCOPED_TRACE("file size limit " + std::to_string(limit));
    Launch l = run_args("b.toml", out, {"--overwrite"});
    l.fsize_limit = limit;
    const Outcome o = run(l);
    EXPECT_EQ(o.exit_code, 1) << o.out;
    EXPECT_THAT(o.out, ::testing::AnyOf(HasSubstr("File too large"), HasSubstr("disk full"),
                                        HasSubstr("disk I/O error"), HasSubstr("cannot")))
        << o.out;
    EXPECT_EQ(slurp(out / "indicators.csv"), before);
    EXPECT_EQ(slurp(out / "lifecircle.gpkg"), gpkg_before);
    EXPECT_THAT(hidden_entries(out), ::testing::ElementsAre(".lifecircle-manifest"));
    EXPECT_THAT(hidden_entries(dir_), ::testing::IsEmpty()) << "no staging folder left";
  }
}

TEST_F(Faults, InputThatDisappearsDuringTheRunIsAClearError) {
  // This test used to make the roads file a FIFO, so the run blocked reading
  // it while the facilities file was removed or cut. Inputs that are not
  // regular files are refused before they are opened now (issue 15; see
  // tests/cli/non_regular_inputs_test.cpp), so the run can no longer be held
  // there: the facilities file is removed (then cut short) before the run,
  // and the run, meeting it after the roads, fails the same way.
  for (const bool removed : {true, false}) {
    SCOPED_TRACE(removed ? "removed" : "truncated");
    const std::string facilities = slurp(dir_ / "in" / "facilities.csv");
    if (removed) {
      fs::remove(dir_ / "in" / "facilities.csv");
    } else {
      std::ofstream(dir_ / "in" / "facilities.csv", std::ios::trunc) << facilities.substr(0, 60);
    }
    const Outcome o = run(run_args("a.toml", dir_ / (removed ? "out-r" : "out-t")));
    EXPECT_EQ(o.exit_code, 1) << o.out;
    EXPECT_THAT(o.out, HasSubstr(removed ? "facilities.csv: file not found" : "facilities.csv")) << o.out;
    EXPECT_THAT(o.out, ::testing::Not(HasSubstr("internal error")));
    EXPECT_FALSE(fs::exists(dir_ / (removed ? "out-r" : "out-t") / "indicators.csv"));
    std::ofstream(dir_ / "in" / "facilities.csv", std::ios::trunc) << facilities;
  }
}

TEST_F(Faults, OutputFolderWithoutWritePermission) {
  // A file where the output folder should be: refused whoever runs the test.
  std::ofstream(dir_ / "taken") << "not a folder";
  const Outcome file = run(run_args("a.toml", dir_ / "taken"));
  EXPECT_EQ(file.exit_code, 1) << file.out;
  EXPECT_THAT(file.out, HasSubstr("taken: the output folder is a file, not a folder"));
  EXPECT_EQ(slurp(dir_ / "taken"), "not a folder");
  if (::geteuid() == 0) {
    GTEST_SKIP()
        << "running as root, where folder permissions do not stop writes; the file-in-place case ran";
  }
  fs::create_directories(dir_ / "locked");
  fs::permissions(dir_ / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  const Outcome o = run(run_args("a.toml", dir_ / "locked" / "out"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("locked/out")) << o.out;
  EXPECT_THAT(o.out, HasSubstr("Permission denied")) << o.out;
}

TEST_F(Faults, ExistingOutputsAreKeptUnlessOverwrite) {
  const fs::path out = dir_ / "out";
  ASSERT_EQ(run(run_args("a.toml", out)).exit_code, 0);
  const std::string before = slurp(out / "indicators.csv");
  const Outcome refused = run(run_args("b.toml", out));
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.out,
              HasSubstr("lifecircle.gpkg: the output already exists; pass --overwrite to replace it"));
  EXPECT_EQ(slurp(out / "indicators.csv"), before);
  ASSERT_EQ(run(run_args("b.toml", out, {"--overwrite"})).exit_code, 0);
  EXPECT_NE(slurp(out / "indicators.csv"), before);

  // compare and suggest write beside run's outputs, and keep them.
  const std::string plan = (dir_ / "in" / "a.toml").string();
  const std::string scenario = (dir_ / "in" / "scenario-changes.toml").string();
  const Launch compare{
      {"compare", "--quiet", "--plan", plan, "--scenario", scenario, "--out", out.string()}, {}, -1};
  ASSERT_EQ(run(compare).exit_code, 0);
  const Outcome compare_again = run(compare);
  EXPECT_EQ(compare_again.exit_code, 1);
  EXPECT_THAT(compare_again.out, HasSubstr("compare.csv: the output already exists; pass --overwrite"));
  Launch compare_over = compare;
  compare_over.args.push_back("--overwrite");
  EXPECT_EQ(run(compare_over).exit_code, 0);
  const Launch suggest{
      {"suggest", "--quiet", "--plan", plan, "--category", "clinic", "--count", "1", "--out", out.string()},
      {},
      -1};
  ASSERT_EQ(run(suggest).exit_code, 0);
  const Outcome suggest_again = run(suggest);
  EXPECT_EQ(suggest_again.exit_code, 1);
  EXPECT_THAT(suggest_again.out, HasSubstr("suggest.csv: the output already exists; pass --overwrite"));
  for (const char* f :
       {"lifecircle.gpkg", "indicators.csv", "compare.csv", "compare.gpkg", "suggest.csv", "suggest.gpkg"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f << " was lost by a later command";
  }
}

// Runs the plan at 1, 2 and 8 threads and expects byte-identical tables.
void expect_same_tables_for_1_2_8_threads(const fs::path& plan, std::size_t min_indicator_bytes) {
  const fs::path dir = fs::temp_directory_path() / ("lifecircle-threads-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::vector<std::string> indicators, targets;
  for (const char* threads : {"1", "2", "8"}) {
    const fs::path out = dir / threads;
    const Launch l{{"run", "--quiet", "--no-isochrones", "--no-maps", "--threads", threads, "--force-threads",
                    "--plan", plan.string(), "--out", out.string()},
                   {},
                   -1};
    const Outcome o = wait_for(start(l, dir / (std::string("log-") + threads)));
    ASSERT_EQ(o.exit_code, 0) << o.out;
    indicators.push_back(slurp(out / "indicators.csv"));
    targets.push_back(slurp(out / "targets.csv"));
  }
  fs::remove_all(dir);
  ASSERT_GT(indicators[0].size(), min_indicator_bytes);
  EXPECT_EQ(indicators[1], indicators[0]) << "2 threads";
  EXPECT_EQ(indicators[2], indicators[0]) << "8 threads";
  EXPECT_EQ(targets[1], targets[0]) << "2 threads";
  EXPECT_EQ(targets[2], targets[0]) << "8 threads";
}

// Small enough for the sanitizer builds, so ASan and TSan see the threaded run.
TEST(Determinism, SmallCityTablesAreByteIdenticalFor1And2And8Threads) {
  expect_same_tables_for_1_2_8_threads(lifecircle::testing::test_data_dir() / "city" / "plan.toml", 100);
}

// The demo city: thousands of targets, so every thread gets real work.
TEST(Determinism, DemoTablesAreByteIdenticalFor1And2And8Threads) {
#ifdef LIFECIRCLE_SANITIZED_BUILD
  // Three demo runs take minutes even in Release; under a sanitizer they would
  // dominate the stage. The small-city test above covers the sanitizer builds.
  GTEST_SKIP() << "demo-size run skipped in sanitizer builds";
#else
  expect_same_tables_for_1_2_8_threads(
      fs::path(LIFECIRCLE_SOURCE_DIR) / "data" / "geo" / "wenling-demo" / "plan.toml", 1000);
#endif
}

}  // namespace
