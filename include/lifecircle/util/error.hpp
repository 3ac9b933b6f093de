#pragma once
// The one error hierarchy of lifecircle. The library throws; only the CLI's
// main() turns these into messages and exit codes (src/cli/exit_status.hpp:
// 0 ok, 1 data or output error, 2 usage, 3 out of memory or internal error).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace lifecircle {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where in an input a fault sits. Empty parts are left out of the message.
struct InputLocation {
  std::string path;
  std::string layer;
  std::optional<std::int64_t> feature;  // feature id (FID) or 1-based line/row
  std::string field;
};

// Bad input data: a file, layer, feature or field that cannot be used.
// Message form: "towns.gpkg: layer 'towns', feature 12: field 'population' is negative (-40)".
class InputError : public Error {
 public:
  InputError(InputLocation where, const std::string& what);
  const InputLocation& where() const noexcept { return where_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  InputLocation where_;
  std::string detail_;
};

// Wrong use of the program: bad option values, unknown sub-command arguments.
class UsageError : public Error {
 public:
  using Error::Error;
};

// A fault of the program itself, never of its inputs or options: a broken
// invariant, or a library function called against its contract (a caller's
// bug). Exit status 3, printed as "internal error: ...".
class InternalError : public Error {
 public:
  using Error::Error;
};

// An output that cannot be written.
class OutputError : public Error {
 public:
  using Error::Error;
};

// A run that would not fit in the memory available (estimated before the
// allocation, e.g. per-thread grids times --threads): exit status 3, like an
// out-of-memory failure met during the run, but with what is needed and what
// there is.
class ResourceError : public Error {
 public:
  using Error::Error;
};

// Formats an InputLocation plus a detail the way InputError does.
std::string format_input_message(const InputLocation& where, const std::string& what);

}  // namespace lifecircle
