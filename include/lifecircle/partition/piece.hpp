#pragma once
// One region's piece of a partitioned run: its Study (the whole run's inputs
// cut to the piece), the agreement between pieces before their runs (towns'
// street lengths, the coverage grid cell), and the run's results for what
// the region owns, with whole-run ids so they can be merged (merge.hpp).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/partition/cut.hpp"
#include "lifecircle/partition/regions.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::partition {

// The whole run's loaded inputs that every piece draws from (all small beside the roads).
struct WholeInputs {
  io::Plan plan;
  int working_epsg = 0;
  io::TownLayer towns;
  std::vector<io::LayerInfo> facility_layers;
  std::vector<io::Facility> facilities;
  std::optional<io::PopulationLayer> population;
};

// Loads towns, facilities and the population layer in the given working CRS.
WholeInputs load_whole_inputs(const io::Plan& plan, int working_epsg);

// The piece's Study: its roads built into a network (no component dropped: the
// cut did that on the whole network), the towns, facilities and residential
// points of `inputs`, in the whole run's order.
std::unique_ptr<study::Study> piece_study(const WholeInputs& whole, const io::RawRoads& roads,
                                          const PieceInputs& inputs);

// Before the runs: what a piece knows exactly about the whole.
struct PieceSummary {
  std::vector<std::uint32_t> towns;        // owned towns (whole ids)
  std::vector<double> town_street_m;       // their street length (street-length demand's divisor)
  std::vector<double> category_reached_m;  // per category: reached street length on edges the region owns
};
PieceSummary summarize_piece(const study::Study& study, const PieceInputs& inputs);

// The agreement: every town's street length, and each category's coverage
// grid cell chosen (geom::cell_for) from the reached length summed over
// regions in region order.
struct Agreement {
  std::vector<double> town_street_m;  // per whole town
  std::vector<double> category_cell_m;
};
Agreement agree(const io::Plan& plan, std::size_t town_count, const std::vector<PieceSummary>& summaries);

// What a piece's run contributes to the whole: only what its region owns.
struct PieceResult {
  std::uint32_t region = 0;
  std::uint32_t categories = 0;
  // Owned towns (whole ids) and, per town:
  std::vector<std::uint32_t> towns;
  std::vector<double> placed, unplaced, unplaced_points, area_m2, composite_covered;
  std::vector<coverage::Totals> totals;  // [category * towns + t]
  std::vector<double> covered_area_m2;   // [category * towns + t]
  // Demand points of owned towns, with the whole graph's edge id.
  std::vector<coverage::DemandPoint> points;
  std::vector<double> point_time_s;           // [category * points + i]
  std::vector<std::uint32_t> point_facility;  // [category * points + i]: whole facility id, or kNoLabel
  // Owned facilities (whole ids): snap (edge as whole id) and isochrone.
  std::vector<std::uint32_t> facilities;
  std::vector<graph::Snapped> snaps;
  std::vector<coverage::FacilityIsochrone> isochrones;
  // Per category and band: this piece's coverage polygon (WKB, working CRS).
  std::vector<std::vector<std::string>> band_wkb;
  double seconds = 0.0;
};

PieceResult run_piece(const study::Study& study, const PieceInputs& inputs,
                      const std::vector<std::uint32_t>& edge_global, const Agreement& agreement,
                      const coverage::RunOptions& options);

}  // namespace lifecircle::partition
