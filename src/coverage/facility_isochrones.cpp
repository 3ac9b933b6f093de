#include "lifecircle/coverage/facility_isochrones.hpp"

#include <omp.h>

#include <exception>
#include <memory>
#include <mutex>

#include "lifecircle/coverage/category_coverage.hpp"
#include "lifecircle/util/memory.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::coverage {

std::vector<double> bands_for(const io::Plan& plan, const io::Category& category) {
  std::vector<double> bands;
  const double budget_min = category.reach.budget_s(plan.walk_speed_mps) / 60.0;
  for (const double b : plan.band_minutes) {
    if (b < budget_min - 1e-9) bands.push_back(b);
  }
  bands.push_back(budget_min);
  return bands;
}

namespace {

struct Worker {
  routing::BoundedDijkstra search;
  geom::GeosContext geos;
  explicit Worker(const routing::TravelCost& cost) : search(cost) {}
};

double reachable_population(const routing::BoundedDijkstra& search, const routing::SourcesOnEdges& on_edge,
                            const DemandModel& demand, const std::vector<std::uint32_t>& demand_first) {
  double population = 0.0;
  for (const graph::EdgeId e : geom::touched_edges(search, on_edge)) {
    for (std::uint32_t i = demand_first[e]; i < demand_first[e + 1]; ++i) {
      const DemandPoint& p = demand.points[i];
      if (routing::arrival_at(search, p.at, on_edge).label != routing::kNoLabel) population += p.population;
    }
  }
  return population;
}

FacilityIsochrone one_job(Worker& w, const IsochroneJob& job, const DemandModel& demand,
                          const std::vector<std::uint32_t>& demand_first, const IsochroneOptions& options) {
  FacilityIsochrone out;
  const routing::SourcesOnEdges on_edge({&job.at, 1}, {});
  const double budget_s = job.band_minutes.back() * 60.0;
  w.search.run(routing::sources_for(w.search.cost(), job.at, 0), budget_s);
  out.computed = true;
  out.reached_nodes = static_cast<std::uint32_t>(w.search.settled().size());
  if (!demand.points.empty())
    out.reachable_population = reachable_population(w.search, on_edge, demand, demand_first);
  out.band_minutes = job.band_minutes;
  if (!options.polygons) {  // only the budget's street length is wanted: no shapes to cut
    out.reached_street_m = geom::reached_length_m(w.search, on_edge, budget_s);
    return out;
  }
  for (const double minutes : job.band_minutes) {
    const geom::ReachedNetwork reached = geom::reached_network(w.search, on_edge, minutes * 60.0);
    out.reached_street_m = reached.length_m;  // the last band's, i.e. the budget's
    if (!options.polygons) continue;
    const geom::Geometry polygon = geom::isochrone_polygon(w.geos, reached, options.style);
    out.band_wkb.push_back(geom::to_wkb(w.geos, polygon.get()));
    out.band_area_m2.push_back(geom::area(w.geos, polygon.get()));
  }
  return out;
}

}  // namespace

std::vector<FacilityIsochrone> isochrones(const routing::TravelCost& cost,
                                          const std::vector<IsochroneJob>& jobs, const DemandModel& demand,
                                          const IsochroneOptions& options) {
  const graph::WalkGraph& graph = *cost.graph;
  const std::vector<std::uint32_t> demand_first = demand_by_edge(graph, demand.points);
  std::vector<FacilityIsochrone> results(jobs.size());
  FirstException failure("facility isochrones");
  std::mutex progress_mutex;  // options.progress: one call at a time, `done` counted under it
  std::size_t done = 0;
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  const auto count = static_cast<std::int64_t>(jobs.size());
  // Each thread a search over the whole graph (a facility's grid is small).
  require_memory(parallel_need(routing::BoundedDijkstra::scratch_bytes(graph), 0, threads, jobs.size()),
                 memory_room(), "the facility searches on " + std::to_string(threads) + " threads",
                 "use fewer --threads");
#pragma omp parallel num_threads(threads)
  {
    std::unique_ptr<Worker> worker;
    failure.run([&] { worker = std::make_unique<Worker>(cost); });
#pragma omp for schedule(dynamic, 4)
    for (std::int64_t k = 0; k < count; ++k) {
      if (!worker || failure.failed()) continue;
      failure.run([&] {
        results[k] = one_job(*worker, jobs[k], demand, demand_first, options);
        if (options.progress) {
          const std::lock_guard<std::mutex> lock(progress_mutex);
          options.progress(++done, jobs.size());
        }
      });
    }
  }
  failure.rethrow();
  return results;
}

std::vector<FacilityIsochrone> facility_isochrones(const study::Study& study, const routing::TravelCost& cost,
                                                   const DemandModel& demand,
                                                   const IsochroneOptions& options) {
  std::vector<IsochroneJob> jobs;
  std::vector<std::uint32_t> facility_of_job;
  for (std::uint32_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (f.status != io::FacilityStatus::existing || !study.facility_snaps[i].on_network()) continue;
    if (options.wanted && !(*options.wanted)[i]) continue;
    const io::Category* category = study.plan.find_category(f.category);
    jobs.push_back(
        {routing::NetworkPoint::from_snap(*study.facility_snaps[i].snap), bands_for(study.plan, *category)});
    facility_of_job.push_back(i);
  }
  std::vector<FacilityIsochrone> by_job = isochrones(cost, jobs, demand, options);
  std::vector<FacilityIsochrone> results(study.facilities.size());
  for (std::size_t k = 0; k < jobs.size(); ++k) results[facility_of_job[k]] = std::move(by_job[k]);
  return results;
}

}  // namespace lifecircle::coverage
