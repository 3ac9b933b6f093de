#include "lifecircle/partition/piece.hpp"

#include <algorithm>
#include <chrono>

#include "lifecircle/coverage/category_coverage.hpp"
#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/geom/isochrone.hpp"
#include "lifecircle/graph/node_order.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {
namespace {

std::uint32_t local_of(const std::vector<std::uint32_t>& whole_ids, std::uint32_t id) {
  const auto it = std::lower_bound(whole_ids.begin(), whole_ids.end(), id);
  if (it == whole_ids.end() || *it != id)
    throw Error("partition: id " + std::to_string(id) + " is not in the piece");
  return static_cast<std::uint32_t>(it - whole_ids.begin());
}

bool owns(const PieceInputs& in, std::uint32_t local_town) {
  return local_town != coverage::kNoTown &&
         std::binary_search(in.owned_towns.begin(), in.owned_towns.end(), in.towns[local_town]);
}

}  // namespace

WholeInputs load_whole_inputs(const io::Plan& plan, int working_epsg) {
  WholeInputs w;
  w.plan = plan;
  w.working_epsg = working_epsg;
  const io::WorkingCrs crs(working_epsg);
  w.towns = io::load_towns(plan.towns, crs);
  for (const io::FacilitiesInput& input : plan.facilities) {
    io::FacilityLayer layer = io::load_facilities(input, plan.categories, crs);
    w.facility_layers.push_back(layer.info);
    for (io::Facility& f : layer.facilities) w.facilities.push_back(std::move(f));
  }
  if (plan.population) w.population = io::load_population(*plan.population, crs);
  return w;
}

std::unique_ptr<study::Study> piece_study(const WholeInputs& whole, const io::RawRoads& roads,
                                          const PieceInputs& in) {
  auto study = std::make_unique<study::Study>();
  study->plan = whole.plan;
  study->plan.working_epsg = whole.working_epsg;
  study->plan.min_component_nodes = 0;
  study->crs = std::make_unique<io::WorkingCrs>(whole.working_epsg);
  study->network.graph = graph::build_walk_graph(roads, *study->crs, &study->network.roads.build);
  graph::order_nodes_for_locality(study->network.graph);  // as graph::build_walk_network does
  study->network.components = graph::find_components(study->network.graph);
  study->network.graph.validate();
  study->network.index = std::make_unique<graph::EdgeIndex>(study->network.graph);
  study->towns.info = whole.towns.info;
  for (const std::uint32_t t : in.towns) study->towns.towns.push_back(whole.towns.towns[t]);
  study->facility_layers = whole.facility_layers;
  for (const std::uint32_t i : in.facilities) study->facilities.push_back(whole.facilities[i]);
  study->facility_snaps.resize(study->facilities.size());
  for (std::size_t i = 0; i < study->facilities.size(); ++i) {
    study->facility_snaps[i].snap = study->network.index->nearest(
        study->facilities[i].x, study->facilities[i].y, study->plan.snap_limit_m);
  }
  if (whole.population) {
    io::PopulationLayer layer;
    layer.info = whole.population->info;
    layer.source = whole.population->source;
    layer.total = whole.population->total;
    for (const std::uint32_t i : in.population_points) layer.points.push_back(whole.population->points[i]);
    study->population = std::move(layer);
  }
  return study;
}

PieceSummary summarize_piece(const study::Study& study, const PieceInputs& in) {
  const geom::GeosContext ctx;
  const coverage::TownLocator locator(ctx, study.towns);
  const coverage::StreetChunks chunks = coverage::cut_streets(study.network.graph, locator);
  PieceSummary s;
  const coverage::DemandModel streets = coverage::street_length_demand(study, chunks);
  for (const std::uint32_t t : in.owned_towns) {
    s.towns.push_back(t);
    s.town_street_m.push_back(streets.town_street_m[local_of(in.towns, t)]);
  }
  // An edge is the region's when its first chunk lies in one of its towns: each counted once.
  const routing::TravelCost walking = routing::walking_cost(study.network.graph, study.plan.walk_speed_mps);
  routing::BoundedDijkstra search(walking);
  for (const io::Category& category : study.plan.categories) {
    const coverage::CategoryFacilities members = coverage::facilities_of(study, category.id);
    const routing::SourcesOnEdges on_edges(members.points, {});
    search.run(routing::sources_for_all(walking, members.points, {}),
               category.reach.budget_s(walking.speed_mps));
    const double budget_s = coverage::bands_for(study.plan, category).back() * 60.0;
    double reached_m = 0.0;
    for (const geom::Piece& piece : geom::reached_network(search, on_edges, budget_s).pieces) {
      if (owns(in, chunks.town[chunks.first[piece.edge]])) reached_m += piece.along.to_m - piece.along.from_m;
    }
    s.category_reached_m.push_back(reached_m);
  }
  return s;
}

Agreement agree(const io::Plan& plan, std::size_t town_count, const std::vector<PieceSummary>& summaries) {
  Agreement a;
  a.town_street_m.assign(town_count, 0.0);
  std::vector<double> reached(plan.categories.size(), 0.0);
  for (const PieceSummary& s : summaries) {
    for (std::size_t i = 0; i < s.towns.size(); ++i) a.town_street_m[s.towns[i]] = s.town_street_m[i];
    for (std::size_t k = 0; k < reached.size(); ++k) reached[k] += s.category_reached_m.at(k);
  }
  const geom::BufferStyle style{plan.isochrone_buffer_m, 4};
  for (const double length_m : reached) {
    geom::ReachedNetwork total;
    total.length_m = length_m;
    a.category_cell_m.push_back(geom::cell_for(total, style, coverage::kMaxCoverageGridNodes));
  }
  return a;
}

PieceResult run_piece(const study::Study& study, const PieceInputs& in,
                      const std::vector<std::uint32_t>& edge_global, const Agreement& agreement,
                      const coverage::RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  coverage::WholeNetwork whole;
  for (const std::uint32_t t : in.towns) whole.town_street_m.push_back(agreement.town_street_m.at(t));
  whole.category_cell_m = agreement.category_cell_m;
  for (const std::uint32_t f : in.facilities) {
    whole.facility_owned.push_back(
        std::binary_search(in.owned_facilities.begin(), in.owned_facilities.end(), f));
  }
  coverage::RunOptions run_options = options;
  run_options.whole = &whole;
  const coverage::RunResult r = coverage::run_coverage(study, run_options);

  PieceResult out;
  out.region = in.region;
  const std::size_t categories = r.categories.size();
  out.categories = static_cast<std::uint32_t>(categories);
  std::vector<std::uint32_t> local_towns;
  for (const std::uint32_t t : in.owned_towns) {
    const std::uint32_t l = local_of(in.towns, t);
    local_towns.push_back(l);
    out.towns.push_back(t);
    out.placed.push_back(r.demand.placed_population[l]);
    out.unplaced.push_back(r.demand.unplaced_population[l]);
    out.unplaced_points.push_back(static_cast<double>(r.demand.unplaced_points[l]));
    out.area_m2.push_back(r.town_area_m2[l]);
    out.composite_covered.push_back(r.composite.town_covered_population[l]);
  }
  for (const coverage::CategoryResult& c : r.categories) {
    for (const std::uint32_t l : local_towns) {
      out.totals.push_back(c.coverage.towns[l]);
      out.covered_area_m2.push_back(c.town_covered_area_m2.empty() ? 0.0 : c.town_covered_area_m2[l]);
    }
    out.band_wkb.push_back(c.band_wkb);
  }
  std::vector<std::size_t> owned_points;
  for (std::size_t i = 0; i < r.demand.points.size(); ++i) {
    if (!owns(in, r.demand.points[i].town)) continue;
    coverage::DemandPoint p = r.demand.points[i];
    p.at.edge = edge_global.at(p.at.edge);
    p.town = in.towns[p.town];
    out.points.push_back(p);
    owned_points.push_back(i);
  }
  for (const coverage::CategoryResult& c : r.categories) {
    for (const std::size_t i : owned_points) {
      const std::uint32_t label = c.coverage.demand_facility[i];
      out.point_time_s.push_back(c.coverage.demand_time_s[i]);
      out.point_facility.push_back(
          label == routing::kNoLabel ? routing::kNoLabel : in.facilities[c.coverage.members.facility[label]]);
    }
  }
  for (const std::uint32_t f : in.owned_facilities) {
    const std::uint32_t l = local_of(in.facilities, f);
    out.facilities.push_back(f);
    graph::Snapped snap = study.facility_snaps[l];
    if (snap.snap) snap.snap->edge = edge_global.at(snap.snap->edge);
    out.snaps.push_back(snap);
    out.isochrones.push_back(r.facilities[l]);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace lifecircle::partition
