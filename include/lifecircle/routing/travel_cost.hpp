#pragma once
// What a way of moving pays to cross the walking graph. The graph holds
// lengths and shapes only; a TravelCost turns them into seconds, for one
// mode at one speed: the per-arc times the search reads in its hot loop, and
// the time of a stretch along an edge (a source's or a demand point's walk to
// the edge's ends, the exact place a budget runs out on an edge).
//
// One graph serves any number of costs. A scenario at another walking speed
// builds a second cost over the same graph (walking_cost with that speed); a
// per-group speed (children, older people) is one cost per group. A second
// mode is one more builder here: cycling would fill arc_time_s from the
// graph's lengths and its own per-arc rules (kUnreached for an arc it may not
// use) and answer seconds_along/metres_within per edge; nothing else in the
// engine changes, since every search and every partial edge asks its cost.
//
// Units: metres and seconds.

#include <vector>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::routing {

struct TravelCost {
  const graph::WalkGraph* graph = nullptr;  // the graph the times are for; it outlives the cost
  double speed_mps = 0.0;                   // along every edge, and on the access walk beside it
  std::vector<double> arc_time_s;           // per arc: length_m[arc_edge[a]] / speed_mps

  // Seconds to cover `metres` on (or beside) edge e.
  double seconds_along(graph::EdgeId /*e*/, double metres) const noexcept { return metres / speed_mps; }
  // Metres covered on edge e in `seconds`.
  double metres_within(graph::EdgeId /*e*/, double seconds) const noexcept { return seconds * speed_mps; }
  // Seconds to cross the whole of edge e.
  double edge_time_s(graph::EdgeId e) const noexcept { return graph->length_m[e] / speed_mps; }
};

// Walking at speed_mps, the same on every edge and in both directions.
// Throws lifecircle::Error unless the speed is positive and finite.
TravelCost walking_cost(const graph::WalkGraph& graph, double walk_speed_mps);

}  // namespace lifecircle::routing
