#pragma once
// The pieces' results put together into one run's result, as a single
// process would have computed it: per-town figures come from the region that
// owns the town (its piece saw all of it), demand points are put back in the
// whole graph's order, and every sum over towns or points (citywide totals,
// catchments, the composite) is taken again here in the single run's order,
// so the tables come out byte for byte the same.
//
// Not the same: the coverage layer's polygons are the union of the pieces'
// polygons (equal inside the towns, the same areas per town), and the Study
// has an empty network (write_layers and the target check need none).

#include <memory>
#include <vector>

#include "lifecircle/partition/piece.hpp"

namespace lifecircle::partition {

struct Merged {
  std::unique_ptr<study::Study> study;  // plan, CRS, towns, facilities and their snaps; an empty network
  coverage::RunResult result;
};

// Every town and facility must be owned by one of the results' regions.
Merged merge(const WholeInputs& whole, std::vector<PieceResult> results);

}  // namespace lifecircle::partition
