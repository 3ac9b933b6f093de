#include "lifecircle/partition/merge.hpp"

#include <algorithm>
#include <numeric>

#include "lifecircle/coverage/category_coverage.hpp"
#include "lifecircle/coverage/demand.hpp"
#include "lifecircle/coverage/facility_isochrones.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::partition {
namespace {

// category_coverage.cpp's sum over towns, in town order.
coverage::Totals sum(const std::vector<coverage::Totals>& towns) {
  coverage::Totals all;
  for (const coverage::Totals& t : towns) {
    all.population += t.population;
    all.covered_population += t.covered_population;
    all.street_m += t.street_m;
    all.covered_street_m += t.covered_street_m;
    all.facilities += t.facilities;
    all.capacity += t.capacity;
  }
  return all;
}

std::unique_ptr<study::Study> study_without_network(const WholeInputs& whole) {
  auto study = std::make_unique<study::Study>();
  study->plan = whole.plan;
  study->crs = std::make_unique<io::WorkingCrs>(whole.working_epsg);
  study->towns = whole.towns;
  study->facility_layers = whole.facility_layers;
  study->facilities = whole.facilities;
  study->facility_snaps.resize(whole.facilities.size());
  study->population = whole.population;
  return study;
}

// run.cpp's words for the demand model.
void describe_demand(const WholeInputs& whole, coverage::DemandModel& d) {
  if (!whole.population) {
    d.kind = coverage::DemandModelKind::street_length;
    d.description = "each town's population spread over the walkable street length inside it";
    return;
  }
  const io::PopulationLayer& layer = *whole.population;
  const bool raster = layer.source == io::PopulationSource::raster;
  d.kind = raster ? coverage::DemandModelKind::raster : coverage::DemandModelKind::points_layer;
  d.description = std::string(raster ? "population raster " : "residential layer ") + layer.info.path + " (" +
                  std::to_string(layer.points.size()) + (raster ? " cells" : " features") +
                  ", snapped to the nearest street within the snap limit)";
}

std::string union_of(const geom::GeosContext& ctx, const std::vector<const std::string*>& parts,
                     double& area) {
  std::vector<geom::Geometry> owned;
  owned.reserve(parts.size());
  for (const std::string* wkb : parts) owned.push_back(geom::from_wkb(ctx, *wkb));
  const geom::Geometry merged = geom::unary_union(ctx, std::move(owned));
  area = geom::area(ctx, merged.get());
  return geom::to_wkb(ctx, merged.get());
}

}  // namespace

Merged merge(const WholeInputs& whole, std::vector<PieceResult> results) {
  std::sort(results.begin(), results.end(),
            [](const PieceResult& a, const PieceResult& b) { return a.region < b.region; });
  Merged m;
  m.study = study_without_network(whole);
  study::Study& study = *m.study;
  study.network_regions = results.size();
  coverage::RunResult& r = m.result;
  const std::size_t towns = whole.towns.towns.size(), categories = whole.plan.categories.size();

  describe_demand(whole, r.demand);
  r.demand.placed_population.assign(towns, 0.0);
  r.demand.unplaced_population.assign(towns, 0.0);
  r.demand.unplaced_points.assign(towns, 0);
  r.town_area_m2.assign(towns, 0.0);
  r.categories.resize(categories);
  for (auto& c : r.categories) {
    c.coverage.towns.assign(towns, coverage::Totals{});
    c.town_covered_area_m2.assign(towns, 0.0);
  }
  std::vector<double> composite_covered(towns, 0.0);
  std::vector<std::uint8_t> town_seen(towns, 0);
  r.facilities.resize(whole.facilities.size());
  for (const PieceResult& p : results) {
    for (std::size_t i = 0; i < p.towns.size(); ++i) {
      const std::uint32_t t = p.towns[i];
      town_seen[t] = 1;
      r.demand.placed_population[t] = p.placed[i];
      r.demand.unplaced_population[t] = p.unplaced[i];
      r.demand.unplaced_points[t] = static_cast<std::size_t>(p.unplaced_points[i]);
      r.town_area_m2[t] = p.area_m2[i];
      composite_covered[t] = p.composite_covered[i];
      for (std::size_t k = 0; k < categories; ++k) {
        r.categories[k].coverage.towns[t] = p.totals[k * p.towns.size() + i];
        r.categories[k].town_covered_area_m2[t] = p.covered_area_m2[k * p.towns.size() + i];
      }
    }
    for (std::size_t i = 0; i < p.facilities.size(); ++i) {
      study.facility_snaps[p.facilities[i]] = p.snaps[i];
      r.facilities[p.facilities[i]] = p.isochrones[i];
    }
  }
  for (std::size_t t = 0; t < towns; ++t) {
    if (!town_seen[t])
      throw Error("partition: town " + whole.towns.towns[t].code + " came back from no region");
  }
  // The pieces place parts of towns; only the whole can say how much of each
  // town was placed, and refuse a model that places too little (as a single run does).
  coverage::account_for_towns(study, r.demand);

  // Demand points in the whole graph's order (the single run sorts by edge, then offset).
  struct Ref {
    std::uint32_t piece;
    std::uint32_t index;
  };
  std::vector<Ref> order;
  for (std::uint32_t p = 0; p < results.size(); ++p) {
    for (std::uint32_t i = 0; i < results[p].points.size(); ++i) order.push_back({p, i});
  }
  std::stable_sort(order.begin(), order.end(), [&](const Ref& a, const Ref& b) {
    const coverage::DemandPoint& pa = results[a.piece].points[a.index];
    const coverage::DemandPoint& pb = results[b.piece].points[b.index];
    return pa.at.edge != pb.at.edge ? pa.at.edge < pb.at.edge : pa.at.offset_m < pb.at.offset_m;
  });
  for (const Ref& ref : order) r.demand.points.push_back(results[ref.piece].points[ref.index]);

  const geom::GeosContext ctx;
  const coverage::TownLocator locator(ctx, study.towns);
  for (const io::Facility& f : study.facilities) r.facility_town.push_back(locator.town_at(f.x, f.y));

  for (std::size_t k = 0; k < categories; ++k) {
    const io::Category& category = whole.plan.categories[k];
    coverage::CategoryResult& c = r.categories[k];
    c.coverage.category = category.id;
    c.coverage.budget_s = category.reach.budget_s(whole.plan.walk_speed_mps);
    c.coverage.members = coverage::facilities_of(study, category.id);
    std::vector<std::uint32_t> label_of(whole.facilities.size(), routing::kNoLabel);
    for (std::uint32_t l = 0; l < c.coverage.members.facility.size(); ++l)
      label_of[c.coverage.members.facility[l]] = l;
    c.coverage.catchment_population.assign(c.coverage.members.facility.size(), 0.0);
    for (const Ref& ref : order) {
      const PieceResult& p = results[ref.piece];
      const std::size_t at = k * p.points.size() + ref.index;
      const std::uint32_t facility = p.point_facility[at];
      const std::uint32_t label = facility == routing::kNoLabel ? routing::kNoLabel : label_of[facility];
      c.coverage.demand_time_s.push_back(p.point_time_s[at]);
      c.coverage.demand_facility.push_back(label);
      if (label != routing::kNoLabel)
        c.coverage.catchment_population[label] += p.points[ref.index].population;
    }
    c.coverage.city = sum(c.coverage.towns);
    c.band_minutes = coverage::bands_for(whole.plan, category);
    for (std::size_t b = 0; b < c.band_minutes.size(); ++b) {
      std::vector<const std::string*> parts;
      for (const PieceResult& p : results) {
        if (k < p.band_wkb.size() && b < p.band_wkb[k].size()) parts.push_back(&p.band_wkb[k][b]);
      }
      if (parts.empty()) continue;
      double area = 0.0;
      c.band_wkb.push_back(union_of(ctx, parts, area));
      c.band_area_m2.push_back(area);
    }
    c.city_covered_area_m2 = 0.0;
    for (const double covered : c.town_covered_area_m2) c.city_covered_area_m2 += covered;
  }

  // The composite, as run.cpp's composite_of sums it.
  coverage::Composite& comp = r.composite;
  comp.basket = whole.plan.basket;
  comp.town_covered_population = composite_covered;
  comp.town_population.assign(towns, 0.0);
  for (std::size_t t = 0; t < towns; ++t) {
    comp.town_population[t] = r.demand.placed_population[t] + r.demand.unplaced_population[t];
    comp.population += comp.town_population[t];
    comp.covered_population += comp.town_covered_population[t];
  }
  return m;
}

}  // namespace lifecircle::partition
