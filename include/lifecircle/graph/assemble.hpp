#pragma once
// Assembles a walking graph straight from planar nodes and edges, without a
// CRS: for generated networks (benchmarks, tests drawn as ASCII art).

#include <vector>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::graph {

struct PlanarEdge {
  NodeId from = 0, to = 0;
  double length_m = -1.0;                              // < 0: the planar length of the shape
  std::vector<std::pair<double, double>> inner_shape;  // shape points between the ends
};

// Nodes at (x[i], y[i]) in metres; lon/lat are set to x/y for want of a CRS.
WalkGraph assemble_graph(std::vector<double> x, std::vector<double> y, const std::vector<PlanarEdge>& edges);

// Fills first_out/head/arc_edge from edge_from/edge_to (arcs sorted by head,
// then edge). Used by every way of making a graph.
void build_arcs(WalkGraph& graph);

}  // namespace lifecircle::graph
