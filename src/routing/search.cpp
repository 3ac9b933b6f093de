#include "lifecircle/routing/search.hpp"

#include <algorithm>

namespace lifecircle::routing {
BoundedDijkstra::BoundedDijkstra(const graph::WalkGraph& graph)
    : graph_(&graph),
      time_(graph.node_count(), kUnreached),
      label_(graph.node_count(), kNoLabel),
      stamp_(graph.node_count(), 0),
      done_(graph.node_count(), 0) {}

bool BoundedDijkstra::improves(double time, std::uint32_t label, NodeId node) const noexcept {
  if (stamp_[node] != now_) return true;
  if (done_[node]) return false;
  return earlier(time, label, time_[node], label_[node]);
}

void BoundedDijkstra::push(double time, std::uint32_t label, NodeId node) {
  if (stamp_[node] != now_) {
    stamp_[node] = now_;
    done_[node] = 0;
  }
  time_[node] = time;
  label_[node] = label;
  heap_.push_back({time, label, node});
  std::push_heap(heap_.begin(), heap_.end(), LaterEntry{});
}

void BoundedDijkstra::run(std::span<const Source> sources, double budget_s) {
  if (++now_ == 0) {  // the stamp wrapped: clear once every 4 billion runs
    std::fill(stamp_.begin(), stamp_.end(), 0);
    now_ = 1;
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
    if (done_[u] || top.time_s != time_[u] || top.label != label_[u]) continue;  // stale entry
    done_[u] = 1;
    settled_.push_back(u);
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      const NodeId v = g.head[a];
      const double t = top.time_s + g.arc_time_s[a];
      if (t <= budget_s && improves(t, top.label, v)) push(t, top.label, v);
    }
  }
}

}  // namespace lifecircle::routing
