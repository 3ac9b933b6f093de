#pragma once
// No exception may leave an OpenMP region (it would call std::terminate): every
// region runs its throwing statements, the per-thread set-up included, through
// one FirstException, which keeps the first exception thrown on any thread and
// rethrows it once the region has ended.
//
//   FirstException failure("facility isochrones");
//   #pragma omp parallel num_threads(threads)
//   {
//     std::optional<Worker> worker;
//     failure.run([&] { worker.emplace(graph); });
//   #pragma omp for schedule(dynamic, 4)
//     for (std::int64_t k = 0; k < count; ++k) {
//       if (worker && !failure.failed()) failure.run([&] { results[k] = job(*worker, k); });
//     }
//   }
//   failure.rethrow();
//
// The test seam: with LIFECIRCLE_TEST_FAULT_IN=<region name> in the
// environment, run() throws a std::runtime_error in that region (at each
// thread's first run(), its set-up), so tests/faults can check that it
// arrives as an error and not as std::terminate.

#include <atomic>
#include <exception>
#include <mutex>
#include <string_view>

namespace lifecircle {

class FirstException {
 public:
  explicit FirstException(std::string_view region) : region_(region) {}

  template <typename F>
  void run(F&& f) noexcept {
    try {
      test_fault();
      f();
    } catch (...) {
      capture();
    }
  }

  // Keeps the exception being handled unless one is kept already; call it
  // inside a catch block.
  void capture() noexcept;

  // Whether any thread has failed (the others may skip their remaining work).
  bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }

  // After the region: rethrows the first exception, if any.
  void rethrow();

 private:
  void test_fault() const;  // the seam above

  std::string_view region_;
  std::mutex mutex_;
  std::exception_ptr first_;
  std::atomic<bool> failed_{false};
};

}  // namespace lifecircle
