// <category>-towns: coverage share per town in fixed classes; towns short of
// the plan's coverage target for the category outlined.

#include <algorithm>
#include <cmath>
#include <memory>

#include "detail/pages.hpp"

namespace lifecircle::map::detail {
namespace {

// The coverage target of a category, when the checked targets hold one.
const coverage::IndicatorResult* coverage_target(const coverage::TargetCheck* targets,
                                                 const std::string& category) {
  if (!targets) return nullptr;
  for (const coverage::IndicatorResult& r : targets->indicators) {
    const io::TargetKind kind = r.target.kind;
    const bool single = kind == io::TargetKind::value || kind == io::TargetKind::bound ||
                        kind == io::TargetKind::full_coverage;
    if (r.spec.kind == coverage::IndicatorKind::coverage && r.spec.category == category && single) return &r;
  }
  return nullptr;
}

// Whether a town falls short: its own judged line when the indicator is
// checked by town, else its share judged against the citywide target.
bool town_falls_short(const coverage::IndicatorResult& target, const io::Town& town, double share) {
  for (const coverage::TargetLine& line : target.lines) {
    if (line.town_code == town.code) return line.verdict.status == io::Verdict::falls_short;
  }
  const double percent = std::round(share * 100.0 * 100.0) / 100.0;  // 2 decimals, as the plan reports
  return io::judge(target.target, percent, target.spec.direction).status == io::Verdict::falls_short;
}

}  // namespace

Page towns_page(const Basemap& b, const coverage::RunResult& result, const coverage::TargetCheck* targets,
                std::size_t k) {
  const study::Study& study = *b.study;
  const io::Category& category = study.plan.categories[k];
  const coverage::CategoryResult& r = result.categories[k];
  const auto& towns = study.towns.towns;
  const double s = b.layout.scale;

  std::vector<Rgb> fills(towns.size());
  std::vector<std::string> shares(towns.size());
  std::vector<std::size_t> per_class(kShareClasses, 0);
  std::size_t empty_towns = 0;
  const coverage::IndicatorResult* target = coverage_target(targets, category.id);
  auto short_of_target = std::make_shared<std::vector<std::size_t>>();
  for (std::size_t t = 0; t < towns.size(); ++t) {
    const coverage::Totals& totals = r.coverage.towns[t];
    if (!(totals.population > 0.0)) {
      fills[t] = rgb(kNoResidentsColour);
      ++empty_towns;
      continue;
    }
    const std::size_t c = share_class(totals.share());
    fills[t] = share_class_colour(c);
    ++per_class[c];
    shares[t] = format_percent(totals.share());
    if (target && town_falls_short(*target, towns[t], totals.share())) short_of_target->push_back(t);
  }

  Page page;
  page.title = category_title(category) + "  各乡镇街道" + circle_zh(category) + "覆盖率 / " +
               circle_en(category) + " coverage by town";
  page.subtitle = study.plan.name + "  ·  全市 Citywide " + format_percent(r.coverage.city.share());
  page.draw = [&b, fills, shares, short_of_target, s](const Painter& p, std::vector<MapLabel>& labels,
                                                      std::vector<Box>&) {
    draw_towns(p, b, fills);
    draw_town_boundaries(p, b);
    for (const std::size_t t : *short_of_target)
      p.stroke_rings(b.towns[t].px, rgb(kShortOfTargetColour), 3.0 * s);
    add_town_labels(b, shares, labels);
  };

  auto& legend = page.legend;
  legend.push_back({LegendItem::Kind::heading, "覆盖率 Share of residents covered", {}, {}, {}, 0});
  for (std::size_t c = kShareClasses; c-- > 0;) {
    legend.push_back({LegendItem::Kind::swatch,
                      share_class_label(c) + "  (" + std::to_string(per_class[c]) + " 个乡镇街道 towns)",
                      share_class_colour(c),
                      {},
                      {},
                      0});
  }
  if (empty_towns > 0) {
    legend.push_back({LegendItem::Kind::swatch,
                      "无常住人口 No residents (" + std::to_string(empty_towns) + ")",
                      rgb(kNoResidentsColour),
                      {},
                      {},
                      0});
  }
  if (target) {
    legend.push_back({LegendItem::Kind::heading,
                      "规划目标 Plan target (" + std::to_string(targets->year) + ")",
                      {},
                      {},
                      {},
                      0});
    legend.push_back({LegendItem::Kind::outline,
                      "未达目标 Falls short of " + target->target.text + " (" +
                          std::to_string(short_of_target->size()) + " 个 towns)",
                      {1, 1, 1},
                      rgb(kShortOfTargetColour),
                      {},
                      3.0});
  }
  legend.push_back({LegendItem::Kind::text,
                    "乡镇街道 Towns: " + std::to_string(towns.size()) +
                        "  ·  人口模型 Population model: " + result.demand.description,
                    {},
                    {},
                    {},
                    0});
  return page;
}

}  // namespace lifecircle::map::detail
