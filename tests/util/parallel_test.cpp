// FirstException: an exception thrown on any thread of an OpenMP region, in
// its set-up or its loop, comes out of the region once, as itself.

#include "lifecircle/util/parallel.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/memory.hpp"

namespace {

TEST(FirstException, LoopExceptionIsRethrownAfterTheRegion) {
  lifecircle::FirstException failure("test loop");
  std::atomic<int> ran{0};
#pragma omp parallel num_threads(4)
  {
#pragma omp for schedule(dynamic, 1)
    for (int k = 0; k < 64; ++k) {
      if (failure.failed()) continue;
      failure.run([&] {
        ++ran;
        if (k % 3 == 1) throw std::runtime_error("job " + std::to_string(k));
      });
    }
  }
  EXPECT_TRUE(failure.failed());
  EXPECT_GE(ran.load(), 1);
  try {
    failure.rethrow();
    FAIL() << "nothing was rethrown";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("job ", 0), 0u) << e.what();
  }
}

TEST(FirstException, SetUpExceptionIsRethrownAfterTheRegion) {
  lifecircle::FirstException failure("test set-up");
#pragma omp parallel num_threads(3)
  {
    failure.run([] { throw std::bad_alloc(); });
  }
  EXPECT_THROW(failure.rethrow(), std::bad_alloc);
}

TEST(FirstException, NothingThrownNothingRethrown) {
  lifecircle::FirstException failure("test quiet");
  std::atomic<int> ran{0};
#pragma omp parallel num_threads(2)
  failure.run([&] { ++ran; });
  EXPECT_FALSE(failure.failed());
  EXPECT_NO_THROW(failure.rethrow());
  EXPECT_GE(ran.load(), 1);
}

TEST(Memory, ShortfallIsRefusedNamingNeedAndRoom) {
  lifecircle::MemoryRoom room;
  room.address_space_bytes = 11'200'000'000;
  const lifecircle::MemoryNeed need{1'000'000, 9'100'000'000};
  EXPECT_NO_THROW(lifecircle::require_memory(need, room, "the grids", "use fewer --threads"));
  room.address_space_bytes = 2'000'000'000;
  try {
    lifecircle::require_memory(need, room, "the grids on 1024 threads", "use fewer --threads");
    FAIL() << "not refused";
  } catch (const lifecircle::ResourceError& e) {
    EXPECT_STREQ(
        e.what(),
        "the grids on 1024 threads need ~9.1 GB; 2.0 GB is available (under the address-space limit, "
        "ulimit -v); use fewer --threads");
  }
  room.available_bytes = 500'000;  // MemAvailable
  EXPECT_THROW(lifecircle::require_memory({1'000'000, 0}, room, "x", "y"), lifecircle::ResourceError);
}

}  // namespace
