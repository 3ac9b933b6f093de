#include "lifecircle/util/parallel.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace lifecircle {

namespace {

// LIFECIRCLE_TEST_FAULT_IN, read once (before any region runs in parallel).
const std::string& fault_region() {
  static const std::string region = [] {
    const char* value =
        std::getenv("LIFECIRCLE_TEST_FAULT_IN");  // NOLINT(concurrency-mt-unsafe): read once, no setenv
    return std::string(value != nullptr ? value : "");
  }();
  return region;
}

}  // namespace

void FirstException::capture() noexcept {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!first_) first_ = std::current_exception();
  failed_.store(true, std::memory_order_relaxed);
}

void FirstException::rethrow() {
  if (first_) std::rethrow_exception(first_);
}

void FirstException::test_fault() const {
  const std::string& region = fault_region();
  if (!region.empty() && region == region_) {
    throw std::runtime_error("test fault in the parallel region '" + std::string(region_) + "'");
  }
}

}  // namespace lifecircle
