// Progress on stderr: on a terminal a bar redrawn in place with \r (the
// step's name and done/total); in logs and CI (no tty, TERM=dumb, CI set)
// plain lines only, without \r or escape codes.

#include <gtest/gtest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "testing/paths.hpp"
#include "testing/shell.hpp"

namespace {

namespace fs = std::filesystem;

using Outcome = lifecircle::testing::ShellOutcome;  // stdout and stderr together, as the terminal shows them

// The program run on a pseudo-terminal (stdout and stderr both the tty), with `env` set ("" value: unset).
Outcome run_on_terminal(const std::vector<std::string>& args,
                        const std::vector<std::pair<std::string, std::string>>& env) {
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    for (const auto& [name, value] : env) {
      if (value.empty()) {
        ::unsetenv(name.c_str());
      } else {
        ::setenv(name.c_str(), value.c_str(), 1);
      }
    }
    std::vector<char*> argv;
    std::string binary = LIFECIRCLE_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copies = args;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    std::_Exit(127);
  }
  std::string out;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t n = ::read(master, buffer.data(), buffer.size());
    if (n <= 0) break;  // EIO once the child has closed the terminal
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

Outcome run_to_pipe(const std::string& args) {
  return lifecircle::testing::shell(std::string(LIFECIRCLE_BINARY) + " " + args + " 2>&1");
}

class Progress : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lifecircle-progress-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> compare_args(const std::string& out) const {
    const fs::path data = lifecircle::testing::test_data_dir();
    return {"compare",
            "--no-maps",
            "--no-report",
            "--threads",
            "1",
            "--plan",
            (data / "city" / "plan.toml").string(),
            "--scenario",
            (data / "city" / "scenario-planned.toml").string(),
            "--out",
            (dir_ / out).string()};
  }
  fs::path dir_;
};

bool has_bar(const std::string& out, const std::string& step, const std::string& count) {
  return out.find("\rlifecircle: " + step + " [") != std::string::npos &&
         out.find("] " + count) != std::string::npos;
}

TEST_F(Progress, TerminalShowsABarRedrawnInPlace) {
  const Outcome o = run_on_terminal(compare_args("a"), {{"TERM", "xterm"}, {"CI", ""}});
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_TRUE(has_bar(o.out, "coverage of categories", "2/2")) << o.out;
  EXPECT_TRUE(has_bar(o.out, "searches from facilities", "2/2"))
      << o.out;  // no polygons without maps and report
  EXPECT_TRUE(has_bar(o.out, "scenarios", "0/1")) << o.out;
  // The finished step's line replaces the bar.
  EXPECT_NE(o.out.find("\r\x1b[Klifecircle: coverage of 2 categories"), std::string::npos) << o.out;
}

TEST_F(Progress, LogsGetPlainLinesOnly) {
  const std::string command_line = [&] {
    std::string s;
    for (const std::string& a : compare_args("b")) s += (s.empty() ? "" : " ") + a;
    return s;
  }();
  const Outcome piped = run_to_pipe(command_line);
  ASSERT_EQ(piped.status, 0) << piped.out;
  EXPECT_EQ(piped.out.find('\r'), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find('\x1b'), std::string::npos) << piped.out;
  EXPECT_NE(piped.out.find("lifecircle: coverage of 2 categories"), std::string::npos) << piped.out;
  // A terminal that cannot redraw, and CI: no bar either (the tty itself turns \n into \r\n).
  for (const auto& env : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"TERM", "dumb"}, {"CI", ""}}, {{"TERM", "xterm"}, {"CI", "true"}}}) {
    std::vector<std::string> args = compare_args("c");
    args.emplace_back("--overwrite");
    const Outcome o = run_on_terminal(args, env);
    ASSERT_EQ(o.status, 0) << o.out;
    EXPECT_EQ(o.out.find("\rlifecircle"), std::string::npos) << o.out;
    EXPECT_EQ(o.out.find('\x1b'), std::string::npos) << o.out;
  }
  // --quiet: nothing on stderr at all.
  const Outcome quiet = run_on_terminal(
      [&] {
        std::vector<std::string> args = compare_args("d");
        args.emplace_back("--quiet");
        return args;
      }(),
      {{"TERM", "xterm"}, {"CI", ""}});
  ASSERT_EQ(quiet.status, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find("lifecircle: "), std::string::npos) << quiet.out;
}

}  // namespace
