#include "lifecircle/partition/layout.hpp"

#include <algorithm>
#include <limits>

#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/io/gdal_roads.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {

WholeRoads read_whole_roads(const io::Plan& plan) {
  WholeRoads w;
  double min_lon = std::numeric_limits<double>::max(), min_lat = min_lon;
  double max_lon = std::numeric_limits<double>::lowest(), max_lat = max_lon;
  if (io::is_osm_file(plan.roads.path)) {
    w.raw = io::read_osm_roads(plan.roads.path);
    for (const io::RawVertex& v : w.raw.vertices) {  // graph/city.cpp's box for OSM
      min_lon = std::min(min_lon, v.lon), max_lon = std::max(max_lon, v.lon);
      min_lat = std::min(min_lat, v.lat), max_lat = std::max(max_lat, v.lat);
    }
  } else {
    io::GdalRoads gdal = io::read_gdal_roads(plan.roads);
    w.raw = std::move(gdal.roads);
    min_lon = gdal.info.min_lon, max_lon = gdal.info.max_lon, min_lat = gdal.info.min_lat,
    max_lat = gdal.info.max_lat;
  }
  w.working_epsg =
      plan.working_epsg.value_or(io::utm_epsg_for((min_lon + max_lon) / 2.0, (min_lat + max_lat) / 2.0));
  return w;
}

Layout lay_out(const io::Plan& plan, int working_epsg, const io::LayerRef& regions,
               const std::string& name_field) {
  Layout l;
  l.whole = load_whole_inputs(plan, working_epsg);
  const io::WorkingCrs crs(working_epsg);
  l.regions = io::load_regions(regions, name_field, crs);
  std::vector<std::uint32_t> facility_town;
  {
    const geom::GeosContext ctx;
    const coverage::TownLocator locator(ctx, l.whole.towns);
    for (const io::Facility& f : l.whole.facilities) facility_town.push_back(locator.town_at(f.x, f.y));
  }
  l.owners = assign_owners(l.regions, l.whole.towns, l.whole.facilities, facility_town);
  l.halo = halo_for(plan);
  for (std::uint32_t r = 0; r < l.regions.size(); ++r) {
    if (l.owners.core[r].empty()) continue;
    l.pieces.push_back(piece_inputs(r, l.owners, l.halo, l.whole.towns, l.whole.facilities,
                                    l.whole.population ? &*l.whole.population : nullptr));
  }
  return l;
}

std::vector<RoadPiece> cut_for(const Layout& layout, const io::RawRoads& raw, CutStats* stats) {
  std::vector<Box> boxes;
  for (const PieceInputs& p : layout.pieces) boxes.push_back(p.core.grown(layout.halo.roads_m));
  return cut_roads(raw, io::WorkingCrs(layout.whole.working_epsg), boxes,
                   layout.whole.plan.min_component_nodes, stats);
}

double estimated_work(const RoadPiece& roads, const PieceInputs& inputs) {
  return static_cast<double>(roads.edge_global.size()) * static_cast<double>(inputs.facilities.size() + 1);
}

Merged run_in_one_process(const io::Plan& plan, const io::LayerRef& regions, const std::string& name_field,
                          const coverage::RunOptions& options) {
  WholeRoads roads = read_whole_roads(plan);
  const Layout layout = lay_out(plan, roads.working_epsg, regions, name_field);
  const std::vector<RoadPiece> cut = cut_for(layout, roads.raw);
  roads.raw = {};
  std::vector<std::unique_ptr<study::Study>> studies;
  std::vector<PieceSummary> summaries;
  for (std::size_t p = 0; p < cut.size(); ++p) {
    studies.push_back(piece_study(layout.whole, cut[p].roads, layout.pieces[p]));
    summaries.push_back(summarize_piece(*studies.back(), layout.pieces[p]));
  }
  const Agreement agreement = agree(plan, layout.whole.towns.towns.size(), summaries);
  std::vector<PieceResult> results;
  for (std::size_t p = 0; p < cut.size(); ++p) {
    results.push_back(run_piece(*studies[p], layout.pieces[p], cut[p].edge_global, agreement, options));
  }
  return merge(layout.whole, std::move(results));
}

}  // namespace lifecircle::partition
