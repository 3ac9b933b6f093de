#pragma once
// The street network cut into stretches of at most a given length, each
// assigned to the town its middle lies in: the unit in which covered street
// length is counted per town.

#include <vector>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/geom/reached_network.hpp"

namespace lifecircle::coverage {

struct StreetChunks {
  // Chunks of edge e are [first[e], first[e+1]).
  std::vector<std::uint32_t> first;
  std::vector<geom::Interval> along;
  std::vector<std::uint32_t> town;  // kNoTown outside every town
};

StreetChunks cut_streets(const graph::WalkGraph& graph, const TownLocator& towns, double chunk_m = 100.0);

// Adds each chunk's reached length (overlap with the edge's reached
// intervals) to covered[town].
void add_covered_length(const StreetChunks& chunks, graph::EdgeId edge,
                        const std::vector<geom::Interval>& reached, std::vector<double>& covered_by_town);

}  // namespace lifecircle::coverage
