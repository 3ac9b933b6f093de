#include "testing/random_graph.hpp"

#include <cmath>
#include <vector>

#include "lifecircle/graph/assemble.hpp"

namespace lifecircle::testing {

graph::WalkGraph random_graph(std::mt19937& rng, std::uint32_t nodes, std::uint32_t edges) {
  std::uniform_real_distribution<double> coord(0.0, 3000.0);
  std::vector<double> x(nodes), y(nodes);
  for (std::uint32_t i = 0; i < nodes; ++i) {
    x[i] = coord(rng);
    y[i] = coord(rng);
  }
  std::uniform_int_distribution<graph::NodeId> node(0, nodes - 1);
  std::uniform_real_distribution<double> stretch(1.0, 1.6);
  std::vector<graph::PlanarEdge> list;
  for (std::uint32_t i = 0; i < edges; ++i) {
    const auto a = node(rng), b = node(rng);
    // Lengths at least the straight distance.
    list.push_back({a, b, std::hypot(x[a] - x[b], y[a] - y[b]) * stretch(rng), {}});
  }
  return graph::assemble_graph(std::move(x), std::move(y), list);
}

}  // namespace lifecircle::testing
