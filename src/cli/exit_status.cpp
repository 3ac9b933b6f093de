#include "exit_status.hpp"

#include <exception>
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

}  // namespace lifecircle::cli
