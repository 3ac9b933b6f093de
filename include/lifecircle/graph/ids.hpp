#pragma once
// Dense 32-bit ids. Nodes and (undirected) edges of the walking graph; arcs
// are the directed halves of edges in the CSR arrays.

#include <cstdint>
#include <limits>

namespace lifecircle::graph {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
using ArcId = std::uint32_t;

inline constexpr std::uint32_t kInvalidId = std::numeric_limits<std::uint32_t>::max();

}  // namespace lifecircle::graph
