#include "lifecircle/study/study.hpp"

#include <algorithm>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "lifecircle/io/facility_inputs.hpp"
#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/io/gdal_roads.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::study {
namespace {

io::LayerInfo describe_osm(const io::RoadsInput& input, const io::RawRoads& roads) {
  io::LayerInfo info;
  info.path = input.path.string();
  info.driver = "OSM (libosmium)";
  info.crs = "EPSG:4326";
  info.feature_count = roads.ways_walkable;
  info.min_lon = info.min_lat = std::numeric_limits<double>::max();
  info.max_lon = info.max_lat = std::numeric_limits<double>::lowest();
  for (const io::RawVertex& v : roads.vertices) {
    info.min_lon = std::min(info.min_lon, v.lon);
    info.max_lon = std::max(info.max_lon, v.lon);
    info.min_lat = std::min(info.min_lat, v.lat);
    info.max_lat = std::max(info.max_lat, v.lat);
  }
  return info;
}

// The working CRS, checked against the data's extent (the roads'): an error
// names the plan's working_crs when the plan chose it.
std::unique_ptr<io::WorkingCrs> working_crs(const io::Plan& plan, int epsg, const io::LayerInfo& box) {
  const InputLocation where = plan.working_epsg
                                  ? InputLocation{.path = plan.file.string(), .field = "working_crs"}
                                  : InputLocation{.path = plan.roads.path.string()};
  try {
    auto crs = std::make_unique<io::WorkingCrs>(epsg);
    io::check_working_crs(*crs, {box.min_lon, box.min_lat, box.max_lon, box.max_lat});
    return crs;
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(where, e.what());
  }
}

void snap_facilities(Study& study) {
  study.facility_snaps.resize(study.facilities.size());
  for (std::size_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& f = study.facilities[i];
    study.facility_snaps[i].snap = study.network.index->nearest(f.x, f.y, study.plan.snap_limit_m);
  }
}

// A layer's points (working CRS) nearer the streets with or without the GCJ-02
// shift than as they were read: the mark of a forgotten (or wrong) crs = "gcj02".
// Points copied from a Chinese web map sit ~500 m off the OSM streets unless shifted.
constexpr std::size_t kMinDatumCheckPoints = 20;
constexpr double kDatumCheckRatio = 1.5;  // the other reading's median at least 1.5x smaller
constexpr double kDatumCheckMinGainM = 10.0;

// How near the streets points lie, as `info` reports the facilities' snapping:
// the median distance of those within the snap limit, and how many lie beyond.
struct StreetDistance {
  double median_m = 0.0;
  std::size_t off_network = 0;
  bool nearer_than(const StreetDistance& o) const {
    return median_m * kDatumCheckRatio <= o.median_m && o.median_m - median_m >= kDatumCheckMinGainM &&
           off_network <= o.off_network;
  }
  std::string text() const {
    return fixed(median_m, 1) + " m" +
           (off_network ? ", " + std::to_string(off_network) + " off the network" : "");
  }
};

StreetDistance street_distance(const Study& study, const std::vector<std::pair<double, double>>& xy) {
  StreetDistance out;
  std::vector<double> d;
  d.reserve(xy.size());
  for (const auto& [x, y] : xy) {
    if (const std::optional<graph::SnapPoint> snap =
            study.network.index->nearest(x, y, study.plan.snap_limit_m)) {
      d.push_back(snap->distance_m);
    } else {
      ++out.off_network;
    }
  }
  if (d.empty()) {
    out.median_m = study.plan.snap_limit_m;
    return out;
  }
  const auto middle = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
  std::nth_element(d.begin(), middle, d.end());
  out.median_m = *middle;
  return out;
}

// The points read the other way: shifted from GCJ-02 to WGS84 when they were
// taken as WGS84, unshifted when they were declared GCJ-02. Only points in
// China (where GCJ-02 applies) are kept, both ways alike.
struct DatumReadings {
  std::vector<std::pair<double, double>> as_read, other;
};

DatumReadings datum_readings(const Study& study, std::span<const std::pair<double, double>> points,
                             bool declared) {
  DatumReadings r;
  for (const auto& [x, y] : points) {
    double lon = 0.0, lat = 0.0;
    if (!study.crs->to_wgs84(x, y, lon, lat) || !io::gcj02_applies(lon, lat)) continue;
    double other_lon = 0.0, other_lat = 0.0;
    if (declared) {
      io::wgs84_to_gcj02(lon, lat, other_lon, other_lat);
    } else {
      io::gcj02_to_wgs84(lon, lat, other_lon, other_lat);
    }
    double ox = 0.0, oy = 0.0;
    if (!study.crs->to_metric(other_lon, other_lat, ox, oy)) continue;
    r.as_read.emplace_back(x, y);
    r.other.emplace_back(ox, oy);
  }
  return r;
}

// The warning for one layer, or nothing. `what` is "facilities" or "residential
// points", `section` the plan table ("[[facilities]]", "[population]").
std::optional<std::string> gcj02_hint(const Study& study, std::span<const std::pair<double, double>> points,
                                      const io::LayerRef& input, const std::string& what,
                                      const std::string& section) {
  const bool declared = input.crs == "gcj02";
  const DatumReadings r = datum_readings(study, points, declared);
  if (r.as_read.size() < kMinDatumCheckPoints) return std::nullopt;
  const StreetDistance as_read = street_distance(study, r.as_read);
  const StreetDistance other = street_distance(study, r.other);
  if (!other.nearer_than(as_read)) return std::nullopt;
  const std::string medians = "(median " + other.text() + ") than as ";
  if (declared) {
    return input.path.string() + ": the " + what +
           " lie nearer the streets if read as WGS84, without the GCJ-02 shift " + medians + "GCJ-02 (" +
           as_read.text() + "): remove crs = \"gcj02\" from " + section +
           " unless they were copied from a Chinese web map";
  }
  return input.path.string() + ": the " + what + " lie nearer the streets if read as GCJ-02 " + medians +
         "given (" + as_read.text() + "): set crs = \"gcj02\" in " + section +
         " if they were copied from a Chinese web map";
}

void warn_of_gcj02(Study& study, const std::vector<std::size_t>& layer_sizes) {
  std::size_t first = 0;
  for (std::size_t l = 0; l < layer_sizes.size(); ++l) {
    std::vector<std::pair<double, double>> xy;
    for (std::size_t i = first; i < first + layer_sizes[l]; ++i)
      xy.emplace_back(study.facilities[i].x, study.facilities[i].y);
    first += layer_sizes[l];
    if (auto w = gcj02_hint(study, xy, study.plan.facilities[l], "facilities", "[[facilities]]")) {
      study.warnings.push_back(std::move(*w));
    }
  }
  if (study.population && study.population->source == io::PopulationSource::points) {
    std::vector<std::pair<double, double>> xy;
    for (const io::PopulationPoint& p : study.population->points) xy.emplace_back(p.x, p.y);
    if (auto w = gcj02_hint(study, xy, *study.plan.population, "residential points", "[population]")) {
      study.warnings.push_back(std::move(*w));
    }
  }
}

// A plan without [towns]: one town, the network's area, of the plan's
// [population] total or the population layer's (doc/plan.md).
void load_whole_area(Study& study) {
  const io::Plan& plan = study.plan;
  // The nodes and the streets' shape points: a curved street may bulge beyond its nodes' hull.
  std::vector<double> xs = study.network.graph.x;
  std::vector<double> ys = study.network.graph.y;
  xs.insert(xs.end(), study.network.graph.shape_x.begin(), study.network.graph.shape_x.end());
  ys.insert(ys.end(), study.network.graph.shape_y.begin(), study.network.graph.shape_y.end());
  std::string name = plan.name.empty() ? "whole area" : plan.name;
  study.towns = io::whole_area_town(xs, ys, plan.snap_limit_m, std::move(name),
                                    plan.population_total.value_or(0.0), *study.crs);
  if (!plan.population_total) {
    // The layer's residents inside the area; those beyond it (farther than the
    // snap limit from every street) are reported as outside every town.
    std::vector<double> px, py, people;
    px.reserve(study.population->points.size());
    py.reserve(study.population->points.size());
    people.reserve(study.population->points.size());
    for (const io::PopulationPoint& p : study.population->points) {
      px.push_back(p.x);
      py.push_back(p.y);
      people.push_back(p.population);
    }
    study.towns.towns[0].population = io::population_inside(study.towns.towns[0], px, py, people);
  }
  const double population = study.towns.towns[0].population;
  study.warnings.push_back(plan.file.string() +
                           ": no [towns]: the whole walking network's area is one town 'all' (" +
                           fixed(population, 0) + " residents from " +
                           (plan.population_total ? "[population] total" : "the population layer") +
                           "); town-by-town figures need a [towns] layer");
}

}  // namespace

std::string road_attribution(const io::Plan& plan) {
  if (plan.roads.attribution) return *plan.roads.attribution;
  return io::is_osm_file(plan.roads.path) ? "© OpenStreetMap contributors (ODbL 1.0)" : "";
}

std::unique_ptr<Study> load_study(const io::Plan& plan) {
  auto study = std::make_unique<Study>();
  study->plan = plan;

  io::RawRoads raw;
  graph::RoadsReport& roads = study->network.roads;
  if (io::is_osm_file(plan.roads.path)) {
    raw = io::read_osm_roads(plan.roads.path);
    roads.info = describe_osm(plan.roads, raw);
    for (const std::string& w : raw.warnings) study->warnings.push_back(plan.roads.path.string() + ": " + w);
  } else {
    io::GdalRoads gdal = io::read_gdal_roads(plan.roads);
    raw = std::move(gdal.roads);
    roads.info = gdal.info;
    for (const std::string& w : gdal.warnings) study->warnings.push_back(plan.roads.path.string() + ": " + w);
  }

  const io::LayerInfo& box = roads.info;
  const int epsg = plan.working_epsg.value_or(
      io::utm_epsg_for((box.min_lon + box.max_lon) / 2.0, (box.min_lat + box.max_lat) / 2.0));
  study->crs = working_crs(plan, epsg, box);

  const graph::WalkNetworkSettings settings{.min_component_nodes = plan.min_component_nodes,
                                            .roads_path = plan.roads.path.string()};
  graph::build_walk_network(std::move(raw), *study->crs, settings, study->network);

  if (!plan.whole_area()) {
    study->towns = io::load_towns(plan.towns, *study->crs);
    for (const std::string& w : study->towns.warnings)
      study->warnings.push_back(plan.towns.path.string() + ": " + w);
  }
  std::vector<io::FacilityLayer> layers;
  for (const io::FacilitiesInput& input : plan.facilities) {
    layers.push_back(io::load_facilities(input, plan.categories, *study->crs));
    for (const std::string& w : layers.back().warnings)
      study->warnings.push_back(input.path.string() + ": " + w);
  }
  for (std::string& w : io::check_facility_inputs(plan, layers)) study->warnings.push_back(std::move(w));
  std::vector<std::size_t> layer_sizes;
  for (io::FacilityLayer& layer : layers) {
    study->facility_layers.push_back(layer.info);
    layer_sizes.push_back(layer.facilities.size());
    for (io::Facility& f : layer.facilities) study->facilities.push_back(std::move(f));
  }
  snap_facilities(*study);
  if (plan.population) study->population = io::load_population(*plan.population, *study->crs);
  if (plan.whole_area()) load_whole_area(*study);
  if (study->population) io::check_population_meets_towns(*study->population, study->towns);
  warn_of_gcj02(*study, layer_sizes);
  return study;
}

}  // namespace lifecircle::study
