#pragma once
// Time-bounded shortest paths on the walking graph (Dijkstra with a binary
// heap), from one or many labelled sources. The scratch arrays live as long
// as the search object and are reset in O(1) by a timestamp, so one object
// per thread serves any number of queries (RoutingKit's habit).
//
// Ties: a node keeps the smaller time; at equal times the smaller label
// wins, so multi-source results do not depend on source order.

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::routing {

using graph::NodeId;

inline constexpr double kUnreached = std::numeric_limits<double>::infinity();
inline constexpr std::uint32_t kNoLabel = graph::kInvalidId;

// The order every search keeps, and every result built on one: the earlier
// time first, at equal times the smaller label.
constexpr bool earlier(double time_a, std::uint32_t label_a, double time_b, std::uint32_t label_b) noexcept {
  return time_a < time_b || (time_a == time_b && label_a < label_b);
}

// Heap order on entries with time_s, label and node: std heaps keep the
// "largest" on top, so this puts the earliest (then smallest label, node) there.
struct LaterEntry {
  template <typename Entry>
  bool operator()(const Entry& a, const Entry& b) const noexcept {
    if (a.time_s != b.time_s) return a.time_s > b.time_s;
    if (a.label != b.label) return a.label > b.label;
    return a.node > b.node;
  }
};

struct Source {
  NodeId node = 0;
  double time_s = 0.0;     // time already spent reaching the node
  std::uint32_t label = 0;  // which facility (or group) this source stands for
};

class BoundedDijkstra {
 public:
  explicit BoundedDijkstra(const graph::WalkGraph& graph);

  // Settles every node whose time is <= budget_s. Previous results vanish.
  void run(std::span<const Source> sources, double budget_s);

  double time_s(NodeId node) const noexcept { return stamp_[node] == now_ ? time_[node] : kUnreached; }
  std::uint32_t label(NodeId node) const noexcept { return stamp_[node] == now_ ? label_[node] : kNoLabel; }
  bool reached(NodeId node) const noexcept { return time_s(node) <= budget_s_; }
  // Nodes settled by the last run, in order of time.
  const std::vector<NodeId>& settled() const noexcept { return settled_; }
  double budget_s() const noexcept { return budget_s_; }
  const graph::WalkGraph& graph() const noexcept { return *graph_; }

 private:
  struct HeapEntry {
    double time_s;
    std::uint32_t label;
    NodeId node;
  };
  bool improves(double time, std::uint32_t label, NodeId node) const noexcept;
  void push(double time, std::uint32_t label, NodeId node);

  const graph::WalkGraph* graph_;
  std::vector<double> time_;
  std::vector<std::uint32_t> label_;
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint8_t> done_;  // valid where stamp_ == now_
  std::uint32_t now_ = 0;
  double budget_s_ = 0.0;
  std::vector<HeapEntry> heap_;
  std::vector<NodeId> settled_;
};

}  // namespace lifecircle::routing
