#pragma once
// The walking graph: plain arrays (doc/style.md, rule 1). Nodes are road
// intersections and way ends; an edge is the stretch of one way between two
// of them, with its shape. Walking is two-way, so every edge is stored as two
// arcs in CSR form (first_out/head), arcs of a node sorted by head.
// The graph holds lengths and geometry only: what crossing an edge costs (in
// seconds, for a mode at a speed) is a routing::TravelCost built over it.
//
// Units: metres and seconds. Coordinates: x/y in the working CRS (metric),
// lon/lat in WGS84.

#include <cstdint>
#include <vector>

#include "lifecircle/graph/edge_shape.hpp"
#include "lifecircle/graph/ids.hpp"

namespace lifecircle::graph {

struct WalkGraph {
  int working_epsg = 0;

  // Per node.
  std::vector<double> x, y;                  // working CRS
  std::vector<double> lon, lat;              // WGS84
  std::vector<std::int64_t> node_source_id;  // OSM node id (0 if none)

  // Per undirected edge.
  std::vector<NodeId> edge_from, edge_to;
  std::vector<double> length_m;      // along the shape, on the ellipsoid's sphere
  std::vector<std::int64_t> way_id;  // OSM way id or GDAL feature id
  // Shapes: only the points between an edge's two nodes (working CRS); the
  // ends are x/y of edge_from and edge_to. Read them through shape(e).
  std::vector<std::uint32_t> shape_first;  // edge_count + 1 entries into shape_x/y
  std::vector<double> shape_x, shape_y;

  // CSR over arcs: arcs of node u are [first_out[u], first_out[u+1]).
  std::vector<ArcId> first_out;
  std::vector<NodeId> head;
  std::vector<EdgeId> arc_edge;

  std::uint32_t node_count() const noexcept { return static_cast<std::uint32_t>(x.size()); }
  std::uint32_t edge_count() const noexcept { return static_cast<std::uint32_t>(edge_from.size()); }
  std::uint32_t arc_count() const noexcept { return static_cast<std::uint32_t>(head.size()); }
  double total_length_m() const;

  // Edge e's whole shape, from edge_from[e] to edge_to[e].
  EdgeShape shape(EdgeId e) const noexcept {
    const NodeId u = edge_from[e], v = edge_to[e];
    const std::uint32_t first = shape_first[e];
    return {{x[u], y[u]},
            shape_x.data() + first,
            shape_y.data() + first,
            shape_first[e + 1] - first,
            {x[v], y[v]}};
  }

  // Gives back the arrays' spare capacity (graphs are built by push_back,
  // which leaves up to half of a vector unused); the last step of making a graph.
  void shrink_to_fit();

  // Bytes held by the arrays, for benchmarks and `info`.
  std::size_t memory_bytes() const;

  // Throws lifecircle::Error naming the first broken invariant.
  void validate() const;
};

}  // namespace lifecircle::graph
