#include "lifecircle/report/targets_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "lifecircle/report/indicators.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

using coverage::IndicatorKind;
using coverage::IndicatorResult;
using coverage::TargetLine;

// ---------------------------------------------------------------- numbers

// At most two decimals, no trailing zeros: 1.2, 7, 0.35.
std::string amount(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", std::round(value * 100.0) / 100.0 + 0.0);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

// A whole number with thousands separators: 12,345.
std::string grouped(double value) {
  const long long whole_value = std::llround(value);
  const std::string digits = std::to_string(whole_value < 0 ? -whole_value : whole_value);
  std::string out = whole_value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The smallest whole number of items that closes a shortfall.
double whole(double shortfall) { return std::ceil(shortfall - 1e-9); }

// "2.5 percentage points", "1 percentage point", "0.3 万人次".
std::string in_unit(double value, const std::string& unit) {
  const std::string number = amount(value);
  if (unit != "%") return number + " " + unit;
  return number + (number == "1" ? " percentage point" : " percentage points");
}

std::string per_residents(double per) {
  return per == 1.0 ? "per resident" : "per " + grouped(per) + " residents";
}

std::string items(double n, const coverage::IndicatorSpec& spec) {
  return grouped(n) + " " + (n == 1.0 ? spec.noun : spec.plural);
}

// ---------------------------------------------------------------- words per kind

std::string strict_limit_words(const io::Target& target, io::Direction direction) {
  const bool above =
      target.comparison == io::Comparison::gt ||
      (target.comparison == io::Comparison::none && direction == io::Direction::higher_is_better);
  return std::string("on the limit: the target is ") + (above ? "above " : "below ") + amount(target.value);
}

std::string coverage_words(const IndicatorResult& r, const TargetLine& line, double shortfall) {
  const double residents = whole(shortfall / 100.0 * line.population);
  return grouped(residents) + (residents == 1.0 ? " more resident" : " more residents") + " in the " +
         r.spec.noun + " (" + in_unit(shortfall, "%") + ")";
}

std::string per_capita_words(const IndicatorResult& r, const TargetLine& line, double shortfall) {
  const double total = whole(shortfall * line.population / r.spec.per_residents);
  return amount(shortfall) + " more " + r.spec.plural + " " + per_residents(r.spec.per_residents) + " (" +
         grouped(total) + " more in all)";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string presence_words(const IndicatorResult& r, const TargetLine& line, double shortfall) {
  if (!line.town_code.empty()) return items(r.spec.min_count - line.count, r.spec) + " needed";
  const auto without = static_cast<double>(line.towns_without.size());
  std::string words = grouped(without) + (without == 1.0 ? " town" : " towns");
  words += r.spec.min_count == 1
               ? " without a " + r.spec.noun
               : " with fewer than " + std::to_string(r.spec.min_count) + " " + r.spec.plural;
  words += ": " + join(line.towns_without);
  const double needed = whole(shortfall / 100.0 * line.town_count);
  if (needed < without) words += " (" + grouped(needed) + " of them reach the target)";
  return words;
}

std::string count_words(const IndicatorResult& r, const TargetLine& line) {
  const io::Target& t = line.target;
  const double needed =
      (t.comparison == io::Comparison::gt ? std::floor(t.value) + 1.0 : std::ceil(t.value)) -
      static_cast<double>(line.count);
  return grouped(needed) + " more " + (needed == 1.0 ? r.spec.noun : r.spec.plural) + " (" +
         grouped(line.count) + " of " + amount(t.value) + ")";
}

std::string tracked_words(const IndicatorResult& r, double shortfall, const std::string& label) {
  const bool lower = r.spec.direction == io::Direction::lower_is_better ||
                     r.target.comparison == io::Comparison::lt || r.target.comparison == io::Comparison::le;
  std::string words = label.empty() ? "" : label + ": ";
  return words + in_unit(shortfall, r.spec.unit) + (lower ? " above the limit" : " short");
}

std::string pair_words(const IndicatorResult& r, const TargetLine& line) {
  std::string out;
  for (const io::PartVerdict& part : line.part_verdicts) {
    if (part.verdict.status != io::Verdict::falls_short) continue;
    out += (out.empty() ? "" : "; ") + tracked_words(r, *part.verdict.shortfall, part.label);
  }
  return out;
}

// ---------------------------------------------------------------- records

std::string value_text(const IndicatorResult& r, const TargetLine& line) {
  if (!line.value) return "-";
  const bool percent =
      r.spec.unit == "%" && (r.spec.kind != IndicatorKind::presence_by_town || line.town_code.empty());
  return amount(*line.value) + (percent ? "%" : "");
}

// A pair's actual parts in the target's order.
std::string parts_text(const TargetLine& line, const char* separator, const char* equals) {
  std::string out;
  for (const io::TargetPart& part : line.target.parts) {
    const auto actual = line.parts.find(part.label);
    if (actual == line.parts.end()) continue;
    out += (out.empty() ? "" : separator) + part.label + equals + format_value(actual->second);
  }
  return out;
}

std::string optional_number(const std::optional<double>& value) { return value ? format_value(*value) : ""; }

TargetRecord record_of(const IndicatorResult& r, const TargetLine& line, int year) {
  TargetRecord rec;
  rec.indicator = r.spec.key;
  rec.row = r.spec.row;
  rec.kind = std::string(coverage::to_string(r.spec.kind));
  rec.category = r.spec.category;
  rec.name_zh = r.spec.name_zh;
  rec.name_en = r.spec.name_en;
  rec.unit = r.spec.unit;
  rec.year = year;
  rec.town_code = line.town_code;
  rec.town_name = line.town_code.empty() ? kCityName : line.town_name;
  rec.value = line.value;
  rec.parts = parts_text(line, ";", "=");
  rec.target = line.target.text;
  rec.status = status_text(line.verdict);
  rec.shortfall = line.verdict.shortfall;
  rec.in_words = shortfall_in_words(r, line);
  rec.reason = line.no_data_reason;
  return rec;
}

// ---------------------------------------------------------------- the printed table

// Terminal columns of UTF-8 text: East Asian wide characters take two.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += length;
  }
  return width;
}

std::string pad_right(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return text + std::string(w < width ? width - w : 0, ' ');
}

std::string pad_left(const std::string& text, std::size_t width) {
  const std::size_t w = display_width(text);
  return std::string(w < width ? width - w : 0, ' ') + text;
}

std::string binding_text(const IndicatorResult& r) {
  const coverage::IndicatorSpec& s = r.spec;
  switch (s.kind) {
    case IndicatorKind::coverage:
      return "coverage: residents in the " + s.noun + " (" + s.category + ")";
    case IndicatorKind::per_capita:
      return "per capita: " + s.category + " capacity " + per_residents(s.per_residents);
    case IndicatorKind::presence_by_town:
      return "presence: towns with at least " + std::to_string(s.min_count) + " " + s.category;
    case IndicatorKind::count:
      return "count: existing " + s.category + " citywide";
    case IndicatorKind::tracked:
      break;
  }
  if (!s.fallback_reason.empty()) {
    return "tracked: bound as " + std::string(coverage::to_string(s.declared_kind)) + " of " + s.category +
           ", but " + s.fallback_reason;
  }
  return "tracked: value from the actuals CSV";
}

std::string heading(const IndicatorResult& r, int year) {
  const std::string number = r.spec.row
                                 ? pad_left(std::to_string(*r.spec.row), 4) + (r.spec.star ? " ☆ " : "   ")
                                 : "task " + r.spec.key + ": ";
  std::string text = number + r.spec.name_zh + "  " + r.spec.name_en + "\n";
  text += "       " + binding_text(r) + "; target " + std::to_string(year) + ": " + r.target.text +
          (r.spec.unit.empty() ? "" : " (" + r.spec.unit + ")") + "\n";
  if (!r.spec.source.empty()) text += "       plan: “" + r.spec.source + "”\n";
  if (!r.spec.note.empty()) text += "       note: " + r.spec.note + "\n";
  return text;
}

std::string block(const IndicatorResult& r, int year) {
  std::vector<std::array<std::string, 5>> cells;
  for (const TargetLine& line : r.lines) {
    const std::string words =
        line.verdict.status == io::Verdict::no_data ? line.no_data_reason : shortfall_in_words(r, line);
    const std::string value = line.part_verdicts.empty()
                                  ? value_text(r, line)
                                  : (line.parts.empty() ? "-" : parts_text(line, "; ", " "));
    cells.push_back({line.town_code.empty() ? kCityName : line.town_name, value, line.target.text,
                     status_text(line.verdict), words});
  }
  std::array<std::size_t, 4> width{};
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < width.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  }
  std::string text = heading(r, year);
  for (const auto& row : cells) {
    std::string line = "       " + pad_right(row[0], width[0]) + "  " + pad_left(row[1], width[1]) + "  " +
                       pad_left(row[2], width[2]) + "  " + pad_right(row[3], width[3]) + "  " + row[4];
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text + "\n";
}

std::string tally(const coverage::TargetCheck& check) {
  std::array<std::size_t, 4> counts{};
  for (const IndicatorResult& r : check.indicators)
    ++counts[static_cast<std::size_t>(r.lines.front().verdict.status)];
  return "Citywide, " + std::to_string(check.year) + ": " + std::to_string(counts[io::Verdict::pass]) +
         " pass, " + std::to_string(counts[io::Verdict::falls_short]) + " fall short, " +
         std::to_string(counts[io::Verdict::no_target]) + " no target, " +
         std::to_string(counts[io::Verdict::no_data]) + " no data (" +
         std::to_string(check.indicators.size()) + " indicators)\n";
}

// ---------------------------------------------------------------- the layer

struct Field {
  const char* name;
  OGRFieldType type;
};

const std::array<Field, 17> kFields{{{"indicator", OFTString},
                                     {"row", OFTInteger},
                                     {"kind", OFTString},
                                     {"category", OFTString},
                                     {"name_zh", OFTString},
                                     {"name_en", OFTString},
                                     {"unit", OFTString},
                                     {"year", OFTInteger},
                                     {"town_code", OFTString},
                                     {"town_name", OFTString},
                                     {"value", OFTReal},
                                     {"parts", OFTString},
                                     {"target", OFTString},
                                     {"status", OFTString},
                                     {"shortfall", OFTReal},
                                     {"in_words", OFTString},
                                     {"reason", OFTString}}};

void set_feature(OGRFeature& f, const TargetRecord& rec) {
  f.SetField("indicator", rec.indicator.c_str());
  if (rec.row) f.SetField("row", *rec.row);
  for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"kind", &rec.kind},
                                   {"category", &rec.category},
                                   {"name_zh", &rec.name_zh},
                                   {"name_en", &rec.name_en},
                                   {"unit", &rec.unit},
                                   {"town_code", &rec.town_code},
                                   {"town_name", &rec.town_name},
                                   {"parts", &rec.parts},
                                   {"target", &rec.target},
                                   {"status", &rec.status},
                                   {"in_words", &rec.in_words},
                                   {"reason", &rec.reason}}) {
    f.SetField(name, text->c_str());
  }
  f.SetField("year", rec.year);
  if (rec.value) f.SetField("value", *rec.value);
  if (rec.shortfall) f.SetField("shortfall", *rec.shortfall);
}

}  // namespace

std::string status_text(const io::Verdict& verdict) {
  switch (verdict.status) {
    case io::Verdict::pass:
      return "pass";
    case io::Verdict::falls_short:
      return "falls short";
    case io::Verdict::no_target:
      return "no target";
    case io::Verdict::no_data:
      return "no data";
  }
  return "";
}

std::string shortfall_in_words(const IndicatorResult& r, const TargetLine& line) {
  if (line.verdict.status != io::Verdict::falls_short) return "";
  if (!line.part_verdicts.empty()) return pair_words(r, line);
  const double shortfall = *line.verdict.shortfall;
  if (shortfall <= 0.0) return strict_limit_words(line.target, r.spec.direction);
  switch (r.spec.kind) {
    case IndicatorKind::coverage:
      return coverage_words(r, line, shortfall);
    case IndicatorKind::per_capita:
      return per_capita_words(r, line, shortfall);
    case IndicatorKind::presence_by_town:
      return presence_words(r, line, shortfall);
    case IndicatorKind::count:
      return count_words(r, line);
    case IndicatorKind::tracked:
      break;
  }
  return tracked_words(r, shortfall, "");
}

std::vector<TargetRecord> target_records(const coverage::TargetCheck& check) {
  std::vector<TargetRecord> records;
  for (const IndicatorResult& r : check.indicators) {
    for (const TargetLine& line : r.lines) records.push_back(record_of(r, line, check.year));
  }
  return records;
}

std::string targets_table(const coverage::TargetCheck& check) {
  std::string text;
  for (const IndicatorResult& r : check.indicators) text += block(r, check.year);
  return text + tally(check);
}

std::string targets_csv(const coverage::TargetCheck& check) {
  std::string out;
  for (const Field& f : kFields) {
    if (!out.empty()) out += ',';
    out += f.name;
  }
  out += "\n";
  for (const TargetRecord& rec : target_records(check)) {
    const std::array<std::string, kFields.size()> cells{rec.indicator,
                                                        rec.row ? std::to_string(*rec.row) : "",
                                                        rec.kind,
                                                        rec.category,
                                                        rec.name_zh,
                                                        rec.name_en,
                                                        rec.unit,
                                                        std::to_string(rec.year),
                                                        rec.town_code,
                                                        rec.town_name,
                                                        optional_number(rec.value),
                                                        rec.parts,
                                                        rec.target,
                                                        rec.status,
                                                        optional_number(rec.shortfall),
                                                        rec.in_words,
                                                        rec.reason};
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += ',';
      line += kFields[c].type == OFTString ? csv_text(cells[c]) : csv_number(cells[c]);
    }
    out += line + "\n";
  }
  return out;
}

void write_targets_layer(GDALDataset& dataset, const coverage::TargetCheck& check) {
  const std::string where = std::string(dataset.GetDescription()) + ": layer 'targets': ";
  OGRLayer* layer = dataset.CreateLayer("targets", nullptr, wkbNone, nullptr);
  if (layer == nullptr) throw OutputError(where + "cannot create the layer (" + CPLGetLastErrorMsg() + ")");
  for (const Field& field : kFields) {
    OGRFieldDefn defn(field.name, field.type);
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      throw OutputError(where + "cannot create field '" + field.name + "' (" + CPLGetLastErrorMsg() + ")");
    }
  }
  for (const TargetRecord& rec : target_records(check)) {
    OGRFeature feature(layer->GetLayerDefn());
    set_feature(feature, rec);
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      throw OutputError(where + "cannot write indicator " + rec.indicator + " (" + CPLGetLastErrorMsg() +
                        ")");
    }
  }
}

std::string targets_summary(const coverage::TargetCheck& check) {
  std::string out = "Targets for " + std::to_string(check.year) + " (citywide; `lifecircle check --year " +
                    std::to_string(check.year) + "` gives every town)\n";
  std::size_t pass = 0, short_of = 0, other = 0;
  for (const TargetRecord& r : target_records(check)) {
    if (!r.town_code.empty()) continue;
    if (r.status == "pass")
      ++pass;
    else if (r.status == "falls short")
      ++short_of;
    else
      ++other;
    if (r.status == "no data") continue;
    const std::string name = r.name_zh.empty() ? r.indicator : r.name_zh;
    out += "  " + (r.row ? std::to_string(*r.row) : r.indicator) + "  " + name + ": " +
           (r.value ? format_value(*r.value) : std::string("-")) + " vs " + r.target + ": " + r.status +
           (r.in_words.empty() ? std::string() : " (" + r.in_words + ")") + "\n";
  }
  out += "  " + std::to_string(pass) + " pass, " + std::to_string(short_of) + " fall short, " +
         std::to_string(other) + " without a target or data\n";
  return out;
}

}  // namespace lifecircle::report
