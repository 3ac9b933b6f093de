#include "exit_status.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <new>

#include "lifecircle/util/error.hpp"

namespace lifecircle::cli {

Failure current_failure() noexcept {
  try {
    throw;
  } catch (const UsageError& e) {
    return {kExitUsage, "usage: ", e.what()};
  } catch (const InternalError& e) {
    return {kExitInternal, "internal error: ", e.what()};
  } catch (const ResourceError& e) {
    return {kExitInternal, "", e.what()};
  } catch (const Error& e) {  // InputError, OutputError and the rest of the hierarchy
    return {kExitFailed, "", e.what()};
  } catch (const std::bad_alloc&) {
    return {kExitInternal, "", "out of memory (use fewer --threads, or a machine or limit with more memory)"};
  } catch (const std::exception& e) {
    return {kExitInternal, "internal error: ", e.what()};
  } catch (...) {
    return {kExitInternal, "internal error: ", "an unknown exception"};
  }
}

int guarded(std::string_view who, const std::function<int()>& body,
            const std::function<void(int status)>& on_failure) noexcept {
  try {
    return body();
  } catch (...) {
    const Failure failure = current_failure();
    std::cerr << who << ": " << failure.kind << failure.what << "\n";
    std::cerr.flush();
    if (on_failure) on_failure(failure.status);
    return failure.status;
  }
}

int parse_status(CLI::App& app, const CLI::ParseError& error, bool print) {
  const int code = print ? app.exit(error) : error.get_exit_code();
  return code == 0 ? kExitOk : kExitUsage;
}

}  // namespace lifecircle::cli
