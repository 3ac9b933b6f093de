#pragma once
// The part of the street network reached within a budget after a search:
// whole edges, and partial edges cut at the exact place the budget runs out
// (from either end, or around a source that sits on the edge). These pieces
// are what isochrone polygons are built from, and what "covered street
// length" measures.

#include <vector>

#include "lifecircle/routing/network_point.hpp"

namespace lifecircle::geom {

struct Interval {
  double from_m, to_m;  // along the edge, in length_m units, from_m <= to_m
};

// The reached stretches of one edge, merged and sorted. An empty result
// means no part is reached. A stretch may have zero length (a node reached
// with no time to spare).
std::vector<Interval> reached_intervals(const routing::BoundedDijkstra& search, graph::EdgeId edge,
                                        const routing::SourcesOnEdges& sources, double budget_s);

// The edges a search touched within budget_s: those at nodes settled within
// it, and those holding a source. Sorted, each once. Edges without any
// reached stretch may be among them (reached_intervals says).
std::vector<graph::EdgeId> touched_edges(const routing::BoundedDijkstra& search,
                                         const routing::SourcesOnEdges& sources,
                                         double budget_s = routing::kUnreached);

struct Piece {
  graph::EdgeId edge;
  Interval along;
  std::vector<double> x, y;  // the stretch's shape in the working CRS (1 point if zero length)
};

struct ReachedNetwork {
  std::vector<Piece> pieces;
  double length_m = 0.0;  // total reached street length
};

// All reached pieces for the budget (<= the search's budget), edges in
// increasing id order so results are deterministic.
ReachedNetwork reached_network(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& sources,
                               double budget_s);

// reached_network(...).length_m without building any piece's shape: for
// runs that want the reached street length but no polygon.
double reached_length_m(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& sources,
                        double budget_s);

// The shape of an edge between two offsets (length_m units).
void cut_edge_shape(const graph::WalkGraph& graph, graph::EdgeId edge, Interval along, std::vector<double>& x,
                    std::vector<double>& y);

}  // namespace lifecircle::geom
