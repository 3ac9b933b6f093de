#pragma once
// A category's multi-source coverage kept up to date as facilities come and
// go, without searching the whole city again.
//
// Each facility carries a stable label (for a city facility, its index in
// study.facilities; for a scenario's new facility, study.facilities.size() + k),
// so ties break exactly as a full multi-source search over the same facility
// set would break them (the smaller label wins at equal times).
//
// The state is the fixed point a full search reaches: per node the
// lexicographically smallest (time, label) over all facilities. Adding a
// facility runs one search from it that goes only where it improves that
// pair; removing one clears the nodes it was nearest to and re-searches that
// region from its boundary (its neighbours' times and labels) and from any
// other facility whose edge ends inside it. Demand points on edges around the
// changed nodes are then re-timed, with the formula of routing::arrival_at.

#include <cstdint>
#include <span>
#include <vector>

#include "lifecircle/routing/network_point.hpp"

namespace lifecircle::coverage {

struct LabelledPoint {
  std::uint32_t label = 0;
  routing::NetworkPoint at;
};

class IncrementalCoverage {
 public:
  // demand: the demand points' positions (kept by reference); times at
  // `cost`, on cost.graph (both outlive this).
  IncrementalCoverage(const routing::TravelCost& cost, std::span<const routing::NetworkPoint> demand,
                      double budget_s);

  // A full computation from these facilities (labels must be distinct).
  void reset(std::span<const LabelledPoint> facilities);
  void add(const LabelledPoint& facility);  // throws Error when the label is taken
  void remove(std::uint32_t label);         // throws Error when the label is absent

  double budget_s() const noexcept { return budget_s_; }
  std::span<const double> demand_time_s() const noexcept { return demand_time_s_; }
  std::span<const std::uint32_t> demand_label() const noexcept { return demand_label_; }
  std::span<const LabelledPoint> facilities() const noexcept { return facilities_; }
  // Nodes the last add/remove changed (for measuring locality).
  std::size_t last_changed_nodes() const noexcept { return changed_.size(); }

 private:
  struct Entry {
    double time_s;
    std::uint32_t label;
    graph::NodeId node;
  };
  bool better(double time_s, std::uint32_t label, graph::NodeId node) const noexcept;
  void offer(double time_s, std::uint32_t label, graph::NodeId node);
  void settle();
  void clear_region(std::uint32_t label, const routing::NetworkPoint& at);
  void seed_region_from_boundary();
  void retime_demand(graph::EdgeId extra_edge);
  routing::Arrival arrival(const routing::NetworkPoint& p) const;

  const graph::WalkGraph* graph_;
  const routing::TravelCost* cost_;
  std::span<const routing::NetworkPoint> demand_;
  double budget_s_;
  std::vector<std::uint32_t> demand_first_;  // demand of edge e: demand_order_[demand_first_[e] .. [e+1])
  std::vector<std::uint32_t> demand_order_;
  std::vector<double> node_time_s_;
  std::vector<std::uint32_t> node_label_;
  std::vector<double> demand_time_s_;
  std::vector<std::uint32_t> demand_label_;
  std::vector<LabelledPoint> facilities_;  // sorted by (edge, label)
  std::vector<Entry> heap_;
  std::vector<graph::NodeId> changed_;
  std::vector<std::uint32_t> mark_;  // per node: == epoch_ when in changed_
  std::uint32_t epoch_ = 0;
};

}  // namespace lifecircle::coverage
