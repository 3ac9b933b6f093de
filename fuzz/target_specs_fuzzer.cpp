// The target spec parser on arbitrary TOML, against the demo plan. The Wenling
// indicator table is copied beside the input so `indicators = "wenling-2023-indicators.csv"` resolves.
#include "fuzz_input.hpp"
#include "fuzz_plan.hpp"
#include "lifecircle/coverage/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifecircle;
  static const bool table_copied = [] {
    std::filesystem::copy_file(LIFECIRCLE_SOURCE_DIR "/data/plan/wenling-2023-indicators.csv",
                               fuzz::scratch_dir() / "wenling-2023-indicators.csv",
                               std::filesystem::copy_options::overwrite_existing);
    return true;
  }();
  (void)table_copied;
  const auto path = fuzz::write_input("targets.toml", data, size);
  fuzz::expect_clean([&] { (void)coverage::read_target_specs(path, fuzz::demo_plan()); });
  return 0;
}
