#include "lifecircle/coverage/demand.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/geom/reached_network.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::coverage {

std::string to_string(DemandModelKind kind) {
  switch (kind) {
    case DemandModelKind::street_length: return "street-length";
    case DemandModelKind::points_layer: return "residential-points";
    case DemandModelKind::raster: return "population-raster";
  }
  return "unknown";
}

TownLocator::TownLocator(const geom::GeosContext& ctx, const io::TownLayer& towns) : ctx_(&ctx), towns_(&towns) {
  for (const io::Town& t : towns.towns) {
    polygons_.push_back(geom::from_wkb(ctx, t.wkb));
    prepared_.push_back(geom::prepare(ctx, polygons_.back().get()));
  }
}

std::uint32_t TownLocator::town_at(double x, double y) const {
  geom::Geometry point;
  for (std::uint32_t i = 0; i < prepared_.size(); ++i) {
    const io::Town& t = towns_->towns[i];
    if (x < t.min_x || x > t.max_x || y < t.min_y || y > t.max_y) continue;
    if (!point) point = geom::make_point(*ctx_, x, y);
    const char inside = GEOSPreparedIntersects_r(ctx_->handle(), prepared_[i].get(), point.get());
    if (inside == 2) ctx_->fail("point-in-town test");
    if (inside) return i;
  }
  return kNoTown;
}

namespace {

void sort_points(std::vector<DemandPoint>& points) {
  std::stable_sort(points.begin(), points.end(), [](const DemandPoint& a, const DemandPoint& b) {
    return a.at.edge != b.at.edge ? a.at.edge < b.at.edge : a.at.offset_m < b.at.offset_m;
  });
}

}  // namespace

DemandModel street_length_demand(const graph::City& city, const StreetChunks& chunks,
                                 const std::vector<double>* whole_town_street_m) {
  const graph::WalkGraph& g = city.graph;
  const std::size_t town_count = city.towns.towns.size();
  DemandModel model;
  model.kind = DemandModelKind::street_length;
  std::vector<double> street_m(town_count, 0.0);
  std::vector<double> xs, ys;
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    for (std::uint32_t k = chunks.first[e]; k < chunks.first[e + 1]; ++k) {
      if (chunks.town[k] == kNoTown) continue;  // streets outside every town carry nobody
      const geom::Interval& along = chunks.along[k];
      const double mid = (along.from_m + along.to_m) / 2.0;
      const double length = along.to_m - along.from_m;
      if (length <= 0.0) continue;
      geom::cut_edge_shape(g, e, {mid, mid}, xs, ys);
      model.points.push_back({{e, mid, 0.0}, length, chunks.town[k], xs[0], ys[0]});
      street_m[chunks.town[k]] += length;
    }
  }
  model.town_street_m = street_m;
  if (whole_town_street_m) street_m = *whole_town_street_m;
  // Weights are street metres so far: turn them into people.
  model.placed_population.assign(town_count, 0.0);
  model.unplaced_population.assign(town_count, 0.0);
  model.unplaced_points.assign(town_count, 0);
  for (DemandPoint& p : model.points) {
    p.population = city.towns.towns[p.town].population * p.population / street_m[p.town];
    model.placed_population[p.town] += p.population;
  }
  for (std::size_t t = 0; t < town_count; ++t) {
    if (street_m[t] == 0.0) model.unplaced_population[t] = city.towns.towns[t].population;
  }
  model.description = "each town's population spread over the walkable street length inside it";
  sort_points(model.points);
  return model;
}

DemandModel points_demand(const graph::City& city, const TownLocator& towns,
                          const std::vector<ResidentialPoint>& residents, DemandModelKind kind,
                          std::string description) {
  const std::size_t town_count = city.towns.towns.size();
  DemandModel model;
  model.kind = kind;
  model.description = std::move(description);
  model.placed_population.assign(town_count, 0.0);
  model.unplaced_population.assign(town_count, 0.0);
  model.unplaced_points.assign(town_count, 0);
  for (const ResidentialPoint& r : residents) {
    if (!(r.population > 0.0)) continue;
    const std::uint32_t town = towns.town_at(r.x, r.y);
    if (town == kNoTown) continue;
    const auto snap = city.index->nearest(r.x, r.y, city.plan.snap_limit_m);
    if (!snap) {
      model.unplaced_population[town] += r.population;
      ++model.unplaced_points[town];
      continue;
    }
    model.points.push_back({routing::NetworkPoint::from_snap(*snap), r.population, town, r.x, r.y});
    model.placed_population[town] += r.population;
  }
  sort_points(model.points);
  return model;
}

std::vector<std::uint32_t> demand_by_edge(const graph::WalkGraph& graph, const std::vector<DemandPoint>& points) {
  std::vector<std::uint32_t> first(graph.edge_count() + 1, 0);
  for (const DemandPoint& p : points) ++first[p.at.edge + 1];
  for (std::size_t e = 0; e < graph.edge_count(); ++e) first[e + 1] += first[e];
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].at.edge < points[i - 1].at.edge) throw Error("demand points must be sorted by edge");
  }
  return first;
}

}  // namespace lifecircle::coverage
