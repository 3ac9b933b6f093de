// <category>-coverage: the coverage area, facilities and uncovered residents.

#include <algorithm>
#include <memory>
#include <sstream>

#include "detail/pages.hpp"

namespace lifecircle::map::detail {
namespace {

constexpr double kDotCellPx = 10.0;
constexpr double kMaxDotRadiusPx = 9.0;
constexpr double kFacilityRadiusPx = 6.0;

std::string minutes_label(double minutes) {
  std::ostringstream out;
  out << "≤ " << minutes << " 分钟 min";
  return out.str();
}

}  // namespace

std::string category_title(const io::Category& c) {
  std::string english = c.id;
  std::replace(english.begin(), english.end(), '_', ' ');
  return c.name == c.id ? english : c.name + " · " + english;
}

void draw_facilities(const Painter& p, const Basemap& b, const std::string& category, Rgb colour,
                     std::vector<Box>& obstacles) {
  const study::Study& study = *b.study;
  const double r = kFacilityRadiusPx * p.scale();
  // Planned first, so existing ones stay on top where they meet.
  for (const io::FacilityStatus status : {io::FacilityStatus::planned, io::FacilityStatus::existing}) {
    for (std::size_t i = 0; i < study.facilities.size(); ++i) {
      const io::Facility& f = study.facilities[i];
      if (f.category != category || f.status != status) continue;
      const PixelPoint at = b.viewport.to_px(f.x, f.y);
      if (status == io::FacilityStatus::planned) {
        obstacles.push_back(p.symbol(Symbol::hollow_square, at, r * 0.85, facility_fill(colour), colour));
      } else if (study.facility_snaps[i].on_network()) {
        obstacles.push_back(p.symbol(Symbol::filled_circle, at, r, facility_fill(colour), Rgb{1, 1, 1}));
      } else {
        obstacles.push_back(p.symbol(Symbol::filled_circle, at, r, rgb(0x9e9e9e), Rgb{0.2, 0.2, 0.2}));
      }
    }
  }
}

Page coverage_page(const Basemap& b, const coverage::RunResult& result, std::size_t k) {
  const study::Study& study = *b.study;
  const io::Category& category = study.plan.categories[k];
  const coverage::CategoryResult& r = result.categories[k];
  const Rgb colour = category_colour(study.plan, k);
  const double s = b.layout.scale;

  // Pixel geometry is computed once and shared by the PNG and SVG passes.
  auto bands = std::make_shared<std::vector<PixelRings>>();
  const geom::GeosContext ctx;
  for (const std::string& wkb : r.band_wkb) bands->push_back(to_pixels(shape_from_wkb(ctx, wkb), b.viewport));
  const std::vector<Rgb> fills = band_fills(colour, std::max<std::size_t>(bands->size(), 1));

  std::vector<WeightedPoint> uncovered;
  for (std::size_t i = 0; i < result.demand.points.size(); ++i) {
    if (r.coverage.demand_facility[i] != routing::kNoLabel) continue;
    const coverage::DemandPoint& d = result.demand.points[i];
    uncovered.push_back({d.x, d.y, d.population});
  }
  auto dots = std::make_shared<std::vector<Dot>>(aggregate_dots(uncovered, b.viewport, kDotCellPx * s));
  double max_dot = 0.0;
  for (const Dot& d : *dots) max_dot = std::max(max_dot, d.population);

  Page page;
  page.title = category_title(category) + "  " + circle_zh(category) + "步行覆盖 / " + circle_en(category) +
               " walk coverage";
  const coverage::Totals& t = r.coverage.city;
  page.subtitle = study.plan.name + "  ·  覆盖率 Coverage " + format_percent(t.share()) + " (" +
                  format_count(t.covered_population) + " / " + format_count(t.population) + " 人 residents)";
  page.draw = [&b, bands, dots, fills, colour, max_dot, s, id = category.id](
                  const Painter& p, std::vector<MapLabel>& labels, std::vector<Box>& obstacles) {
    draw_towns(p, b, std::vector<Rgb>(b.towns.size(), rgb(kTownFillColour)));
    for (std::size_t i = bands->size(); i-- > 0;) p.fill_rings((*bands)[i], fills[i]);  // outermost first
    draw_streets(p, b);
    draw_town_boundaries(p, b);
    std::vector<Circle> circles;
    for (const Dot& d : *dots)
      circles.push_back({d.at, dot_radius(d.population, max_dot, kMaxDotRadiusPx * s)});
    p.dots(circles, rgb(kUncoveredColour), rgb(0x7f0000));
    draw_facilities(p, b, id, colour, obstacles);
    add_town_labels(b, {}, labels);
  };

  auto& legend = page.legend;
  legend.push_back({LegendItem::Kind::heading, "步行覆盖范围 Walking coverage", {}, {}, {}, 0});
  for (std::size_t i = 0; i < r.band_minutes.size(); ++i) {
    const bool by_distance = category.reach.is_distance() && i + 1 == r.band_minutes.size();
    const std::string label =
        by_distance ? "≤ " + format_count(category.reach.metres) + " 米 m" : minutes_label(r.band_minutes[i]);
    legend.push_back({LegendItem::Kind::swatch, label, fills[i], {}, {}, 0});
  }
  legend.push_back({LegendItem::Kind::heading, "设施 Facilities", {}, {}, {}, 0});
  std::size_t existing = 0, planned = 0, off_network = 0;
  for (std::size_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    if (f.category != category.id) continue;
    if (f.status == io::FacilityStatus::planned) ++planned;
    if (f.status == io::FacilityStatus::existing)
      ++(study.facility_snaps[i].on_network() ? existing : off_network);
  }
  legend.push_back({LegendItem::Kind::symbol,
                    "现有 Existing (" + std::to_string(existing) + ")",
                    facility_fill(colour),
                    {1, 1, 1},
                    Symbol::filled_circle,
                    kFacilityRadiusPx});
  legend.push_back({LegendItem::Kind::symbol, "规划 Planned (" + std::to_string(planned) + ")",
                    facility_fill(colour), colour, Symbol::hollow_square, kFacilityRadiusPx * 0.85});
  if (off_network > 0) {
    legend.push_back({LegendItem::Kind::symbol,
                      "离路网过远 Off the network (" + std::to_string(off_network) + ")",
                      rgb(0x9e9e9e),
                      {0.2, 0.2, 0.2},
                      Symbol::filled_circle,
                      kFacilityRadiusPx});
  }
  legend.push_back({LegendItem::Kind::heading, "未覆盖人口 Uncovered residents", {}, {}, {}, 0});
  add_dot_legend(legend, "人 residents", rgb(kUncoveredColour), rgb(0x7f0000), max_dot, kMaxDotRadiusPx);
  legend.push_back({LegendItem::Kind::outline,
                    "乡镇街道边界 Town boundary",
                    rgb(kTownFillColour),
                    rgb(0x4d4d4d),
                    {},
                    1.2});
  legend.push_back({LegendItem::Kind::text,
                    "未覆盖 Uncovered: " + format_count(t.population - t.covered_population) + " 人 (" +
                        format_percent(1.0 - t.share()) + ")",
                    {},
                    {},
                    {},
                    0});
  legend.push_back(
      {LegendItem::Kind::text, "人口模型 Population model: " + result.demand.description, {}, {}, {}, 0});
  return page;
}

}  // namespace lifecircle::map::detail
