#pragma once
// The three kinds of map page, each described from a run's results.

#include <cstddef>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "page.hpp"

namespace lifecircle::map::detail {

// Category names for titles: "医疗卫生 · health".
std::string category_title(const io::Category& category);

// The page of category k (plan order) on basemap b.
Page coverage_page(const Basemap& b, const coverage::RunResult& result, std::size_t k);
Page towns_page(const Basemap& b, const coverage::RunResult& result, const coverage::TargetCheck* targets,
                std::size_t k);
// Empty optional when the scenario changes nothing in category k (ev: its evaluation).
std::optional<Page> scenario_page(const Basemap& b, const coverage::RunResult& result,
                                  const coverage::Scenario& scenario, const coverage::ScenarioCategory& ev,
                                  std::size_t k);

// Facilities of a category on a map: symbol boxes go to `obstacles`.
void draw_facilities(const Painter& p, const Basemap& basemap, const std::string& category, Rgb colour,
                     std::vector<Box>& obstacles);

}  // namespace lifecircle::map::detail
