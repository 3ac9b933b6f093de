#pragma once
// Where tests find their data.

#include <filesystem>
#include <optional>

namespace lifecircle::testing {

// tests/data in the source tree.
std::filesystem::path test_data_dir();

// The shared real data (../shared/data beside the repository, or
// $LIFECIRCLE_SHARED_DATA). Empty when absent: tests then GTEST_SKIP with a
// message saying so, never pass silently.
std::optional<std::filesystem::path> shared_data_dir();

}  // namespace lifecircle::testing
