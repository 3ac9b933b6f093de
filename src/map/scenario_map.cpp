// <category>-scenario: what a scenario changes in one category: residents
// newly covered and newly uncovered, new and moved sites, removed ones.

#include <algorithm>
#include <memory>

#include "detail/pages.hpp"

namespace lifecircle::map::detail {
namespace {

constexpr double kDotCellPx = 10.0;
constexpr double kMaxDotRadiusPx = 9.0;
constexpr double kSiteRadiusPx = 7.0;

struct Site {
  std::string name;
  double x = 0.0, y = 0.0;
};

// Where a facility label sits under the scenario.
Site site_of(const study::Study& study, const coverage::Scenario& scenario, std::uint32_t label) {
  const auto n = static_cast<std::uint32_t>(study.facilities.size());
  if (label >= n) {
    const coverage::ScenarioFacility& f = scenario.added.at(label - n);
    return {f.name, f.snap.x, f.snap.y};
  }
  const io::Facility& f = study.facilities[label];
  Site site{f.name, f.x, f.y};
  for (const coverage::FacilityChange& c : scenario.changed) {
    if (c.facility == label && c.moved_to) site.x = c.moved_to->x, site.y = c.moved_to->y;
  }
  return site;
}

struct Edits {
  std::vector<Site> added, removed;
  std::vector<std::pair<PixelPoint, PixelPoint>> moves;  // from, to (pixels)
};

Edits edits_in(const Basemap& b, const coverage::Scenario& scenario, const std::string& category) {
  const study::Study& study = *b.study;
  Edits out;
  const std::vector<coverage::FacilityEdit> edits = coverage::facility_edits(scenario, study);
  for (const coverage::FacilityEdit& e : edits) {
    if (e.category != category) continue;
    if (e.kind == coverage::FacilityEdit::Kind::add) {
      out.added.push_back(site_of(study, scenario, e.point.label));
      continue;
    }
    const io::Facility& f = study.facilities[e.point.label];
    out.removed.push_back({f.name, f.x, f.y});
    for (const coverage::FacilityEdit& a : edits) {
      if (a.kind != coverage::FacilityEdit::Kind::add || a.category != category ||
          a.point.label != e.point.label)
        continue;
      const Site to = site_of(study, scenario, a.point.label);
      out.moves.emplace_back(b.viewport.to_px(f.x, f.y), b.viewport.to_px(to.x, to.y));
    }
  }
  return out;
}

}  // namespace

std::optional<Page> scenario_page(const Basemap& b, const coverage::RunResult& result,
                                  const coverage::Scenario& scenario, const coverage::ScenarioCategory& ev,
                                  std::size_t k) {
  const study::Study& study = *b.study;
  const io::Category& category = study.plan.categories[k];
  const Rgb colour = category_colour(study.plan, k);
  const double s = b.layout.scale;
  auto edits = std::make_shared<Edits>(edits_in(b, scenario, category.id));

  std::vector<WeightedPoint> gained, lost, still_uncovered;
  double gained_population = 0.0, lost_population = 0.0;
  for (std::size_t i = 0; i < result.demand.points.size(); ++i) {
    const coverage::DemandPoint& d = result.demand.points[i];
    const bool before = ev.base_label[i] != routing::kNoLabel,
               after = ev.scenario_label[i] != routing::kNoLabel;
    if (!before && after) gained.push_back({d.x, d.y, d.population}), gained_population += d.population;
    if (before && !after) lost.push_back({d.x, d.y, d.population}), lost_population += d.population;
    if (!before && !after) still_uncovered.push_back({d.x, d.y, d.population});
  }
  if (gained.empty() && lost.empty() && edits->added.empty() && edits->removed.empty()) return std::nullopt;

  const double cell = kDotCellPx * s;
  struct Layers {
    std::vector<Dot> gained, lost, still;
    PixelRings base;
  };
  auto layers = std::make_shared<Layers>();
  layers->gained = aggregate_dots(gained, b.viewport, cell);
  layers->lost = aggregate_dots(lost, b.viewport, cell);
  layers->still = aggregate_dots(still_uncovered, b.viewport, cell);
  const coverage::CategoryResult& r = result.categories[k];
  if (!r.band_wkb.empty()) {
    const geom::GeosContext ctx;
    layers->base = to_pixels(shape_from_wkb(ctx, r.band_wkb.back()), b.viewport);
  }
  double max_dot = 0.0;
  for (const auto* dots : {&layers->gained, &layers->lost, &layers->still}) {
    for (const Dot& d : *dots) max_dot = std::max(max_dot, d.population);
  }
  const Rgb base_fill = band_fills(colour, 1).front();

  Page page;
  const std::string name = scenario.name.empty() ? scenario.file.stem().string() : scenario.name;
  page.title = category_title(category) + "  情景对比 / scenario: " + name;
  const double pop = ev.city_population;
  page.subtitle = study.plan.name + "  ·  覆盖率 Coverage " +
                  format_percent(pop > 0 ? ev.base_city_covered / pop : 0) + " → " +
                  format_percent(pop > 0 ? ev.scenario_city_covered / pop : 0);
  page.draw = [&b, layers, edits, base_fill, colour, max_dot, s, id = category.id](
                  const Painter& p, std::vector<MapLabel>& labels, std::vector<Box>& obstacles) {
    draw_towns(p, b, std::vector<Rgb>(b.towns.size(), rgb(kTownFillColour)));
    p.fill_rings(layers->base, base_fill);
    draw_streets(p, b);
    draw_town_boundaries(p, b);
    const double max_r = kMaxDotRadiusPx * s;
    auto circles = [&](const std::vector<Dot>& dots, double factor) {
      std::vector<Circle> out;
      out.reserve(dots.size());
      for (const Dot& d : dots) out.push_back({d.at, dot_radius(d.population, max_dot, max_r) * factor});
      return out;
    };
    p.dots(circles(layers->still, 0.6), rgb(0xbdbdbd), rgb(0x8a8a8a));
    p.dots(circles(layers->lost, 1.0), rgb(kUncoveredColour), rgb(0x7f0000));
    p.dots(circles(layers->gained, 1.0), rgb(kNewlyCoveredColour), rgb(0x00441b));
    // Base facilities, then the scenario's edits on top.
    std::vector<Box> ignored;
    draw_facilities(p, b, id, colour, ignored);
    obstacles.insert(obstacles.end(), ignored.begin(), ignored.end());
    for (const auto& [from, to] : edits->moves) {
      const double dashes[] = {4.0 * s, 3.0 * s};
      cairo_new_path(p.cr());
      cairo_set_dash(p.cr(), dashes, 2, 0.0);
      cairo_move_to(p.cr(), from.x, from.y);
      cairo_line_to(p.cr(), to.x, to.y);
      p.colour(Rgb{0.2, 0.2, 0.2});
      cairo_set_line_width(p.cr(), 1.5 * s);
      cairo_stroke(p.cr());
      cairo_set_dash(p.cr(), nullptr, 0, 0.0);
    }
    for (const Site& site : edits->removed) {
      obstacles.push_back(p.symbol(Symbol::removed_cross, b.viewport.to_px(site.x, site.y), kSiteRadiusPx * s,
                                   rgb(0x4d4d4d), rgb(0x4d4d4d)));
    }
    for (const Site& site : edits->added) {
      obstacles.push_back(p.symbol(Symbol::star, b.viewport.to_px(site.x, site.y), kSiteRadiusPx * s,
                                   rgb(kNewSiteColour), Rgb{0.15, 0.15, 0.15}));
    }
    add_town_labels(b, {}, labels);
    for (const Site& site : edits->added)
      labels.push_back({site.name, b.viewport.to_px(site.x, site.y), 13.0, false});
  };

  auto& legend = page.legend;
  legend.push_back({LegendItem::Kind::heading, "覆盖变化 Change in coverage", {}, {}, {}, 0});
  legend.push_back({LegendItem::Kind::symbol,
                    "新增覆盖 Newly covered: +" + format_count(gained_population) + " 人",
                    rgb(kNewlyCoveredColour), rgb(0x00441b), Symbol::dot, kMaxDotRadiusPx * 0.7});
  legend.push_back({LegendItem::Kind::symbol,
                    "失去覆盖 Newly uncovered: -" + format_count(lost_population) + " 人",
                    rgb(kUncoveredColour), rgb(0x7f0000), Symbol::dot, kMaxDotRadiusPx * 0.7});
  legend.push_back({LegendItem::Kind::symbol, "仍未覆盖 Still uncovered", rgb(0xbdbdbd), rgb(0x8a8a8a),
                    Symbol::dot, kMaxDotRadiusPx * 0.42});
  legend.push_back({LegendItem::Kind::heading, "人口 Residents per dot", {}, {}, {}, 0});
  add_dot_legend(legend, "人 residents", rgb(kNewlyCoveredColour), rgb(0x00441b), max_dot, kMaxDotRadiusPx);
  legend.push_back({LegendItem::Kind::swatch, "现状覆盖范围 Base coverage area", base_fill, {}, {}, 0});
  legend.push_back({LegendItem::Kind::heading, "设施 Facilities", {}, {}, {}, 0});
  legend.push_back({LegendItem::Kind::symbol,
                    "现有 Existing",
                    facility_fill(colour),
                    {1, 1, 1},
                    Symbol::filled_circle,
                    6.0});
  legend.push_back({LegendItem::Kind::symbol,
                    "新增或迁建 New or moved site (" + std::to_string(edits->added.size()) + ")",
                    rgb(kNewSiteColour),
                    {0.15, 0.15, 0.15},
                    Symbol::star,
                    kSiteRadiusPx});
  legend.push_back({LegendItem::Kind::symbol,
                    "撤除或迁出 Removed or moved away (" + std::to_string(edits->removed.size()) + ")",
                    rgb(0x4d4d4d), rgb(0x4d4d4d), Symbol::removed_cross, kSiteRadiusPx});
  return page;
}

}  // namespace lifecircle::map::detail
