#include "synthetic_city.hpp"

#include <random>

#include "lifecircle/graph/assemble.hpp"
#include "lifecircle/graph/node_order.hpp"

namespace lifecircle::bench {

graph::WalkGraph synthetic_grid(std::uint32_t side, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jitter(-25.0, 25.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  constexpr double kBlockM = 120.0;
  std::vector<double> x, y;
  x.reserve(static_cast<std::size_t>(side) * side);
  y.reserve(static_cast<std::size_t>(side) * side);
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) {
      x.push_back(c * kBlockM + jitter(rng));
      y.push_back(r * kBlockM + jitter(rng));
    }
  }
  std::vector<graph::PlanarEdge> edges;
  edges.reserve(2 * static_cast<std::size_t>(side) * side);
  auto id = [side](std::uint32_t r, std::uint32_t c) { return r * side + c; };
  for (std::uint32_t r = 0; r < side; ++r) {
    for (std::uint32_t c = 0; c < side; ++c) {
      for (const auto& [dr, dc] : {std::pair{0u, 1u}, std::pair{1u, 0u}}) {
        if (r + dr >= side || c + dc >= side || unit(rng) < 0.12) continue;  // some streets missing
        const auto a = id(r, c), b = id(r + dr, c + dc);
        graph::PlanarEdge e{a, b, -1.0, {}};
        if (unit(rng) < 0.3)
          e.inner_shape.push_back({(x[a] + x[b]) / 2 + jitter(rng), (y[a] + y[b]) / 2 + jitter(rng)});
        edges.push_back(std::move(e));
      }
    }
  }
  graph::WalkGraph g = graph::assemble_graph(std::move(x), std::move(y), edges);
  graph::order_nodes_for_locality(g);  // as graph::build_walk_network numbers a network
  return g;
}

}  // namespace lifecircle::bench
