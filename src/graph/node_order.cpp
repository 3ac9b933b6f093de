#include "lifecircle/graph/node_order.hpp"

#include <algorithm>
#include <numeric>

#include "lifecircle/graph/assemble.hpp"

namespace lifecircle::graph {
namespace {

template <typename T>
void permute(std::vector<T>& values, const std::vector<NodeId>& old_of_new) {
  if (values.empty()) return;
  std::vector<T> out(values.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = values[old_of_new[i]];
  values = std::move(out);
}

std::uint32_t cell(double v, double min, double max, std::uint32_t cells) noexcept {
  if (!(max > min)) return 0;
  const double scaled = (v - min) / (max - min) * static_cast<double>(cells);
  if (!(scaled > 0.0)) return 0;  // also NaN
  return scaled >= static_cast<double>(cells - 1) ? cells - 1 : static_cast<std::uint32_t>(scaled);
}

}  // namespace

std::uint64_t hilbert_index(double x, double y, double min_x, double min_y, double max_x, double max_y,
                            int order) noexcept {
  const std::uint32_t cells = std::uint32_t{1} << order;
  std::uint32_t cx = cell(x, min_x, max_x, cells);
  std::uint32_t cy = cell(y, min_y, max_y, cells);
  // The classic xy -> d walk: one quadrant per level, rotating the frame so
  // that consecutive cells along the curve are neighbours.
  std::uint64_t d = 0;
  for (std::uint32_t s = cells / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (cx & s) ? 1 : 0;
    const std::uint32_t ry = (cy & s) ? 1 : 0;
    d += std::uint64_t{s} * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        cx = cells - 1 - cx;
        cy = cells - 1 - cy;
      }
      std::swap(cx, cy);
    }
  }
  return d;
}

std::vector<NodeId> order_nodes_for_locality(WalkGraph& graph) {
  const std::uint32_t n = graph.node_count();
  std::vector<NodeId> new_of_old(n);
  if (n == 0) return new_of_old;
  const auto [min_x, max_x] = std::minmax_element(graph.x.begin(), graph.x.end());
  const auto [min_y, max_y] = std::minmax_element(graph.y.begin(), graph.y.end());
  // One square box, so the curve's cells are square on the ground.
  const double side = std::max(*max_x - *min_x, *max_y - *min_y);
  std::vector<std::uint64_t> key(n);
  for (NodeId u = 0; u < n; ++u) {
    key[u] = hilbert_index(graph.x[u], graph.y[u], *min_x, *min_y, *min_x + side, *min_y + side);
  }
  std::vector<NodeId> old_of_new(n);
  std::iota(old_of_new.begin(), old_of_new.end(), NodeId{0});
  std::stable_sort(old_of_new.begin(), old_of_new.end(), [&](NodeId a, NodeId b) { return key[a] < key[b]; });
  for (NodeId i = 0; i < n; ++i) new_of_old[old_of_new[i]] = i;

  permute(graph.x, old_of_new);
  permute(graph.y, old_of_new);
  permute(graph.lon, old_of_new);
  permute(graph.lat, old_of_new);
  permute(graph.node_source_id, old_of_new);
  for (NodeId& u : graph.edge_from) u = new_of_old[u];
  for (NodeId& u : graph.edge_to) u = new_of_old[u];
  build_arcs(graph);
  graph.shrink_to_fit();
  return new_of_old;
}

}  // namespace lifecircle::graph
