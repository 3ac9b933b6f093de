#pragma once
// The walking graph as a Boost.Graph graph, read straight from its CSR arrays
// (no copy): an undirected graph whose vertices are the nodes and whose edges
// are the undirected edges. Models IncidenceGraph (out_edges of u: its arcs,
// in CSR order), AdjacencyGraph, VertexListGraph and EdgeListGraph; vertex
// index and edge weight (length_m: the graph holds no times, a
// routing::TravelCost does) are its interior property maps; a search in time
// passes its own weight map (EdgeValueMap over per-edge seconds). An edge descriptor names the edge id and
// the end it is seen from, so both halves of an edge compare equal, as BGL
// asks of an undirected graph.
//
// For BGL algorithms on the production graph (components, test oracles); the
// bounded search (routing/search.hpp) stays hand-written: it is the hot path.

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "lifecircle/graph/walk_graph.hpp"

namespace lifecircle::graph {

// One undirected edge seen from `source`.
struct WalkEdge {
  NodeId source{};
  NodeId target{};
  EdgeId edge{};
  friend bool operator==(const WalkEdge& a, const WalkEdge& b) noexcept { return a.edge == b.edge; }
};

namespace bgl {

// Nodes first..last as vertex descriptors.
class NodeIterator
    : public boost::iterator_facade<NodeIterator, NodeId, boost::random_access_traversal_tag, NodeId> {
 public:
  NodeIterator() = default;
  explicit NodeIterator(std::uint32_t node) noexcept : node_(node) {}

 private:
  friend class boost::iterator_core_access;
  NodeId dereference() const noexcept { return NodeId{node_}; }
  bool equal(const NodeIterator& other) const noexcept { return node_ == other.node_; }
  void increment() noexcept { ++node_; }
  void decrement() noexcept { --node_; }
  void advance(std::ptrdiff_t n) noexcept { node_ = static_cast<std::uint32_t>(node_ + n); }
  std::ptrdiff_t distance_to(const NodeIterator& other) const noexcept {
    return static_cast<std::ptrdiff_t>(other.node_) - static_cast<std::ptrdiff_t>(node_);
  }
  std::uint32_t node_ = 0;
};

// The arcs leaving one node, as edges seen from it.
class OutEdgeIterator
    : public boost::iterator_facade<OutEdgeIterator, WalkEdge, boost::random_access_traversal_tag, WalkEdge> {
 public:
  OutEdgeIterator() = default;
  OutEdgeIterator(const WalkGraph& g, NodeId source, std::uint32_t arc) noexcept
      : g_(&g), source_(source), arc_(arc) {}

 private:
  friend class boost::iterator_core_access;
  WalkEdge dereference() const noexcept { return {source_, g_->head[arc_], g_->arc_edge[arc_]}; }
  bool equal(const OutEdgeIterator& other) const noexcept { return arc_ == other.arc_; }
  void increment() noexcept { ++arc_; }
  void decrement() noexcept { --arc_; }
  void advance(std::ptrdiff_t n) noexcept { arc_ = static_cast<std::uint32_t>(arc_ + n); }
  std::ptrdiff_t distance_to(const OutEdgeIterator& other) const noexcept {
    return static_cast<std::ptrdiff_t>(other.arc_) - static_cast<std::ptrdiff_t>(arc_);
  }
  const WalkGraph* g_ = nullptr;
  NodeId source_{};
  std::uint32_t arc_ = 0;
};

// Every undirected edge once, from edge_from to edge_to.
class EdgeIterator
    : public boost::iterator_facade<EdgeIterator, WalkEdge, boost::random_access_traversal_tag, WalkEdge> {
 public:
  EdgeIterator() = default;
  EdgeIterator(const WalkGraph& g, std::uint32_t edge) noexcept : g_(&g), edge_(edge) {}

 private:
  friend class boost::iterator_core_access;
  WalkEdge dereference() const noexcept { return {g_->edge_from[edge_], g_->edge_to[edge_], EdgeId{edge_}}; }
  bool equal(const EdgeIterator& other) const noexcept { return edge_ == other.edge_; }
  void increment() noexcept { ++edge_; }
  void decrement() noexcept { --edge_; }
  void advance(std::ptrdiff_t n) noexcept { edge_ = static_cast<std::uint32_t>(edge_ + n); }
  std::ptrdiff_t distance_to(const EdgeIterator& other) const noexcept {
    return static_cast<std::ptrdiff_t>(other.edge_) - static_cast<std::ptrdiff_t>(edge_);
  }
  const WalkGraph* g_ = nullptr;
  std::uint32_t edge_ = 0;
};

// The traversals this adaptor offers.
struct TraversalCategory : boost::incidence_graph_tag,
                           boost::adjacency_graph_tag,
                           boost::vertex_list_graph_tag,
                           boost::edge_list_graph_tag {};

// vertex_index: a node's dense index.
struct NodeIndexMap {
  using key_type = NodeId;
  using value_type = std::uint32_t;
  using reference = std::uint32_t;
  using category = boost::readable_property_map_tag;
  friend std::uint32_t get(NodeIndexMap /*map*/, NodeId v) noexcept { return static_cast<std::uint32_t>(v); }
};

// A per-edge attribute (length_m, or seconds a caller computed per edge) read by an edge descriptor.
struct EdgeValueMap {
  using key_type = WalkEdge;
  using value_type = double;
  using reference = double;
  using category = boost::readable_property_map_tag;
  const double* values = nullptr;
  friend double get(EdgeValueMap map, const WalkEdge& e) noexcept { return map.values[e.edge]; }
};

}  // namespace bgl

// IncidenceGraph and AdjacencyGraph.
inline std::pair<bgl::OutEdgeIterator, bgl::OutEdgeIterator> out_edges(NodeId u,
                                                                       const WalkGraph& g) noexcept {
  return {bgl::OutEdgeIterator(g, u, g.first_out[u]), bgl::OutEdgeIterator(g, u, g.first_out[u + 1])};
}
inline std::uint32_t out_degree(NodeId u, const WalkGraph& g) noexcept {
  return g.first_out[u + 1] - g.first_out[u];
}
inline NodeId source(const WalkEdge& e, const WalkGraph& /*g*/) noexcept { return e.source; }
inline NodeId target(const WalkEdge& e, const WalkGraph& /*g*/) noexcept { return e.target; }
inline std::pair<const NodeId*, const NodeId*> adjacent_vertices(NodeId u, const WalkGraph& g) noexcept {
  return {g.head.data() + g.first_out[u], g.head.data() + g.first_out[u + 1]};
}

// VertexListGraph and EdgeListGraph.
inline std::pair<bgl::NodeIterator, bgl::NodeIterator> vertices(const WalkGraph& g) noexcept {
  return {bgl::NodeIterator(0), bgl::NodeIterator(g.node_count())};
}
inline std::uint32_t num_vertices(const WalkGraph& g) noexcept { return g.node_count(); }
inline std::pair<bgl::EdgeIterator, bgl::EdgeIterator> edges(const WalkGraph& g) noexcept {
  return {bgl::EdgeIterator(g, 0), bgl::EdgeIterator(g, g.edge_count())};
}
inline std::uint32_t num_edges(const WalkGraph& g) noexcept { return g.edge_count(); }

// Property maps: get(boost::vertex_index, g), get(boost::edge_weight, g) (the
// length in metres, what BGL's shortest-path algorithms read by default), length_m_map(g).
inline bgl::NodeIndexMap get(boost::vertex_index_t /*tag*/, const WalkGraph& /*g*/) noexcept { return {}; }
inline bgl::EdgeValueMap get(boost::edge_weight_t /*tag*/, const WalkGraph& g) noexcept {
  return {g.length_m.data()};
}
inline std::uint32_t get(boost::vertex_index_t tag, const WalkGraph& g, NodeId v) noexcept {
  return get(get(tag, g), v);
}
inline double get(boost::edge_weight_t tag, const WalkGraph& g, const WalkEdge& e) noexcept {
  return get(get(tag, g), e);
}
inline bgl::EdgeValueMap length_m_map(const WalkGraph& g) noexcept { return {g.length_m.data()}; }

}  // namespace lifecircle::graph

namespace boost {

template <>
struct graph_traits<lifecircle::graph::WalkGraph> {
  using vertex_descriptor = lifecircle::graph::NodeId;
  using edge_descriptor = lifecircle::graph::WalkEdge;
  using directed_category = undirected_tag;
  using edge_parallel_category = allow_parallel_edge_tag;  // two ways may join the same two nodes
  using traversal_category = lifecircle::graph::bgl::TraversalCategory;

  using out_edge_iterator = lifecircle::graph::bgl::OutEdgeIterator;
  using adjacency_iterator = const lifecircle::graph::NodeId*;
  using vertex_iterator = lifecircle::graph::bgl::NodeIterator;
  using edge_iterator = lifecircle::graph::bgl::EdgeIterator;
  using degree_size_type = std::uint32_t;
  using vertices_size_type = std::uint32_t;
  using edges_size_type = std::uint32_t;

  static vertex_descriptor null_vertex() noexcept { return vertex_descriptor{lifecircle::graph::kInvalidId}; }
};

template <>
struct property_map<lifecircle::graph::WalkGraph, vertex_index_t> {
  using type = lifecircle::graph::bgl::NodeIndexMap;
  using const_type = type;
};

template <>
struct property_map<lifecircle::graph::WalkGraph, edge_weight_t> {
  using type = lifecircle::graph::bgl::EdgeValueMap;
  using const_type = type;
};

}  // namespace boost
