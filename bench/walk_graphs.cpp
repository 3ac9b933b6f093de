#include "walk_graphs.hpp"

#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/node_order.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/osm_roads.hpp"

namespace lifecircle::bench {

graph::WalkGraph osm_walk_graph(const std::filesystem::path& file, int working_epsg) {
  graph::WalkGraph g = graph::build_walk_graph(io::read_osm_roads(file), io::WorkingCrs(working_epsg));
  graph::order_nodes_for_locality(g);
  return g;
}

}  // namespace lifecircle::bench
