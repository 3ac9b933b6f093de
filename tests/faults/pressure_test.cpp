// Faults under pressure, driving the real lifecircle binary: more threads than
// cores, an address-space limit, and an exception thrown inside each OpenMP
// region. Whatever happens, the process ends with an exit status and a
// message, never a signal.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "testing/paths.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Outcome {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;  // stdout and stderr together
};

struct Launch {
  std::vector<std::string> args;
  std::vector<std::string> env;   // extra NAME=value
  long address_space_limit = -1;  // RLIMIT_AS in bytes, -1: none
};

// Runs the binary (fork/exec, so the limit and environment apply to the child
// only) and waits for it.
Outcome run(const Launch& l, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    for (const std::string& e : l.env) ::putenv(const_cast<char*>(e.c_str()));
    if (l.address_space_limit >= 0) {
      const rlimit limit{static_cast<rlim_t>(l.address_space_limit),
                         static_cast<rlim_t>(l.address_space_limit)};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    std::vector<char*> argv{const_cast<char*>(LIFECIRCLE_BINARY)};
    for (const std::string& a : l.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(LIFECIRCLE_BINARY, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Outcome o;
  if (WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  std::ifstream in(log, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  o.out = s.str();
  return o;
}

// The processors this process may run on, counted independently of the
// binary's OpenMP (the affinity mask).
int cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

class Pressure : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-pressure-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  static std::string city(const char* file) {
    return (lifecircle::testing::test_data_dir() / "city" / file).string();
  }

  Outcome go(const Launch& l) { return run(l, dir_ / ("log-" + std::to_string(++runs_))); }

  fs::path dir_;
  int runs_ = 0;
};

TEST_F(Pressure, ThreadsBeyondCoresRefused) {
  const int n = cores();
  ASSERT_LT(n, 1024) << "this test needs a machine with fewer than 1024 cores";
  const std::string over = std::to_string(n + 1);
  const std::string out = (dir_ / "out").string();
  for (const char* command : {"run", "check", "compare", "suggest"}) {
    const Outcome o =
        go({{command, "--quiet", "--plan", city("plan.toml"), "--threads", over, "--out", out}, {}, -1});
    EXPECT_EQ(o.exit_code, 2) << command << ": " << o.out;
    EXPECT_THAT(o.out, HasSubstr("--threads: " + over + " is more than this machine's " + std::to_string(n)))
        << command;
    EXPECT_THAT(o.out, HasSubstr("pass --force-threads to use more")) << command;
    EXPECT_FALSE(fs::exists(out)) << command << " wrote outputs after refusing its options";
  }
  // Forced, and at the cores, the run goes ahead.
  const Outcome forced = go({{"run", "--quiet", "--no-maps", "--plan", city("plan.toml"), "--threads", over,
                              "--force-threads", "--out", out},
                             {},
                             -1});
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  const Outcome at_cores = go({{"run", "--quiet", "--no-maps", "--overwrite", "--plan", city("plan.toml"),
                                "--threads", std::to_string(n), "--out", out},
                               {},
                               -1});
  EXPECT_EQ(at_cores.exit_code, 0) << at_cores.out;
}

// Each OpenMP region, through the command that runs it, with the test seam
// (LIFECIRCLE_TEST_FAULT_IN, util/parallel.hpp) throwing in the region: the
// exception arrives in main as an internal error (exit 3), not as
// std::terminate (SIGABRT), and no output is left behind.
TEST_F(Pressure, ExceptionInParallelRegionIsReported) {
  struct Case {
    const char* region;
    std::vector<std::string> args;
  };
  const std::string plan = city("plan.toml");
  const std::vector<Case> cases = {
      {"run categories", {"run", "--no-maps"}},
      {"facility isochrones", {"run", "--no-maps"}},
      {"layer geometries", {"run", "--no-maps"}},
      {"maps", {"run"}},
      {"scenario categories", {"compare", "--scenario", city("scenario-changes.toml")}},
      {"candidate reach", {"suggest", "--category", "clinic", "--count", "1"}},
  };
  for (const Case& c : cases) {
    const fs::path out = dir_ / "out";
    Launch l{c.args, {std::string("LIFECIRCLE_TEST_FAULT_IN=") + c.region}, -1};
    for (const std::string& a :
         {std::string("--quiet"), std::string("--threads"), std::string("2"), std::string("--force-threads"),
          std::string("--plan"), plan, std::string("--out"), out.string()}) {
      l.args.push_back(a);
    }
    const Outcome o = go(l);
    EXPECT_EQ(o.signal, 0) << c.region << ": " << o.out;
    EXPECT_EQ(o.exit_code, 3) << c.region << ": " << o.out;
    EXPECT_THAT(
        o.out, HasSubstr(std::string("internal error: test fault in the parallel region '") + c.region + "'"))
        << c.region;
    EXPECT_FALSE(fs::exists(out / "indicators.csv")) << c.region;
    fs::remove_all(out);
  }
}

// Under an address-space limit the run either finishes or stops with a
// message (exit 1, or 3 for memory), never with a signal: from just above
// the limit the binary needs to start, through where the maps' fontconfig
// and Pango threads used to abort the process (SIGTRAP, SIGSEGV), to where
// it fits. At least one limit must make it fail, and the largest pass.
TEST_F(Pressure, OutOfMemoryExitsThreeWithMessage) {
#ifdef LIFECIRCLE_SANITIZED_BUILD
  GTEST_SKIP() << "sanitizers reserve terabytes of address space; an RLIMIT_AS means nothing there";
#else
  int failed_for_memory = 0;
  Outcome last;
  for (long mb = 240; mb <= 1200; mb += 40) {
    const fs::path out = dir_ / ("out-" + std::to_string(mb));
    last = go({{"run", "--quiet", "--threads", "2", "--force-threads", "--plan", city("plan.toml"), "--out",
                out.string()},
               {},
               mb << 20});
    EXPECT_EQ(last.signal, 0) << mb << " MB: " << last.out;
    EXPECT_TRUE(last.exit_code == 0 || last.exit_code == 1 || last.exit_code == 3)
        << mb << " MB: " << last.out;
    if (last.exit_code != 0) {
      EXPECT_THAT(last.out, HasSubstr("lifecircle: ")) << mb << " MB: no message";
      EXPECT_FALSE(fs::exists(out / "indicators.csv")) << mb << " MB: a failed run left outputs";
    }
    if (last.exit_code == 3) {
      ++failed_for_memory;
      EXPECT_THAT(last.out, ::testing::AnyOf(HasSubstr("out of memory"), HasSubstr("is available")))
          << mb << " MB";
    }
  }
  EXPECT_GT(failed_for_memory, 0) << "no limit made the run run out of memory";
  EXPECT_EQ(last.exit_code, 0) << "1200 MB should be enough for the small city: " << last.out;
#endif
}

}  // namespace
