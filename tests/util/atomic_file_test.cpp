#include "lifecircle/util/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lifecircle/util/error.hpp"
#include "testing/shell.hpp"

namespace lifecircle {
namespace {

using lifecircle::testing::slurp;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lifecircle-atomic-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(AtomicFileTest, ReplacesTheTargetOnlyOnCommit) {
  const auto target = dir_ / "indicators.csv";
  write_file_atomically(target, "old\n");
  {
    AtomicFile file(target);
    std::ofstream(file.temp_path()) << "new, half";
    EXPECT_EQ(slurp(target), "old\n") << "the target is untouched until commit";
  }  // abandoned: no commit
  EXPECT_EQ(slurp(target), "old\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1) << "no temporary left behind";
  write_file_atomically(target, "new\n");
  EXPECT_EQ(slurp(target), "new\n");
}

TEST_F(AtomicFileTest, UnwritableFolderIsAnOutputError) {
  EXPECT_THROW(write_file_atomically(dir_ / "missing-folder" / "x.csv", "x"), OutputError);
}

}  // namespace
}  // namespace lifecircle
