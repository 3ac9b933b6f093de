// The facility reader on arbitrary CSV (or XLSX when built with
// LIFECIRCLE_FUZZ_XLSX), with the demo plan's categories and every optional
// field (capacity, status) in use.
#include "fuzz_input.hpp"
#include "fuzz_plan.hpp"
#include "lifecircle/io/facilities.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifecircle;
#ifdef LIFECIRCLE_FUZZ_XLSX
  const char* name = "facilities.xlsx";
#else
  const char* name = "facilities.csv";
#endif
  io::FacilitiesInput input;
  input.path = fuzz::write_input(name, data, size);
  input.capacity_field = "capacity";
  input.status_field = "status";
  fuzz::expect_clean(
      [&] { (void)io::load_facilities(input, fuzz::demo_plan().categories, fuzz::working_crs()); });
  return 0;
}
