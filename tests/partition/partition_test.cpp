// The partition step: the halo rule, the cut (every edge near a region kept,
// bit for bit the whole graph's), ownership at borders, dealing, the wire
// format, and a partitioned run in one process against the single run.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/partition/layout.hpp"
#include "lifecircle/partition/wire.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::partition {
namespace {

TEST(Halo, IsTheLongestWalkPlusPolygonReachPlusSnapLimits) {
  io::Plan plan;
  plan.walk_speed_mps = 4000.0 / 3600.0;
  plan.snap_limit_m = 300.0;
  plan.isochrone_buffer_m = 50.0;
  plan.categories.resize(2);
  plan.categories[0].reach = io::Circle::of_minutes(10.0);
  plan.categories[1].reach = io::Circle::of_metres(1000.0);  // the largest budget (15 min) sets the walk
  const Halo h = halo_for(plan);
  EXPECT_NEAR(h.search_m, 1000.0 * 1.05, 1e-9);  // 15 min at 4 km/h, with the projection slack
  EXPECT_NEAR(h.polygon_m, 50.0 + 160.0, 1e-9);
  EXPECT_NEAR(h.facilities_m, 1050.0 + 210.0 + 300.0, 1e-9);
  EXPECT_NEAR(h.roads_m, 1560.0 + 300.0, 1e-9);
}

// Random ways over shared vertices on a 10 km square near Wenling.
io::RawRoads random_roads(unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> lon(121.30, 121.40), lat(28.30, 28.39);
  io::RawRoads r;
  for (int v = 0; v < 400; ++v) r.vertices.push_back({lon(rng), lat(rng), v + 1});
  std::uniform_int_distribution<std::uint32_t> pick(0, 399), length(2, 6);
  for (int w = 0; w < 300; ++w) {
    io::RawWay way{w + 1, {}};
    for (std::uint32_t k = length(rng); k > 0; --k) way.vertices.push_back(pick(rng));
    r.ways.push_back(way);
  }
  return r;
}

TEST(Cut, KeepsEveryEdgeNearTheBoxAsTheWholeGraphHasIt) {
  const io::RawRoads raw = random_roads(7);
  const io::WorkingCrs crs(32651);
  const graph::WalkGraph whole = graph::build_walk_graph(raw, crs);
  Box box;
  box.add(whole.x[0], whole.y[0]);
  const Box halo = box.grown(1500.0);
  const auto pieces = cut_roads(raw, crs, {halo, Box{}}, 0);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(pieces[1].edge_global.empty());  // an empty box gets nothing
  const RoadPiece& piece = pieces[0];
  // Independent truth: the whole graph's edges whose shape meets the box.
  std::vector<std::uint32_t> expected;
  for (graph::EdgeId e = 0; e < whole.edge_count(); ++e) {
    Box shape;
    for (const graph::ShapePoint p : whole.shape(e)) shape.add(p.x, p.y);
    if (shape.intersects(halo)) expected.push_back(e);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_LT(expected.size(), whole.edge_count());  // the box leaves some out
  EXPECT_EQ(piece.edge_global, expected);
  // The piece's own graph has those edges, to the bit, in the same order.
  const graph::WalkGraph g = graph::build_walk_graph(piece.roads, crs);
  ASSERT_EQ(g.edge_count(), expected.size());
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const graph::EdgeId w = expected[e];
    EXPECT_EQ(g.length_m[e], whole.length_m[w]);
    EXPECT_EQ(g.way_id[e], whole.way_id[w]);
    EXPECT_EQ(g.x[g.edge_from[e]], whole.x[whole.edge_from[w]]);
    EXPECT_EQ(g.y[g.edge_to[e]], whole.y[whole.edge_to[w]]);
    const graph::EdgeShape mine = g.shape(e), theirs = whole.shape(w);
    ASSERT_EQ(mine.size(), theirs.size());
    for (std::uint32_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(mine[i].x, theirs[i].x);
      EXPECT_EQ(mine[i].y, theirs[i].y);
    }
  }
}

TEST(Cut, DropsSmallComponentsOnTheWholeNetworkLikeTheGraphBuilder) {
  const io::RawRoads raw = random_roads(11);
  const graph::WalkGraph whole = graph::build_walk_graph(raw, io::WorkingCrs(32651));
  const graph::Components c = graph::find_components(whole);
  const graph::WalkGraph kept = graph::drop_small_components(whole, c, 4);
  const WholeEdges edges = whole_edges(raw, 4);
  EXPECT_EQ(edges.way.size(), kept.edge_count());
  EXPECT_EQ(edges.nodes, kept.node_count());
}

io::Town square_town(const std::string& code, double x0, double y0, double x1, double y1) {
  const geom::GeosContext ctx;
  const std::string wkt = "POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," +
                          std::to_string(x1) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " +
                          std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y1) + "," +
                          std::to_string(x0) + " " + std::to_string(y0) + "))";
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.handle());
  const geom::Geometry g = geom::own(ctx, GEOSWKTReader_read_r(ctx.handle(), reader, wkt.c_str()), "wkt");
  GEOSWKTReader_destroy_r(ctx.handle(), reader);
  io::Town t;
  t.code = code;
  t.population = 100;
  t.wkb = geom::to_wkb(ctx, g.get());
  t.min_x = x0, t.min_y = y0, t.max_x = x1, t.max_y = y1;
  return t;
}

TEST(Ownership, TownsGoByTheirInsideFacilitiesByTownOrNearestCore) {
  // Two regions side by side split at x = 1000; a town straddling the split
  // with most of it in the east goes east; a facility outside every town goes
  // to the nearest core.
  std::vector<Region> regions{{"west", square_town("w", 0, 0, 1000, 1000).wkb},
                              {"east", square_town("e", 1000, 0, 2000, 1000).wkb}};
  io::TownLayer towns;
  towns.towns = {square_town("a", 0, 0, 900, 1000), square_town("b", 900, 0, 2000, 1000)};
  std::vector<io::Facility> facilities(3);
  facilities[0].x = 950, facilities[0].y = 500;   // in town b, west of the regions' split
  facilities[1].x = 100, facilities[1].y = 500;   // in town a
  facilities[2].x = 2300, facilities[2].y = 500;  // outside every town, east
  const Ownership o = assign_owners(regions, towns, facilities, {1, 0, coverage::kNoTown});
  EXPECT_EQ(o.town_region, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(o.facility_region, (std::vector<std::uint32_t>{1, 0, 1}));
  EXPECT_EQ(o.core[1].max_x, 2300);  // the east core widened to its outside facility
  // The west piece sees the facility just across the border (it serves its
  // residents) but does not own it; demand of town b is not the west's.
  Halo halo;
  halo.facilities_m = 200;
  halo.roads_m = 300;
  const PieceInputs west = piece_inputs(0, o, halo, towns, facilities, nullptr);
  EXPECT_EQ(west.facilities, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(west.owned_facilities, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(west.towns, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(west.owned_towns, (std::vector<std::uint32_t>{0}));
}

TEST(Deal, LargestFirstToTheLeastLoadedRank) {
  EXPECT_EQ(deal_regions({5, 3, 3, 1}, 2), (std::vector<int>{0, 1, 1, 0}));
  EXPECT_EQ(deal_regions({1, 9, 4}, 3), (std::vector<int>{2, 0, 1}));
  EXPECT_EQ(deal_regions({2, 2}, 1), (std::vector<int>{0, 0}));
}

// Every prefix of a message is refused as cut short, and a byte more as left over.
template <typename Decode>
void expect_refuses_damaged(const std::string& bytes, Decode decode) {
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW(decode(bytes.substr(0, n)), lifecircle::Error) << n << " of " << bytes.size() << " bytes";
  }
  EXPECT_THROW(decode(bytes + '\0'), lifecircle::Error);
}

TEST(Wire, RoadPieceRoundTrips) {
  RoadPiece p;
  p.roads = random_roads(3);
  p.edge_global = {4, 8, 15};
  const std::string bytes = encode(p);
  const RoadPiece back = decode_road_piece(bytes);
  ASSERT_EQ(back.roads.vertices.size(), p.roads.vertices.size());
  for (std::size_t v = 0; v < p.roads.vertices.size(); ++v) {
    EXPECT_EQ(back.roads.vertices[v].lon, p.roads.vertices[v].lon);
    EXPECT_EQ(back.roads.vertices[v].lat, p.roads.vertices[v].lat);
    EXPECT_EQ(back.roads.vertices[v].source_id, p.roads.vertices[v].source_id);
  }
  ASSERT_EQ(back.roads.ways.size(), p.roads.ways.size());
  for (std::size_t w = 0; w < p.roads.ways.size(); ++w) {
    EXPECT_EQ(back.roads.ways[w].source_id, p.roads.ways[w].source_id);
    EXPECT_EQ(back.roads.ways[w].vertices, p.roads.ways[w].vertices);
  }
  EXPECT_EQ(back.edge_global, p.edge_global);
  EXPECT_EQ(back.roads.ways_seen, p.roads.ways.size());
  EXPECT_EQ(encode(back), bytes);
  // Sizes by hand: counts are 8 bytes, a vertex 24, a way 8 + 8 + 4 per vertex.
  std::size_t expected = 8 + 24 * p.roads.vertices.size() + 8 + 8 + 4 * p.edge_global.size();
  for (const io::RawWay& way : p.roads.ways) expected += 16 + 4 * way.vertices.size();
  EXPECT_EQ(bytes.size(), expected);
  RoadPiece small;
  small.roads.vertices = {{121.3, 28.3, 1}, {121.31, 28.31, 2}};
  small.roads.ways = {{7, {0, 1}}};
  small.edge_global = {9};
  expect_refuses_damaged(encode(small), [](const std::string& b) { return decode_road_piece(b); });
}

TEST(Wire, PieceSummaryRoundTrips) {
  const PieceSummary s{{3, 1, 4}, {1.5, 9.25, 2.0}, {0.125, 6.5}};
  const std::string bytes = encode(s);
  const PieceSummary back = decode_summary(bytes);
  EXPECT_EQ(back.towns, s.towns);
  EXPECT_EQ(back.town_street_m, s.town_street_m);
  EXPECT_EQ(back.category_reached_m, s.category_reached_m);
  EXPECT_EQ(bytes.size(), 3 * 8 + 3 * 4 + 3 * 8 + 2 * 8u);
  expect_refuses_damaged(bytes, [](const std::string& b) { return decode_summary(b); });
}

TEST(Wire, PieceResultRoundTrips) {
  PieceResult r;
  r.region = 6;
  r.categories = 2;
  r.towns = {2, 5};
  r.placed = {100.0, 200.5};
  r.unplaced = {1.0, 0.0};
  r.unplaced_points = {3.0, 4.0};
  r.area_m2 = {1e6, 2.5e6};
  r.composite_covered = {80.0, 90.25};
  r.totals = {coverage::Totals{10, 5, 100, 50, 2, 7}, coverage::Totals{20, 15, 300, 150, 3, 0}};
  r.covered_area_m2 = {1.0, 2.0, 3.0, 4.0};
  r.points = {coverage::DemandPoint{{9, 12.5, 3.0}, 33.3, 1, 1000.0, 2000.0}};
  r.point_time_s = {120.0, 480.5};
  r.point_facility = {7, routing::kNoLabel};
  r.facilities = {11, 12};
  r.snaps.resize(2);
  r.snaps[1].snap = graph::SnapPoint{3, 1.5, 2.5, 4, 5};
  r.isochrones.resize(2);
  r.isochrones[0] = {true, 42, 812.5, 1300.25, {5.0, 10.0}, {"abc", ""}, {10.5, 20.5}};
  r.band_wkb = {{"x"}, {}};
  r.seconds = 1.75;
  const std::string bytes = encode(r);
  const PieceResult b = decode_result(bytes);
  EXPECT_EQ(b.region, 6u);
  EXPECT_EQ(b.categories, 2u);
  EXPECT_EQ(b.towns, r.towns);
  EXPECT_EQ(b.placed, r.placed);
  EXPECT_EQ(b.unplaced, r.unplaced);
  EXPECT_EQ(b.unplaced_points, r.unplaced_points);
  EXPECT_EQ(b.area_m2, r.area_m2);
  EXPECT_EQ(b.composite_covered, r.composite_covered);
  ASSERT_EQ(b.totals.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(b.totals[k].population, r.totals[k].population);
    EXPECT_EQ(b.totals[k].covered_population, r.totals[k].covered_population);
    EXPECT_EQ(b.totals[k].street_m, r.totals[k].street_m);
    EXPECT_EQ(b.totals[k].covered_street_m, r.totals[k].covered_street_m);
    EXPECT_EQ(b.totals[k].facilities, r.totals[k].facilities);
    EXPECT_EQ(b.totals[k].capacity, r.totals[k].capacity);
  }
  EXPECT_EQ(b.covered_area_m2, r.covered_area_m2);
  ASSERT_EQ(b.points.size(), 1u);
  EXPECT_EQ(b.points[0].at.edge, 9u);
  EXPECT_EQ(b.points[0].at.offset_m, 12.5);
  EXPECT_EQ(b.points[0].at.access_m, 3.0);
  EXPECT_EQ(b.points[0].population, 33.3);
  EXPECT_EQ(b.points[0].town, 1u);
  EXPECT_EQ(b.points[0].x, 1000.0);
  EXPECT_EQ(b.points[0].y, 2000.0);
  EXPECT_EQ(b.point_time_s, r.point_time_s);
  EXPECT_EQ(b.point_facility, r.point_facility);
  EXPECT_EQ(b.facilities, r.facilities);
  ASSERT_EQ(b.snaps.size(), 2u);
  EXPECT_FALSE(b.snaps[0].on_network());
  ASSERT_TRUE(b.snaps[1].on_network());
  EXPECT_EQ(b.snaps[1].snap->edge, 3u);
  EXPECT_EQ(b.snaps[1].snap->offset_m, 1.5);
  EXPECT_EQ(b.snaps[1].snap->distance_m, 2.5);
  EXPECT_EQ(b.snaps[1].snap->x, 4.0);
  EXPECT_EQ(b.snaps[1].snap->y, 5.0);
  ASSERT_EQ(b.isochrones.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(b.isochrones[k].computed, r.isochrones[k].computed);
    EXPECT_EQ(b.isochrones[k].reached_nodes, r.isochrones[k].reached_nodes);
    EXPECT_EQ(b.isochrones[k].reachable_population, r.isochrones[k].reachable_population);
    EXPECT_EQ(b.isochrones[k].reached_street_m, r.isochrones[k].reached_street_m);
    EXPECT_EQ(b.isochrones[k].band_minutes, r.isochrones[k].band_minutes);
    EXPECT_EQ(b.isochrones[k].band_wkb, r.isochrones[k].band_wkb);
    EXPECT_EQ(b.isochrones[k].band_area_m2, r.isochrones[k].band_area_m2);
  }
  EXPECT_EQ(b.band_wkb, r.band_wkb);
  EXPECT_EQ(b.seconds, 1.75);
  EXPECT_EQ(encode(b), bytes);
  expect_refuses_damaged(bytes, [](const std::string& m) { return decode_result(m); });
}

// The line city (two towns split at 1,500 m, a clinic at 700 m that serves
// both): partitioned with each town a region, in one process, the tables are
// byte for byte the single run's, and the clinic covers people across the border.
void expect_same_tables(const std::string& plan_name) {
  const io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / plan_name);
  const auto study = study::load_study(plan);
  coverage::RunOptions options;
  options.threads = 2;
  const coverage::RunResult single = coverage::run_coverage(*study, options);
  const io::LayerRef regions{plan.towns.path, "", ""};
  const Merged merged = run_in_one_process(plan, regions, "name", options);
  const std::string a = report::indicators_csv(report::indicator_rows(*study, single));
  const std::string b = report::indicators_csv(report::indicator_rows(*merged.study, merged.result));
  EXPECT_EQ(a, b);
  ASSERT_EQ(merged.result.facilities.size(), single.facilities.size());
  for (std::size_t i = 0; i < single.facilities.size(); ++i) {
    EXPECT_EQ(merged.result.facilities[i].reachable_population, single.facilities[i].reachable_population);
    EXPECT_EQ(merged.result.facilities[i].band_wkb, single.facilities[i].band_wkb);
  }
  const auto& clinic = merged.result.categories[0].coverage;
  EXPECT_GT(clinic.towns[0].covered_population, 0.0);
  EXPECT_GT(clinic.towns[1].covered_population, 0.0);  // across the border
  EXPECT_EQ(clinic.towns[1].facilities, 0u);
}

TEST(PartitionedRun, StreetDemandTablesMatchTheSingleRun) { expect_same_tables("plan.toml"); }
TEST(PartitionedRun, ResidentialPointsTablesMatchTheSingleRun) { expect_same_tables("plan-residents.toml"); }

// The raster holds 300 of the towns' 2,000 residents: a partitioned run says
// per town what it could not place, as the single run does, and refuses the
// model when the plan asks for more (before the fix the pieces skipped the
// check and the merged run passed with 15 % of the people).
TEST(PartitionedRun, PopulationPlacedLikeTheSingleRunOrRefusedLikeIt) {
  io::Plan plan = io::load_plan(testing::test_data_dir() / "city" / "plan-raster.toml");
  coverage::RunOptions options;
  options.threads = 2;
  const io::LayerRef regions{plan.towns.path, "", ""};
  {
    const auto study = study::load_study(plan);
    const coverage::RunResult single = coverage::run_coverage(*study, options);
    const Merged merged = run_in_one_process(plan, regions, "name", options);
    ASSERT_FALSE(single.demand.warnings.empty());
    EXPECT_EQ(merged.result.demand.warnings, single.demand.warnings);
  }
  plan.min_placed_share = 0.5;
  std::string single_error, merged_error;
  try {
    const auto study = study::load_study(plan);
    (void)coverage::run_coverage(*study, options);
  } catch (const InputError& e) {
    single_error = e.what();
  }
  try {
    (void)run_in_one_process(plan, regions, "name", options);
  } catch (const InputError& e) {
    merged_error = e.what();
  }
  EXPECT_THAT(single_error, ::testing::HasSubstr("places too few residents on the network"));
  EXPECT_EQ(merged_error, single_error);
}

}  // namespace
}  // namespace lifecircle::partition
