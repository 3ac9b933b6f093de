#pragma once
// report.html: one self-contained page for the plan review. It opens offline:
// styles and scripts are inline, maps are embedded as PNG data: URIs, and a
// Content-Security-Policy forbids any external reference. Sections, headed in
// Chinese and English: summary, maps, an interactive map, coverage by town, the
// target check, scenario comparisons, inputs, and the population model. Every number
// cell of the coverage tables carries data-category/-town/-measure and a
// data-value written exactly as indicators.csv writes that value.

#include <filesystem>
#include <string>
#include <vector>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/coverage/targets.hpp"
#include "lifecircle/study/study.hpp"

namespace lifecircle::report {

// A map to embed: its caption and a PNG file.
struct Figure {
  std::string title;
  std::filesystem::path png;
};

// One scenario against the base run, as `compare` evaluates it.
struct ScenarioComparison {
  const coverage::Scenario* scenario = nullptr;                         // name, file and the edits (listed)
  const std::vector<coverage::ScenarioCategory>* categories = nullptr;  // plan order, from evaluate_scenario
};

struct ReportContent {
  std::vector<Figure> figures;                     // in this order; may be empty
  const coverage::TargetCheck* targets = nullptr;  // none: the section says no target check was run
  std::vector<ScenarioComparison> scenarios;       // may be empty
  bool interactive_map = true;  // Leaflet, compiled in (interactive_map.hpp): the page's only script
};

// The PNG files directly inside `dir`, sorted by file name, each titled by
// its file name without the extension. Empty when `dir` does not exist.
std::vector<Figure> figures_in(const std::filesystem::path& dir);

// The page as text (UTF-8). Throws InputError when a figure cannot be read or
// is not a PNG, and UsageError when a scenario does not match the plan's
// categories or towns.
std::string html_report(const study::Study& study, const coverage::RunResult& result,
                        const ReportContent& content);

// Writes html_report() to `path` atomically. Throws OutputError.
void write_html_report(const std::filesystem::path& path, const study::Study& study,
                       const coverage::RunResult& result, const ReportContent& content);

}  // namespace lifecircle::report
