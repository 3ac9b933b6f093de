#include "lifecircle/report/scenario_targets.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

using Records = std::vector<TargetRecord>;

std::string number(const std::optional<double>& value) { return value ? format_value(*value) : ""; }

// The change to 2 decimals, as the values are judged.
std::optional<double> change(const TargetRecord& base, const TargetRecord& scenario) {
  if (!base.value || !scenario.value) return std::nullopt;
  return std::round((*scenario.value - *base.value) * 100.0) / 100.0;
}

bool same(const TargetRecord& a, const TargetRecord& b) { return a.value == b.value && a.status == b.status; }

// Records of the base and of each scenario, checked to line up.
struct Lined {
  Records base;
  std::vector<Records> scenarios;
};

Lined lined_up(const coverage::TargetCheck& base, const std::vector<ScenarioCheck>& scenarios) {
  Lined out{target_records(base), {}};
  for (const ScenarioCheck& s : scenarios) {
    Records r = target_records(*s.check);
    bool ok = r.size() == out.base.size();
    for (std::size_t k = 0; ok && k < r.size(); ++k) {
      ok = r[k].indicator == out.base[k].indicator && r[k].town_code == out.base[k].town_code;
    }
    if (!ok) {
      std::string message = "compare: the target check of scenario '";
      message.append(s.name).append("' does not line up with the base's");
      throw Error(message);
    }
    out.scenarios.push_back(std::move(r));
  }
  return out;
}

std::string town_of(const TargetRecord& r) { return r.town_code.empty() ? "city" : r.town_code; }

// Padded to `width` terminal columns: CJK (U+3000..U+9FFF) takes two.
std::string padded(const std::string& text, std::size_t width) {
  std::size_t columns = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    columns += byte >= 0xE3 && byte <= 0xE9 ? 2 : 1;
  }
  return columns >= width ? text : text + std::string(width - columns, ' ');
}

}  // namespace

std::string compare_targets_csv(const coverage::TargetCheck& base,
                                const std::vector<ScenarioCheck>& scenarios) {
  const Lined lined = lined_up(base, scenarios);
  std::string out = "indicator,kind,category,name_zh,year,town_code,town_name,target,base_value,base_status";
  for (const ScenarioCheck& s : scenarios) {
    for (const char* column : {":value", ":change", ":status"})
      out.append(",").append(csv_text(s.name + column));
  }
  out += "\n";
  for (std::size_t k = 0; k < lined.base.size(); ++k) {
    const TargetRecord& b = lined.base[k];
    const std::vector<std::string> cells{csv_text(b.indicator), csv_text(b.kind),       csv_text(b.category),
                                         csv_text(b.name_zh),   std::to_string(b.year), csv_text(town_of(b)),
                                         csv_text(b.town_name), csv_text(b.target),     number(b.value),
                                         csv_text(b.status)};
    for (std::size_t c = 0; c < cells.size(); ++c) out.append(c == 0 ? "" : ",").append(cells[c]);
    for (const Records& s : lined.scenarios) {
      out.append(",").append(number(s[k].value)).append(",").append(number(change(b, s[k]))).append(",");
      out.append(csv_text(s[k].status));
    }
    out += "\n";
  }
  return out;
}

std::string compare_targets_table(const coverage::TargetCheck& base,
                                  const std::vector<ScenarioCheck>& scenarios, bool changed_only) {
  const Lined lined = lined_up(base, scenarios);
  char buffer[256];
  std::string out;
  std::snprintf(buffer, sizeof buffer, "%-26.26s %-10s %-10s %10s %-12s", "indicator", "town", "target",
                "base", "");
  out += buffer;
  for (const ScenarioCheck& s : scenarios) {
    std::snprintf(buffer, sizeof buffer, " | %-33.33s", s.name.c_str());
    out += buffer;
  }
  out += "\n";
  std::size_t shown = 0;
  for (std::size_t k = 0; k < lined.base.size(); ++k) {
    const TargetRecord& b = lined.base[k];
    bool changes = false;
    for (const Records& s : lined.scenarios) changes = changes || !same(b, s[k]);
    if (changed_only && !changes) continue;
    ++shown;
    std::string label = b.indicator;
    label.append(" ").append(b.name_en.empty() ? b.category : b.name_en);
    std::snprintf(buffer, sizeof buffer, "%-26.26s %-10.10s ", label.c_str(), town_of(b).c_str());
    out += buffer;
    out += padded(b.target, 10);
    std::snprintf(buffer, sizeof buffer, " %10s %-12s", number(b.value).c_str(), b.status.c_str());
    out += buffer;
    for (const Records& s : lined.scenarios) {
      const std::optional<double> d = change(b, s[k]);
      std::string delta;
      if (d) delta.append(*d > 0.0 ? "+" : "").append(format_value(*d));
      std::snprintf(buffer, sizeof buffer, " | %10s %9s %-12s", number(s[k].value).c_str(), delta.c_str(),
                    s[k].status.c_str());
      out += buffer;
    }
    out += "\n";
  }
  if (shown == 0) out += "(no target line changes)\n";
  return out;
}

}  // namespace lifecircle::report
