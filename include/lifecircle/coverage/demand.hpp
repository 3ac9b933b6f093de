#pragma once
// Where people live, as weighted points on the network ("demand"). The best
// available model wins: a population raster or a layer of residential points
// (each snapped to the network), else each town's population spread evenly
// over the walkable street length inside it.

#include <string>
#include <vector>

#include "lifecircle/geom/geos_context.hpp"
#include "lifecircle/routing/network_point.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::coverage {

inline constexpr std::uint32_t kNoTown = graph::kInvalidId;

struct DemandPoint {
  routing::NetworkPoint at;
  double population = 0.0;
  std::uint32_t town = kNoTown;  // index into study.towns.towns
  double x = 0.0, y = 0.0;       // the real position, working CRS
};

enum class DemandModelKind { street_length, points_layer, raster };
std::string to_string(DemandModelKind kind);

struct DemandModel {
  DemandModelKind kind = DemandModelKind::street_length;
  std::string description;          // for people: what was used and how
  std::vector<DemandPoint> points;  // sorted by edge, then offset
  // Per town: population that could not be placed on the network (no street
  // inside the town, or residential points farther than the snap limit).
  std::vector<double> unplaced_population;
  std::vector<std::size_t> unplaced_points;
  std::vector<double> placed_population;
  // Street-length model: each town's walkable street length, its population's divisor.
  std::vector<double> town_street_m;
  // Population layers: residents of the layer outside every town (not counted).
  double outside_population = 0.0;
  std::size_t outside_points = 0;
  // What the model could not place, said for people (account_for_towns).
  std::vector<std::string> warnings;
};

// Town index of each point (kNoTown outside every town), through prepared
// polygons; the lowest town index wins where towns overlap.
class TownLocator {
 public:
  TownLocator(const geom::GeosContext& ctx, const io::TownLayer& towns);
  std::uint32_t town_at(double x, double y) const;

 private:
  const geom::GeosContext* ctx_;
  const io::TownLayer* towns_;
  std::vector<geom::Geometry> polygons_;
  std::vector<geom::PreparedGeometry> prepared_;
};

struct StreetChunks;

// Each town's population spread over its walkable streets: every street
// chunk (street_chunks.hpp) becomes a demand point at its middle, weighted by
// its length. whole_town_street_m (a piece of a larger network): the towns'
// street lengths in the whole network, used instead of the piece's own.
DemandModel street_length_demand(const study::Study& study, const StreetChunks& chunks,
                                 const std::vector<double>* whole_town_street_m = nullptr);

// Residential points (x, y in the working CRS) with population, snapped to
// the network within the plan's snap limit.
struct ResidentialPoint {
  double x = 0.0, y = 0.0;
  double population = 0.0;
};
DemandModel points_demand(const study::Study& study, const TownLocator& towns,
                          const std::vector<ResidentialPoint>& residents, DemandModelKind kind,
                          std::string description);

// Checks the model against each town's population field: a town with less
// than study.plan.min_placed_share of it placed on the network is an
// InputError naming the towns, their shares and the plan key; a layer whose
// people inside the towns are more than ten times the towns' total is an
// InputError. Everything else not placed (per town: beyond the snap limit,
// missing from the layer, no street inside; the layer's people outside every
// town) becomes a warning in model.warnings.
void account_for_towns(const study::Study& study, DemandModel& model);

// Demand point index by edge: points of edge e are [first[e], first[e+1]).
std::vector<std::uint32_t> demand_by_edge(const graph::WalkGraph& graph,
                                          const std::vector<DemandPoint>& points);

}  // namespace lifecircle::coverage
