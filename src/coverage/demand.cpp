#include "lifecircle/coverage/demand.hpp"

#include <algorithm>
#include <cmath>

#include "lifecircle/coverage/street_chunks.hpp"
#include "lifecircle/geom/reached_network.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::coverage {

std::string to_string(DemandModelKind kind) {
  switch (kind) {
    case DemandModelKind::street_length:
      return "street-length";
    case DemandModelKind::points_layer:
      return "residential-points";
    case DemandModelKind::raster:
      return "population-raster";
  }
  return "unknown";
}

TownLocator::TownLocator(const geom::GeosContext& ctx, const io::TownLayer& towns)
    : ctx_(&ctx), towns_(&towns) {
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
    if (geom::intersects(*ctx_, prepared_[i].get(), point.get())) return i;
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

DemandModel street_length_demand(const study::Study& study, const StreetChunks& chunks,
                                 const std::vector<double>* whole_town_street_m) {
  const graph::WalkGraph& g = study.network.graph;
  const std::size_t town_count = study.towns.towns.size();
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
    p.population = study.towns.towns[p.town].population * p.population / street_m[p.town];
    model.placed_population[p.town] += p.population;
  }
  for (std::size_t t = 0; t < town_count; ++t) {
    if (street_m[t] == 0.0) model.unplaced_population[t] = study.towns.towns[t].population;
  }
  model.description = "each town's population spread over the walkable street length inside it";
  sort_points(model.points);
  return model;
}

DemandModel points_demand(const study::Study& study, const TownLocator& towns,
                          const std::vector<ResidentialPoint>& residents, DemandModelKind kind,
                          std::string description) {
  const std::size_t town_count = study.towns.towns.size();
  DemandModel model;
  model.kind = kind;
  model.description = std::move(description);
  model.placed_population.assign(town_count, 0.0);
  model.unplaced_population.assign(town_count, 0.0);
  model.unplaced_points.assign(town_count, 0);
  for (const ResidentialPoint& r : residents) {
    if (!(r.population > 0.0)) continue;
    const std::uint32_t town = towns.town_at(r.x, r.y);
    if (town == kNoTown) {
      model.outside_population += r.population;
      ++model.outside_points;
      continue;
    }
    const auto snap = study.network.index->nearest(r.x, r.y, study.plan.snap_limit_m);
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

namespace {

// A layer whose people inside the towns exceed the towns' own total this many
// times over is in the wrong units (or the wrong band), not a denser census.
constexpr double kMaxLayerToTownsRatio = 10.0;

std::string people(double value) { return fixed(value, 0); }

std::string percent(double share) { return fixed(100.0 * share, 1) + " %"; }

std::string town_label(const io::Town& town) { return "town " + town.code + " " + town.name; }

std::string model_path(const study::Study& study) {
  if (study.population) return study.population->info.path;
  return study.plan.whole_area() ? study.plan.file.string() : study.plan.towns.path.string();
}

// Why a town's residents are not all on the network, for people.
std::string shortfall_text(const study::Study& study, const DemandModel& model, std::size_t t) {
  const io::Town& town = study.towns.towns[t];
  const double placed = model.placed_population[t];
  const double unplaced = model.unplaced_population[t];
  std::string why;
  if (model.kind == DemandModelKind::street_length) {
    why = "no walkable street inside the town";
  } else {
    const double missing = std::max(0.0, town.population - placed - unplaced);
    if (unplaced > 0.0) {
      why = people(unplaced) + " beyond the snap limit of " + fixed(study.plan.snap_limit_m, 0) + " m (" +
            std::to_string(model.unplaced_points[t]) +
            (model.unplaced_points[t] == 1 ? " point)" : " points)");
    }
    if (missing > 0.0) why += (why.empty() ? "" : ", ") + people(missing) + " not in the population layer";
  }
  return town_label(town) + ": " + people(placed) + " of " + people(town.population) + " residents (" +
         percent(town.population > 0.0 ? placed / town.population : 0.0) + ") placed on the network; " +
         people(std::max(0.0, town.population - placed)) + " not placed (" + why + ")";
}

}  // namespace

void account_for_towns(const study::Study& study, DemandModel& model) {
  const auto& towns = study.towns.towns;
  const bool layer = model.kind != DemandModelKind::street_length;
  const double share_needed = study.plan.min_placed_share;
  std::vector<std::string> too_few;
  double town_total = 0.0, layer_in_towns = 0.0;
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const io::Town& town = towns[t];
    const double placed = model.placed_population[t];
    const double in_layer = placed + model.unplaced_population[t];
    town_total += town.population;
    layer_in_towns += in_layer;
    if (town.population <= 0.0) continue;
    const double share = placed / town.population;
    if (share < share_needed) {
      too_few.push_back(town_label(town) + " " + percent(share) + " (" + people(placed) + " of " +
                        people(town.population) + ")");
    }
    // Shortfalls under 0.1 % (rounding in a layer) are not worth a line.
    if (share < 0.999) model.warnings.push_back(model_path(study) + ": " + shortfall_text(study, model, t));
    if (layer && in_layer > 1.01 * town.population) {
      model.warnings.push_back(model_path(study) + ": " + town_label(town) + ": the population layer puts " +
                               people(in_layer) + " residents in the town, its population field says " +
                               people(town.population) + " (coverage counts the layer's)");
    }
  }
  if (layer && layer_in_towns > kMaxLayerToTownsRatio * town_total) {
    throw InputError({.path = model_path(study)},
                     "puts " + people(layer_in_towns) + " residents in the towns, more than " +
                         fixed(kMaxLayerToTownsRatio, 0) + " times the towns' population field (" +
                         people(town_total) + "): wrong units or band?");
  }
  if (!too_few.empty()) {
    std::string list;
    for (std::size_t i = 0; i < too_few.size() && i < 10; ++i) list += (i ? "; " : "") + too_few[i];
    if (too_few.size() > 10) list += "; and " + std::to_string(too_few.size() - 10) + " more";
    throw InputError(
        {.path = model_path(study)},
        "places too few residents on the network: " + list + " (at least " + percent(share_needed) +
            " of each town's population field; [population] min_placed_share = " + fixed(share_needed, 2) +
            " in the plan, set it lower, or 0, to allow this)");
  }
  if (layer && model.outside_population > 0.0) {
    model.warnings.push_back(
        model_path(study) + ": " + people(model.outside_population) + " residents of the population layer (" +
        std::to_string(model.outside_points) +
        (study.population->source == io::PopulationSource::raster ? " cells" : " features") +
        ") lie outside every town and are not counted");
  }
}

std::vector<std::uint32_t> demand_by_edge(const graph::WalkGraph& graph,
                                          const std::vector<DemandPoint>& points) {
  std::vector<std::uint32_t> first(graph.edge_count() + 1, 0);
  for (const DemandPoint& p : points) ++first[p.at.edge + 1];
  for (std::size_t e = 0; e < graph.edge_count(); ++e) first[e + 1] += first[e];
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].at.edge < points[i - 1].at.edge) throw Error("demand points must be sorted by edge");
  }
  return first;
}

}  // namespace lifecircle::coverage
