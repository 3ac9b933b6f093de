// The OSM reader on arbitrary .osm (XML) files.
#include "fuzz_input.hpp"
#include "lifecircle/io/osm_roads.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = lifecircle::fuzz::write_input("input.osm", data, size);
  lifecircle::fuzz::expect_clean([&] { (void)lifecircle::io::read_osm_roads(path); });
  return 0;
}
