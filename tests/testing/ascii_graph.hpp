#pragma once
// Test graphs drawn as ASCII art (OSRM's habit). Letters are nodes; runs of
// '-' join letters in a row, runs of '|' join letters in a column. A column
// is 10 m wide and a row 10 m tall, so "a--b" is an edge of 30 m.
//
//   a---b---c
//   |       |
//   d---e   f
//
// node_of('a') gives the node id; ids follow reading order (row, column).
// `cost` walks the graph at the speed given (1 m/s unless told), so a time in
// seconds is a distance in metres.

#include <map>
#include <string>

#include "lifecircle/graph/walk_graph.hpp"
#include "lifecircle/routing/travel_cost.hpp"

namespace lifecircle::testing {

inline constexpr double kCellM = 10.0;

// Neither copied nor moved: `cost` points at `graph`.
struct AsciiGraph {
  AsciiGraph(const std::string& art, double walk_speed_mps);
  AsciiGraph(const AsciiGraph&) = delete;
  AsciiGraph& operator=(const AsciiGraph&) = delete;

  graph::WalkGraph graph;
  std::map<char, graph::NodeId> nodes;
  routing::TravelCost cost;
  graph::NodeId node_of(char name) const { return nodes.at(name); }
};

inline AsciiGraph ascii_graph(const std::string& art, double walk_speed_mps = 1.0) {
  return AsciiGraph(art, walk_speed_mps);
}

}  // namespace lifecircle::testing
