#include "lifecircle/report/xlsx_tables.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <system_error>

#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::report {
namespace {

enum class ColumnKind { text, number, share, by_measure };

struct Column {
  std::string_view csv_name;  // the CSV header, or the suffix after "NAME:" of a scenario column
  std::string_view header;    // 中文 first, then English
  ColumnKind kind;
};

// Every column of lifecircle's CSV tables.
constexpr std::array kColumns{
    Column{"category", "类别 category", ColumnKind::text},
    Column{"town_code", "镇街代码 town code", ColumnKind::text},
    Column{"town_name", "镇街 town", ColumnKind::text},
    Column{"measure", "指标项 measure", ColumnKind::text},
    Column{"value", "数值 value", ColumnKind::by_measure},
    Column{"indicator", "指标 indicator", ColumnKind::text},
    Column{"row", "行 row", ColumnKind::number},
    Column{"kind", "类型 kind", ColumnKind::text},
    Column{"name_zh", "指标名称 name (Chinese)", ColumnKind::text},
    Column{"name_en", "英文名称 name (English)", ColumnKind::text},
    Column{"unit", "单位 unit", ColumnKind::text},
    Column{"year", "年份 year", ColumnKind::number},
    Column{"parts", "分项 parts", ColumnKind::text},
    Column{"target", "目标 target", ColumnKind::text},
    Column{"status", "状态 status", ColumnKind::text},
    Column{"shortfall", "差距 shortfall", ColumnKind::number},
    Column{"in_words", "说明 in words", ColumnKind::text},
    Column{"reason", "原因 reason", ColumnKind::text},
    Column{"population", "人口 population", ColumnKind::number},
    Column{"base_covered", "现状覆盖人口 base covered population", ColumnKind::number},
    Column{"base_share", "现状覆盖率 base coverage share", ColumnKind::share},
    Column{"base_value", "现状数值 base value", ColumnKind::number},
    Column{"base_status", "现状状态 base status", ColumnKind::text},
    Column{"rank", "排名 rank", ColumnKind::number},
    Column{"lon", "经度 longitude", ColumnKind::number},
    Column{"lat", "纬度 latitude", ColumnKind::number},
    Column{"population_added", "新增覆盖人口 population added", ColumnKind::number},
    Column{"covered_after", "建成后覆盖人口 covered after", ColumnKind::number},
    Column{"share_after", "建成后覆盖率 coverage share after", ColumnKind::share},
    Column{"capacity", "容量 capacity", ColumnKind::number},
    Column{"catchment_population", "服务人口 catchment population", ColumnKind::number},
    Column{"per_1000_added", "每千人新增容量 capacity per 1,000 added", ColumnKind::number},
    Column{"need_met", "满足需求 need met", ColumnKind::number},
    Column{"unmet_after", "剩余缺口 unmet after", ColumnKind::number},
    Column{"population_at_target_after", "建成后达标人口 population at target after", ColumnKind::number},
    Column{"share_at_target_after", "建成后达标率 share at target after", ColumnKind::share},
};

// The columns "NAME:<suffix>" that compare.csv and compare-targets.csv repeat per scenario.
constexpr std::array kScenarioColumns{
    Column{"covered", "覆盖人口 covered population", ColumnKind::number},
    Column{"share", "覆盖率 coverage share", ColumnKind::share},
    Column{"change_share", "覆盖率变化 change of share", ColumnKind::share},
    Column{"change_covered", "覆盖人口变化 change of covered population", ColumnKind::number},
    Column{"value", "数值 value", ColumnKind::number},
    Column{"change", "变化 change", ColumnKind::number},
    Column{"status", "状态 status", ColumnKind::text},
};

struct ResolvedColumn {
  std::string header;
  ColumnKind kind = ColumnKind::text;
};

ResolvedColumn resolve(const std::string& csv_name) {
  for (const Column& c : kColumns) {
    if (c.csv_name == csv_name) return {std::string(c.header), c.kind};
  }
  if (const std::size_t colon = csv_name.rfind(':'); colon != std::string::npos) {
    const std::string_view suffix = std::string_view(csv_name).substr(colon + 1);
    for (const Column& c : kScenarioColumns) {
      if (c.csv_name == suffix) return {csv_name.substr(0, colon) + ": " + std::string(c.header), c.kind};
    }
  }
  return {csv_name, ColumnKind::text};
}

std::optional<double> read_number(const std::string& cell) {
  double value = 0.0;
  const char* end = cell.data() + cell.size();
  const auto [ptr, error] = std::from_chars(cell.data(), end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

XlsxCell text_cell(std::string text) {
  if (text.empty()) return {};
  return {XlsxCell::Kind::text, std::move(text), 0.0};
}

XlsxCell number_cell(double value, bool share) {
  return {share ? XlsxCell::Kind::share : XlsxCell::Kind::number, {}, value};
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Display width for a column: CJK characters count two.
double display_width(std::string_view text) {
  double width = 0.0;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    width += bytes >= 3 ? 2.0 : 1.0;
    i += bytes;
  }
  return width;
}

struct WorkbookCloser {
  void operator()(lxw_workbook* w) const { workbook_close(w); }
};

void check(lxw_error error, const std::filesystem::path& path) {
  if (error != LXW_NO_ERROR) {
    throw OutputError(path.string() + ": cannot write the workbook (" + lxw_strerror(error) + ")");
  }
}

void write_sheet(lxw_workbook* book, const XlsxSheet& sheet, lxw_format* header, lxw_format* percent,
                 const std::filesystem::path& path) {
  lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
  if (ws == nullptr) throw OutputError(path.string() + ": cannot add the sheet '" + sheet.name + "'");
  std::vector<double> widths(sheet.headers.size(), 0.0);
  for (std::size_t c = 0; c < sheet.headers.size(); ++c) {
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.headers[c].c_str(), header), path);
    widths[c] = display_width(sheet.headers[c]);
  }
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < sheet.rows[r].size() && c < widths.size(); ++c) {
      const XlsxCell& cell = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      switch (cell.kind) {
        case XlsxCell::Kind::empty:
          break;
        case XlsxCell::Kind::text: {
          const std::string text = csv_starts_formula(cell.text) ? "'" + cell.text : cell.text;
          check(worksheet_write_string(ws, row, col, text.c_str(), nullptr), path);
          widths[c] = std::max(widths[c], display_width(text));
          break;
        }
        case XlsxCell::Kind::number:
        case XlsxCell::Kind::share:
          check(worksheet_write_number(ws, row, col, cell.number,
                                       cell.kind == XlsxCell::Kind::share ? percent : nullptr),
                path);
          widths[c] = std::max(widths[c], 10.0);
          break;
      }
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    check(worksheet_set_column(ws, col, col, std::clamp(widths[c] + 2.0, 8.0, 50.0), nullptr), path);
  }
  worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace

XlsxSheet csv_sheet(std::string name, std::string_view csv) {
  XlsxSheet sheet;
  sheet.name = std::move(name);
  std::vector<std::vector<std::string>> rows = csv_rows(csv);
  if (rows.empty()) return sheet;
  std::vector<ColumnKind> kinds;
  std::optional<std::size_t> measure;
  for (std::size_t c = 0; c < rows.front().size(); ++c) {
    const std::string& csv_name = rows.front()[c];
    ResolvedColumn column = resolve(csv_name);
    sheet.headers.push_back(std::move(column.header));
    kinds.push_back(column.kind);
    if (csv_name == "measure") measure = c;
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string>& cells = rows[r];
    std::vector<XlsxCell> out;
    out.reserve(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const ColumnKind kind = c < kinds.size() ? kinds[c] : ColumnKind::text;
      const std::optional<double> number = kind == ColumnKind::text ? std::nullopt : read_number(cells[c]);
      if (!number) {
        out.push_back(text_cell(std::move(cells[c])));
        continue;
      }
      bool share = kind == ColumnKind::share;
      if (kind == ColumnKind::by_measure)
        share = measure && *measure < cells.size() && ends_with(cells[*measure], "_share");
      out.push_back(number_cell(*number, share));
    }
    sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

XlsxSheet towns_sheet(const study::Study& study, const coverage::RunResult& result) {
  XlsxSheet sheet;
  sheet.name = "towns";
  sheet.headers = {"镇街代码 town code", "镇街 town", "人口 population", "面积 area km²"};
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const io::Category& category = study.plan.categories[k];
    // "诊所 覆盖率 clinic coverage share": the plan's name, the measure in Chinese, the id, the measure.
    const auto header = [&category](std::string_view zh, std::string_view en) {
      std::string text = category.name;
      text.append(" ").append(zh).append(" ").append(category.id).append(" ").append(en);
      return text;
    };
    sheet.headers.push_back(header("覆盖率", "coverage share"));
    sheet.headers.push_back(header("覆盖人口", "covered population"));
    sheet.headers.push_back(header("设施数", "facilities"));
    sheet.headers.push_back(header("每千人容量", "capacity per 1,000"));
  }
  sheet.headers.emplace_back("综合覆盖率 composite share");
  for (std::size_t t = 0; t < study.towns.towns.size(); ++t) {
    const io::Town& town = study.towns.towns[t];
    std::vector<XlsxCell> row{text_cell(town.code), text_cell(town.name), number_cell(town.population, false),
                              number_cell(result.town_area_m2[t] / 1e6, false)};
    for (std::size_t k = 0; k < result.categories.size(); ++k) {
      const coverage::Totals& tt = result.categories[k].coverage.towns[t];
      row.push_back(number_cell(tt.share(), true));
      row.push_back(number_cell(tt.covered_population, false));
      row.push_back(number_cell(tt.facilities, false));
      const bool per_1000 = !study.plan.categories[k].capacity_unit.empty() && tt.population > 0.0;
      row.push_back(per_1000 ? number_cell(tt.capacity / tt.population * 1000.0, false) : XlsxCell{});
    }
    const auto& c = result.composite;
    const bool composite = !c.basket.empty() && c.town_population[t] > 0.0;
    row.push_back(composite ? number_cell(c.town_covered_population[t] / c.town_population[t], true)
                            : XlsxCell{});
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

void write_xlsx(const std::filesystem::path& path, const std::vector<XlsxSheet>& sheets) {
  AtomicFile file(path);
  {
    std::unique_ptr<lxw_workbook, WorkbookCloser> book(workbook_new(file.temp_path().c_str()));
    if (!book) throw OutputError(path.string() + ": cannot create the workbook");
    lxw_doc_properties properties{};
    properties.created = 1;  // a fixed date: the same tables give the same bytes
    check(workbook_set_properties(book.get(), &properties), path);
    lxw_format* header = workbook_add_format(book.get());
    format_set_bold(header);
    format_set_text_wrap(header);
    lxw_format* percent = workbook_add_format(book.get());
    format_set_num_format(percent, "0.0%");
    for (const XlsxSheet& sheet : sheets) write_sheet(book.get(), sheet, header, percent, path);
    const lxw_error closed = workbook_close(book.release());
    check(closed, path);
  }
  file.commit();
}

}  // namespace lifecircle::report
