#include "lifecircle/routing/search.hpp"

#include <algorithm>
#include <bit>
#include <new>

namespace lifecircle::routing {
namespace {

using Entry = detail::SearchHeapEntry;

// (time, label, node) as one 128-bit unsigned number: one integer comparison
// (cmp, sbb) gives the order LaterEntry gives, without a branch, which
// matters because which heap child is smaller is a coin flip for the predictor.
__extension__ typedef unsigned __int128 Key;

// Maps a double onto unsigned integers in the same order (IEEE sign-magnitude
// to two's complement offset). Adding +0.0 turns -0 into +0, which the
// double comparison treats as equal.
std::uint64_t time_key(double time_s) noexcept {
  const auto bits = std::bit_cast<std::uint64_t>(time_s + 0.0);
  const auto negative = static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> 63);
  return bits ^ (negative | (std::uint64_t{1} << 63));
}

Entry entry(double time_s, std::uint32_t label, NodeId node) noexcept {
  return {time_key(time_s), (std::uint64_t{label} << 32) | node};
}

NodeId node_of(const Entry& e) noexcept { return static_cast<NodeId>(e.label_node); }

bool less(const Entry& a, const Entry& b) noexcept {
  return ((Key{a.time_key} << 64) | a.label_node) < ((Key{b.time_key} << 64) | b.label_node);
}

// A binary implicit heap, smallest on top, moved by a hole rather than by swaps.
void sift_up(Entry* heap, std::size_t hole, Entry e) noexcept {
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (!less(e, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = e;
}

// Only for heapifying a slice (Floyd).
void sift_down(Entry* heap, std::size_t size, std::size_t hole, Entry e) noexcept {
  for (;;) {
    std::size_t best = 2 * hole + 1;
    if (best >= size) break;
    if (best + 1 < size && less(heap[best + 1], heap[best])) ++best;
    if (!less(heap[best], e)) break;
    heap[hole] = heap[best];
    hole = best;
  }
  heap[hole] = e;
}

// Removes the top of a binary heap the way libstdc++'s pop_heap does: the
// hole walks down to a leaf along the smaller child, chosen without a branch
// (a coin flip for the predictor otherwise), then the last element is sifted
// up from there; it usually belongs near the bottom, so that is short.
void pop_binary(Entry* heap, std::size_t size, Entry last) noexcept {
  std::size_t hole = 0;
  std::size_t child = 2;
  while (child < size) {
    child -= static_cast<std::size_t>(less(heap[child - 1], heap[child]));
    heap[hole] = heap[child];
    hole = child;
    child = 2 * hole + 2;
  }
  if (child == size) {
    heap[hole] = heap[child - 1];
    hole = child - 1;
  }
  sift_up(heap, hole, last);
}

// The slice an entry's time falls in: monotone in the time (a product with a
// positive factor rounds monotonically), so later slices never hold earlier
// times. Negative times go to the first slice, and so does every time when the
// budget is infinite (one heap, as a plain Dijkstra); a time at the budget,
// which rounds to `slices`, goes to the last.
class SliceOf {
 public:
  SliceOf(double budget_s, std::size_t slices) noexcept
      : per_s_(budget_s > 0.0 ? static_cast<double>(slices) / budget_s : 0.0),
        last_(static_cast<double>(slices - 1)) {}
  std::size_t operator()(double time_s) const noexcept {
    const double slice = time_s * per_s_;
    if (!(slice > 0.0)) return 0;
    return slice < last_ ? static_cast<std::size_t>(slice) : static_cast<std::size_t>(last_);
  }

 private:
  double per_s_;
  double last_;
};

}  // namespace

BoundedDijkstra::BoundedDijkstra(const TravelCost& cost)
    : cost_(&cost),
      state_(static_cast<NodeState*>(
          std::calloc(std::max<std::size_t>(cost.graph->node_count(), 1), sizeof(NodeState)))),
      node_count_(cost.graph->node_count()) {
  if (!state_) throw std::bad_alloc();
}

bool BoundedDijkstra::improves(double time, std::uint32_t label, NodeId node) const noexcept {
  const NodeState& s = state_[node];
  if ((s.mark & ~1u) != now_) return true;
  if (s.mark & 1u) return false;  // settled
  return earlier(time, label, s.time_s, s.label);
}

void BoundedDijkstra::run(std::span<const Source> sources, double budget_s) {
  now_ += 2;
  if (now_ == 0) {  // the stamp wrapped: clear once every 2 billion runs
    for (std::size_t v = 0; v < node_count_; ++v) state_[v].mark = 0;
    now_ = 2;
  }
  budget_s_ = budget_s;
  settled_.clear();
  heap_.clear();
  waiting_.clear();
  waiting_next_.clear();
  nonempty_ = {};
  const SliceOf slice_of(budget_s, kTimeSlices);
  const auto wait = [this](std::size_t k, const Entry& e) {
    std::uint64_t& word = nonempty_[k / 64];
    const std::uint64_t bit = std::uint64_t{1} << (k % 64);
    waiting_next_.push_back((word & bit) ? slice_last_[k] : graph::kInvalidId);
    slice_last_[k] = static_cast<std::uint32_t>(waiting_.size());
    waiting_.push_back(e);
    word |= bit;
  };
  for (const Source& s : sources) {
    if (s.time_s <= budget_s && improves(s.time_s, s.label, s.node)) {
      state_[s.node] = {s.time_s, s.label, now_};
      wait(slice_of(s.time_s), entry(s.time_s, s.label, s.node));
    }
  }
  // Plain pointers: the stores into state_ and the vectors below could
  // otherwise alias the graph's arrays for the compiler, forcing reloads.
  const graph::WalkGraph& g = *cost_->graph;
  const graph::ArcId* const first_out = g.first_out.data();
  const NodeId* const head = g.head.data();
  const double* const arc_time_s = cost_->arc_time_s.data();
  NodeState* const state = state_.get();
  const std::uint32_t now = now_;
  for (std::size_t word = 0; word < nonempty_.size(); ++word) {
    while (nonempty_[word] != 0) {
      const std::size_t k = word * 64 + static_cast<std::size_t>(std::countr_zero(nonempty_[word]));
      nonempty_[word] &= nonempty_[word] - 1;
      // The slice's entries become the heap (Floyd: O(n), not O(n log n));
      // later pushes into this slice go straight into the heap.
      for (std::uint32_t i = slice_last_[k]; i != graph::kInvalidId; i = waiting_next_[i])
        heap_.push_back(waiting_[i]);
      for (std::size_t i = heap_.size() / 2; i-- > 0;) sift_down(heap_.data(), heap_.size(), i, heap_[i]);
      while (!heap_.empty()) {
        const Entry top = heap_.front();
        const Entry last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) pop_binary(heap_.data(), heap_.size(), last);
        const NodeId u = node_of(top);
        NodeState& su = state[u];
        // Each push for a node has a strictly smaller key than the one before,
        // so the node's current entry comes out first; any later one is stale.
        if (su.mark & 1u) continue;
        su.mark |= 1u;
        settled_.push_back(u);
        const double time_u = su.time_s;
        const std::uint32_t label = su.label;
        const graph::ArcId end = first_out[u + 1];
        for (graph::ArcId a = first_out[u]; a < end; ++a) {
          const double t = time_u + arc_time_s[a];
          if (!(t <= budget_s)) continue;
          const NodeId v = head[a];
          NodeState& sv = state[v];
          if (sv.mark == now) {
            if (!earlier(t, label, sv.time_s, sv.label)) continue;
          } else if (sv.mark == (now | 1u)) {
            continue;  // settled
          }
          sv = {t, label, now};
          const Entry e = entry(t, label, v);
          const std::size_t kv = slice_of(t);  // >= k: times only grow
          if (kv == k) {
            heap_.push_back(e);
            sift_up(heap_.data(), heap_.size() - 1, e);
          } else {
            wait(kv, e);
          }
        }
      }
    }
  }
}

}  // namespace lifecircle::routing
