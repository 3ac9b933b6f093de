#include "lifecircle/report/city_info.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lifecircle/util/format.hpp"

namespace lifecircle::report {
namespace {

constexpr std::size_t kMaxIslandsListed = 20;

double quantile(std::vector<double> sorted, double q) {
  if (sorted.empty()) return 0.0;
  const auto i = static_cast<std::size_t>(std::lround(q * static_cast<double>(sorted.size() - 1)));
  return sorted[std::min(i, sorted.size() - 1)];
}

SnapStats snap_stats(const study::Study& study) {
  SnapStats s;
  std::vector<double> distances;
  s.points = study.facilities.size();
  for (std::size_t i = 0; i < study.facilities.size(); ++i) {
    const auto& snapped = study.facility_snaps[i];
    const io::Facility& f = study.facilities[i];
    if (!snapped.on_network()) {
      s.over_limit.push_back({f.id, f.name, f.category, f.lon, f.lat});
      continue;
    }
    distances.push_back(snapped.snap->distance_m);
    if (snapped.snap->distance_m > s.worst_m || s.worst_id.empty()) {
      s.worst_m = snapped.snap->distance_m;
      s.worst_id = f.id;
    }
  }
  s.snapped = distances.size();
  std::sort(distances.begin(), distances.end());
  s.median_m = quantile(distances, 0.5);
  s.p95_m = quantile(distances, 0.95);
  return s;
}

std::vector<Island> islands(const study::Study& study) {
  const graph::Components& c = study.network.components;
  std::vector<Island> out;
  if (study.network_regions > 0) return out;  // the snaps' edges are the regions', not this (empty) graph's
  std::vector<std::uint32_t> facilities(c.count(), 0);
  for (const auto& snapped : study.facility_snaps) {
    if (snapped.on_network())
      ++facilities[c.component_of_node[study.network.graph.edge_from[snapped.snap->edge]]];
  }
  for (std::uint32_t i = 1; i < c.count() && out.size() < kMaxIslandsListed; ++i) {
    out.push_back({i, c.node_count[i], c.length_m[i], facilities[i]});
  }
  return out;
}

void layer_text(std::ostringstream& out, const char* role, const io::LayerInfo& l) {
  out << "  " << role << ": " << l.path << (l.layer.empty() ? "" : " (layer '" + l.layer + "')") << "\n"
      << "    driver " << l.driver << ", CRS " << l.crs << ", " << l.feature_count << " features\n"
      << "    bbox lon " << fixed(l.min_lon, 5) << " .. " << fixed(l.max_lon, 5) << ", lat "
      << fixed(l.min_lat, 5) << " .. " << fixed(l.max_lat, 5) << "\n";
}

nlohmann::json layer_json(const io::LayerInfo& l) {
  return {{"path", l.path},
          {"layer", l.layer},
          {"driver", l.driver},
          {"crs", l.crs},
          {"features", l.feature_count},
          {"bbox_wgs84", {l.min_lon, l.min_lat, l.max_lon, l.max_lat}}};
}

}  // namespace

CityInfo describe_city(const study::Study& study) {
  CityInfo info;
  info.inputs.push_back(study.network.roads.info);
  info.inputs.push_back(study.towns.info);
  for (const auto& l : study.facility_layers) info.inputs.push_back(l);
  info.roads = study.network.roads;
  info.nodes = study.network.graph.node_count();
  info.edges = study.network.graph.edge_count();
  info.total_length_km = study.network.graph.total_length_m() / 1000.0;
  info.graph_memory_bytes = study.network.graph.memory_bytes();
  info.working_epsg = study.crs ? study.crs->epsg() : study.network.graph.working_epsg;
  info.components = study.network.components.count();
  info.largest_component_nodes =
      study.network.components.count() ? study.network.components.node_count[0] : 0;
  info.islands = islands(study);
  info.network_regions = study.network_regions;
  info.towns = study.towns.towns.size();
  for (const auto& t : study.towns.towns) info.town_population += t.population;
  std::map<std::string, std::size_t> per_category;
  for (const auto& f : study.facilities) ++per_category[f.category];
  for (const auto& c : study.plan.categories)
    info.facilities_per_category.emplace_back(c.id, per_category[c.id]);
  info.snap = snap_stats(study);
  if (study.population) {
    info.population =
        PopulationInfo{study.population->info, study.population->source == io::PopulationSource::raster,
                       study.population->total, study.population->nodata_cells};
  }
  info.min_placed_share = study.plan.min_placed_share;
  info.warnings = study.warnings;
  return info;
}

std::string to_text(const CityInfo& info) {
  std::ostringstream out;
  out << "Inputs\n";
  for (std::size_t i = 0; i < info.inputs.size(); ++i) {
    layer_text(out, i == 0 ? "roads" : (i == 1 ? "towns" : "facilities"), info.inputs[i]);
  }
  const auto& r = info.roads;
  out << "Roads\n"
      << "  ways: " << r.ways_seen << " read, " << r.ways_walkable << " walkable, " << r.ways_clipped
      << " clipped at the extract's edge (" << r.missing_node_refs << " missing node references)\n";
  out << "Walking graph (working CRS EPSG:" << info.working_epsg << ")\n"
      << "  nodes " << info.nodes << ", edges " << info.edges << ", walkable length "
      << fixed(info.total_length_km, 1) << " km, arrays "
      << fixed(static_cast<double>(info.graph_memory_bytes) / 1048576.0, 1) << " MiB\n"
      << "  components " << info.components << " (largest " << info.largest_component_nodes << " nodes";
  if (r.dropped_components)
    out << "; dropped " << r.dropped_components << " islands, " << r.dropped_nodes << " nodes";
  out << ")\n";
  for (const Island& island : info.islands) {
    out << "    island " << island.component << ": " << island.nodes << " nodes, "
        << fixed(island.length_m, 0) << " m, " << island.facilities << " facilities\n";
  }
  out << "Towns: " << info.towns << ", population " << fixed(info.town_population, 0) << "\n";
  out << "Facilities per category\n";
  for (const auto& [category, count] : info.facilities_per_category)
    out << "  " << category << ": " << count << "\n";
  const SnapStats& s = info.snap;
  out << "Snapping: " << s.snapped << " of " << s.points << " facilities on the network; median "
      << fixed(s.median_m, 1) << " m, 95% " << fixed(s.p95_m, 1) << " m, worst " << fixed(s.worst_m, 1)
      << " m (" << s.worst_id << ")\n";
  if (!s.over_limit.empty()) {
    out << "  " << s.over_limit.size() << " farther than the snap limit (not on the network):\n";
    for (const auto& f : s.over_limit) {
      out << "    " << f.id << " " << f.name << " [" << f.category << "] at " << fixed(f.lon, 6) << ", "
          << fixed(f.lat, 6) << "\n";
    }
  }
  if (info.population) {
    const PopulationInfo& p = *info.population;
    layer_text(out, p.raster ? "population raster" : "population layer", p.layer);
    out << "    " << fixed(p.total, 0) << " residents in the " << (p.raster ? "cells" : "features") << " ("
        << fixed(info.town_population > 0.0 ? 100.0 * p.total / info.town_population : 0.0, 1)
        << " % of the towns' population field)";
    if (p.raster) out << ", " << p.nodata_cells << " NODATA cells";
    out << "\n";
  } else {
    out << "Population: the towns' population spread over their walkable streets\n";
  }
  out << "  a run stops when a town has less than " << fixed(100.0 * info.min_placed_share, 0)
      << " % of its population placed on the network ([population] min_placed_share)\n";
  if (!info.warnings.empty()) {
    out << "Warnings\n";
    for (const auto& w : info.warnings) out << "  " << w << "\n";
  }
  return out.str();
}

std::string to_json(const CityInfo& info) {
  nlohmann::json j;
  j["inputs"] = nlohmann::json::array();
  for (const auto& l : info.inputs) j["inputs"].push_back(layer_json(l));
  const auto& r = info.roads;
  j["roads"] = {{"ways_read", r.ways_seen},
                {"ways_walkable", r.ways_walkable},
                {"ways_clipped", r.ways_clipped},
                {"missing_node_refs", r.missing_node_refs}};
  nlohmann::json islands = nlohmann::json::array();
  for (const Island& i : info.islands) {
    islands.push_back({{"component", i.component},
                       {"nodes", i.nodes},
                       {"length_m", i.length_m},
                       {"facilities", i.facilities}});
  }
  j["graph"] = {{"working_epsg", info.working_epsg},
                {"nodes", info.nodes},
                {"edges", info.edges},
                {"length_km", info.total_length_km},
                {"memory_bytes", info.graph_memory_bytes},
                {"components", info.components},
                {"largest_component_nodes", info.largest_component_nodes},
                {"dropped_components", r.dropped_components},
                {"dropped_nodes", r.dropped_nodes},
                {"islands", islands}};
  j["towns"] = {{"count", info.towns}, {"population", info.town_population}};
  nlohmann::json per_category = nlohmann::json::object();
  for (const auto& [category, count] : info.facilities_per_category) per_category[category] = count;
  j["facilities"] = per_category;
  nlohmann::json over = nlohmann::json::array();
  for (const auto& f : info.snap.over_limit) {
    over.push_back(
        {{"id", f.id}, {"name", f.name}, {"category", f.category}, {"lon", f.lon}, {"lat", f.lat}});
  }
  j["snap"] = {{"points", info.snap.points}, {"snapped", info.snap.snapped}, {"median_m", info.snap.median_m},
               {"p95_m", info.snap.p95_m},   {"worst_m", info.snap.worst_m}, {"worst_id", info.snap.worst_id},
               {"over_limit", over}};
  if (info.population) {
    j["population"] = {{"layer", layer_json(info.population->layer)},
                       {"raster", info.population->raster},
                       {"total", info.population->total},
                       {"nodata_cells", info.population->nodata_cells}};
  }
  j["min_placed_share"] = info.min_placed_share;
  j["warnings"] = info.warnings;
  return j.dump(2) + "\n";
}

namespace {

std::string degrees(double value) { return fixed(value, 6); }

std::string box_text(double min_lon, double min_lat, double max_lon, double max_lat) {
  return "lon " + degrees(min_lon) + " .. " + degrees(max_lon) + ", lat " + degrees(min_lat) + " .. " +
         degrees(max_lat);
}

std::vector<std::pair<std::string, std::string>> roles_of(const io::LayerSummary& layer,
                                                          const std::string& role) {
  std::vector<std::string> names;
  for (const io::FieldSummary& f : layer.fields) names.push_back(f.name);
  if (role == "towns") {
    const io::TownRoles r = io::guess_town_roles(names);
    return {{"code_field", r.code}, {"name_field", r.name}, {"population_field", r.population}};
  }
  const io::FacilityRoles r = io::guess_facility_roles(names);
  std::vector<std::pair<std::string, std::string>> out;
  if (layer.table) out = {{"lon_field", r.lon}, {"lat_field", r.lat}};
  out.insert(out.end(), {{"category_field", r.category},
                         {"name_field", r.name},
                         {"id_field", r.id},
                         {"capacity_field", r.capacity},
                         {"status_field", r.status}});
  return out;
}

}  // namespace

std::string to_text(const io::OsmSummary& osm) {
  std::ostringstream out;
  out << "roads " << osm.path << "\n";
  out << "  format      " << osm.format << " (libosmium)\n";
  out << "  generator   " << (osm.generator.empty() ? "(none)" : osm.generator) << "\n";
  out << "  timestamp   " << (osm.timestamp.empty() ? "(none in the header)" : osm.timestamp) << "\n";
  out << "  bounds      "
      << (osm.header_bounds ? box_text((*osm.header_bounds)[0], (*osm.header_bounds)[1],
                                       (*osm.header_bounds)[2], (*osm.header_bounds)[3])
                            : std::string("(none in the header)"))
      << "\n";
  out << "  nodes       " << osm.nodes << ", extent "
      << box_text(osm.min_lon, osm.min_lat, osm.max_lon, osm.max_lat) << "\n";
  out << "  ways        " << osm.ways << " seen, " << osm.ways_walkable << " walkable\n";
  out << "  relations   " << osm.relations << "\n";
  return out.str();
}

std::string to_text(const io::LayerSummary& layer, const std::string& role) {
  std::ostringstream out;
  out << role << " " << layer.info.path
      << (layer.info.layer.empty() ? "" : ", layer '" + layer.info.layer + "'") << "\n";
  out << "  driver      " << layer.info.driver << "\n";
  out << "  crs         " << layer.info.crs << "\n";
  out << "  geometry    " << layer.geometry_type << "\n";
  out << "  features    " << layer.info.feature_count << "\n";
  out << "  extent      "
      << box_text(layer.info.min_lon, layer.info.min_lat, layer.info.max_lon, layer.info.max_lat) << "\n";
  out << "  fields\n";
  for (const io::FieldSummary& f : layer.fields) {
    out << "    " << f.name << " (" << f.type << ")";
    for (std::size_t i = 0; i < f.samples.size(); ++i) out << (i == 0 ? ": " : ", ") << f.samples[i];
    out << "\n";
  }
  out << "  guessed roles\n";
  for (const auto& [key, field] : roles_of(layer, role)) {
    out << "    " << key << " = " << (field.empty() ? "(none)" : "\"" + field + "\"") << "\n";
  }
  return out.str();
}

}  // namespace lifecircle::report
