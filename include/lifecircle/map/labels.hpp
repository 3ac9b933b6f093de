#pragma once
// Labels that never overlap: greedy placement with collision boxes. Labels
// are placed in the order given (the caller puts the important ones first);
// each tries a few positions around its anchor and is dropped only when none
// fits inside the bounds without touching an obstacle or a placed label.

#include <optional>
#include <vector>

#include "lifecircle/map/layout.hpp"

namespace lifecircle::map {

struct LabelRequest {
  PixelPoint anchor;
  double width = 0.0, height = 0.0;  // of the text, pixels
};

// Boxes of the placed labels (parallel to requests), empty for a dropped
// one. `gap` keeps labels this far from each other and from obstacles; the
// first candidate is centred on the anchor, the next ones beside it at
// `offset` pixels.
std::vector<std::optional<Box>> place_labels(const std::vector<LabelRequest>& requests,
                                             const std::vector<Box>& obstacles, const Box& bounds, double gap,
                                             double offset);

}  // namespace lifecircle::map
