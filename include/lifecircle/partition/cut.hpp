#pragma once
// Cuts the whole network's raw roads into one piece per region: every edge
// of the whole walking graph whose shape's box meets the region's halo box.
//
// A piece's graph must hold the very same edges as the whole graph near the
// region (same vertices, same lengths to the bit), so each edge is handed to
// the piece as a way of its own: a way the whole graph splits at a vertex
// shared with a way outside the piece is split there in the piece too.
// Edges keep the whole graph's order, so a piece's edge ids rise with the
// whole graph's (edge_global). Small components are dropped here, on the whole
// network, by the graph builder's rule, never by a piece (where a component
// cut at the halo would look small).

#include <cstdint>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/raw_roads.hpp"
#include "lifecircle/partition/halo.hpp"

namespace lifecircle::partition {

struct RoadPiece {
  io::RawRoads roads;                      // one way per edge, in the whole graph's edge order
  std::vector<std::uint32_t> edge_global;  // per way: the edge id in the whole graph
};

struct CutStats {
  std::uint64_t edges = 0;  // edges of the whole graph (after dropping components)
  std::uint64_t nodes = 0;  // nodes of the whole graph
  std::uint64_t dropped_components = 0;
  std::uint64_t dropped_nodes = 0;
  std::uint64_t piece_edges = 0;  // summed over pieces: edges plus their halo copies
};

// The whole graph's edges as vertex runs of `roads` (build_walk_graph's split
// rule), after dropping components of fewer than min_component_nodes nodes
// (0 or 1 keeps all).
struct WholeEdges {
  std::vector<std::uint32_t> way;    // per edge: index into roads.ways
  std::vector<std::uint32_t> first;  // per edge: [first, last] into that way's repeat-free vertex list
  std::vector<std::uint32_t> last;
  std::vector<std::vector<std::uint32_t>> ways;  // repeat-free vertex lists
  std::uint64_t nodes = 0, dropped_components = 0, dropped_nodes = 0;
};
WholeEdges whole_edges(const io::RawRoads& roads, std::size_t min_component_nodes);

// One piece per box (a region's halo box, working CRS); an empty box gets an empty piece.
std::vector<RoadPiece> cut_roads(const io::RawRoads& roads, const io::WorkingCrs& crs,
                                 const std::vector<Box>& boxes, std::size_t min_component_nodes,
                                 CutStats* stats = nullptr);

}  // namespace lifecircle::partition
