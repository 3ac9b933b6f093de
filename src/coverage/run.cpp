#include "lifecircle/coverage/run.hpp"

#include <omp.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "lifecircle/util/memory.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::coverage {
namespace {

class Stopwatch {
 public:
  Stopwatch(RunResult& result, const RunOptions& options) : result_(result), options_(options) {}
  void lap(const std::string& step) {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    result_.timings.push_back({step, seconds});
    if (options_.progress) options_.progress(step + " (" + seconds_text(seconds) + " s)");
  }

 private:
  RunResult& result_;
  const RunOptions& options_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

void check_inputs(const study::Study& study, bool piece) {
  for (std::size_t t = 0; t < study.towns.towns.size(); ++t) {
    const io::Town& town = study.towns.towns[t];
    if (town.population <= 0.0) {
      throw InputError(
          {.path = study.plan.towns.path.string(),
           .layer = study.towns.info.layer,
           .feature = static_cast<std::int64_t>(t),
           .field = study.plan.towns.population_field},
          "is zero for town " + town.code + " " + town.name + ": coverage shares need people to divide by");
    }
  }
  for (const io::Category& c : study.plan.categories) {
    if (!piece && facilities_of(study, c.id).facility.empty()) {
      std::string files;
      for (const auto& f : study.plan.facilities) files += (files.empty() ? "" : ", ") + f.path.string();
      throw InputError({.path = files}, "no existing facility of category '" + c.id +
                                            "' lies on the walking network (values " +
                                            "mapped to it: " + std::to_string(c.values.size()) + ")");
    }
  }
}

// Best available wins: a population layer when the plan names one, else the
// towns' population spread over their streets.
DemandModel layer_demand(const study::Study& study, const TownLocator& towns) {
  const io::PopulationLayer& layer = *study.population;
  std::vector<ResidentialPoint> residents;
  residents.reserve(layer.points.size());
  for (const io::PopulationPoint& p : layer.points) residents.push_back({p.x, p.y, p.population});
  const bool raster = layer.source == io::PopulationSource::raster;
  return points_demand(study, towns, residents,
                       raster ? DemandModelKind::raster : DemandModelKind::points_layer,
                       std::string(raster ? "population raster " : "residential layer ") + layer.info.path +
                           " (" + std::to_string(layer.points.size()) + (raster ? " cells" : " features") +
                           ", snapped to the nearest street within the snap limit)");
}

// A piece of a larger network (whole) holds parts of towns: the whole run
// accounts for them, not the piece.
DemandModel demand_model(const study::Study& study, const TownLocator& towns, const StreetChunks& chunks,
                         const WholeNetwork* whole) {
  DemandModel model = study.population
                          ? layer_demand(study, towns)
                          : street_length_demand(study, chunks, whole ? &whole->town_street_m : nullptr);
  if (!whole) account_for_towns(study, model);
  return model;
}

std::vector<double> town_areas(const geom::GeosContext& ctx, const study::Study& study) {
  std::vector<double> areas;
  for (const io::Town& t : study.towns.towns) {
    areas.push_back(geom::area(ctx, geom::from_wkb(ctx, t.wkb).get()));
  }
  return areas;
}

// Coverage polygons per band, and the full-budget polygon's area per town.
// All bands share one grid, chosen from the largest band (coarser when it
// is citywide), so they nest; the area per town comes from the same grid,
// each cell's exact share of the polygon counted for the town holding the
// cell's centre (no overlay of the citywide polygon with each town).
// whole_cell_m: the whole network's cell when this city is a piece of one (0: choose here).
void category_polygons(const geom::GeosContext& ctx, const study::Study& study,
                       const routing::BoundedDijkstra& search, const geom::BufferStyle& style,
                       double whole_cell_m, CategoryResult& r) {
  const routing::SourcesOnEdges on_edges(r.coverage.members.points, {});
  std::vector<geom::ReachedNetwork> reached;
  for (const double minutes : r.band_minutes) {
    reached.push_back(geom::reached_network(search, on_edges, minutes * 60.0));
  }
  geom::BufferStyle grid = style;
  grid.cell_m =
      whole_cell_m > 0.0 ? whole_cell_m : geom::cell_for(reached.back(), style, kMaxCoverageGridNodes);
  std::vector<geom::Geometry> towns;
  std::vector<const GEOSGeometry*> town_shapes;
  for (const io::Town& t : study.towns.towns) {
    towns.push_back(geom::from_wkb(ctx, t.wkb));
    town_shapes.push_back(towns.back().get());
  }
  const geom::ZoneRaster zones(ctx, town_shapes, grid.cell_m);
  for (std::size_t b = 0; b < reached.size(); ++b) {
    const bool last = b + 1 == reached.size();
    geom::ZonedPolygon zoned = last ? geom::isochrone_polygon_by_zone(ctx, reached[b], grid, zones)
                                    : geom::ZonedPolygon{geom::isochrone_polygon(ctx, reached[b], grid), {}};
    r.band_wkb.push_back(geom::to_wkb(ctx, zoned.polygon.get()));
    r.band_area_m2.push_back(geom::area(ctx, zoned.polygon.get()));
    if (!last) continue;
    r.town_covered_area_m2 = std::move(zoned.zone_area_m2);
    r.city_covered_area_m2 = 0.0;
    for (const double covered : r.town_covered_area_m2) r.city_covered_area_m2 += covered;
  }
}

Composite composite_of(const study::Study& study, const RunResult& result) {
  Composite c;
  c.basket = study.plan.basket;
  const std::size_t towns = study.towns.towns.size();
  c.town_covered_population.assign(towns, 0.0);
  c.town_population.assign(towns, 0.0);
  std::vector<const CategoryCoverage*> members;
  for (const std::string& id : c.basket) {
    for (const CategoryResult& r : result.categories) {
      if (r.coverage.category == id) members.push_back(&r.coverage);
    }
  }
  for (std::size_t i = 0; i < result.demand.points.size(); ++i) {
    const DemandPoint& p = result.demand.points[i];
    bool all = !members.empty();
    for (const CategoryCoverage* m : members) all = all && m->demand_facility[i] != routing::kNoLabel;
    if (all) c.town_covered_population[p.town] += p.population;
  }
  for (std::size_t t = 0; t < towns; ++t) {
    c.town_population[t] = result.demand.placed_population[t] + result.demand.unplaced_population[t];
    c.population += c.town_population[t];
    c.covered_population += c.town_covered_population[t];
  }
  return c;
}

void run_categories(const study::Study& study, const routing::TravelCost& cost, const RunOptions& options,
                    RunResult& result) {
  const auto& categories = study.plan.categories;
  result.categories.resize(categories.size());
  const geom::BufferStyle style{study.plan.isochrone_buffer_m, 4};
  FirstException failure("run categories");
  std::mutex progress_mutex;  // options.counted_progress: one call at a time, `done` counted under it
  std::size_t done = 0;
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const auto count = static_cast<std::int64_t>(categories.size());
  // Each thread a search over the whole graph; each category at work a
  // distance grid of at most kMaxCoverageGridNodes cells.
  const auto grid_bytes =
      static_cast<std::uint64_t>(options.polygons ? kMaxCoverageGridNodes * sizeof(double) : 0);
  require_memory(parallel_need(routing::BoundedDijkstra::scratch_bytes(study.network.graph), grid_bytes,
                               threads, categories.size()),
                 memory_room(), "the coverage searches and grids on " + std::to_string(threads) + " threads",
                 "use fewer --threads");
#pragma omp parallel num_threads(threads)
  {
    std::optional<routing::BoundedDijkstra> search;
    std::optional<geom::GeosContext> ctx;
    failure.run([&] {
      search.emplace(cost);
      ctx.emplace();
    });
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t k = 0; k < count; ++k) {
      if (!ctx || failure.failed()) continue;
      failure.run([&] {
        CategoryResult& r = result.categories[k];
        r.coverage =
            cover_category(study, categories[k], result.demand, result.chunks, result.facility_town, *search);
        r.band_minutes = bands_for(study.plan, categories[k]);
        const double whole_cell_m = options.whole ? options.whole->category_cell_m.at(k) : 0.0;
        if (options.polygons) category_polygons(*ctx, study, *search, style, whole_cell_m, r);
        if (options.counted_progress) {
          const std::lock_guard<std::mutex> lock(progress_mutex);
          options.counted_progress("coverage of categories", ++done, categories.size());
        }
      });
    }
  }
  failure.rethrow();
}

}  // namespace

RunResult run_coverage(const study::Study& study, const RunOptions& options) {
  check_inputs(study, options.whole != nullptr);
  RunResult result;
  Stopwatch clock(result, options);
  geom::GeosContext ctx;
  const TownLocator towns(ctx, study.towns);
  result.chunks = cut_streets(study.network.graph, towns);
  result.demand = demand_model(study, towns, result.chunks, options.whole);
  for (const io::Facility& f : study.facilities) result.facility_town.push_back(towns.town_at(f.x, f.y));
  result.town_area_m2 = town_areas(ctx, study);
  clock.lap("demand: " + std::to_string(result.demand.points.size()) + " points (" +
            to_string(result.demand.kind) + ")");
  const routing::TravelCost walking = routing::walking_cost(study.network.graph, study.plan.walk_speed_mps);
  run_categories(study, walking, options, result);
  clock.lap("coverage of " + std::to_string(result.categories.size()) + " categories");
  result.composite = composite_of(study, result);
  IsochroneOptions iso{options.threads,
                       options.polygons && options.facility_polygons,
                       {study.plan.isochrone_buffer_m, 4},
                       options.whole ? &options.whole->facility_owned : nullptr};
  if (options.counted_progress) {
    const std::string step = iso.polygons ? "isochrones of facilities" : "searches from facilities";
    iso.progress = [&options, step](std::size_t done, std::size_t total) {
      options.counted_progress(step, done, total);
    };
  }
  result.facilities = facility_isochrones(study, walking, result.demand, iso);
  clock.lap(std::string(iso.polygons ? "isochrones of " : "searches from ") +
            std::to_string(study.facilities.size()) + " facilities");
  return result;
}

}  // namespace lifecircle::coverage
