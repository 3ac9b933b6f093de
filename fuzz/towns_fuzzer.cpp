// Geometry input through the loaders: a GeoJSON towns layer (polygons with
// code, name, population), read by GDAL and checked and repaired by lifecircle.
#include "fuzz_input.hpp"
#include "fuzz_plan.hpp"
#include "lifecircle/io/towns.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifecircle;
  io::TownsInput input;
  input.path = fuzz::write_input("towns.geojson", data, size);
  fuzz::expect_clean([&] { (void)io::load_towns(input, fuzz::working_crs()); });
  return 0;
}
