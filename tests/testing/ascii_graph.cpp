#include "testing/ascii_graph.hpp"

#include <sstream>
#include <stdexcept>
#include <vector>

#include "lifecircle/graph/assemble.hpp"

namespace lifecircle::testing {
namespace {

bool is_node(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

AsciiGraph::AsciiGraph(const std::string& art, double walk_speed_mps) {
  std::vector<std::string> rows;
  std::istringstream in(art);
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  auto at = [&](std::size_t r, std::size_t c) { return c < rows[r].size() ? rows[r][c] : ' '; };

  std::vector<double> x, y;
  std::map<std::pair<std::size_t, std::size_t>, graph::NodeId> id_at;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      if (!is_node(rows[r][c])) continue;
      if (nodes.count(rows[r][c])) throw std::invalid_argument("node drawn twice in ASCII graph");
      const auto id = static_cast<graph::NodeId>(x.size());
      nodes[rows[r][c]] = id;
      id_at[{r, c}] = id;
      x.push_back(static_cast<double>(c) * kCellM);
      y.push_back(-static_cast<double>(r) * kCellM);
    }
  }
  std::vector<graph::PlanarEdge> edges;
  for (const auto& [pos, id] : id_at) {
    const auto [r, c] = pos;
    std::size_t cc = c + 1;
    while (at(r, cc) == '-') ++cc;
    if (cc > c + 1 && is_node(at(r, cc))) edges.push_back({id, id_at.at({r, cc}), -1.0, {}});
    std::size_t rr = r + 1;
    while (rr < rows.size() && at(rr, c) == '|') ++rr;
    if (rr > r + 1 && rr < rows.size() && is_node(at(rr, c)))
      edges.push_back({id, id_at.at({rr, c}), -1.0, {}});
  }
  graph = graph::assemble_graph(std::move(x), std::move(y), edges);
  cost = routing::walking_cost(graph, walk_speed_mps);
}

}  // namespace lifecircle::testing
