#pragma once
// Everything a run starts from, loaded from a plan: the plan itself, the
// working CRS, the walking network, the towns, the facilities snapped to the
// network and the population layer.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/graph/snap.hpp"
#include "lifecircle/graph/walk_network.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/facilities.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/population.hpp"
#include "lifecircle/io/towns.hpp"

namespace lifecircle::study {

struct Study {
  io::Plan plan;
  std::unique_ptr<io::WorkingCrs> crs;
  graph::WalkNetwork network;  // never moved: its index points at its graph
  io::TownLayer towns;
  std::vector<io::LayerInfo> facility_layers;
  std::vector<io::Facility> facilities;           // all layers, in plan order
  std::vector<graph::Snapped> facility_snaps;     // parallel to facilities
  std::optional<io::PopulationLayer> population;  // when the plan names one
  std::vector<std::string> warnings;
  // lifecircle-mpi's merged result: the network was built region by region in
  // this many regions and none of it is held here (`network` is empty; the
  // facility snaps keep their distances, their edge ids are the regions').
  std::size_t network_regions = 0;
};

// Loads roads (OSM by extension .osm/.pbf/.osm.gz/.osm.bz2, any other file
// through GDAL), picks the working CRS, builds the network, drops small
// islands as the plan says, loads towns, facilities (snapped) and the
// population layer.
std::unique_ptr<Study> load_study(const io::Plan& plan);

// The credit owed for the road data (maps, report, GeoPackage metadata): the
// plan's [roads] attribution when set (may be empty), else the OpenStreetMap
// credit when the roads are an OSM file, else empty.
std::string road_attribution(const io::Plan& plan);

}  // namespace lifecircle::study
