#include "lifecircle/coverage/street_chunks.hpp"

#include <algorithm>
#include <cmath>

namespace lifecircle::coverage {

StreetChunks cut_streets(const graph::WalkGraph& g, const TownLocator& towns, double chunk_m) {
  StreetChunks c;
  c.first.assign(g.edge_count() + 1, 0);
  std::vector<double> xs, ys;
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const double length = g.length_m[e];
    // A millimetre of slack: a 100.0004 m street is one chunk, not two.
    const auto pieces = static_cast<std::uint32_t>(std::max(1.0, std::ceil((length - 1e-3) / chunk_m)));
    const double step = length / pieces;
    for (std::uint32_t k = 0; k < pieces; ++k) {
      const double mid = (k + 0.5) * step;
      geom::cut_edge_shape(g, e, {mid, mid}, xs, ys);
      c.along.push_back({k * step, k + 1 == pieces ? length : (k + 1) * step});
      c.town.push_back(towns.town_at(xs[0], ys[0]));
    }
    c.first[e + 1] = static_cast<std::uint32_t>(c.along.size());
  }
  return c;
}

void add_covered_length(const StreetChunks& chunks, graph::EdgeId edge,
                        const std::vector<geom::Interval>& reached, std::vector<double>& covered_by_town) {
  for (std::uint32_t k = chunks.first[edge]; k < chunks.first[edge + 1]; ++k) {
    if (chunks.town[k] == kNoTown) continue;
    const geom::Interval& chunk = chunks.along[k];
    for (const geom::Interval& r : reached) {
      const double overlap = std::min(chunk.to_m, r.to_m) - std::max(chunk.from_m, r.from_m);
      if (overlap > 0.0) covered_by_town[chunks.town[k]] += overlap;
    }
  }
}

}  // namespace lifecircle::coverage
