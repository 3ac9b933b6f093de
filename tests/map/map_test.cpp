// Maps drawn from the line city (tests/data/city: one 3 km street west to
// east, two towns split at 1,500 m, a clinic at 700 m, a park at 2,900 m, a
// planned clinic at 2,500 m): files, size, and pixels whose colour is known
// from where things are; plus the pure parts (labels, scale bar, viewport).

#include <cairo-svg.h>
#include <cairo.h>
#include <expat.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>
#include <set>

#include "../../src/map/detail/painter.hpp"
#include "../../src/map/detail/png.hpp"
#include "lifecircle/coverage/run.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/map/labels.hpp"
#include "lifecircle/map/maps.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::map {
namespace {

using ::testing::HasSubstr;

// A decoded PNG.
class Image {
 public:
  explicit Image(const std::string& png) {
    struct Reader {
      const std::string* data;
      std::size_t at = 0;
    } reader{&png};
    surface_ = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* out, unsigned int length) {
          auto* r = static_cast<Reader*>(closure);
          if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
          std::copy_n(r->data->data() + r->at, length, out);
          r->at += length;
          return CAIRO_STATUS_SUCCESS;
        },
        &reader);
  }
  explicit Image(const std::filesystem::path& file)
      : surface_(cairo_image_surface_create_from_png(file.c_str())) {}
  ~Image() { cairo_surface_destroy(surface_); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;

  bool ok() const { return cairo_surface_status(surface_) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface_); }
  int height() const { return cairo_image_surface_get_height(surface_); }
  std::uint32_t at(double x, double y) const {
    const int ix = static_cast<int>(x), iy = static_cast<int>(y);
    const unsigned char* row =
        cairo_image_surface_get_data(surface_) + iy * cairo_image_surface_get_stride(surface_);
    std::uint32_t px = 0;
    std::memcpy(&px, row + 4 * ix, 4);
    return px & 0xffffffu;  // RGB24/ARGB32 in native endianness: 0x00RRGGBB
  }
  std::size_t distinct_colours() const {
    std::set<std::uint32_t> seen;
    for (int y = 0; y < height(); y += 3) {
      for (int x = 0; x < width(); x += 3) seen.insert(at(x, y));
    }
    return seen.size();
  }

 private:
  cairo_surface_t* surface_;
};

// Colours match when every channel is within 2 of 255 (rounding).
::testing::AssertionResult same_colour(std::uint32_t got, std::uint32_t want) {
  for (const int shift : {16, 8, 0}) {
    const int a = static_cast<int>((got >> shift) & 0xffu), b = static_cast<int>((want >> shift) & 0xffu);
    if (std::abs(a - b) > 2) {
      return ::testing::AssertionFailure() << std::hex << "got #" << got << ", want #" << want;
    }
  }
  return ::testing::AssertionSuccess();
}

class LineCityMaps : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan.toml");
    study_ = study::load_study(plan).release();
    result_ = new coverage::RunResult(coverage::run_coverage(*study_, {1, true, {}}));
    maps_ = new std::vector<RenderedMap>(render_run_maps(*study_, *result_, nullptr));
  }
  static void TearDownTestSuite() {
    delete maps_;
    delete result_;
    delete study_;
  }
  static const RenderedMap& find(const std::string& category, MapKind kind) {
    for (const RenderedMap& m : *maps_) {
      if (m.category == category && m.kind == kind) return m;
    }
    throw std::runtime_error("no map " + category);
  }
  // The street runs along y = street_y from x = west_x.
  static double west_x() { return study_->network.graph.x[0]; }
  static double street_y() { return study_->network.graph.y[0]; }

  static study::Study* study_;
  static coverage::RunResult* result_;
  static std::vector<RenderedMap>* maps_;
};
study::Study* LineCityMaps::study_ = nullptr;
coverage::RunResult* LineCityMaps::result_ = nullptr;
std::vector<RenderedMap>* LineCityMaps::maps_ = nullptr;

TEST_F(LineCityMaps, TwoMapsPerCategoryOfThePlanSize) {
  ASSERT_EQ(maps_->size(), 4u);
  for (const RenderedMap& m : *maps_) {
    const Image image(m.png);
    ASSERT_TRUE(image.ok()) << m.category;
    EXPECT_EQ(image.width(), 1600);
    EXPECT_EQ(image.height(), 1200);
    EXPECT_GT(image.distinct_colours(), 20u) << "not blank: " << m.category << " " << to_string(m.kind);
    EXPECT_EQ(m.labels_dropped, 0u) << "two town names fit";
    EXPECT_EQ(m.labels_placed, 2u);
  }
}

TEST_F(LineCityMaps, CoveredAreaHasTheBandColour) {
  const RenderedMap& m = find("clinic", MapKind::coverage);
  const Image image(m.png);
  const std::uint32_t band = to_hex(band_fills(category_colour(study_->plan, 0), 1)[0]);
  // 200 m along the street, 30 m north of it: inside the 50 m wide band, off the street line.
  const PixelPoint inside = m.viewport.to_px(west_x() + 200.0, street_y() + 30.0);
  EXPECT_TRUE(same_colour(image.at(inside.x, inside.y), band));
  // 200 m north of the street: in the town, not covered.
  const PixelPoint outside = m.viewport.to_px(west_x() + 200.0, street_y() + 200.0);
  EXPECT_TRUE(same_colour(image.at(outside.x, outside.y), kTownFillColour));
}

TEST_F(LineCityMaps, FacilitySymbolsAtTheirPlaces) {
  const RenderedMap& m = find("clinic", MapKind::coverage);
  const Image image(m.png);
  const io::Facility& clinic = study_->facilities[0];  // existing
  const io::Facility& planned = study_->facilities[2];
  ASSERT_EQ(clinic.id, "C1");
  ASSERT_EQ(planned.id, "C2");
  const PixelPoint c = m.viewport.to_px(clinic.x, clinic.y);
  EXPECT_TRUE(same_colour(image.at(c.x, c.y), to_hex(facility_fill(category_colour(study_->plan, 0)))));
  const PixelPoint p = m.viewport.to_px(planned.x, planned.y);
  EXPECT_TRUE(same_colour(image.at(p.x, p.y), 0xffffff)) << "a planned facility is a hollow square";
  EXPECT_TRUE(same_colour(image.at(p.x + 5.0, p.y), to_hex(facility_fill(category_colour(study_->plan, 0)))))
      << "its outline, 5 px right of the centre";
}

TEST_F(LineCityMaps, UncoveredResidentsAreRedDots) {
  const RenderedMap& m = find("clinic", MapKind::coverage);
  const Image image(m.png);
  auto reddish = [&](double x_m) {
    const PixelPoint at = m.viewport.to_px(west_x() + x_m, street_y());
    for (int dy = -6; dy <= 6; ++dy) {
      for (int dx = -6; dx <= 6; ++dx) {
        const std::uint32_t c = image.at(at.x + dx, at.y + dy);
        if (((c >> 16) & 0xffu) > 170 && ((c >> 8) & 0xffu) < 110 && (c & 0xffu) < 110) return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(reddish(2450.0)) << "the clinic does not reach beyond 1,689 m";
  EXPECT_FALSE(reddish(450.0)) << "the west is covered";
}

TEST_F(LineCityMaps, LegendSwatchesShowTheirColours) {
  const RenderedMap& m = find("clinic", MapKind::coverage);
  const Image image(m.png);
  ASSERT_FALSE(m.swatches.empty());
  EXPECT_TRUE(
      same_colour(to_hex(m.swatches[0].colour), to_hex(band_fills(category_colour(study_->plan, 0), 1)[0])));
  for (const LegendSwatch& s : m.swatches) {
    const double x = (s.box.x0 + s.box.x1) / 2.0, y = (s.box.y0 + s.box.y1) / 2.0;
    EXPECT_TRUE(same_colour(image.at(x, y), to_hex(s.colour))) << s.label;
    EXPECT_GT(x, m.viewport.frame().x1) << "the legend sits right of the map";
  }
}

TEST_F(LineCityMaps, ChoroplethClassesByTownShare) {
  const RenderedMap& m = find("clinic", MapKind::towns);
  const Image image(m.png);
  // West town: 100 % covered; east town: 2/15 = 13 %.
  const PixelPoint west = m.viewport.to_px(west_x() + 200.0, street_y() - 200.0);
  EXPECT_TRUE(same_colour(image.at(west.x, west.y), to_hex(share_class_colour(4))));
  const PixelPoint east = m.viewport.to_px(west_x() + 2800.0, street_y() - 200.0);
  EXPECT_TRUE(same_colour(image.at(east.x, east.y), to_hex(share_class_colour(0))));
  ASSERT_EQ(m.swatches.size(), kShareClasses);
  EXPECT_EQ(m.swatches[0].label, "95–100%  (1 个乡镇街道 towns)");
}

// Collects the text of every <title> with expat; fails on malformed XML.
struct SvgTitles {
  std::vector<std::string> titles;
  bool in_title = false;
};

TEST_F(LineCityMaps, SvgIsWellFormedAndNamesItsTitle) {
  for (const RenderedMap& m : *maps_) {
    SvgTitles found;
    XML_Parser parser = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser, &found);
    XML_SetElementHandler(
        parser,
        [](void* data, const XML_Char* name, const XML_Char**) {
          auto* f = static_cast<SvgTitles*>(data);
          f->in_title = std::string(name) == "title";
          if (f->in_title) f->titles.emplace_back();
        },
        [](void* data, const XML_Char*) { static_cast<SvgTitles*>(data)->in_title = false; });
    XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
      auto* f = static_cast<SvgTitles*>(data);
      if (f->in_title) f->titles.back().append(text, static_cast<std::size_t>(length));
    });
    const bool parsed = XML_Parse(parser, m.svg.data(), static_cast<int>(m.svg.size()), 1) == XML_STATUS_OK;
    EXPECT_TRUE(parsed) << XML_ErrorString(XML_GetErrorCode(parser)) << " at line "
                        << XML_GetCurrentLineNumber(parser);
    XML_ParserFree(parser);
    ASSERT_FALSE(found.titles.empty());
    EXPECT_EQ(found.titles[0], m.title);
  }
  EXPECT_THAT(find("clinic", MapKind::coverage).title, HasSubstr("诊所"));
  EXPECT_THAT(find("clinic", MapKind::coverage).title, HasSubstr("15-minute walk coverage"));
}

TEST_F(LineCityMaps, WritesFilesUnderTheirNames) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-map-test";
  std::filesystem::remove_all(dir);
  const std::vector<WrittenMap> written = write_run_maps(*study_, *result_, nullptr, dir / "maps");
  ASSERT_EQ(written.size(), 4u);
  EXPECT_EQ(written[0].png, dir / "maps" / "clinic-coverage.png");
  EXPECT_EQ(written[1].svg, dir / "maps" / "clinic-towns.svg");
  EXPECT_EQ(written[3].png, dir / "maps" / "park-towns.png");
  for (const WrittenMap& w : written) {
    EXPECT_TRUE(std::filesystem::exists(w.png)) << w.png;
    EXPECT_TRUE(std::filesystem::exists(w.svg)) << w.svg;
    const Image image(w.png);
    EXPECT_TRUE(image.ok());
  }
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir / "maps")) ++files;
  EXPECT_EQ(files, 8u) << "no temporary files left";
  std::filesystem::remove_all(dir);
}

TEST_F(LineCityMaps, ScenarioMapHighlightsTheNewSite) {
  const coverage::Scenario scenario =
      coverage::load_scenario(testing::test_data_dir() / "city" / "scenario-changes.toml", *study_);
  const auto evaluated = coverage::evaluate_scenario(*study_, result_->demand, scenario, 1);
  const std::vector<RenderedMap> maps = render_scenario_maps(*study_, *result_, scenario, evaluated);
  ASSERT_EQ(maps.size(), 2u) << "the clinic moves and the west clinic becomes a park";
  const RenderedMap& clinic = maps[0];
  EXPECT_EQ(clinic.category, "clinic");
  EXPECT_EQ(clinic.kind, MapKind::scenario);
  const Image image(clinic.png);
  ASSERT_TRUE(image.ok());
  const auto& moved = scenario.changed[1].moved_to;
  ASSERT_TRUE(moved.has_value());
  const PixelPoint star = clinic.viewport.to_px(moved->x, moved->y);
  EXPECT_TRUE(same_colour(image.at(star.x, star.y), kNewSiteColour));
}

TEST(MapFontTest, TheDefaultFontIsACjkFont) {
  EXPECT_THAT(resolved_font_family("Noto Sans CJK SC"), HasSubstr("CJK"))
      << "install fonts-noto-cjk (scripts/setup-deps.sh)";
}

TEST(DataDateTest, FromThePlanElseTheRoadsFile) {
  io::Plan plan;
  plan.maps.data_date = "2025-06-30";
  EXPECT_EQ(data_date(plan), "2025-06-30");
  plan.maps.data_date.clear();
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "lifecircle-map-roads.osm";
  { std::ofstream(file) << "<osm/>"; }
  // 2024-03-05 12:00 UTC.
  const std::chrono::sys_seconds when =
      std::chrono::sys_days{std::chrono::year{2024} / 3 / 5} + std::chrono::seconds{12 * 3600};
  std::filesystem::last_write_time(file, std::chrono::file_clock::from_sys(when));
  plan.roads.path = file;
  EXPECT_EQ(data_date(plan), "2024-03-05");
  std::filesystem::remove(file);
  EXPECT_EQ(data_date(plan), "unknown");
}

TEST(ScaleBarTest, NiceLengths) {
  EXPECT_DOUBLE_EQ(nice_scale_length_m(1234.0), 1000.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(4999.0), 2000.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(5000.0), 5000.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(1000.0), 1000.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(999.0), 500.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(73.0), 50.0);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(0.7), 0.5);
  EXPECT_DOUBLE_EQ(nice_scale_length_m(19.9), 10.0);
  EXPECT_THROW(nice_scale_length_m(0.0), Error);
  EXPECT_EQ(format_length(500.0), "500 m");
  EXPECT_EQ(format_length(2000.0), "2 km");
}

TEST(ViewportTest, FitsTheWorldCentredWithEqualScale) {
  // 1000 x 500 m into 200 x 200 px: 0.2 px/m, the world's centre at the frame's.
  const Viewport v(0.0, 0.0, 1000.0, 500.0, Box{0.0, 0.0, 200.0, 200.0});
  EXPECT_DOUBLE_EQ(v.px_per_m(), 0.2);
  EXPECT_DOUBLE_EQ(v.to_px(500.0, 250.0).x, 100.0);
  EXPECT_DOUBLE_EQ(v.to_px(500.0, 250.0).y, 100.0);
  EXPECT_DOUBLE_EQ(v.to_px(0.0, 500.0).x, 0.0);
  EXPECT_DOUBLE_EQ(v.to_px(0.0, 500.0).y, 50.0) << "north is up";
  EXPECT_THROW(Viewport(0, 0, 1, 1, Box{0, 0, 0, 10}), Error);
}

TEST(ShareClassTest, FixedBreaks) {
  EXPECT_EQ(share_class(0.0), 0u);
  EXPECT_EQ(share_class(0.4999), 0u);
  EXPECT_EQ(share_class(0.5), 1u);
  EXPECT_EQ(share_class(0.85), 3u);
  EXPECT_EQ(share_class(0.95), 4u);
  EXPECT_EQ(share_class(1.0), 4u);
  EXPECT_EQ(share_class_label(3), "85–95%");
}

TEST(LabelsTest, SameAnchorTwiceMovesTheSecondLabel) {
  const Box bounds{0, 0, 400, 400};
  const auto placed = place_labels({{{200, 200}, 60, 20}, {{200, 200}, 60, 20}}, {}, bounds, 2.0, 4.0);
  ASSERT_TRUE(placed[0] && placed[1]);
  EXPECT_DOUBLE_EQ(placed[0]->x0, 170.0);  // centred
  EXPECT_DOUBLE_EQ(placed[0]->y0, 190.0);
  // Then above: centre at 200 - (4 + 10) = 186 overlaps; the first free
  // candidate is above, so the centre moves up by offset + half height.
  EXPECT_FALSE(placed[0]->grown(2.0).overlaps(*placed[1]));
  EXPECT_DOUBLE_EQ(placed[1]->x0, 170.0);
  EXPECT_LT(placed[1]->y1, placed[0]->y0);
}

TEST(LabelsTest, AnObstacleOnTheAnchorPushesTheLabelAside) {
  const Box bounds{0, 0, 400, 400};
  const Box symbol{190, 190, 210, 210};
  const auto placed = place_labels({{{200, 200}, 40, 10}}, {symbol}, bounds, 1.0, 12.0);
  ASSERT_TRUE(placed[0]);
  EXPECT_FALSE(placed[0]->overlaps(symbol));
  // Above: centre y = 200 - (12 + 5) = 183, box 178..188, 2 px clear of the symbol.
  EXPECT_DOUBLE_EQ(placed[0]->y0, 178.0);
}

TEST(LabelsTest, DroppedOnlyWhenNothingFits) {
  // A strip 30 px high: labels 20 px high fit only on the anchor's row. The
  // first takes the middle (55..85); one step right (73..103) or left
  // (37..67) overlaps it; two steps right (91..121) and left (19..49) fit; a
  // fourth finds nothing and is dropped.
  const Box bounds{0, 0, 140, 30};
  const LabelRequest same{{70, 15}, 30, 20};
  const auto placed = place_labels({same, same, same, same}, {}, bounds, 1.0, 3.0);
  ASSERT_TRUE(placed[0] && placed[1] && placed[2]);
  EXPECT_DOUBLE_EQ(placed[0]->x0, 55.0);
  EXPECT_DOUBLE_EQ(placed[1]->x0, 91.0);
  EXPECT_DOUBLE_EQ(placed[2]->x0, 19.0);
  EXPECT_FALSE(placed[3].has_value());
  const auto too_wide = place_labels({{{50, 15}, 120, 10}}, {}, bounds, 1.0, 3.0);
  EXPECT_FALSE(too_wide[0].has_value()) << "a label never leaves the bounds";
}

TEST(LabelsTest, ManyRandomLabelsNeverOverlap) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> pos(0.0, 800.0), size(10.0, 80.0);
  std::vector<LabelRequest> requests;
  for (int i = 0; i < 300; ++i) requests.push_back({{pos(rng), pos(rng) * 0.75}, size(rng), size(rng) / 3.0});
  const std::vector<Box> obstacles = {{100, 100, 160, 160}, {400, 300, 420, 320}};
  const Box bounds{0, 0, 800, 600};
  const auto placed = place_labels(requests, obstacles, bounds, 2.0, 6.0);
  std::vector<Box> boxes;
  for (const auto& b : placed) {
    if (b) boxes.push_back(*b);
  }
  EXPECT_GT(boxes.size(), 50u);
  EXPECT_LT(boxes.size(), requests.size()) << "300 labels cannot all fit";
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    EXPECT_TRUE(bounds.contains(boxes[i]));
    for (const Box& o : obstacles) EXPECT_FALSE(boxes[i].overlaps(o));
    for (std::size_t j = i + 1; j < boxes.size(); ++j)
      EXPECT_FALSE(boxes[i].overlaps(boxes[j])) << i << " " << j;
  }
}

TEST_F(LineCityMaps, SvgCarriesTheCompactLayersAndNoMarkers) {
  const RenderedMap& m = find("clinic", MapKind::coverage);
  EXPECT_EQ(m.svg.find("1.953125%"), std::string::npos) << "every layer marker was replaced";
  EXPECT_THAT(m.svg, HasSubstr("<circle cx=")) << "uncovered residents";
  EXPECT_THAT(m.svg, HasSubstr("fill:" + std::string("#"))) << "coverage bands and towns";
  EXPECT_THAT(m.svg, HasSubstr("<use xlink:href=\"#lifecircle-")) << "haloed town names";
}

TEST_F(LineCityMaps, ParallelDrawingGivesTheSameMaps) {
  const std::vector<RenderedMap> one = render_run_maps(*study_, *result_, nullptr, 1);
  const std::vector<RenderedMap> two = render_run_maps(*study_, *result_, nullptr, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_TRUE(one[i].png == two[i].png) << i;
    // Cairo numbers SVG surfaces with a process-wide counter.
    const std::regex surface_id("surface[0-9]+");
    EXPECT_TRUE(std::regex_replace(one[i].svg, surface_id, "surface") ==
                std::regex_replace(two[i].svg, surface_id, "surface"))
        << i;
  }
}

// An RGB24 surface with its pixels.
struct Canvas {
  Canvas(int w, int h)
      : surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)), cr(cairo_create(surface)) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  ~Canvas() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
  std::uint32_t at(int x, int y) const {
    cairo_surface_flush(surface);
    std::uint32_t px = 0;
    std::memcpy(
        &px, cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface) + 4 * x, 4);
    return px & 0xffffffu;
  }
  cairo_surface_t* surface;
  cairo_t* cr;
};

TEST(PainterTest, DotsInGroupsLookLikeDotsOneByOne) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> position(10.0, 190.0), radius(1.2, 9.0);
  std::vector<detail::Circle> circles(400);
  for (detail::Circle& c : circles) c = {{position(random), position(random)}, radius(random)};
  Canvas grouped(200, 200), single(200, 200);
  const detail::Painter a(grouped.cr, "Noto Sans CJK SC", 1.0), b(single.cr, "Noto Sans CJK SC", 1.0);
  a.dots(circles, rgb(kUncoveredColour), rgb(0x7f0000));
  for (const detail::Circle& c : circles)
    b.symbol(detail::Symbol::dot, c.at, c.radius, rgb(kUncoveredColour), rgb(0x7f0000));
  int worst = 0;
  for (int y = 0; y < 200; ++y) {
    for (int x = 0; x < 200; ++x) {
      const std::uint32_t p = grouped.at(x, y), q = single.at(x, y);
      for (const int shift : {16, 8, 0}) {
        worst = std::max(
            worst, std::abs(static_cast<int>((p >> shift) & 0xffu) - static_cast<int>((q >> shift) & 0xffu)));
      }
    }
  }
  EXPECT_LE(worst, 2);
}

TEST(PainterTest, SvgLayersLandWhereTheirMarkersWere) {
  std::string svg;
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(
      [](void* out, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &svg, 100, 100);
  cairo_t* cr = cairo_create(surface);
  detail::SvgInserts inserts;
  {
    const detail::Painter p(cr, "Noto Sans CJK SC", 1.0, &inserts);
    p.rect({0, 0, 10, 10}, Rgb{0, 0, 1});
    p.fill_rings({{{10.0, 10.0}, {20.25, 10.0}, {20.25, 20.0}}}, Rgb{1, 0, 0});
    for (int i = 0; i < 300; ++i) p.dots({{{50.0, 50.0}, 2.0}}, Rgb{0, 1, 0}, Rgb{0, 0, 0});
    p.rect({90, 90, 100, 100}, Rgb{0, 0, 1});
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  inserts.splice_into(svg);
  // Tenths of a pixel (20.25 px rounds to 203), relative moves; the
  // triangle between the two squares.
  const std::size_t triangle = svg.find("d=\"m100 100 103 0 0 100z\"");
  ASSERT_NE(triangle, std::string::npos);
  std::size_t dots = 0;
  for (std::size_t at = svg.find("<circle cx=\"500\" cy=\"500\" r=\"20\"/>"); at != std::string::npos;
       at = svg.find("<circle cx=\"500\"", at + 1)) {
    EXPECT_GT(at, triangle);
    ++dots;
  }
  EXPECT_EQ(dots, 300u) << "more inserts than one colour channel can number";
  EXPECT_EQ(svg.find("1.953125%"), std::string::npos);
  EXPECT_LT(svg.find("fill:rgb(0%,0%,100%)"), triangle);
  EXPECT_GT(svg.rfind("fill:rgb(0%,0%,100%)"), svg.rfind("<circle"));
}

TEST(PngTest, DecodesToThePixelsDrawn) {
  Canvas canvas(123, 45);  // odd sizes: stride is not 3 * width
  std::mt19937 random(3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 60; ++i) {
    cairo_set_source_rgb(canvas.cr, unit(random), unit(random), unit(random));
    cairo_arc(canvas.cr, 123.0 * unit(random), 45.0 * unit(random), 1.0 + 20.0 * unit(random), 0, 7);
    cairo_fill(canvas.cr);
  }
  const std::string png = detail::encode_png(canvas.surface);
  const Image decoded(png);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded.width(), 123);
  ASSERT_EQ(decoded.height(), 45);
  for (int y = 0; y < 45; ++y) {
    for (int x = 0; x < 123; ++x) ASSERT_EQ(decoded.at(x, y), canvas.at(x, y)) << x << "," << y;
  }
}

}  // namespace
}  // namespace lifecircle::map
