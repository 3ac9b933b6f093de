#include "lifecircle/util/input_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class InputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lifecircle-input-file-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The message require_regular_file throws for `path`, or "" when it passes.
  static std::string refusal(const fs::path& path, DirectoryInput directories = DirectoryInput::refused) {
    try {
      require_regular_file(path, "roads file", directories);
      return "";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().path, path.string());
      return e.what();
    }
  }

  fs::path dir_;
};

TEST_F(InputFileTest, RegularFilePasses) {
  std::ofstream(dir_ / "roads.osm") << "<osm/>";
  EXPECT_EQ(refusal(dir_ / "roads.osm"), "");
}

TEST_F(InputFileTest, FifoIsRefusedWithoutOpeningIt) {
  // Opening a FIFO for reading blocks until a writer comes: the check must
  // not open it, or this test would hang here.
  const fs::path fifo = dir_ / "roads.osm";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(refusal(fifo), fifo.string() + ": the roads file is a FIFO (named pipe), not a regular file");
}

TEST_F(InputFileTest, SymlinkToFifoIsRefused) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_symlink(fifo, dir_ / "roads.osm");
  EXPECT_THAT(refusal(dir_ / "roads.osm"), HasSubstr("is a FIFO (named pipe), not a regular file"));
}

TEST_F(InputFileTest, SymlinkToRegularFilePasses) {
  std::ofstream(dir_ / "real.osm") << "<osm/>";
  fs::create_symlink(dir_ / "real.osm", dir_ / "roads.osm");
  EXPECT_EQ(refusal(dir_ / "roads.osm"), "");
}

TEST_F(InputFileTest, CharacterDevicesAreRefused) {
  for (const char* device : {"/dev/zero", "/dev/null"}) {
    if (!fs::exists(device)) continue;
    EXPECT_EQ(refusal(device),
              std::string(device) + ": the roads file is a character device, not a regular file");
  }
}

TEST_F(InputFileTest, DirectoryIsRefusedUnlessAGdalDatasetMayBeOne) {
  EXPECT_EQ(refusal(dir_), dir_.string() + ": the roads file is a directory, not a regular file");
  EXPECT_EQ(refusal(dir_, DirectoryInput::allowed), "");  // e.g. an Esri File Geodatabase (.gdb)
}

TEST_F(InputFileTest, MissingPathsAndGdalNamesAreLeftToTheReader) {
  EXPECT_EQ(refusal(dir_ / "no-such-file.osm"), "");  // the reader says "no such file" in its words
  EXPECT_EQ(refusal("PG:dbname=plans"), "");
  EXPECT_EQ(refusal("/vsizip/roads.zip/roads.shp"), "");
}

}  // namespace
}  // namespace lifecircle
