#include "lifecircle/map/labels.hpp"

#include <array>

namespace lifecircle::map {
namespace {

// Candidate centres as multiples of (offset + half the label size) around
// the anchor: on it, above, below, right, left, the diagonals, then farther out.
struct Candidate {
  double dx, dy;
};
constexpr std::array<Candidate, 13> kCandidates = {{{0, 0},
                                                    {0, -1},
                                                    {0, 1},
                                                    {1, 0},
                                                    {-1, 0},
                                                    {1, -1},
                                                    {-1, -1},
                                                    {1, 1},
                                                    {-1, 1},
                                                    {0, -2},
                                                    {0, 2},
                                                    {2, 0},
                                                    {-2, 0}}};

bool fits(const Box& box, const std::vector<Box>& taken, const Box& bounds, double gap) {
  if (!bounds.contains(box)) return false;
  const Box padded = box.grown(gap);
  for (const Box& other : taken) {
    if (padded.overlaps(other)) return false;
  }
  return true;
}

}  // namespace

std::vector<std::optional<Box>> place_labels(const std::vector<LabelRequest>& requests,
                                             const std::vector<Box>& obstacles, const Box& bounds, double gap,
                                             double offset) {
  std::vector<std::optional<Box>> placed(requests.size());
  std::vector<Box> taken = obstacles;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const LabelRequest& r = requests[i];
    const double step_x = offset + r.width / 2.0, step_y = offset + r.height / 2.0;
    for (const Candidate& c : kCandidates) {
      const double cx = r.anchor.x + c.dx * step_x, cy = r.anchor.y + c.dy * step_y;
      const Box box{cx - r.width / 2.0, cy - r.height / 2.0, cx + r.width / 2.0, cy + r.height / 2.0};
      if (fits(box, taken, bounds, gap)) {
        placed[i] = box;
        taken.push_back(box);
        break;
      }
    }
  }
  return placed;
}

}  // namespace lifecircle::map
