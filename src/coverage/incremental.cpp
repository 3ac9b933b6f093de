#include "lifecircle/coverage/incremental.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/util/error.hpp"

namespace lifecircle::coverage {
namespace {

bool by_edge_then_label(const LabelledPoint& a, const LabelledPoint& b) {
  return a.at.edge != b.at.edge ? a.at.edge < b.at.edge : a.label < b.label;
}

}  // namespace

IncrementalCoverage::IncrementalCoverage(const routing::TravelCost& cost,
                                         std::span<const routing::NetworkPoint> demand, double budget_s)
    : graph_(cost.graph),
      cost_(&cost),
      demand_(demand),
      budget_s_(budget_s),
      demand_first_(cost.graph->edge_count() + 1, 0),
      demand_order_(demand.size()),
      node_time_s_(cost.graph->node_count(), routing::kUnreached),
      node_label_(cost.graph->node_count(), routing::kNoLabel),
      demand_time_s_(demand.size(), routing::kUnreached),
      demand_label_(demand.size(), routing::kNoLabel),
      mark_(cost.graph->node_count(), 0) {
  for (const auto& p : demand) ++demand_first_[p.edge + 1];
  for (std::size_t e = 0; e < graph_->edge_count(); ++e) demand_first_[e + 1] += demand_first_[e];
  std::vector<std::uint32_t> next(demand_first_.begin(), demand_first_.end() - 1);
  for (std::uint32_t i = 0; i < demand.size(); ++i) demand_order_[next[demand[i].edge]++] = i;
}

bool IncrementalCoverage::better(double time_s, std::uint32_t label, graph::NodeId node) const noexcept {
  return routing::earlier(time_s, label, node_time_s_[node], node_label_[node]);
}

void IncrementalCoverage::offer(double time_s, std::uint32_t label, graph::NodeId node) {
  if (time_s > budget_s_ || !better(time_s, label, node)) return;
  node_time_s_[node] = time_s;
  node_label_[node] = label;
  heap_.push_back({time_s, label, node});
  std::push_heap(heap_.begin(), heap_.end(), routing::LaterEntry{});
  if (mark_[node] != epoch_) {
    mark_[node] = epoch_;
    changed_.push_back(node);
  }
}

void IncrementalCoverage::settle() {
  const graph::WalkGraph& g = *graph_;
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), routing::LaterEntry{});
    const Entry top = heap_.back();
    heap_.pop_back();
    const graph::NodeId u = top.node;
    if (top.time_s != node_time_s_[u] || top.label != node_label_[u]) continue;  // stale
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) {
      offer(top.time_s + cost_->arc_time_s[a], top.label, g.head[a]);
    }
  }
}

void IncrementalCoverage::reset(std::span<const LabelledPoint> facilities) {
  ++epoch_;
  changed_.clear();
  std::fill(node_time_s_.begin(), node_time_s_.end(), routing::kUnreached);
  std::fill(node_label_.begin(), node_label_.end(), routing::kNoLabel);
  facilities_.assign(facilities.begin(), facilities.end());
  std::sort(facilities_.begin(), facilities_.end(), by_edge_then_label);
  for (const LabelledPoint& f : facilities_) {
    for (const routing::Source& s : routing::sources_for(*cost_, f.at, f.label))
      offer(s.time_s, s.label, s.node);
  }
  settle();
  for (std::size_t i = 0; i < demand_.size(); ++i) {
    const routing::Arrival a = arrival(demand_[i]);
    demand_time_s_[i] = a.time_s;
    demand_label_[i] = a.label;
  }
}

void IncrementalCoverage::add(const LabelledPoint& facility) {
  for (const LabelledPoint& f : facilities_) {
    if (f.label == facility.label)
      throw Error("IncrementalCoverage::add: label " + std::to_string(f.label) + " is taken");
  }
  facilities_.insert(std::upper_bound(facilities_.begin(), facilities_.end(), facility, by_edge_then_label),
                     facility);
  ++epoch_;
  changed_.clear();
  for (const routing::Source& s : routing::sources_for(*cost_, facility.at, facility.label)) {
    offer(s.time_s, s.label, s.node);
  }
  settle();
  retime_demand(facility.at.edge);
}

void IncrementalCoverage::remove(std::uint32_t label) {
  const auto it = std::find_if(facilities_.begin(), facilities_.end(),
                               [label](const LabelledPoint& f) { return f.label == label; });
  if (it == facilities_.end())
    throw Error("IncrementalCoverage::remove: no facility labelled " + std::to_string(label));
  const routing::NetworkPoint at = it->at;
  facilities_.erase(it);
  ++epoch_;
  changed_.clear();
  clear_region(label, at);
  seed_region_from_boundary();
  settle();
  retime_demand(at.edge);
}

// The nodes labelled `label` form a connected region holding the facility's
// edge ends labelled so: collect it by a walk from there, and clear it.
void IncrementalCoverage::clear_region(std::uint32_t label, const routing::NetworkPoint& at) {
  const graph::WalkGraph& g = *graph_;
  auto take = [&](graph::NodeId v) {
    if (node_label_[v] != label || mark_[v] == epoch_) return;
    mark_[v] = epoch_;
    changed_.push_back(v);
  };
  take(g.edge_from[at.edge]);
  take(g.edge_to[at.edge]);
  // An index, not a range-for: take() appends to changed_ (a worklist) inside the loop.
  for (std::size_t k = 0; k < changed_.size(); ++k) {  // NOLINT(modernize-loop-convert)
    const graph::NodeId u = changed_[k];
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) take(g.head[a]);
  }
  for (const graph::NodeId v : changed_) {
    node_time_s_[v] = routing::kUnreached;
    node_label_[v] = routing::kNoLabel;
  }
}

// Offers every cleared node its neighbours' (time, label) across the arc
// (arcs are two-way with equal times), and the sources of the remaining
// facilities (only nodes inside the cleared region can improve).
void IncrementalCoverage::seed_region_from_boundary() {
  const graph::WalkGraph& g = *graph_;
  const std::size_t region_size = changed_.size();
  for (std::size_t k = 0; k < region_size; ++k) {
    const graph::NodeId v = changed_[k];
    for (graph::ArcId a = g.first_out[v]; a < g.first_out[v + 1]; ++a) {
      const graph::NodeId u = g.head[a];
      if (node_label_[u] != routing::kNoLabel)
        offer(node_time_s_[u] + cost_->arc_time_s[a], node_label_[u], v);
    }
  }
  for (const LabelledPoint& f : facilities_) {
    for (const routing::Source& s : routing::sources_for(*cost_, f.at, f.label)) {
      if (mark_[s.node] == epoch_) offer(s.time_s, s.label, s.node);
    }
  }
}

void IncrementalCoverage::retime_demand(graph::EdgeId extra_edge) {
  const graph::WalkGraph& g = *graph_;
  std::vector<graph::EdgeId> edges{extra_edge};
  for (const graph::NodeId u : changed_) {
    for (graph::ArcId a = g.first_out[u]; a < g.first_out[u + 1]; ++a) edges.push_back(g.arc_edge[a]);
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (const graph::EdgeId e : edges) {
    for (std::uint32_t k = demand_first_[e]; k < demand_first_[e + 1]; ++k) {
      const std::uint32_t i = demand_order_[k];
      const routing::Arrival a = arrival(demand_[i]);
      demand_time_s_[i] = a.time_s;
      demand_label_[i] = a.label;
    }
  }
}

// routing::arrival_at over the kept node state, term for term.
routing::Arrival IncrementalCoverage::arrival(const routing::NetworkPoint& p) const {
  const graph::WalkGraph& g = *graph_;
  const routing::TravelCost& cost = *cost_;
  const graph::EdgeId e = p.edge;
  const double access_s = cost.seconds_along(e, p.access_m);
  routing::Arrival best;
  const graph::NodeId from = g.edge_from[e];
  const graph::NodeId to = g.edge_to[e];
  best.keep_better(node_time_s_[from] + cost.seconds_along(e, p.offset_m) + access_s, node_label_[from]);
  best.keep_better(node_time_s_[to] + cost.seconds_along(e, g.length_m[e] - p.offset_m) + access_s,
                   node_label_[to]);
  const LabelledPoint key{0, {p.edge, 0.0, 0.0}};
  for (auto it = std::lower_bound(facilities_.begin(), facilities_.end(), key, by_edge_then_label);
       it != facilities_.end() && it->at.edge == p.edge; ++it) {
    best.keep_better(
        cost.seconds_along(e, it->at.access_m + std::fabs(it->at.offset_m - p.offset_m) + p.access_m),
        it->label);
  }
  if (best.time_s > budget_s_) return {};
  return best;
}

}  // namespace lifecircle::coverage
