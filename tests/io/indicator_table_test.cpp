#include "lifecircle/io/indicator_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

std::filesystem::path indicator_csv() {
  return std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data" / "plan" / "wenling-2023-indicators.csv";
}

// ../shared/docs beside the repository, or $LIFECIRCLE_SHARED_DOCS.
std::optional<std::filesystem::path> shared_docs_dir() {
  const char* env = std::getenv("LIFECIRCLE_SHARED_DOCS");
  const std::filesystem::path dir =
      env && *env ? std::filesystem::path(env)
                  : std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / ".." / "shared" / "docs";
  if (!std::filesystem::is_directory(dir)) return std::nullopt;
  return dir;
}

// ------------------------------------------------ the table, straight from the plan text
//
// The plan's table is flattened to one cell per paragraph: the header cells
// (领域, 指标, 2022年 ... 2027年), then per domain a header ("幼 有 善 育", with
// layout spaces) and per indicator its name and six value cells. One name is
// split over two paragraphs ("☆城乡居民同质同标免费健康体检数" + "(万人次)").
// The table ends at the footnote "标“☆”代表省“七优享”核心指标".

struct PlanRow {
  std::string domain;              // layout spaces removed
  std::string name;                // with the ☆ when the plan has it
  std::vector<std::string> cells;  // 2022..2027, verbatim
};

std::string trim_ascii(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::string without_spaces(std::string text) {
  std::erase(text, ' ');
  return text;
}

std::vector<std::string> plan_paragraphs(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> paragraphs;
  for (std::string line; std::getline(in, line);) {
    if (std::string text = trim_ascii(line); !text.empty()) paragraphs.push_back(std::move(text));
  }
  return paragraphs;
}

std::vector<PlanRow> extract_plan_table(const std::vector<std::string>& paragraphs) {
  const std::set<std::string> domains{"幼有善育", "学有优教", "劳有所得", "病有良医",
                                      "老有康养", "住有宜居", "弱有众扶"};
  auto at = std::find(paragraphs.begin(), paragraphs.end(), "领域");
  at = std::find(at, paragraphs.end(), "2027年");
  EXPECT_NE(at, paragraphs.end()) << "no table header ending in 2027年";
  std::vector<PlanRow> rows;
  std::string domain;
  for (++at; at != paragraphs.end() && !at->starts_with("标“☆”代表省"); ++at) {
    const bool row_open = !rows.empty() && rows.back().cells.size() < 6;
    if (!row_open && domains.contains(without_spaces(*at))) {
      domain = without_spaces(*at);
    } else if (!row_open) {
      rows.push_back(PlanRow{domain, *at, {}});
    } else if (rows.back().cells.empty() && at->starts_with("(")) {
      rows.back().name += *at;  // the name's second line
    } else {
      rows.back().cells.push_back(*at);
    }
  }
  EXPECT_NE(at, paragraphs.end()) << "no footnote 标“☆”代表省 after the table";
  return rows;
}

// The unit is the text in the last parentheses: "...(含大病保险)(%))" -> "%".
std::string unit_of(const std::string& name) {
  const auto open = name.rfind('(');
  const auto close = name.find(')', open);
  return name.substr(open + 1, close - open - 1);
}

TEST(IndicatorTablePlanTest, EveryCellMatchesThePlanText) {
  const std::optional<std::filesystem::path> docs = shared_docs_dir();
  if (!docs || !std::filesystem::is_regular_file(*docs / "wenling-plan-2023.txt")) {
    GTEST_SKIP()
        << "the plan text wenling-plan-2023.txt is not in ../shared/docs; set LIFECIRCLE_SHARED_DOCS";
  }
  const std::vector<PlanRow> plan = extract_plan_table(plan_paragraphs(*docs / "wenling-plan-2023.txt"));
  // The plan's table has 24 indicator rows (and 9 ☆, matching its "9个核心指标").
  ASSERT_EQ(plan.size(), 24u);

  const std::vector<IndicatorRow> table = read_indicator_table(indicator_csv());
  ASSERT_EQ(table.size(), plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlanRow& expected = plan[i];
    const IndicatorRow& row = table[i];
    SCOPED_TRACE("plan row " + std::to_string(i + 1) + ": " + expected.name);
    ASSERT_EQ(expected.cells.size(), 6u);
    EXPECT_EQ(row.row, static_cast<int>(i + 1));
    EXPECT_EQ(row.domain, expected.domain);
    EXPECT_EQ(row.star, expected.name.starts_with("☆"));
    EXPECT_EQ((row.star ? "☆" : "") + row.name_zh, expected.name);
    EXPECT_EQ(row.unit, unit_of(expected.name));
    EXPECT_EQ(row.y2022.text, expected.cells[0]);
    for (int year = first_target_year; year <= last_target_year; ++year) {
      EXPECT_EQ(target_for(row, year).text, expected.cells[static_cast<std::size_t>(year - 2022)]) << year;
    }
  }
}

TEST(IndicatorTableTest, BundledTableReadsWithEveryCellParsed) {
  const std::vector<IndicatorRow> table = read_indicator_table(indicator_csv());
  ASSERT_EQ(table.size(), 24u);
  EXPECT_EQ(std::count_if(table.begin(), table.end(), [](const IndicatorRow& row) { return row.star; }), 9);

  const IndicatorRow& reimbursement = table[11];
  EXPECT_EQ(reimbursement.name_zh, "基本医疗保险政策范围内住院报销比例(含大病保险)(%))");
  EXPECT_EQ(reimbursement.unit, "%");
  EXPECT_EQ(reimbursement.y2022.kind, TargetKind::not_published);
  const Target& target_2024 = target_for(reimbursement, 2024);
  ASSERT_EQ(target_2024.kind, TargetKind::pair);
  ASSERT_EQ(target_2024.parts.size(), 2u);
  EXPECT_EQ(target_2024.parts[1].label, "城乡医保");
  EXPECT_DOUBLE_EQ(target_2024.parts[1].value, 69.0);

  EXPECT_EQ(table[12].name_zh, "城乡居民同质同标免费健康体检数(万人次)");
  EXPECT_EQ(target_for(table[16], 2027).kind, TargetKind::full_coverage);
  EXPECT_EQ(target_for(table[13], 2023).comparison, Comparison::le);
  EXPECT_DOUBLE_EQ(target_for(table[13], 2023).value, 9.3);
}

TEST(IndicatorTableTest, TargetForRejectsYearsOutsideThePlan) {
  const std::vector<IndicatorRow> table = read_indicator_table(indicator_csv());
  EXPECT_EQ(target_for(table[0], 2025).text, "5.0");
  for (const int year : {2022, 2028, 0}) {
    try {
      target_for(table[0], year);
      ADD_FAILURE() << year << " gave a target";
    } catch (const UsageError& error) {
      EXPECT_THAT(error.what(), HasSubstr("2023-2027")) << year;
      EXPECT_THAT(error.what(), HasSubstr(std::to_string(year)));
    }
  }
}

// ------------------------------------------------ parse_target: every cell form

struct ParseCase {
  std::string cell;
  TargetKind kind;
  Comparison comparison;
  double value;
  std::vector<std::pair<std::string, double>> parts;

  friend std::ostream& operator<<(std::ostream& out, const ParseCase& c) {
    return out << "'" << c.cell << "'";
  }
};

class ParseTargetTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTargetTest, ReadsTheCell) {
  const ParseCase& expected = GetParam();
  const Target target = parse_target(expected.cell);
  EXPECT_EQ(target.kind, expected.kind);
  EXPECT_EQ(target.comparison, expected.comparison);
  EXPECT_DOUBLE_EQ(target.value, expected.value);
  EXPECT_EQ(target.text, expected.cell);  // verbatim, whitespace and full-width forms kept
  ASSERT_EQ(target.parts.size(), expected.parts.size());
  for (std::size_t i = 0; i < expected.parts.size(); ++i) {
    EXPECT_EQ(target.parts[i].label, expected.parts[i].first);
    EXPECT_DOUBLE_EQ(target.parts[i].value, expected.parts[i].second);
  }
}

constexpr auto V = TargetKind::value;
constexpr auto B = TargetKind::bound;
constexpr auto N = Comparison::none;

INSTANTIATE_TEST_SUITE_P(
    CellForms, ParseTargetTest,
    ::testing::Values(
        ParseCase{"4.03", V, N, 4.03, {}}, ParseCase{"4.0", V, N, 4.0, {}}, ParseCase{"1620", V, N, 1620, {}},
        ParseCase{"0", V, N, 0, {}}, ParseCase{"12492", V, N, 12492, {}}, ParseCase{" 4.5 ", V, N, 4.5, {}},
        ParseCase{"９．３０", V, N, 9.3, {}},  // full-width digits and point
        ParseCase{">90", B, Comparison::gt, 90, {}}, ParseCase{"＞９０", B, Comparison::gt, 90, {}},
        ParseCase{"≥80", B, Comparison::ge, 80, {}}, ParseCase{"≥ 80", B, Comparison::ge, 80, {}},
        ParseCase{">=80", B, Comparison::ge, 80, {}}, ParseCase{"≧80", B, Comparison::ge, 80, {}},
        ParseCase{"<5", B, Comparison::lt, 5, {}}, ParseCase{"≤9.30", B, Comparison::le, 9.3, {}},
        ParseCase{"<=9.30", B, Comparison::le, 9.3, {}}, ParseCase{"＜＝５", B, Comparison::le, 5, {}},
        ParseCase{"80以上", B, Comparison::ge, 80, {}}, ParseCase{"８０ 以上", B, Comparison::ge, 80, {}},
        ParseCase{"50以下", B, Comparison::le, 50, {}},
        ParseCase{"\u3000>13200\u3000", B, Comparison::gt, 13200, {}},  // ideographic spaces
        ParseCase{"全覆盖", TargetKind::full_coverage, Comparison::ge, 100, {}},
        ParseCase{"/", TargetKind::no_target, N, 0, {}}, ParseCase{"／", TargetKind::no_target, N, 0, {}},
        ParseCase{"未出数", TargetKind::not_published, N, 0, {}},
        ParseCase{"职工医保85;城乡医保68", TargetKind::pair, N, 0, {{"职工医保", 85}, {"城乡医保", 68}}},
        ParseCase{"职工医保85；城乡医保68", TargetKind::pair, N, 0, {{"职工医保", 85}, {"城乡医保", 68}}},
        ParseCase{
            "职工医保 85 ; 城乡医保 68.5", TargetKind::pair, N, 0, {{"职工医保", 85}, {"城乡医保", 68.5}}},
        ParseCase{"甲1;乙2;丙3", TargetKind::pair, N, 0, {{"甲", 1}, {"乙", 2}, {"丙", 3}}}));

class ParseTargetBadCellTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseTargetBadCellTest, ThrowsQuotingTheCell) {
  const std::string& cell = GetParam();
  try {
    parse_target(cell);
    ADD_FAILURE() << "'" << cell << "' was read";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("cannot read target cell '" + cell + "'"));
  }
}

INSTANTIATE_TEST_SUITE_P(BadCells, ParseTargetBadCellTest,
                         ::testing::Values("abc", ">", "5%%", "", "   ", "≥", "以上", "80以上以上", "4..0",
                                           ".5", "5.", "-5", "+5", "1e5", "8 0", "> =80", "≥80以上", "８０％",
                                           "职工医保85", "职工医保85;", "85;68", "职工医保≥85;城乡医保68",
                                           "职工医保85;职工医保68", "全覆盖;职工医保85", "\xff\xfe"));

TEST(ParseTargetTest, LocationGoesIntoTheMessage) {
  try {
    parse_target("abc", InputLocation{"plan.csv", "", 7, "y2025"});
    FAIL() << "'abc' was read";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().path, "plan.csv");
    EXPECT_EQ(error.where().feature, 7);
    EXPECT_THAT(error.what(), HasSubstr("field 'y2025'"));
    EXPECT_THAT(error.what(), HasSubstr("'abc'"));
  }
}

// ------------------------------------------------ judge

const Direction higher = Direction::higher_is_better;
const Direction lower = Direction::lower_is_better;

void expect_verdict(const Verdict& verdict, Verdict::Status status, std::optional<double> shortfall) {
  EXPECT_EQ(verdict.status, status);
  ASSERT_EQ(verdict.shortfall.has_value(), shortfall.has_value());
  if (shortfall) {
    EXPECT_NEAR(*verdict.shortfall, *shortfall, 1e-12);
  }
}

TEST(JudgeTest, Bounds) {
  expect_verdict(judge(parse_target("≥80"), 79.5, higher), Verdict::falls_short, 0.5);
  expect_verdict(judge(parse_target("≥80"), 80.0, higher), Verdict::pass, 0.0);
  expect_verdict(judge(parse_target("≥80"), 81.01, higher), Verdict::pass, -1.01);
  expect_verdict(judge(parse_target(">90"), 90.0, higher), Verdict::falls_short,
                 0.0);  // strict: on it is short
  expect_verdict(judge(parse_target(">90"), 95.6, higher), Verdict::pass, -5.6);
  expect_verdict(judge(parse_target("<5"), 5.0, lower), Verdict::falls_short, 0.0);
  expect_verdict(judge(parse_target("<5"), 4.2, lower), Verdict::pass, -0.8);
  expect_verdict(judge(parse_target("≤9.30"), 9.5, lower), Verdict::falls_short, 0.2);
  expect_verdict(judge(parse_target("80以上"), 79.0, higher), Verdict::falls_short, 1.0);
}

TEST(JudgeTest, ABoundsOwnComparisonWinsOverTheDirection) {
  expect_verdict(judge(parse_target("<5"), 6.0, higher), Verdict::falls_short, 1.0);
  expect_verdict(judge(parse_target("≥80"), 70.0, lower), Verdict::falls_short, 10.0);
}

TEST(JudgeTest, PlainNumbersFollowTheDirection) {
  expect_verdict(judge(parse_target("90"), 88.0, higher), Verdict::falls_short, 2.0);
  expect_verdict(judge(parse_target("90"), 90.0, higher), Verdict::pass, 0.0);
  expect_verdict(judge(parse_target("9"), 10.0, lower), Verdict::falls_short, 1.0);
  expect_verdict(judge(parse_target("9"), 8.0, lower), Verdict::pass, -1.0);
}

TEST(JudgeTest, FullCoverageIsOneHundredPercent) {
  expect_verdict(judge(parse_target("全覆盖"), 100.0, higher), Verdict::pass, 0.0);
  expect_verdict(judge(parse_target("全覆盖"), 97.5, higher), Verdict::falls_short, 2.5);
}

TEST(JudgeTest, NoTargetAndNoData) {
  expect_verdict(judge(parse_target("/"), 12.0, higher), Verdict::no_target, std::nullopt);
  expect_verdict(judge(parse_target("/"), std::nullopt, higher), Verdict::no_target, std::nullopt);
  expect_verdict(judge(parse_target("未出数"), 12.0, higher), Verdict::no_target, std::nullopt);
  expect_verdict(judge(parse_target("≥80"), std::nullopt, higher), Verdict::no_data, std::nullopt);
  expect_verdict(judge(parse_target("全覆盖"), std::nullopt, higher), Verdict::no_data, std::nullopt);
}

TEST(JudgeTest, BadUseThrows) {
  EXPECT_THROW(judge(parse_target("职工医保85;城乡医保68"), 85.0, higher), InternalError);
  EXPECT_THROW(judge(parse_target("≥80"), std::nan(""), higher), InternalError);
}

TEST(JudgePairTest, EachPartAgainstItsActual) {
  const Target target = parse_target("职工医保85;城乡医保68");
  const PairVerdict verdict = judge_pair(target, {{"职工医保", 86.0}, {"城乡医保", 67.0}}, higher);
  ASSERT_EQ(verdict.parts.size(), 2u);
  EXPECT_EQ(verdict.parts[0].label, "职工医保");
  expect_verdict(verdict.parts[0].verdict, Verdict::pass, -1.0);
  EXPECT_EQ(verdict.parts[1].label, "城乡医保");
  expect_verdict(verdict.parts[1].verdict, Verdict::falls_short, 1.0);
  expect_verdict(verdict.overall, Verdict::falls_short, 1.0);
}

TEST(JudgePairTest, AllPartsMetPasses) {
  const Target target = parse_target("职工医保85;城乡医保68");
  const PairVerdict verdict = judge_pair(target, {{"职工医保", 88.0}, {"城乡医保", 70.0}}, higher);
  expect_verdict(verdict.overall, Verdict::pass, -2.0);  // the least surplus
}

TEST(JudgePairTest, AMissingPartIsNoDataUnlessAnotherFallsShort) {
  const Target target = parse_target("职工医保85;城乡医保68");
  const PairVerdict partial = judge_pair(target, {{"职工医保", 90.0}}, higher);
  expect_verdict(partial.parts[1].verdict, Verdict::no_data, std::nullopt);
  expect_verdict(partial.overall, Verdict::no_data, std::nullopt);
  const PairVerdict short_and_missing = judge_pair(target, {{"职工医保", 80.0}}, higher);
  expect_verdict(short_and_missing.overall, Verdict::falls_short, 5.0);
}

TEST(JudgePairTest, BadUseThrows) {
  const Target target = parse_target("职工医保85;城乡医保68");
  try {
    judge_pair(target, {{"职工医疗", 86.0}}, higher);
    FAIL() << "an unknown label was accepted";
  } catch (const InternalError& error) {
    EXPECT_THAT(error.what(), HasSubstr("'职工医疗'"));
    EXPECT_THAT(error.what(), HasSubstr("职工医保, 城乡医保"));
  }
  EXPECT_THROW(judge_pair(parse_target("≥80"), {}, higher), InternalError);
  EXPECT_THROW(judge_pair(target, {{"职工医保", std::nan("")}}, higher), InternalError);
}

// ------------------------------------------------ read_indicator_table: bad input

TEST(IndicatorTableTest, UnreadableCellNamesFileLineAndColumn) {
  const std::filesystem::path file = testing::test_data_dir() / "bad" / "indicators-unreadable-cell.csv";
  try {
    read_indicator_table(file);
    FAIL() << "the unreadable cell was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().path, file.string());
    EXPECT_EQ(error.where().feature, 3);
    EXPECT_EQ(error.where().field, "y2024");
    EXPECT_THAT(error.what(), HasSubstr("indicators-unreadable-cell.csv"));
    EXPECT_THAT(error.what(), HasSubstr("line 3, column 9"));
    EXPECT_THAT(error.what(), HasSubstr("'≥8O'"));
  }
}

std::filesystem::path write_temp_csv(const std::string& name, const std::string& content) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / ("lifecircle-" + name + ".csv");
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

const std::string kHeader = "row,domain,star,name_zh,name_en,unit,y2022,y2023,y2024,y2025,y2026,y2027\n";
const std::string kGoodLine = "1,病有良医,0,人均预期寿命(岁),Life expectancy,岁,81.01,≥80,≥80,≥80,≥80,≥80\n";

struct BadTableCase {
  std::string name;
  std::string content;
  std::optional<std::int64_t> line;
  std::string field;
  std::string message_part;

  friend std::ostream& operator<<(std::ostream& out, const BadTableCase& c) { return out << c.name; }
};

class BadIndicatorTableTest : public ::testing::TestWithParam<BadTableCase> {};

TEST_P(BadIndicatorTableTest, ThrowsNamingThePlace) {
  const BadTableCase& c = GetParam();
  const std::filesystem::path file = write_temp_csv(c.name, c.content);
  try {
    read_indicator_table(file);
    ADD_FAILURE() << c.name << " was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where().path, file.string());
    EXPECT_EQ(error.where().feature, c.line);
    EXPECT_EQ(error.where().field, c.field);
    EXPECT_THAT(error.what(), HasSubstr(c.message_part));
  }
  std::filesystem::remove(file);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, BadIndicatorTableTest,
    ::testing::Values(
        BadTableCase{"empty-file", "", std::nullopt, "", "no indicator rows"},
        BadTableCase{"header-only", kHeader, std::nullopt, "", "no indicator rows"},
        BadTableCase{"missing-column", "row,domain,star,name_zh,name_en,unit,y2022,y2023,y2024,y2025,y2026\n",
                     1, "", "no column 'y2027'"},
        BadTableCase{"unknown-column", "row,domain,star,name,name_en\n", 1, "name", "column 4"},
        BadTableCase{"short-line", kHeader + "1,病有良医,0,x,y,岁,1,2,3\n", 2, "", "has 9 fields"},
        BadTableCase{"duplicate-row", kHeader + kGoodLine + kGoodLine, 3, "row", "appears twice"},
        BadTableCase{"star-not-0-or-1", kHeader + "1,病有良医,2,x,y,岁,1,2,3,4,5,6\n", 2, "star", "column 3"},
        BadTableCase{"row-not-a-number", kHeader + "一,病有良医,0,x,y,岁,1,2,3,4,5,6\n", 2, "row", "'一'"},
        BadTableCase{"empty-unit", kHeader + "1,病有良医,0,x,y,,1,2,3,4,5,6\n", 2, "unit", "is empty"},
        BadTableCase{"empty-2022", kHeader + "1,病有良医,0,x,y,岁,,2,3,4,5,6\n", 2, "y2022", "cell ''"},
        BadTableCase{"unclosed-quote", kHeader + "1,病有良医,0,\"x,y,岁,1,2,3,4,5,6\n", 2, "",
                     "not closed"}));

TEST(IndicatorTableTest, ToleratesBomCrlfQuotesAndColumnOrder) {
  const std::filesystem::path file = write_temp_csv(
      "bom-crlf",
      "\xEF\xBB\xBFunit,row,domain,star,name_zh,name_en,y2022,y2023,y2024,y2025,y2026,y2027\r\n"
      "%,1,幼有善育,1,普惠托位占比(%),\"Share, \"\"affordable\"\"\",８０以上,82,85,88,90,９０\r\n");
  const std::vector<IndicatorRow> table = read_indicator_table(file);
  std::filesystem::remove(file);
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0].unit, "%");
  EXPECT_EQ(table[0].name_en, "Share, \"affordable\"");
  EXPECT_TRUE(table[0].star);
  EXPECT_EQ(table[0].y2022.kind, TargetKind::bound);
  EXPECT_EQ(target_for(table[0], 2027).text, "９０");
  EXPECT_DOUBLE_EQ(target_for(table[0], 2027).value, 90.0);
}

TEST(IndicatorTableTest, MissingFileIsAnInputError) {
  EXPECT_THROW(read_indicator_table(testing::test_data_dir() / "bad" / "no-such-indicators.csv"), InputError);
}

}  // namespace
}  // namespace lifecircle::io
