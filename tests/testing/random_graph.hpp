#pragma once
// A random planar walking graph for checks against an independent oracle:
// nodes uniform in a 3 km square, edges between random pairs (loops and
// parallel edges included) at 1.0 to 1.6 times the straight distance, walked
// at 4 km/h.

#include <cstdint>
#include <random>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::testing {

inline constexpr double kRandomGraphSpeedMps = 4000.0 / 3600.0;  // the speed its edges are meant for

graph::WalkGraph random_graph(std::mt19937& rng, std::uint32_t nodes, std::uint32_t edges);

}  // namespace lifecircle::testing
