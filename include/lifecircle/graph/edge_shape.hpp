#pragma once
// The shape of one walking-graph edge, as a view (doc/style.md, rule 1: the graph
// keeps plain arrays; this only reads them). An edge's shape runs from its
// from-node to its to-node; the graph stores only the points between the two
// ends, since the ends are the nodes' own coordinates (16 bytes a point, 32 per
// edge saved). The view puts the ends back: point 0 is the from-node, points
// 1..inner_size() the stored ones, point size() - 1 the to-node.
//
// Loops over many points should take front(), inner(i) and back() (or
// for_each_segment) rather than operator[], which tests which part i is in.

#include <cstddef>
#include <cstdint>
#include <iterator>

namespace lifecircle::graph {

struct ShapePoint {
  double x = 0.0, y = 0.0;  // working CRS, metres
};

class EdgeShape {
 public:
  EdgeShape(ShapePoint from, const double* inner_x, const double* inner_y, std::uint32_t inner_count,
            ShapePoint to) noexcept
      : from_(from), to_(to), inner_x_(inner_x), inner_y_(inner_y), inner_count_(inner_count) {}

  std::uint32_t size() const noexcept { return inner_count_ + 2; }
  std::uint32_t segment_count() const noexcept { return inner_count_ + 1; }
  std::uint32_t inner_size() const noexcept { return inner_count_; }

  ShapePoint front() const noexcept { return from_; }
  ShapePoint back() const noexcept { return to_; }
  // Stored point i (0 <= i < inner_size()), which is point i + 1 of the shape.
  ShapePoint inner(std::uint32_t i) const noexcept { return {inner_x_[i], inner_y_[i]}; }

  ShapePoint operator[](std::uint32_t i) const noexcept {
    if (i == 0) return from_;
    if (i > inner_count_) return to_;
    return inner(i - 1);
  }

  // f(k, a, b) for every segment k from point k (a) to point k + 1 (b), in order.
  template <typename F>
  void for_each_segment(F&& f) const {
    ShapePoint a = from_;
    for (std::uint32_t i = 0; i < inner_count_; ++i) {
      const ShapePoint b = inner(i);
      f(i, a, b);
      a = b;
    }
    f(inner_count_, a, to_);
  }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = ShapePoint;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = ShapePoint;

    Iterator() = default;
    Iterator(const EdgeShape* shape, std::uint32_t i) noexcept : shape_(shape), i_(i) {}
    ShapePoint operator*() const noexcept { return (*shape_)[i_]; }
    Iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    Iterator operator++(int) noexcept {
      Iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const Iterator& other) const noexcept { return i_ == other.i_ && shape_ == other.shape_; }

   private:
    const EdgeShape* shape_ = nullptr;
    std::uint32_t i_ = 0;
  };
  Iterator begin() const noexcept { return {this, 0}; }
  Iterator end() const noexcept { return {this, size()}; }

 private:
  ShapePoint from_, to_;
  const double* inner_x_;
  const double* inner_y_;
  std::uint32_t inner_count_;
};

}  // namespace lifecircle::graph
