#include "testing/paths.hpp"

#include <cstdlib>

namespace lifecircle::testing {

std::filesystem::path test_data_dir() { return LIFECIRCLE_TEST_DATA_DIR; }

std::optional<std::filesystem::path> shared_data_dir() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DATA");
  std::filesystem::path dir = env && *env
                                  ? std::filesystem::path(env)
                                  : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "data";
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return std::filesystem::weakly_canonical(dir);
}

}  // namespace lifecircle::testing
