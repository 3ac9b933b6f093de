#include "lifecircle/routing/search.hpp"

#include <algorithm>

namespace lifecircle::routing {
BoundedDijkstra::BoundedDijkstra(const graph::WalkGraph& graph)
    : graph_(&graph), state_(graph.node_count(), NodeState{kUnreached, kNoLabel, 0}) {}

bool BoundedDijkstra::improves(double time, std::uint32_t label, NodeId node) const noexcept {
  const NodeState& s = state_[node];
  if ((s.mark & ~1u) != now_) return true;
  if (s.mark & 1u) return false;  // settled
  return earlier(time, label, s.time_s, s.label);
}

void BoundedDijkstra::push(double time, std::uint32_t label, NodeId node) {
  state_[node] = {time, label, now_};
  heap_.push_back({time, label, node});
  std::push_heap(heap_.begin(), heap_.end(), LaterEntry{});
}

void BoundedDijkstra::run(std::span<const Source> sources, double budget_s) {
  now_ += 2;
  if (now_ == 0) {  // the stamp wrapped: clear once every 2 billion runs
    for (NodeState& s : state_) s.mark = 0;
    now_ = 2;
  }
  budget_s_ = budget_s;
  heap_.clear();
  settled_.clear();
  for (const Source& s : sources) {
    if (s.time_s <= budget_s && improves(s.time_s, s.label, s.node)) push(s.time_s, s.label, s.node);
  }
  const graph::WalkGraph& g = *graph_;
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), LaterEntry{});
    const HeapEntry top = heap_.back();
    heap_.pop_back();
    const NodeId u = top.node;
    NodeState& su = state_[u];
    if ((su.mark & 1u) || top.time_s != su.time_s || top.label != su.label) continue;  // stale entry
    su.mark |= 1u;
    settled_.push_back(u);
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      const NodeId v = g.head[a];
      const double t = top.time_s + g.arc_time_s[a];
      if (t <= budget_s && improves(t, top.label, v)) push(t, top.label, v);
    }
  }
}

}  // namespace lifecircle::routing
