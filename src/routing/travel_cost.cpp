#include "lifecircle/routing/travel_cost.hpp"

#include <cmath>
#include <string>

#include "lifecircle/util/error.hpp"

namespace lifecircle::routing {

TravelCost walking_cost(const graph::WalkGraph& graph, double walk_speed_mps) {
  if (!(walk_speed_mps > 0.0) || !std::isfinite(walk_speed_mps)) {
    throw Error("walking speed must be positive, got " + std::to_string(walk_speed_mps) + " m/s");
  }
  TravelCost cost{&graph, walk_speed_mps, {}};
  cost.arc_time_s.resize(graph.arc_count());
  for (graph::ArcId a = 0; a < graph.arc_count(); ++a)
    cost.arc_time_s[a] = cost.edge_time_s(graph.arc_edge[a]);
  return cost;
}

}  // namespace lifecircle::routing
