#pragma once
// The benchmarks' walking graphs from OSM files, made the way graph::build_walk_network
// makes a study's: read, built at 4 km/h, nodes in locality order.

#include <filesystem>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::bench {

graph::WalkGraph osm_walk_graph(const std::filesystem::path& file, int working_epsg);

}  // namespace lifecircle::bench
