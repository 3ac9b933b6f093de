#pragma once
// A deterministic generated street network for benchmarks: a jittered grid
// of side x side intersections, about 120 m apart, with a share of streets
// missing and some streets bent by a shape point; nodes numbered in
// locality order, as graph::build_walk_network numbers a network.

#include <cstdint>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::bench {

graph::WalkGraph synthetic_grid(std::uint32_t side, std::uint64_t seed = 1);

}  // namespace lifecircle::bench
