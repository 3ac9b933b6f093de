// The plan file parser on arbitrary TOML.
#include "fuzz_input.hpp"
#include "lifecircle/io/plan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = lifecircle::fuzz::write_input("plan.toml", data, size);
  lifecircle::fuzz::expect_clean([&] { (void)lifecircle::io::load_plan(path); });
  return 0;
}
