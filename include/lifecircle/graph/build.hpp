#pragma once
// Turns raw roads into the walking graph.

#include "lifecircle/graph/walk_graph.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::graph {

struct BuildStats {
  std::uint64_t zero_length_segments = 0;  // repeated vertices skipped
  std::uint64_t self_loops = 0;            // edges from a node to itself (kept)
  std::uint64_t untransformable_vertices = 0;
};

// Splits every way at vertices shared with another way (or repeated within
// it) and at its ends. Throws InputError when nothing walkable remains.
WalkGraph build_walk_graph(const io::RawRoads& roads, const io::WorkingCrs& crs, BuildStats* stats = nullptr);

}  // namespace lifecircle::graph
