#pragma once
// The steps of a partitioned run that do not depend on how it is spread
// over processes: read the whole roads once (one process), lay the regions
// out (every process can, from the small inputs), cut the roads into pieces,
// and, for tests and one-machine runs, the whole run in one process.

#include <string>
#include <vector>

#include "lifecircle/partition/merge.hpp"

namespace lifecircle::partition {

struct WholeRoads {
  io::RawRoads raw;
  int working_epsg = 0;  // the plan's, or the UTM zone of the roads' centre, as load_study picks it
};
WholeRoads read_whole_roads(const io::Plan& plan);

struct Layout {
  WholeInputs whole;
  std::vector<Region> regions;
  Ownership owners;
  Halo halo;
  std::vector<PieceInputs> pieces;  // one per region that owns something, in region order
};
Layout lay_out(const io::Plan& plan, int working_epsg, const io::LayerRef& regions,
               const std::string& name_field);

// One RoadPiece per layout piece.
std::vector<RoadPiece> cut_for(const Layout& layout, const io::RawRoads& raw, CutStats* stats = nullptr);

// Estimated work of a piece: its edges times its facilities (searches grow with both).
double estimated_work(const RoadPiece& roads, const PieceInputs& inputs);

// Every piece in this process, one after another.
Merged run_in_one_process(const io::Plan& plan, const io::LayerRef& regions, const std::string& name_field,
                          const coverage::RunOptions& options);

}  // namespace lifecircle::partition
