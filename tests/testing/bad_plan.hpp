#pragma once
// Bad plan fixtures (tests/data/bad): each names the dotted key its InputError
// must name and words its message must hold.

#include <ostream>

namespace lifecircle::testing {

struct BadPlan {
  const char* file;     // in tests/data/bad
  const char* field;    // the dotted key, e.g. "maps.width_px"; "" for none
  const char* message;  // words the message holds
};

void PrintTo(const BadPlan& bad, std::ostream* out);  // the file name as the test's parameter

// Loads the fixture and expects its InputError: the file's path and the key
// in its location, the path and the words in its message.
void expect_plan_error(const BadPlan& bad);

}  // namespace lifecircle::testing
