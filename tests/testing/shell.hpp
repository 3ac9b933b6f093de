#pragma once
// Running a command as a shell would, and reading a file whole: the test
// programs' one copy of each (the CLI, fault and output tests all need them).

#include <filesystem>
#include <string>

namespace lifecircle::testing {

struct ShellOutcome {
  int status = -1;  // the exit status; -1 when a signal ended the command
  std::string out;  // what it wrote on standard output (add " 2>&1" for standard error too)
};

// Runs `command` with /bin/sh and reads its standard output to the end.
ShellOutcome shell(const std::string& command);

// A file's bytes, as they are ("" when it cannot be read).
std::string slurp(const std::filesystem::path& path);

}  // namespace lifecircle::testing
