#include "lifecircle/report/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

#include "lifecircle/report/city_info.hpp"
#include "lifecircle/report/html_text.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/interactive_map.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::report {
namespace {

// ---------------------------------------------------------------- page frame

// No script, font or image from elsewhere: the browser refuses any external
// reference, so an offline viewer sees exactly what a connected one does.
constexpr const char* kHead = R"(<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";
constexpr const char* kPolicy =
    R"(<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline')";
constexpr const char* kPolicyScripts = "; script-src 'unsafe-inline'";

constexpr const char* kStyle = R"(<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 24px 48px; color: #1d2329; background: #fff;
       line-height: 1.45; }
h1 { font-size: 28px; margin: 24px 0 4px; }
h2 { font-size: 22px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #2a6f97; }
h3 { font-size: 17px; margin: 24px 0 8px; }
.subtitle { color: #52606d; margin: 0 0 12px; }
nav a { margin-right: 14px; color: #2a6f97; text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 150px; }
.card .label { color: #52606d; font-size: 13px; }
.card .figure { font-size: 24px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.city td { font-weight: 600; background: #f6f8fa; }
tr.town td:first-child { padding-left: 20px; }
td.name, td.status { white-space: nowrap; }
.wide { overflow-x: auto; }
#coverage-matrix { font-size: 13px; }
.bar { display: inline-block; width: 120px; height: 10px; background: #e4e7eb; margin-left: 8px; }
.bar span { display: block; height: 10px; background: #2a6f97; }
.pass { color: #1a7f37; font-weight: 600; }
.short { color: #cf222e; font-weight: 600; }
.none { color: #6e7781; }
.up { color: #1a7f37; }
.down { color: #cf222e; }
figure { margin: 12px 0 24px; }
figure img { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
figcaption { color: #52606d; font-size: 14px; }
.note { color: #52606d; }
.en { color: #52606d; font-size: 0.85em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; }
dt { color: #52606d; }
dd { margin: 0; word-break: break-all; }
footer { margin-top: 40px; color: #52606d; font-size: 13px; border-top: 1px solid #d0d7de; padding-top: 8px; }
</style>
</head>
)";

struct Section {
  const char* id;
  const char* zh;
  const char* en;
};

constexpr Section kSummary{"summary", "概要", "Summary"};
constexpr Section kMaps{"maps", "地图", "Maps"};
constexpr Section kInteractive{"interactive-map", "交互地图", "Interactive map"};
constexpr Section kCoverage{"coverage", "各镇覆盖率", "Coverage by town"};
constexpr Section kTargets{"targets", "目标检查", "Target check"};
constexpr Section kScenarios{"scenarios", "情景比较", "Scenario comparison"};
constexpr Section kInputs{"inputs", "输入数据", "Inputs"};
constexpr Section kPopulation{"population", "人口模型", "Population model"};

std::string heading(const Section& s) {
  return std::string("<section id=\"") + s.id + "\">\n<h2><span class=\"zh\">" + s.zh + "</span> " + s.en +
         "</h2>\n";
}

std::string esc(std::string_view text) { return xml_escape(text); }

// ---------------------------------------------------------------- the indicator table as cells

// The run's indicator rows, looked up by category, town code and measure, so
// every figure on the page is the one indicators.csv holds.
class Indicators {
 public:
  Indicators(const study::Study& study, const coverage::RunResult& result)
      : rows_(indicator_rows(study, result)) {
    for (const IndicatorRow& r : rows_) by_key_.emplace(key(r.category, r.town_code, r.measure), &r);
  }

  const IndicatorRow& at(const std::string& category, const std::string& town_code,
                         const std::string& measure) const {
    const auto it = by_key_.find(key(category, town_code, measure));
    if (it == by_key_.end()) {
      throw Error("report: no indicator " + category + "/" + town_code + "/" + measure + " in the run");
    }
    return *it->second;
  }

  // A number cell: shown as `text`, the exact value in data-value.
  std::string cell(const std::string& category, const std::string& town_code, const std::string& measure,
                   const std::string& text, const std::string& style = "") const {
    const IndicatorRow& r = at(category, town_code, measure);
    std::string out = "<td class=\"num\" data-category=\"" + esc(r.category) + "\" data-town=\"" +
                      esc(r.town_code) + "\" data-measure=\"" + esc(r.measure) + "\" data-value=\"" +
                      format_value(r.value) + "\"";
    if (!style.empty()) out += " style=\"" + style + "\"";
    return out + ">" + esc(text) + "</td>";
  }

 private:
  static std::string key(const std::string& c, const std::string& t, const std::string& m) {
    std::string k = c;
    k += '\x1f';
    k += t;
    k += '\x1f';
    k += m;
    return k;
  }
  std::vector<IndicatorRow> rows_;
  std::map<std::string, const IndicatorRow*> by_key_;
};

// Red (0%) through amber to green (100%), light enough for black text.
std::string share_shade(double share) {
  const auto hue = std::lround(std::clamp(share, 0.0, 1.0) * 120.0);
  return "background:hsl(" + std::to_string(hue) + ",65%,86%)";
}

std::string share_bar(double share) {
  return "<span class=\"bar\"><span style=\"width:" + trimmed_number(std::clamp(share, 0.0, 1.0) * 100.0, 1) +
         "%\"></span></span>";
}

std::string minutes_text(double seconds) { return trimmed_number(seconds / 60.0, 1) + " min"; }

std::string category_label(const io::Category& c) {
  return esc(c.name) + " <span class=\"en\">" + esc(c.id) + "</span>";
}

// ---------------------------------------------------------------- summary

std::string card(const char* zh, const char* en, const std::string& figure, const std::string& note = "") {
  return std::string("<div class=\"card\"><div class=\"label\">") + zh + " " + en +
         "</div><div class=\"figure\">" + figure + "</div>" +
         (note.empty() ? "" : "<div class=\"label\">" + note + "</div>") + "</div>\n";
}

std::string summary_section(const study::Study& study, const coverage::RunResult& result,
                            const Indicators& ind) {
  std::string out = heading(kSummary);
  double population = 0.0;
  for (const io::Town& t : study.towns.towns) population += t.population;
  std::size_t on_network = 0;
  for (const graph::Snapped& s : study.facility_snaps) on_network += s.on_network() ? 1 : 0;
  out += "<div class=\"cards\">\n";
  out += card("人口", "Population", grouped_number(population));
  out += card("镇街", "Towns", std::to_string(study.towns.towns.size()));
  out += card("设施", "Facilities", grouped_number(static_cast<double>(study.facilities.size())),
              std::to_string(on_network) + " on the network");
  const coverage::Composite& comp = result.composite;
  if (!comp.basket.empty()) {
    const double share = comp.population > 0.0 ? comp.covered_population / comp.population : 0.0;
    out += card("综合生活圈", "Composite circle", percent_text(share),
                "all of " + std::to_string(comp.basket.size()) + " categories");
  }
  out += "</div>\n";
  out +=
      "<table id=\"summary-table\">\n<tr><th>类别 Category</th><th>圈层 Circle</th><th class=\"num\">步行 "
      "Walk</th>"
      "<th class=\"num\">设施 Facilities</th><th class=\"num\">人口 Population</th>"
      "<th class=\"num\">覆盖人口 Covered</th><th class=\"num\">覆盖率 Coverage</th><th></th></tr>\n";
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const io::Category& c = study.plan.categories[k];
    const coverage::Totals& t = result.categories[k].coverage.city;
    out += "<tr><td>" + category_label(c) + "</td><td>" + esc(c.circle) + "</td><td class=\"num\">" +
           minutes_text(result.categories[k].coverage.budget_s) + "</td>" +
           ind.cell(c.id, "", "facilities", grouped_number(t.facilities)) +
           ind.cell(c.id, "", "population", grouped_number(t.population)) +
           ind.cell(c.id, "", "covered_population", grouped_number(t.covered_population)) +
           ind.cell(c.id, "", "coverage_share", percent_text(t.share())) + "<td>" + share_bar(t.share()) +
           "</td></tr>\n";
  }
  if (!comp.basket.empty()) {
    std::string basket;
    for (const std::string& b : comp.basket) {
      if (!basket.empty()) basket += ", ";
      basket += b;
    }
    const double share = comp.population > 0.0 ? comp.covered_population / comp.population : 0.0;
    out += "<tr class=\"city\"><td>综合 <span class=\"en\">composite</span></td><td>" + esc(basket) +
           "</td><td></td><td></td>" +
           ind.cell("composite", "", "population", grouped_number(comp.population)) +
           ind.cell("composite", "", "covered_population", grouped_number(comp.covered_population)) +
           ind.cell("composite", "", "coverage_share", percent_text(share)) + "<td>" + share_bar(share) +
           "</td></tr>\n";
  }
  out +=
      "</table>\n<p class=\"note\">Coverage: the share of residents within the category's walk time of its "
      "nearest existing facility, along the walking network. Composite: residents who reach every category "
      "of the basket.</p>\n</section>\n";
  return out;
}

// ---------------------------------------------------------------- maps

struct Png {
  std::string bytes;
  std::uint32_t width = 0, height = 0;
};

std::uint32_t big_endian(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(b[at + i]);
  return v;
}

Png read_png(const Figure& figure) {
  std::ifstream in(figure.png, std::ios::binary);
  if (!in) throw InputError({figure.png.string(), "", std::nullopt, ""}, "cannot read the map image");
  Png png;
  png.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  // The signature, then the IHDR chunk with width and height.
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (png.bytes.size() < 24 || std::string_view(png.bytes).substr(0, 8) != kSignature ||
      png.bytes.compare(12, 4, "IHDR") != 0) {
    throw InputError({figure.png.string(), "", std::nullopt, ""}, "not a PNG image");
  }
  png.width = big_endian(png.bytes, 16);
  png.height = big_endian(png.bytes, 20);
  return png;
}

std::string maps_section(const std::vector<Figure>& figures) {
  std::string out = heading(kMaps);
  if (figures.empty()) out += "<p class=\"note\">No maps were drawn for this run.</p>\n";
  for (const Figure& f : figures) {
    const Png png = read_png(f);
    out += "<figure><img src=\"data:image/png;base64," + base64_encode(png.bytes) + "\" width=\"" +
           std::to_string(png.width) + "\" height=\"" + std::to_string(png.height) + "\" alt=\"" +
           esc(f.title) + "\"><figcaption>" + esc(f.title) + "</figcaption></figure>\n";
  }
  return out + "</section>\n";
}

// ---------------------------------------------------------------- coverage by town

std::string town_cells(const io::Town* town) {
  return town ? "<td class=\"name\">" + esc(town->name) + "</td><td>" + esc(town->code) + "</td>"
              : std::string("<td class=\"name\">") + kCityName + "</td><td></td>";
}

std::string coverage_matrix(const study::Study& study, const coverage::RunResult& result,
                            const Indicators& ind) {
  const bool composite = !result.composite.basket.empty();
  std::string out =
      "<div class=\"wide\"><table id=\"coverage-matrix\">\n<tr><th>镇街 Town</th><th>代码 Code</th>"
      "<th class=\"num\">人口 Population</th>";
  for (const io::Category& c : study.plan.categories) {
    out += "<th class=\"num\">" + esc(c.name) + "<br><span class=\"en\">" + esc(c.id) + "</span></th>";
  }
  if (composite) out += "<th class=\"num\">综合<br><span class=\"en\">composite</span></th>";
  out += "</tr>\n";
  const auto& towns = study.towns.towns;
  for (std::size_t t = 0; t <= towns.size(); ++t) {
    const io::Town* town = t < towns.size() ? &towns[t] : nullptr;
    const std::string code = town ? town->code : "";
    out += town ? "<tr class=\"town\">" : "<tr class=\"city\">";
    out += town_cells(town) + "<td class=\"num\">" +
           grouped_number(town ? town->population
                               : ind.at("demand", "", "placed_population").value +
                                     ind.at("demand", "", "unplaced_population").value) +
           "</td>";
    for (const io::Category& c : study.plan.categories) {
      const double share = ind.at(c.id, code, "coverage_share").value;
      out += ind.cell(c.id, code, "coverage_share", percent_text(share), share_shade(share));
    }
    if (composite) {
      const double share = ind.at("composite", code, "coverage_share").value;
      out += ind.cell("composite", code, "coverage_share", percent_text(share), share_shade(share));
    }
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

std::string category_table(const study::Study& study, const io::Category& c, const Indicators& ind) {
  const bool capacity = !c.capacity_unit.empty();
  std::string out = "<h3>" + category_label(c) + "</h3>\n<table class=\"category\" id=\"coverage-" +
                    esc(c.id) +
                    "\">\n<tr><th>镇街 Town</th><th>代码 Code</th><th class=\"num\">人口 Population</th>"
                    "<th class=\"num\">覆盖人口 Covered</th><th class=\"num\">覆盖率 Coverage</th>"
                    "<th class=\"num\">设施 Facilities</th>";
  if (capacity) {
    out += "<th class=\"num\">容量 Capacity (" + esc(c.capacity_unit) +
           ")</th><th class=\"num\">每千人 per 1,000</th>";
  }
  out += "</tr>\n";
  const auto& towns = study.towns.towns;
  for (std::size_t t = 0; t <= towns.size(); ++t) {
    const io::Town* town = t < towns.size() ? &towns[t] : nullptr;
    const std::string code = town ? town->code : "";
    auto number = [&](const char* measure, const std::string& text) {
      return ind.cell(c.id, code, measure, text);
    };
    auto value = [&](const char* measure) { return ind.at(c.id, code, measure).value; };
    out += town ? "<tr class=\"town\">" : "<tr class=\"city\">";
    out += town_cells(town) + number("population", grouped_number(value("population"))) +
           number("covered_population", grouped_number(value("covered_population"))) +
           number("coverage_share", percent_text(value("coverage_share"))) +
           number("facilities", grouped_number(value("facilities")));
    if (capacity) {
      out += number("capacity", grouped_number(value("capacity"))) +
             number("capacity_per_1000", trimmed_number(value("capacity_per_1000"), 2));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string coverage_section(const study::Study& study, const coverage::RunResult& result,
                             const Indicators& ind) {
  std::string out = heading(kCoverage);
  out += "<p class=\"note\">Share of each town's residents within the circle, per category.</p>\n";
  out += coverage_matrix(study, result, ind);
  for (const io::Category& c : study.plan.categories) out += category_table(study, c, ind);
  return out + "</section>\n";
}

// ---------------------------------------------------------------- targets

std::string status_cell(const std::string& status) {
  if (status == "pass") return "<td class=\"status pass\">达标 pass</td>";
  if (status == "falls short") return "<td class=\"status short\">未达标 falls short</td>";
  if (status == "no target") return "<td class=\"status none\">无目标 no target</td>";
  return "<td class=\"status none\">无数据 no data</td>";
}

std::string record_value(const TargetRecord& r) {
  if (!r.value) return r.parts.empty() ? "-" : r.parts;
  const bool town_count = r.kind == "presence_by_town" && !r.town_code.empty();
  if (r.unit == "%" && !town_count) return trimmed_number(*r.value, 2) + "%";
  return trimmed_number(*r.value, 2);
}

std::string targets_section(const coverage::TargetCheck* check) {
  std::string out = heading(kTargets);
  if (check == nullptr) {
    return out +
           "<p class=\"note\">No target check in this run: the plan names no [targets] spec file.</p>\n"
           "</section>\n";
  }
  const std::vector<TargetRecord> records = target_records(*check);
  std::size_t pass = 0, short_of = 0, other = 0;
  for (const TargetRecord& r : records) {
    if (!r.town_code.empty()) continue;
    (r.status == "pass" ? pass : r.status == "falls short" ? short_of : other) += 1;
  }
  out += "<p>年份 Year " + std::to_string(check->year) + ": citywide <span class=\"pass\">" +
         std::to_string(pass) + " pass</span>, <span class=\"short\">" + std::to_string(short_of) +
         " fall short</span>, " + std::to_string(other) +
         " without a target or data. Spec file: " + esc(check->specs_file.string()) +
         (check->actuals_file.empty() ? "" : "; actuals: " + esc(check->actuals_file.string())) + ".</p>\n";
  out +=
      "<table id=\"targets-table\">\n<tr><th>指标 Indicator</th><th>范围 Area</th><th class=\"num\">值 "
      "Value</th>"
      "<th class=\"num\">目标 Target</th><th>结果 Status</th><th>差距 Shortfall</th></tr>\n";
  for (const TargetRecord& r : records) {
    const bool city_line = r.town_code.empty();
    out += std::string(city_line ? "<tr class=\"city\"" : "<tr class=\"town\"") + " data-indicator=\"" +
           esc(r.indicator) + "\" data-town=\"" + esc(r.town_code) + "\" data-status=\"" + esc(r.status) +
           "\">";
    std::string name = r.row ? std::to_string(*r.row) + ". " : "";
    name += esc(r.name_zh.empty() ? r.indicator : r.name_zh);
    if (!r.name_en.empty()) name += " <span class=\"en\">" + esc(r.name_en) + "</span>";
    out += "<td>" + (city_line ? name : std::string()) + "</td><td class=\"name\">" + esc(r.town_name) +
           "</td>" + "<td class=\"num\">" + esc(record_value(r)) + "</td><td class=\"num\">" + esc(r.target) +
           "</td>" + status_cell(r.status) + "<td>" + esc(r.in_words.empty() ? r.reason : r.in_words) +
           "</td></tr>\n";
  }
  out += "</table>\n";
  if (!check->warnings.empty()) {
    out += "<ul>\n";
    for (const std::string& w : check->warnings) out += "<li>" + esc(w) + "</li>\n";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

// ---------------------------------------------------------------- scenarios

double share_of(double covered, double population) { return population > 0.0 ? covered / population : 0.0; }

std::string edits_list(const coverage::Scenario& s, const study::Study& study) {
  std::string out = "<ul>\n";
  for (const coverage::ScenarioFacility& f : s.added) {
    out += "<li>新增 Added: " + esc(f.name) + " (" + esc(f.id) + ", " + esc(f.category) + ")</li>\n";
  }
  for (const std::uint32_t i : s.removed) {
    const io::Facility& f = study.facilities.at(i);
    out += "<li>移除 Removed: " + esc(f.name) + " (" + esc(f.id) + ", " + esc(f.category) + ")</li>\n";
  }
  for (const coverage::FacilityChange& c : s.changed) {
    const io::Facility& f = study.facilities.at(c.facility);
    std::vector<std::string> parts;
    if (c.capacity) parts.push_back("capacity " + trimmed_number(*c.capacity, 2));
    if (c.category) parts.push_back("category " + *c.category);
    if (c.moved_to) parts.emplace_back("moved");
    std::string what;
    for (const std::string& p : parts) {
      if (!what.empty()) what += ", ";
      what += p;
    }
    out += "<li>修改 Changed: " + esc(f.name) + " (" + esc(f.id) + "): " + esc(what) + "</li>\n";
  }
  for (const coverage::CircleChange& c : s.circles) {
    out += "<li>圈层 Circle: " + esc(c.category) + " " + trimmed_number(c.minutes, 1) + " min</li>\n";
  }
  if (s.walk_speed_mps)
    out += "<li>步行速度 Walking speed: " + trimmed_number(*s.walk_speed_mps * 3.6, 2) + " km/h</li>\n";
  if (s.use_status) out += "<li>规划设施 Facilities with status planned are built.</li>\n";
  return out + "</ul>\n";
}

void check_scenario(const ScenarioComparison& sc, const study::Study& study) {
  if (sc.scenario == nullptr || sc.categories == nullptr)
    throw InternalError("report: a scenario without its results");
  const std::size_t towns = study.towns.towns.size();
  bool fits = sc.categories->size() == study.plan.categories.size();
  for (std::size_t k = 0; fits && k < sc.categories->size(); ++k) {
    const coverage::ScenarioCategory& c = (*sc.categories)[k];
    fits = c.category == study.plan.categories[k].id && c.town_population.size() == towns &&
           c.base_covered.size() == towns && c.scenario_covered.size() == towns;
  }
  if (!fits) {
    throw InternalError("report: scenario '" + sc.scenario->name +
                        "' was not evaluated on this plan's categories and towns");
  }
}

std::string scenario_cell(std::size_t index, const std::string& category, const std::string& town,
                          const char* measure, double value, const std::string& text,
                          const char* cls = "num") {
  return std::string("<td class=\"") + cls + "\" data-scenario=\"" + std::to_string(index) +
         "\" data-category=\"" + esc(category) + "\" data-town=\"" + esc(town) + "\" data-measure=\"" +
         measure + "\" data-value=\"" + format_value(value) + "\">" + esc(text) + "</td>";
}

std::string scenario_table(std::size_t index, const ScenarioComparison& sc, const study::Study& study) {
  std::string out =
      "<table class=\"scenario\" id=\"scenario-" + std::to_string(index) +
      "\">\n<tr><th>类别 Category</th><th>镇街 Town</th><th class=\"num\">人口 Population</th>"
      "<th class=\"num\">基准 Base</th><th class=\"num\">情景 Scenario</th>"
      "<th class=\"num\">变化 Change</th><th class=\"num\">变化人口 Change in people</th></tr>\n";
  const auto& towns = study.towns.towns;
  std::string unchanged;
  for (std::size_t k = 0; k < sc.categories->size(); ++k) {
    const coverage::ScenarioCategory& c = (*sc.categories)[k];
    // A category the scenario leaves alone in every town is named once, below the table.
    if (c.base_covered == c.scenario_covered) {
      if (!unchanged.empty()) unchanged += ", ";
      unchanged += esc(study.plan.categories[k].name);
      continue;
    }
    for (std::size_t t = 0; t <= towns.size(); ++t) {
      const bool is_city = t == towns.size();
      const double population = is_city ? c.city_population : c.town_population[t];
      const double before = is_city ? c.base_city_covered : c.base_covered[t];
      const double after = is_city ? c.scenario_city_covered : c.scenario_covered[t];
      const double base = share_of(before, population), scenario = share_of(after, population);
      const std::string code = is_city ? "" : towns[t].code;
      const char* trend = after > before ? "num up" : after < before ? "num down" : "num";
      out += is_city ? "<tr class=\"city\">" : "<tr class=\"town\">";
      out += "<td>" + (t == 0 ? category_label(study.plan.categories[k]) : std::string()) +
             "</td><td class=\"name\">" + (is_city ? std::string(kCityName) : esc(towns[t].name)) +
             "</td><td class=\"num\">" + grouped_number(population) + "</td>" +
             scenario_cell(index, c.category, code, "base_share", base, percent_text(base)) +
             scenario_cell(index, c.category, code, "scenario_share", scenario, percent_text(scenario)) +
             scenario_cell(index, c.category, code, "change_share", scenario - base,
                           points_change_text(scenario - base), trend) +
             scenario_cell(index, c.category, code, "change_covered", after - before,
                           signed_grouped(after - before), trend) +
             "</tr>\n";
    }
  }
  out += "</table>\n";
  if (!unchanged.empty()) out += "<p class=\"note\">未变化 Unchanged in every town: " + unchanged + "</p>\n";
  return out;
}

std::string scenarios_section(const std::vector<ScenarioComparison>& scenarios, const study::Study& study) {
  std::string out = heading(kScenarios);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioComparison& sc = scenarios[i];
    check_scenario(sc, study);
    out += "<h3>" + esc(sc.scenario->name) +
           "</h3>\n<p class=\"note\">Scenario file: " + esc(sc.scenario->file.string()) + "</p>\n" +
           edits_list(*sc.scenario, study) + scenario_table(i, sc, study);
  }
  return out + "</section>\n";
}

// ---------------------------------------------------------------- inputs and population model

std::string layer_row(const char* role, const io::LayerInfo& l) {
  return std::string("<tr><td>") + role + "</td><td>" + esc(l.path) + "</td><td>" + esc(l.layer) +
         "</td><td>" + esc(l.driver) + "</td><td>" + esc(l.crs) + "</td><td class=\"num\">" +
         grouped_number(static_cast<double>(l.feature_count)) + "</td></tr>\n";
}

std::string inputs_section(const study::Study& study, const coverage::RunResult& result) {
  const CityInfo info = describe_city(study);
  const io::Plan& plan = study.plan;
  std::string out = heading(kInputs);
  out += "<dl>\n<dt>规划文件 Plan file</dt><dd>" + esc(plan.file.string()) + "</dd>\n<dt>规划 Plan</dt><dd>" +
         esc(plan.name) + "</dd>\n<dt>步行速度 Walking speed</dt><dd>" +
         trimmed_number(plan.walk_speed_mps * 3.6, 2) + " km/h</dd>\n<dt>吸附上限 Snap limit</dt><dd>" +
         trimmed_number(plan.snap_limit_m, 1) +
         " m</dd>\n<dt>工作坐标系 Working CRS</dt><dd>EPSG:" + std::to_string(info.working_epsg) +
         "</dd>\n</dl>\n";
  out +=
      "<table id=\"inputs-table\">\n<tr><th>数据 Input</th><th>文件 Path</th><th>图层 Layer</th>"
      "<th>格式 Driver</th><th>坐标系 CRS</th><th class=\"num\">要素 Features</th></tr>\n";
  for (std::size_t i = 0; i < info.inputs.size(); ++i) {
    if (i == 0 && info.network_regions > 0) continue;  // each region read its own part of the roads
    out += layer_row(i == 0 ? "道路 Roads" : i == 1 ? "镇街 Towns" : "设施 Facilities", info.inputs[i]);
  }
  if (study.population) out += layer_row("人口 Population", study.population->info);
  out += "</table>\n";
  const SnapStats& s = info.snap;
  const std::string graph_text =
      info.network_regions > 0
          ? "分区构建，共 " + std::to_string(info.network_regions) +
                " 个分区（lifecircle-mpi），全网未在一处保存 Built region by region from " +
                esc(plan.roads.path.string()) + " (" + std::to_string(info.network_regions) +
                " regions, each with its border margin, by lifecircle-mpi); the whole graph is never held in "
                "one place, so its size is not given here"
          : grouped_number(info.nodes) + " nodes, " + grouped_number(info.edges) + " edges, " +
                trimmed_number(info.total_length_km, 1) + " km; " + std::to_string(info.components) +
                " components";
  out += "<dl>\n<dt>步行网络 Walking graph</dt><dd id=\"walking-graph\">" + graph_text +
         "</dd>\n<dt>设施吸附 Snapped facilities</dt><dd>" + std::to_string(s.snapped) + " of " +
         std::to_string(s.points) + " on the network; median " + trimmed_number(s.median_m, 1) + " m, 95% " +
         trimmed_number(s.p95_m, 1) + " m, worst " + trimmed_number(s.worst_m, 1) + " m</dd>\n</dl>\n";
  if (!s.over_limit.empty()) {
    out += "<p>Farther than the snap limit (not on the network):</p>\n<ul>\n";
    for (const UnsnappedFacility& f : s.over_limit) {
      out += "<li>" + esc(f.id) + " " + esc(f.name) + " (" + esc(f.category) + ")</li>\n";
    }
    out += "</ul>\n";
  }
  std::vector<std::string> warnings = info.warnings;  // the target check lists its own
  warnings.insert(warnings.end(), result.demand.warnings.begin(), result.demand.warnings.end());
  out += "<h3>警告 Warnings</h3>\n";
  if (warnings.empty())
    out += "<p class=\"note\">None.</p>\n";
  else {
    out += "<ul id=\"warnings\">\n";
    for (const std::string& w : warnings) out += "<li>" + esc(w) + "</li>\n";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

std::string model_name(coverage::DemandModelKind kind) {
  switch (kind) {
    case coverage::DemandModelKind::raster:
      return "人口栅格 population raster";
    case coverage::DemandModelKind::points_layer:
      return "居住点 residential points";
    case coverage::DemandModelKind::street_length:
      break;
  }
  return "镇街人口按街道分布 town population over streets";
}

std::string population_section(const study::Study& study, const coverage::RunResult& result,
                               const Indicators& ind) {
  std::string out = heading(kPopulation);
  const double city_placed = ind.at("demand", "", "placed_population").value;
  double town_total = 0.0;
  for (const io::Town& t : study.towns.towns) town_total += t.population;
  const double not_placed = std::max(0.0, town_total - city_placed);
  const double share = town_total > 0.0 ? city_placed / town_total : 0.0;
  out += "<dl>\n<dt>模型 Model</dt><dd id=\"population-model\">" + model_name(result.demand.kind) +
         "</dd>\n<dt>说明 How</dt><dd>" + esc(result.demand.description) +
         "</dd>\n<dt>需求点 Demand points</dt><dd>" +
         grouped_number(static_cast<double>(result.demand.points.size())) +
         "</dd>\n<dt>落网 Placed</dt><dd id=\"population-placed\">" + grouped_number(city_placed) + " of " +
         grouped_number(town_total) + " residents of the towns (" + trimmed_number(100.0 * share, 1) + " %)" +
         (not_placed >= 0.5
              ? "; " + grouped_number(not_placed) +
                    " could not be placed on the network and count as not covered (see the warnings)"
              : " (every resident is on the network)") +
         "</dd>\n";
  if (result.demand.outside_population > 0.0) {
    out += "<dt>镇街外 Outside the towns</dt><dd id=\"population-outside\">" +
           grouped_number(result.demand.outside_population) + " residents of the population layer (" +
           grouped_number(static_cast<double>(result.demand.outside_points)) +
           " points) lie outside every town and are not counted</dd>\n";
  }
  out += "</dl>\n";
  out +=
      "<table id=\"population-table\">\n<tr><th>镇街 Town</th><th>代码 Code</th><th class=\"num\">人口 "
      "Population</th>"
      "<th class=\"num\">落网 Placed</th><th class=\"num\">未落网 Unplaced</th>"
      "<th class=\"num\">未落网点 Unplaced points</th><th class=\"num\">落网比例 Placed share</th></tr>\n";
  const auto& towns = study.towns.towns;
  for (std::size_t t = 0; t <= towns.size(); ++t) {
    const io::Town* town = t < towns.size() ? &towns[t] : nullptr;
    const std::string code = town ? town->code : "";
    const double placed = ind.at("demand", code, "placed_population").value;
    const double missing = ind.at("demand", code, "unplaced_population").value;
    const double total = town ? town->population : town_total;
    out += std::string(town ? "<tr class=\"town\">" : "<tr class=\"city\">") + town_cells(town) +
           "<td class=\"num\">" + grouped_number(total) + "</td>" +
           ind.cell("demand", code, "placed_population", grouped_number(placed)) +
           ind.cell("demand", code, "unplaced_population", grouped_number(missing)) +
           ind.cell("demand", code, "unplaced_points",
                    grouped_number(ind.at("demand", code, "unplaced_points").value)) +
           "<td class=\"num\">" + trimmed_number(100.0 * (total > 0.0 ? placed / total : 0.0), 1) +
           " %</td></tr>\n";
  }
  return out + "</table>\n</section>\n";
}

// ---------------------------------------------------------------- the page

std::string nav(bool interactive, bool scenarios) {
  std::string out = "<nav>";
  for (const Section* s :
       {&kSummary, &kMaps, &kInteractive, &kCoverage, &kTargets, &kScenarios, &kInputs, &kPopulation}) {
    if ((s == &kScenarios && !scenarios) || (s == &kInteractive && !interactive)) continue;
    out += std::string("<a href=\"#") + s->id + "\">" + s->zh + " " + s->en + "</a>";
  }
  return out + "</nav>\n";
}

std::string footer(const study::Study& study) {
  std::string out = "<footer>";
  const std::string attribution = study::road_attribution(study.plan);
  if (!attribution.empty()) {
    out += "道路数据 Road data: ";
    out += xml_escape(attribution);
    out += ". ";
  }
  return out + "Made by lifecircle from the inputs listed above.</footer>\n";
}

}  // namespace

std::vector<Figure> figures_in(const std::filesystem::path& dir) {
  std::vector<Figure> figures;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return figures;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (entry.is_regular_file() && ext == ".png")
      figures.push_back({entry.path().stem().string(), entry.path()});
  }
  std::sort(figures.begin(), figures.end(),
            [](const Figure& a, const Figure& b) { return a.png.filename() < b.png.filename(); });
  return figures;
}

std::string html_report(const study::Study& study, const coverage::RunResult& result,
                        const ReportContent& content) {
  const Indicators ind(study, result);
  std::string out = kHead;
  out += kPolicy;
  out += content.interactive_map ? kPolicyScripts : "";
  out += "\">\n<title>" + esc(study.plan.name) + " · lifecircle</title>\n";
  out += kStyle;
  out +=
      "<body>\n<header><h1><span class=\"zh\">生活圈覆盖报告</span> Coverage report</h1>\n<p "
      "class=\"subtitle\">" +
      esc(study.plan.name) + "</p>\n" + nav(content.interactive_map, !content.scenarios.empty()) +
      "</header>\n";
  out += summary_section(study, result, ind);
  out += maps_section(content.figures);
  if (content.interactive_map)
    out += heading(kInteractive) + interactive_map_html(study, result) + "</section>\n";
  out += coverage_section(study, result, ind);
  out += targets_section(content.targets);
  if (!content.scenarios.empty()) out += scenarios_section(content.scenarios, study);
  out += inputs_section(study, result);
  out += population_section(study, result, ind);
  out += footer(study);
  return out + "</body>\n</html>\n";
}

void write_html_report(const std::filesystem::path& path, const study::Study& study,
                       const coverage::RunResult& result, const ReportContent& content) {
  write_file_atomically(path, html_report(study, result, content));
}

}  // namespace lifecircle::report
