// The target tables: the first byte picks the reader, the rest is its input.
//   0: one indicator-table cell (parse_target)
//   1: an indicator table CSV (read_indicator_table)
//   2: a planner's actuals CSV against the Wenling specs (read_actuals)
#include <string_view>

#include "fuzz_input.hpp"
#include "fuzz_plan.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/io/indicator_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifecircle;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0] % 3;
  ++data;
  --size;
  if (mode == 0) {
    fuzz::expect_clean([&] { (void)io::parse_target({reinterpret_cast<const char*>(data), size}); });
  } else if (mode == 1) {
    const auto path = fuzz::write_input("indicators.csv", data, size);
    fuzz::expect_clean([&] { (void)io::read_indicator_table(path); });
  } else {
    const auto& specs = fuzz::demo_specs();
    const auto path = fuzz::write_input("actuals.csv", data, size);
    fuzz::expect_clean([&] { (void)coverage::read_actuals(path, specs); });
  }
  return 0;
}
