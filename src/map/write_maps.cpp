// The maps of a run or a scenario: described, drawn, written.

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <exception>
#include <optional>

#include "detail/pages.hpp"
#include "lifecircle/map/maps.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "lifecircle/util/memory.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::map {
namespace {

// Cairo draws text as glyph outlines; a <title> keeps the map's title
// searchable and gives screen readers its name.
void add_svg_title(std::string& svg, const std::string& title) {
  const std::size_t open = svg.find("<svg");
  if (open == std::string::npos) return;
  const std::size_t end = svg.find('>', open);
  if (end == std::string::npos) return;
  svg.insert(end + 1, "\n<title>" + xml_escape(title) + "</title>");
}

RenderedMap rendered(const detail::Basemap& b, const detail::Page& page, const std::string& category,
                     MapKind kind) {
  detail::PageResult drawn = detail::render_page(b, b.study->plan.maps, page);
  RenderedMap map;
  map.category = category;
  map.kind = kind;
  map.title = page.title;
  map.png = std::move(drawn.png);
  map.svg = std::move(drawn.svg);
  if (!map.svg.empty()) add_svg_title(map.svg, page.title);
  map.viewport = b.viewport;
  map.swatches = std::move(drawn.swatches);
  map.labels_placed = drawn.labels_placed;
  map.labels_dropped = drawn.labels_dropped;
  return map;
}

void check_polygons(const coverage::RunResult& result) {
  for (const coverage::CategoryResult& r : result.categories) {
    if (r.band_wkb.empty())
      throw InternalError("maps need the run's coverage polygons (RunOptions::polygons)");
  }
}

WrittenMap write(const RenderedMap& map, const std::filesystem::path& dir) {
  WrittenMap out{map.category, map.kind, map.title, {}, {}};
  const std::string stem = map.category + "-" + std::string(to_string(map.kind));
  if (!map.png.empty()) write_file_atomically(out.png = dir / (stem + ".png"), map.png);
  if (!map.svg.empty()) write_file_atomically(out.svg = dir / (stem + ".svg"), map.svg);
  return out;
}

void make_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw OutputError("cannot create the maps folder " + dir.string() + ": " + ec.message());
}

// Drawing the maps, estimated before the first: Pango and GLib abort the
// process (SIGTRAP, or SIGSEGV on a font that failed to load) when memory
// runs out mid-drawing, so a shortfall is refused before it. Fontconfig's
// configuration, cache and the fonts it maps come once; each drawing thread
// holds a surface and its PNG or SVG encoding (resident), and for each new
// font Pango starts two fontconfig helper threads (FcFontSetSort,
// FcFontSetMatch), each a stack and, at its first allocation, a malloc arena
// (64 MiB of address space); under an address-space limit these decide.
MemoryNeed maps_need(const io::MapStyle& style, int team) {
  constexpr std::uint64_t kFontsBytes = std::uint64_t{96} << 20;
  constexpr std::uint64_t kArenaBytes = std::uint64_t{64} << 20;
  const std::uint64_t surface = std::uint64_t(style.width_px) * std::uint64_t(style.height_px) * 4;
  const auto threads = static_cast<std::uint64_t>(team);
  // glibc makes at most 8 arenas per core, then shares them.
  const auto arenas =
      std::min<std::uint64_t>(2 * threads, 8 * static_cast<std::uint64_t>(omp_get_num_procs()));
  MemoryNeed need;
  need.resident_bytes = kFontsBytes + 3 * surface * threads;
  need.address_bytes = need.resident_bytes + 2 * thread_stack_bytes() * threads + arenas * kArenaBytes;
  return need;
}

// The maps are independent: drawn in parallel, handed to `each` in order.
// Each OpenMP thread lays out text with its own Pango font map (Pango keeps
// the default one per thread); Cairo surfaces are never shared.
template <typename Draw, typename Each>
void draw_all(const io::MapStyle& style, std::size_t n, int threads, Draw&& draw, Each&& each) {
  std::vector<std::optional<RenderedMap>> maps(n);
  FirstException failure("maps");
  const int team = std::max(1, std::min(threads > 0 ? threads : omp_get_max_threads(), static_cast<int>(n)));
  require_memory(
      maps_need(style, team), memory_room(),
      std::to_string(n) + " maps drawn on " + std::to_string(team) + (team == 1 ? " thread" : " threads"),
      "pass --no-maps, use fewer --threads, or smaller maps ([maps] width_px, height_px)");
#pragma omp parallel for schedule(dynamic, 1) num_threads(team)
  for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
    if (failure.failed()) continue;
    failure.run([&] { maps[static_cast<std::size_t>(i)] = draw(static_cast<std::size_t>(i)); });
  }
  failure.rethrow();
  for (std::optional<RenderedMap>& m : maps) {
    if (m) each(std::move(*m));
  }
}

template <typename Each>
void each_run_map(const study::Study& study, const coverage::RunResult& result,
                  const coverage::TargetCheck* targets, int threads, Each&& each) {
  check_polygons(result);
  const detail::Basemap b = detail::make_basemap(study);
  // Coverage and towns map of each category, plan order.
  draw_all(
      study.plan.maps, 2 * study.plan.categories.size(), threads,
      [&](std::size_t i) -> std::optional<RenderedMap> {
        const std::size_t k = i / 2;
        const std::string& id = study.plan.categories[k].id;
        if (i % 2 == 0) return rendered(b, detail::coverage_page(b, result, k), id, MapKind::coverage);
        return rendered(b, detail::towns_page(b, result, targets, k), id, MapKind::towns);
      },
      each);
}

template <typename Each>
void each_scenario_map(const study::Study& study, const coverage::RunResult& result,
                       const coverage::Scenario& scenario,
                       const std::vector<coverage::ScenarioCategory>& evaluated, int threads, Each&& each) {
  check_polygons(result);
  if (evaluated.size() != study.plan.categories.size()) {
    throw Error("scenario maps: one evaluated category per plan category is needed");
  }
  const detail::Basemap b = detail::make_basemap(study);
  draw_all(
      study.plan.maps, study.plan.categories.size(), threads,
      [&](std::size_t k) -> std::optional<RenderedMap> {
        const std::optional<detail::Page> page = detail::scenario_page(b, result, scenario, evaluated[k], k);
        if (!page) return std::nullopt;
        return rendered(b, *page, study.plan.categories[k].id, MapKind::scenario);
      },
      each);
}

}  // namespace

std::string_view to_string(MapKind kind) {
  switch (kind) {
    case MapKind::coverage:
      return "coverage";
    case MapKind::towns:
      return "towns";
    case MapKind::scenario:
      return "scenario";
  }
  return "map";
}

std::vector<RenderedMap> render_run_maps(const study::Study& study, const coverage::RunResult& result,
                                         const coverage::TargetCheck* targets, int threads) {
  std::vector<RenderedMap> maps;
  each_run_map(study, result, targets, threads, [&](RenderedMap&& m) { maps.push_back(std::move(m)); });
  return maps;
}

std::vector<WrittenMap> write_run_maps(const study::Study& study, const coverage::RunResult& result,
                                       const coverage::TargetCheck* targets, const std::filesystem::path& dir,
                                       int threads) {
  make_dir(dir);
  std::vector<WrittenMap> written;
  each_run_map(study, result, targets, threads, [&](RenderedMap&& m) { written.push_back(write(m, dir)); });
  return written;
}

std::vector<RenderedMap> render_scenario_maps(const study::Study& study, const coverage::RunResult& result,
                                              const coverage::Scenario& scenario,
                                              const std::vector<coverage::ScenarioCategory>& evaluated,
                                              int threads) {
  std::vector<RenderedMap> maps;
  each_scenario_map(study, result, scenario, evaluated, threads,
                    [&](RenderedMap&& m) { maps.push_back(std::move(m)); });
  return maps;
}

std::vector<WrittenMap> write_scenario_maps(const study::Study& study, const coverage::RunResult& result,
                                            const coverage::Scenario& scenario,
                                            const std::vector<coverage::ScenarioCategory>& evaluated,
                                            const std::filesystem::path& dir, int threads) {
  make_dir(dir);
  std::vector<WrittenMap> written;
  each_scenario_map(study, result, scenario, evaluated, threads,
                    [&](RenderedMap&& m) { written.push_back(write(m, dir)); });
  return written;
}

std::string data_date(const io::Plan& plan) {
  if (!plan.maps.data_date.empty()) return plan.maps.data_date;
  std::error_code ec;
  const auto modified = std::filesystem::last_write_time(plan.roads.path, ec);
  if (ec) return "unknown";
  const auto system = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
      std::chrono::file_clock::to_sys(modified));
  const std::time_t t = std::chrono::system_clock::to_time_t(system);
  std::tm utc{};
  if (!gmtime_r(&t, &utc)) return "unknown";
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

std::string resolved_font_family(const std::string& font) {
  PangoFontMap* map = pango_cairo_font_map_get_default();  // owned by Pango
  PangoContext* context = pango_font_map_create_context(map);
  PangoFontDescription* wanted = pango_font_description_from_string(font.c_str());
  PangoFont* loaded = pango_font_map_load_font(map, context, wanted);
  std::string family;
  if (loaded) {
    PangoFontDescription* got = pango_font_describe(loaded);
    if (const char* name = pango_font_description_get_family(got)) family = name;
    pango_font_description_free(got);
    g_object_unref(loaded);
  }
  pango_font_description_free(wanted);
  g_object_unref(context);
  return family;
}

}  // namespace lifecircle::map
