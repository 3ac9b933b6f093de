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

#include <map>
#include <string>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::testing {

inline constexpr double kCellM = 10.0;

struct AsciiGraph {
  graph::WalkGraph graph;
  std::map<char, graph::NodeId> nodes;
  graph::NodeId node_of(char name) const { return nodes.at(name); }
};

AsciiGraph ascii_graph(const std::string& art, double walk_speed_mps = 1.0);

}  // namespace lifecircle::testing
