#pragma once
// Node numbering for locality. Graphs come numbered in the order their ways
// were read, which scatters a street's neighbourhood across memory; a search
// then misses the cache on nearly every node it settles, and a multi-source
// search, whose heap interleaves every facility's frontier, on every one.
// Numbering nodes along a Hilbert curve over their position puts nodes that
// are near on the ground near in memory.

#include <cstdint>
#include <vector>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::graph {

// The position of (x, y) along a Hilbert curve of 2^order x 2^order cells
// (order <= 16) covering the box [min_x, max_x] x [min_y, max_y].
std::uint64_t hilbert_index(double x, double y, double min_x, double min_y, double max_x, double max_y,
                            int order = 16) noexcept;

// Renumbers the nodes of `graph` in Hilbert order of their working-CRS
// position (ties: the old order) and rebuilds the arcs. Edges keep their ids
// and their direction. Returns the new id of every old node.
std::vector<NodeId> order_nodes_for_locality(WalkGraph& graph);

}  // namespace lifecircle::graph
