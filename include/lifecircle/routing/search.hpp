#pragma once
// Time-bounded shortest paths on the walking graph at a travel cost (Dijkstra), from one or
// many labelled sources. The scratch array lives as long as the search object
// and is reset in O(1) by a timestamp, so one object per thread serves any
// number of queries (RoutingKit's habit). A node's scratch (time, label,
// stamp, done) sits in one 16-byte slot: relaxing an arc to a node far away
// in memory costs one cache miss, not four.
//
// The queue has two levels: the budget is cut into kTimeSlices slices of
// equal length; an entry goes to the list of its time's slice (an O(1)
// append), and only the earliest non-empty slice is a binary heap. A multi-source
// search's queue holds every facility's frontier at once (tens of thousands
// of entries on a city); a slice holds a few hundred, so each pop walks half
// as many heap levels, in memory that stays in the first-level cache. Slices
// are visited in time order and each is ordered by the full key, so nodes
// settle in exactly the order one heap over all entries gives.
//
// Ties: a node keeps the smaller time; at equal times the smaller label
// wins, so multi-source results do not depend on source order.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "lifecircle/graph/walk_graph.hpp"
#include "lifecircle/routing/travel_cost.hpp"

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
  double time_s = 0.0;      // time already spent reaching the node
  std::uint32_t label = 0;  // which facility (or group) this source stands for
};

namespace detail {
// A queue entry: the time mapped order-preservingly onto an unsigned integer,
// then label and node in one word, so (time, label, node) compares as one
// 128-bit number (see search.cpp).
struct SearchHeapEntry {
  std::uint64_t time_key;
  std::uint64_t label_node;  // label << 32 | node
};
}  // namespace detail

class BoundedDijkstra {
 public:
  // Searches cost.graph at that cost; both outlive the search.
  explicit BoundedDijkstra(const TravelCost& cost);

  // Settles every node whose time is <= budget_s. Previous results vanish.
  void run(std::span<const Source> sources, double budget_s);

  double time_s(NodeId node) const noexcept { return seen(node) ? state_[node].time_s : kUnreached; }
  std::uint32_t label(NodeId node) const noexcept { return seen(node) ? state_[node].label : kNoLabel; }
  bool reached(NodeId node) const noexcept { return time_s(node) <= budget_s_; }
  // Nodes settled by the last run, in order of time.
  // The per-node state one search holds for `graph` (allocated at
  // construction, touched only where a search reaches).
  static std::uint64_t scratch_bytes(const graph::WalkGraph& graph) noexcept {
    return std::uint64_t{graph.node_count()} * sizeof(NodeState);
  }
  const std::vector<NodeId>& settled() const noexcept { return settled_; }
  double budget_s() const noexcept { return budget_s_; }
  const graph::WalkGraph& graph() const noexcept { return *cost_->graph; }
  const TravelCost& cost() const noexcept { return *cost_; }

 private:
  struct NodeState {
    double time_s;
    std::uint32_t label;
    std::uint32_t mark;  // now_ when reached in this run, now_ | 1 once settled; older runs' marks are stale
  };
  bool seen(NodeId node) const noexcept { return (state_[node].mark & ~1u) == now_; }
  bool improves(double time, std::uint32_t label, NodeId node) const noexcept;

  const TravelCost* cost_;
  // Zeroed by calloc: a zero mark is stale for every run (now_ starts at 2),
  // and a large block comes as untouched zero pages from the OS, so a one-off
  // search on a big graph pays only for the pages it reaches.
  struct FreeDeleter {
    void operator()(NodeState* p) const noexcept { std::free(p); }
  };
  std::unique_ptr<NodeState[], FreeDeleter> state_;
  std::size_t node_count_;
  std::uint32_t now_ = 0;  // even: the low bit of a mark is "settled"
  double budget_s_ = 0.0;
  // The queue. Lazy deletion: stale entries are skipped when popped.
  static constexpr std::size_t kTimeSlices = 1024;
  std::vector<detail::SearchHeapEntry> heap_;               // the slice being settled
  std::vector<detail::SearchHeapEntry> waiting_;            // entries of later slices, in push order
  std::vector<std::uint32_t> waiting_next_;                 // the slice's previous entry in waiting_
  std::array<std::uint32_t, kTimeSlices> slice_last_{};     // a slice's newest entry, valid if its bit is set
  std::array<std::uint64_t, kTimeSlices / 64> nonempty_{};  // one bit per slice
  std::vector<NodeId> settled_;
};

}  // namespace lifecircle::routing
