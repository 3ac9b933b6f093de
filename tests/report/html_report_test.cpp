// report.html on the hand-computable line city (tests/data/city, figures in
// tests/coverage/line_city_test.cpp): clinic coverage 西镇 100%, 东镇 2/15,
// city 1133.3 of 2000; park 东镇 8/15; composite 0. The target check is
// tests/data/targets/line-city.toml for 2027 and the scenario builds the
// planned clinic and a west park (tests/coverage/scenario_test.cpp).

#include "lifecircle/report/html_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "lifecircle/report/html_text.hpp"
#include "lifecircle/report/interactive_map.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "testing/paths.hpp"

namespace lifecircle::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

// A valid 2 x 1 RGB PNG (red, blue), and its base64 as Python's base64 module gives it.
constexpr std::array<unsigned char, 70> kPng{
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x7b, 0x40, 0xe8, 0xdd, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xcf, 0x00, 0x04, 0xff, 0x01, 0x07, 0x00, 0x01, 0xff, 0xe2, 0x23,
    0x9e, 0x59, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg==";

constexpr const char* kHostileTown = "<script>alert(\"x\")</script> & 'co'";

TEST(HtmlText, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(xml_escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  EXPECT_EQ(xml_escape("西镇"), "西镇");
}

TEST(HtmlText, Base64MatchesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string(reinterpret_cast<const char*>(kPng.data()), kPng.size())), kPngBase64);
}

TEST(HtmlText, NumberFormats) {
  EXPECT_EQ(grouped_number(1133.333), "1,133");
  EXPECT_EQ(grouped_number(1234567.5), "1,234,568");
  EXPECT_EQ(grouped_number(-1200), "-1,200");
  EXPECT_EQ(percent_text(2.0 / 15.0), "13.3%");
  EXPECT_EQ(percent_text(1.0), "100.0%");
  EXPECT_EQ(percent_text(-1e-12), "0.0%");
  EXPECT_EQ(points_change_text(13.0 / 15.0), "+86.7 pp");
  EXPECT_EQ(points_change_text(-0.25), "-25.0 pp");
  EXPECT_EQ(points_change_text(1e-9), "0.0 pp");
  EXPECT_EQ(signed_grouped(866.67), "+867");
  EXPECT_EQ(signed_grouped(0.2), "0");
  EXPECT_EQ(signed_grouped(-12), "-12");
  EXPECT_EQ(trimmed_number(56.666, 2), "56.67");
  EXPECT_EQ(trimmed_number(7.0, 2), "7");
  EXPECT_EQ(trimmed_number(-0.001, 2), "0");
}

class LineCityReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path data = testing::test_data_dir();
    study_ = study::load_study(io::load_plan(data / "city" / "plan.toml")).release();
    study_->towns.towns[0].name = kHostileTown;  // 西镇, renamed after loading: names come from input files
    study_->plan.name = "<b>plan</b>";
    result_ = new coverage::RunResult(coverage::run_coverage(*study_, {1, true, {}}));
    targets_ = new coverage::TargetCheck(
        coverage::check_targets_from_files(data / "targets" / "line-city.toml", 2027,
                                           data / "targets" / "line-city-actuals.csv", *study_, *result_));
    scenario_ =
        new coverage::Scenario(coverage::load_scenario(data / "city" / "scenario-planned.toml", *study_));
    scenario_categories_ = new std::vector<coverage::ScenarioCategory>(
        coverage::evaluate_scenario(*study_, result_->demand, *scenario_, 1));
    dir_ = new fs::path(fs::temp_directory_path() / ("lifecircle-report-" + std::to_string(::getpid())));
    fs::create_directories(*dir_ / "maps");
    for (const char* name : {"park-coverage.png", "clinic-coverage.png"}) {
      std::ofstream(*dir_ / "maps" / name, std::ios::binary)
          .write(reinterpret_cast<const char*>(kPng.data()), static_cast<std::streamsize>(kPng.size()));
    }
    std::ofstream(*dir_ / "maps" / "notes.txt") << "not a map";
    ReportContent content;
    content.figures = figures_in(*dir_ / "maps");
    content.targets = targets_;
    content.scenarios.push_back({scenario_, scenario_categories_});
    html_ = new std::string(html_report(*study_, *result_, content));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete html_;
    delete dir_;
    delete scenario_categories_;
    delete scenario_;
    delete targets_;
    delete result_;
    delete study_;
  }

  // The cell of the coverage tables with these data attributes, from its
  // opening tag to its closing one (the first, unless `nth` says otherwise).
  static std::vector<std::string> cells(const std::string& category, const std::string& town,
                                        const std::string& measure) {
    const std::string key = "data-category=\"" + category + "\" data-town=\"" + town + "\" data-measure=\"" +
                            measure + "\" data-value=\"";
    std::vector<std::string> found;
    for (std::size_t at = html_->find(key); at != std::string::npos; at = html_->find(key, at + 1)) {
      const std::size_t end = html_->find("</td>", at);
      found.push_back(html_->substr(at + key.size(), end - at - key.size()));
    }
    return found;
  }
  static std::string cell(const std::string& category, const std::string& town, const std::string& measure) {
    const auto found = cells(category, town, measure);
    if (found.empty()) return "(no cell " + category + "/" + town + "/" + measure + ")";
    return found.front();
  }

  static study::Study* study_;
  static coverage::RunResult* result_;
  static coverage::TargetCheck* targets_;
  static coverage::Scenario* scenario_;
  static std::vector<coverage::ScenarioCategory>* scenario_categories_;
  static fs::path* dir_;
  static std::string* html_;
};
study::Study* LineCityReport::study_ = nullptr;
coverage::RunResult* LineCityReport::result_ = nullptr;
coverage::TargetCheck* LineCityReport::targets_ = nullptr;
coverage::Scenario* LineCityReport::scenario_ = nullptr;
std::vector<coverage::ScenarioCategory>* LineCityReport::scenario_categories_ = nullptr;
fs::path* LineCityReport::dir_ = nullptr;
std::string* LineCityReport::html_ = nullptr;

// Cells read `exact value">shown text` (the style attribute, if any, between).
TEST_F(LineCityReport, CoverageTablesHoldTheHandComputedFigures) {
  EXPECT_EQ(cell("clinic", "A01", "coverage_share"), "1\" style=\"background:hsl(120,65%,86%)\">100.0%");
  EXPECT_EQ(cell("clinic", "B02", "coverage_share"),
            "0.1333333333\" style=\"background:hsl(16,65%,86%)\">13.3%");
  // The citywide share: first in the summary, then shaded in the table of towns.
  EXPECT_THAT(cells("clinic", "", "coverage_share"),
              ::testing::ElementsAre("0.5666666667\">56.7%",
                                     "0.5666666667\" style=\"background:hsl(68,65%,86%)\">56.7%",
                                     "0.5666666667\">56.7%"));
  EXPECT_EQ(cell("clinic", "", "covered_population"), "1133.333333\">1,133");
  EXPECT_EQ(cell("clinic", "B02", "covered_population"), "133.3333333\">133");
  EXPECT_EQ(cell("park", "A01", "coverage_share"), "0\" style=\"background:hsl(0,65%,86%)\">0.0%");
  EXPECT_EQ(cell("park", "B02", "covered_population"), "533.3333333\">533");
  EXPECT_EQ(cell("park", "B02", "capacity_per_1000"), "1200\">1200");
  EXPECT_EQ(cell("park", "", "capacity"), "1200\">1,200");
  EXPECT_EQ(cells("composite", "", "coverage_share").at(1), "0\" style=\"background:hsl(0,65%,86%)\">0.0%");
  EXPECT_EQ(cell("demand", "", "placed_population"), "2000\">2,000");
  EXPECT_EQ(cell("demand", "B02", "unplaced_population"), "0\">0");
}

TEST_F(LineCityReport, TargetCheckSaysPassOrByHowMuchItFallsShort) {
  EXPECT_THAT(*html_,
              HasSubstr("data-indicator=\"clinic_circle\" data-town=\"\" data-status=\"falls short\">"));
  // 43.33 points of 2,000 residents: 866.6, so 867 more.
  EXPECT_THAT(
      *html_,
      HasSubstr("<td class=\"num\">56.67%</td><td class=\"num\">全覆盖</td><td class=\"status short\">"
                "未达标 falls short</td><td>867 more residents in the 15-minute clinic circle "
                "(43.33 percentage points)</td>"));
  EXPECT_THAT(*html_, HasSubstr("data-indicator=\"clinic_circle\" data-town=\"A01\" data-status=\"pass\">"));
  EXPECT_THAT(*html_, HasSubstr("data-indicator=\"park_circle\" data-town=\"\" data-status=\"pass\">"));
  EXPECT_THAT(*html_, HasSubstr("1 town without a clinic: 东镇"));
  EXPECT_THAT(*html_, HasSubstr("data-indicator=\"clinics\" data-town=\"\" data-status=\"falls short\">"));
}

TEST_F(LineCityReport, ScenarioComparisonPerCategoryAndTown) {
  EXPECT_THAT(*html_, HasSubstr("planned clinic and a west park"));
  EXPECT_THAT(*html_, HasSubstr("新增 Added: West park (P2, park)"));
  const std::string b02 = "data-scenario=\"0\" data-category=\"clinic\" data-town=\"B02\" data-measure=\"";
  EXPECT_THAT(*html_, HasSubstr(b02 + "base_share\" data-value=\"0.1333333333\">13.3%</td>"));
  EXPECT_THAT(*html_, HasSubstr(b02 + "scenario_share\" data-value=\"1\">100.0%</td>"));
  EXPECT_THAT(*html_, HasSubstr(b02 + "change_share\" data-value=\"0.8666666667\">+86.7 pp</td>"));
  EXPECT_THAT(*html_, HasSubstr(b02 + "change_covered\" data-value=\"866.6666667\">+867</td>"));
  // The west park covers 10 of 15 chunks of the west town; the city's park share goes 8/30 -> 18/30.
  const std::string park = "data-scenario=\"0\" data-category=\"park\" data-town=\"";
  EXPECT_THAT(*html_,
              HasSubstr(park + "A01\" data-measure=\"scenario_share\" data-value=\"0.6666666667\">66.7%"));
  EXPECT_THAT(*html_, HasSubstr(park + "\" data-measure=\"scenario_share\" data-value=\"0.6\">60.0%"));
  EXPECT_THAT(*html_, HasSubstr(park + "B02\" data-measure=\"change_covered\" data-value=\"0\">0</td>"));
}

TEST_F(LineCityReport, InputsAndPopulationModel) {
  EXPECT_THAT(*html_, HasSubstr("line.osm"));
  EXPECT_THAT(*html_, HasSubstr("towns.geojson"));
  EXPECT_THAT(*html_, HasSubstr("facilities.csv"));
  EXPECT_THAT(*html_, HasSubstr("3 of 3 on the network"));
  EXPECT_THAT(*html_, HasSubstr("2 nodes, 1 edges"));
  EXPECT_THAT(*html_, HasSubstr("镇街人口按街道分布 town population over streets"));
  EXPECT_THAT(*html_, HasSubstr("30</dd>")) << "30 street chunks of 100 m";
  EXPECT_THAT(*html_, HasSubstr("© OpenStreetMap contributors")) << "the roads are an OSM file";
}

// The page without the Leaflet library text compiled into it (its code names
// the SVG namespace and Leaflet's home page, and an old-IE url()).
std::string without_leaflet(std::string page) {
  for (const std::string_view library : {leaflet_js(), leaflet_css()}) {
    const std::size_t at = page.find(library);
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) page.erase(at, library.size());
  }
  return page;
}

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(LineCityReport, NamesFromInputsAreEscaped) {
  EXPECT_THAT(*html_, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
  EXPECT_THAT(*html_, HasSubstr("&lt;b&gt;plan&lt;/b&gt;"));
  // In the map's JSON, '<' is \u003c: the name cannot close the data's <script> element.
  EXPECT_THAT(*html_, HasSubstr(R"("name":"\u003cscript>alert(\"x\")\u003c/script> & 'co'")"));
  const std::string lower = lower_case(*html_);
  EXPECT_EQ(count(lower, "<script"), 3u) << "the map's data, Leaflet, and the script drawing the map";
  EXPECT_EQ(count(lower, "</script"), 3u);
  EXPECT_THAT(lower, Not(HasSubstr("<b>plan")));
}

TEST_F(LineCityReport, SelfContainedWithEmbeddedImages) {
  const std::string page = without_leaflet(*html_);
  EXPECT_THAT(page, Not(HasSubstr("http://")));
  EXPECT_THAT(page, Not(HasSubstr("https://")));
  EXPECT_THAT(page, Not(HasSubstr("<link")));
  EXPECT_THAT(lower_case(*html_), Not(HasSubstr("<link")));
  EXPECT_THAT(page, Not(HasSubstr("url(")));
  EXPECT_THAT(std::string(leaflet_css()), Not(HasSubstr("url(")))
      << "the CSS's images are dropped when embedding";
  // Every src is a data: URI; both maps are there, in file name order, with their size.
  const std::regex src(R"re(src="([^"]*)")re");
  std::vector<std::string> sources;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), src); it != std::sregex_iterator(); ++it) {
    sources.push_back((*it)[1]);
  }
  ASSERT_EQ(sources.size(), 2u);
  for (const std::string& s : sources) EXPECT_EQ(s, std::string("data:image/png;base64,") + kPngBase64);
  const std::size_t clinic = html_->find("<figcaption>clinic-coverage</figcaption>");
  const std::size_t park = html_->find("<figcaption>park-coverage</figcaption>");
  ASSERT_NE(clinic, std::string::npos);
  ASSERT_NE(park, std::string::npos);
  EXPECT_LT(clinic, park);
  EXPECT_THAT(*html_, HasSubstr("width=\"2\" height=\"1\" alt=\"clinic-coverage\""));
  EXPECT_THAT(*html_, Not(HasSubstr("notes"))) << "only PNG files are figures";
}

TEST_F(LineCityReport, ChineseAndEnglishHeadings) {
  // The Chinese part in its own span, so the browser check can find Chinese-only text.
  for (const char* h : {"概要</span> Summary", "地图</span> Maps", "各镇覆盖率</span> Coverage by town",
                        "目标检查</span> Target check", "情景比较</span> Scenario comparison",
                        "输入数据</span> Inputs", "人口模型</span> Population model"}) {
    EXPECT_THAT(*html_, HasSubstr(std::string("<h2><span class=\"zh\">") + h + "</h2>")) << h;
  }
}

TEST_F(LineCityReport, SameInputsGiveTheSamePage) {
  ReportContent content;
  content.figures = figures_in(*dir_ / "maps");
  content.targets = targets_;
  content.scenarios.push_back({scenario_, scenario_categories_});
  EXPECT_EQ(html_report(*study_, *result_, content), *html_);
}

TEST_F(LineCityReport, WithoutTargetsScenariosOrMaps) {
  ReportContent content;
  content.interactive_map = false;
  const std::string page = html_report(*study_, *result_, content);
  EXPECT_THAT(lower_case(page), Not(HasSubstr("<script"))) << "without the interactive map, no script at all";
  EXPECT_THAT(page, Not(HasSubstr("script-src")));
  EXPECT_THAT(page, Not(HasSubstr("交互地图")));
  EXPECT_THAT(page, Not(HasSubstr("http:")));
  EXPECT_THAT(page, Not(HasSubstr("https:")));
  EXPECT_THAT(page, HasSubstr("No maps were drawn"));
  EXPECT_THAT(page, HasSubstr("No target check in this run"));
  EXPECT_THAT(page, Not(HasSubstr("情景比较")));
  EXPECT_THAT(page, Not(HasSubstr("<img")));
}

// The clinic reaches 0 .. 1688.9 m of the street (tests/data/city/line.osm:
// 121.4 .. 121.4306709 E over 3,000 m, at 28.4 N), drawn with a 50 m buffer.
TEST_F(LineCityReport, InteractiveMapDataInWgs84) {
  const auto data = nlohmann::json::parse(interactive_map_data(*study_, *result_));
  ASSERT_EQ(data["towns"]["features"].size(), 2u);
  const auto& west = data["towns"]["features"][0];
  EXPECT_EQ(west["properties"]["name"], kHostileTown);
  EXPECT_EQ(west["properties"]["shares"], nlohmann::json::parse("[1.0, 0.0]"));
  EXPECT_EQ(west["geometry"]["type"], "Polygon");
  const auto& east_shares = data["towns"]["features"][1]["properties"]["shares"];
  EXPECT_NEAR(east_shares[0].get<double>(), 2.0 / 15.0, 1e-12);
  EXPECT_NEAR(east_shares[1].get<double>(), 8.0 / 15.0, 1e-12);
  ASSERT_EQ(data["categories"].size(), 2u);
  const auto& clinic = data["categories"][0];
  EXPECT_EQ(clinic["id"], "clinic");
  EXPECT_EQ(clinic["minutes"], 15.0);
  EXPECT_EQ(
      clinic["facilities"].dump(),
      R"([[121.4071565,28.4001,"West clinic","existing"],[121.4255591,28.4,"Planned clinic","planned"]])");
  ASSERT_EQ(clinic["coverage"]["type"], "Polygon");
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  for (const auto& ring : clinic["coverage"]["coordinates"]) {
    for (const auto& p : ring) {
      min_lon = std::min(min_lon, p[0].get<double>());
      max_lon = std::max(max_lon, p[0].get<double>());
      min_lat = std::min(min_lat, p[1].get<double>());
      max_lat = std::max(max_lat, p[1].get<double>());
    }
  }
  const double degree_per_m = (121.4306709 - 121.4) / 3000.0;
  EXPECT_NEAR(min_lon, 121.4 - 50.0 * degree_per_m, 5.0 * degree_per_m);
  EXPECT_NEAR(max_lon, 121.4 + 1738.9 * degree_per_m, 5.0 * degree_per_m);
  EXPECT_NEAR((min_lat + max_lat) / 2.0, 28.4, 5.0 / 111195.0);
  EXPECT_NEAR(max_lat - min_lat, 100.0 / 111195.0, 10.0 / 111195.0) << "a 100 m wide band";
  EXPECT_EQ(data["categories"][1]["facilities"].size(), 1u);
  EXPECT_THAT(data["attribution"].get<std::string>(), HasSubstr("OpenStreetMap"));
}

TEST_F(LineCityReport, AFigureThatIsNotAPngIsAnInputErrorNamingTheFile) {
  ReportContent content;
  content.figures.push_back({"notes", *dir_ / "maps" / "notes.txt"});
  try {
    (void)html_report(*study_, *result_, content);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("notes.txt"));
    EXPECT_THAT(e.what(), HasSubstr("not a PNG image"));
  }
  content.figures = {{"missing", *dir_ / "maps" / "missing.png"}};
  EXPECT_THROW((void)html_report(*study_, *result_, content), InputError);
}

TEST_F(LineCityReport, ACategoryTheScenarioLeavesAloneIsNamedNotTabled) {
  std::vector<coverage::ScenarioCategory> park_only = *scenario_categories_;
  park_only[0].scenario_covered = park_only[0].base_covered;  // the clinic as it was
  park_only[0].scenario_city_covered = park_only[0].base_city_covered;
  ReportContent content;
  content.scenarios.push_back({scenario_, &park_only});
  const std::string page = html_report(*study_, *result_, content);
  EXPECT_THAT(page, Not(HasSubstr("data-scenario=\"0\" data-category=\"clinic\"")));
  EXPECT_THAT(page, HasSubstr("data-scenario=\"0\" data-category=\"park\""));
  EXPECT_THAT(page, HasSubstr("未变化 Unchanged in every town: 诊所"));
}

TEST_F(LineCityReport, AScenarioOfAnotherPlanIsRefused) {
  std::vector<coverage::ScenarioCategory> other = *scenario_categories_;
  other.pop_back();
  ReportContent content;
  content.scenarios.push_back({scenario_, &other});
  EXPECT_THROW((void)html_report(*study_, *result_, content), InternalError);
}

TEST_F(LineCityReport, WrittenAtomically) {
  const fs::path path = *dir_ / "report.html";
  write_html_report(path, *study_, *result_, {});
  std::ifstream in(path, std::ios::binary);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, html_report(*study_, *result_, {}));
  EXPECT_THROW(write_html_report(*dir_ / "no-such-dir" / "report.html", *study_, *result_, {}), OutputError);
}

}  // namespace
}  // namespace lifecircle::report
