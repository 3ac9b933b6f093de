#include "testing/bad_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::testing {

void PrintTo(const BadPlan& bad, std::ostream* out) { *out << bad.file; }

void expect_plan_error(const BadPlan& bad) {
  const std::filesystem::path file = test_data_dir() / "bad" / bad.file;
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  try {
    io::load_plan(file);
    FAIL() << "expected an InputError from " << bad.file;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().path, file.string());
    EXPECT_EQ(e.where().field, bad.field);
    EXPECT_THAT(e.what(), ::testing::HasSubstr(bad.message));
    EXPECT_THAT(e.what(), ::testing::HasSubstr(file.string() + ": "));
    std::cout << "  " << e.what() << "\n";
  }
}

}  // namespace lifecircle::testing
