#include "lifecircle/geom/isochrone.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <memory>
#include <random>

#include "lifecircle/geom/contour.hpp"
#include "lifecircle/geom/distance_grid.hpp"
#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/snap.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/ascii_graph.hpp"
#include "testing/paths.hpp"

namespace lifecircle::geom {
namespace {

using routing::BoundedDijkstra;
using routing::NetworkPoint;
using routing::SourcesOnEdges;

bool contains_point(const GeosContext& ctx, const GEOSGeometry* polygon, double x, double y) {
  const Geometry p = make_point(ctx, x, y);
  return GEOSCovers_r(ctx.handle(), polygon, p.get()) == 1;
}

Geometry polygon_for(const GeosContext& ctx, const BoundedDijkstra& search, const SourcesOnEdges& on_edges,
                     double budget_s, double width_m = 50.0) {
  return isochrone_polygon(ctx, reached_network(search, on_edges, budget_s), {width_m, 8});
}

// Brute force: the distance from (x, y) to the nearest reached piece.
double distance_to_pieces(const ReachedNetwork& reached, double x, double y) {
  double best = INFINITY;
  for (const Piece& p : reached.pieces) {
    for (std::size_t k = 0; k < p.x.size(); ++k) {
      const std::size_t n = std::min(k + 1, p.x.size() - 1);
      const double ax = p.x[k], ay = p.y[k], dx = p.x[n] - ax, dy = p.y[n] - ay;
      const double len2 = dx * dx + dy * dy;
      const double t = len2 > 0.0 ? std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0) : 0.0;
      best = std::min(best, std::hypot(x - ax - t * dx, y - ay - t * dy));
    }
  }
  return best;
}

// Every vertex of every ring, and the middle of every ring segment.
std::vector<std::array<double, 2>> boundary_points(const GeosContext& ctx, const GEOSGeometry* polygon) {
  std::vector<std::array<double, 2>> out;
  const auto add_ring = [&](const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.handle(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n);
    double px = 0.0, py = 0.0;
    for (unsigned k = 0; k < n; ++k) {
      double x = 0.0, y = 0.0;
      GEOSCoordSeq_getXY_r(ctx.handle(), seq, k, &x, &y);
      if (k > 0) out.push_back({(x + px) / 2.0, (y + py) / 2.0});
      out.push_back({x, y});
      px = x;
      py = y;
    }
  };
  for (int p = 0; p < GEOSGetNumGeometries_r(ctx.handle(), polygon); ++p) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(ctx.handle(), polygon, p);
    if (GEOSisEmpty_r(ctx.handle(), part) == 1) continue;
    add_ring(GEOSGetExteriorRing_r(ctx.handle(), part));
    for (int h = 0; h < GEOSGetNumInteriorRings_r(ctx.handle(), part); ++h) {
      add_ring(GEOSGetInteriorRingN_r(ctx.handle(), part, h));
    }
  }
  return out;
}

double difference_area(const GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  const Geometry d = own(ctx, GEOSDifference_r(ctx.handle(), a, b), "difference");
  return area(ctx, d.get());
}

Geometry rectangle(const GeosContext& ctx, double x0, double y0, double x1, double y1) {
  const std::vector<double> xy{x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx.handle(), xy.data(), 5, 0, 0);
  GEOSGeometry* ring = GEOSGeom_createLinearRing_r(ctx.handle(), seq);
  return own(ctx, GEOSGeom_createPolygon_r(ctx.handle(), ring, nullptr, 0), "rectangle");
}

// Monaco's walking graph, built once for the tests that use it.
const graph::WalkGraph* monaco() {
  static const std::unique_ptr<graph::WalkGraph> g = []() -> std::unique_ptr<graph::WalkGraph> {
    const auto shared = testing::shared_data_dir();
    if (!shared) return nullptr;
    return std::make_unique<graph::WalkGraph>(graph::build_walk_graph(
        io::read_osm_roads(*shared / "osm-monaco" / "monaco.osm.pbf"), io::WorkingCrs(32632)));
  }();
  return g.get();
}

// Walking Monaco at 4 km/h (call after monaco() gave a graph).
const routing::TravelCost& monaco_walking() {
  static const routing::TravelCost cost = routing::walking_cost(*monaco(), 4000.0 / 3600.0);
  return cost;
}

TEST(IsochronePolygon, LeavesTheGapBetweenTwoStreetTentaclesOpen) {
  // Two 400 m streets 300 m apart, joined at the west end only (1 m/s).
  //   a---------------------------------------b
  //   |
  //   c---------------------------------------d   (30 rows of 10 m)
  std::string art = "a---------------------------------------b\n";
  for (int i = 0; i < 29; ++i) art += "|\n";
  art += "c---------------------------------------d\n";
  const auto g = testing::ascii_graph(art);
  GeosContext ctx;
  BoundedDijkstra search(g.cost);
  const routing::Source start{g.node_of('a'), 0.0, 0};
  search.run({&start, 1}, 2000.0);
  const Geometry polygon = polygon_for(ctx, search, SourcesOnEdges{}, 2000.0);
  EXPECT_EQ(GEOSisValid_r(ctx.handle(), polygon.get()), 1);
  // Between the tentacles, 150 m from both streets: nobody walks there.
  EXPECT_FALSE(contains_point(ctx, polygon.get(), 200.0, -150.0));
  EXPECT_TRUE(contains_point(ctx, polygon.get(), 200.0, -30.0));  // 30 m beside a reached street
  // Nothing beyond the width: 2 x 400 m + 300 m of street, 100 m wide, plus round ends.
  EXPECT_LT(area(ctx, polygon.get()), 1100.0 * 100.0 + 3.1416 * 50.0 * 50.0 + 1.0);
}

TEST(IsochronePolygon, KeepsTheHoleOfALargeBlock) {
  // A 400 m square block walked all round.
  std::string art = "a---------------------------------------b\n";
  for (int i = 0; i < 39; ++i) art += "|                                       |\n";
  art += "c---------------------------------------d\n";
  const auto g = testing::ascii_graph(art);
  GeosContext ctx;
  BoundedDijkstra search(g.cost);
  const routing::Source start{g.node_of('a'), 0.0, 0};
  search.run({&start, 1}, 5000.0);
  const Geometry polygon = polygon_for(ctx, search, SourcesOnEdges{}, 5000.0);
  ASSERT_EQ(GEOSGeomTypeId_r(ctx.handle(), polygon.get()), GEOS_POLYGON);
  EXPECT_EQ(GEOSGetNumInteriorRings_r(ctx.handle(), polygon.get()), 1);
  EXPECT_FALSE(contains_point(ctx, polygon.get(), 200.0, -200.0));
}

TEST(IsochronePolygon, BandsNestByConstruction) {
  const auto g = testing::ascii_graph(R"(
a---------b---------c---------d
|         |         |         |
e---------f---------g---------h
|         |         |         |
i---------j---------k---------l
)");
  GeosContext ctx;
  const std::vector<NetworkPoint> facility{{4, 30.0, 5.0}};
  const SourcesOnEdges on_edges(facility, {});
  BoundedDijkstra search(g.cost);
  search.run(routing::sources_for(g.cost, facility[0], 0), 300.0);
  const Geometry b100 = polygon_for(ctx, search, on_edges, 100.0);
  const Geometry b200 = polygon_for(ctx, search, on_edges, 200.0);
  const Geometry b300 = polygon_for(ctx, search, on_edges, 300.0);
  const Geometry outside_200 = own(ctx, GEOSDifference_r(ctx.handle(), b100.get(), b200.get()), "difference");
  const Geometry outside_300 = own(ctx, GEOSDifference_r(ctx.handle(), b200.get(), b300.get()), "difference");
  EXPECT_LT(area(ctx, outside_200.get()), 1e-6);
  EXPECT_LT(area(ctx, outside_300.get()), 1e-6);
  EXPECT_LT(area(ctx, b100.get()), area(ctx, b200.get()));
  // A search with only the 300 s budget gives the same 300 s polygon.
  BoundedDijkstra alone(g.cost);
  alone.run(routing::sources_for(g.cost, facility[0], 0), 300.0);
  const Geometry again = polygon_for(ctx, alone, on_edges, 300.0);
  EXPECT_EQ(GEOSEqualsExact_r(ctx.handle(), again.get(), b300.get(), 0.0), 1);
}

TEST(IsochronePolygon, NothingReachedGivesAnEmptyPolygon) {
  const auto g = testing::ascii_graph("a---b");
  GeosContext ctx;
  BoundedDijkstra search(g.cost);
  search.run({}, 100.0);
  const Geometry polygon = polygon_for(ctx, search, SourcesOnEdges{}, 100.0);
  EXPECT_EQ(GEOSisEmpty_r(ctx.handle(), polygon.get()), 1);
}

TEST(IsochronePolygon, ABadStyleThrows) {
  const auto g = testing::ascii_graph("a---b");
  GeosContext ctx;
  BoundedDijkstra search(g.cost);
  const routing::Source start{g.node_of('a'), 0.0, 0};
  search.run({&start, 1}, 100.0);
  const ReachedNetwork reached = reached_network(search, SourcesOnEdges{}, 100.0);
  EXPECT_THROW(isochrone_polygon(ctx, reached, {50.0, 8, 0.0}), Error);
  EXPECT_THROW(isochrone_polygon(ctx, reached, {-1.0, 8, 5.0}), Error);
}

// Random pieces: dead ends, shared ends, sharp turns, U-turns, single points.
ReachedNetwork random_pieces(unsigned seed, double step_m) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coord(1000.0, 1400.0), step(-step_m, step_m);
  ReachedNetwork reached;
  for (int p = 0; p < 12; ++p) {
    Piece piece{0, {0.0, 0.0}, {}, {}};
    const bool shared_start = p > 0 && p % 3 == 0;  // starts where the previous piece ended
    piece.x.push_back(shared_start ? reached.pieces.back().x.back() : coord(rng));
    piece.y.push_back(shared_start ? reached.pieces.back().y.back() : coord(rng));
    const int points = p % 5 == 4 ? 0 : 1 + p % 4;
    for (int k = 0; k < points; ++k) {
      piece.x.push_back(piece.x.back() + step(rng));
      piece.y.push_back(piece.y.back() + (k == 1 ? 0.0 : step(rng)));
      if (k == 2) {  // a U-turn back along the last segment
        piece.x.push_back(piece.x[piece.x.size() - 2]);
        piece.y.push_back(piece.y[piece.y.size() - 2]);
      }
    }
    reached.pieces.push_back(std::move(piece));
  }
  return reached;
}

// Against the distance computed by brute force at every node of the grid,
// for several cells, reaches and piece sizes. The grids are built one after
// another on one thread, largest first, so a grid that reuses the storage of
// the one before must still start from nothing.
TEST(DistanceGrid, HoldsTheExactDistanceUpToItsReach) {
  struct Case {
    unsigned seed;
    double step_m, cell_m, reach_m;
  };
  const Case cases[] = {
      {7, 60.0, 3.7, 58.0}, {11, 150.0, 2.3, 31.7}, {12, 5.0, 1.3, 9.1}, {13, 90.0, 7.9, 80.3}};
  for (const Case& c : cases) {
    const ReachedNetwork reached = random_pieces(c.seed, c.step_m);
    const DistanceGrid grid(reached, c.cell_m, c.reach_m);
    int exact = 0;
    for (std::int64_t j = grid.first_j(); j < grid.first_j() + grid.tiles_y() * DistanceGrid::kTile; ++j) {
      for (std::int64_t i = grid.first_i(); i < grid.first_i() + grid.tiles_x() * DistanceGrid::kTile; ++i) {
        const double truth =
            distance_to_pieces(reached, static_cast<double>(i) * c.cell_m, static_cast<double>(j) * c.cell_m);
        ASSERT_NEAR(grid.at(i, j), std::min(truth, c.reach_m), 1e-9 * c.reach_m)
            << "seed " << c.seed << ", node " << i << ", " << j;
        exact += truth <= c.reach_m ? 1 : 0;
      }
    }
    EXPECT_GT(exact, 2000) << "seed " << c.seed;
  }
}

// The contour against the grid it traces, node by node: a node is inside the
// polygon exactly when its value is at most the level (contour points keep
// off the nodes). Levels reach from thin bands to ones holding whole tiles,
// whose cells the scan must skip for the polygon but count for the area.
TEST(ContourPolygon, HoldsExactlyTheNodesAtMostTheLevel) {
  GeosContext ctx;
  const ReachedNetwork reached = random_pieces(21, 70.0);
  const double cell = 1.5, reach = 58.0;
  const DistanceGrid grid(reached, cell, reach);
  const double x0 = static_cast<double>(grid.first_i()) * cell,
               y0 = static_cast<double>(grid.first_j()) * cell;
  const double side = static_cast<double>(DistanceGrid::kTile) * cell;
  const Geometry all =
      rectangle(ctx, x0 - cell, y0 - cell, x0 + static_cast<double>(grid.tiles_x()) * side + cell,
                y0 + static_cast<double>(grid.tiles_y()) * side + cell);
  const std::vector<const GEOSGeometry*> zones{all.get()};
  const ZoneRaster raster(ctx, zones, cell);
  for (const double level : {3.0, 20.0, 55.0}) {
    const Geometry polygon = contour_polygon(ctx, grid, level);
    ASSERT_EQ(GEOSisValid_r(ctx.handle(), polygon.get()), 1) << "level " << level;
    const PreparedGeometry prepared = prepare(ctx, polygon.get());
    int inside = 0;
    for (std::int64_t j = grid.first_j(); j < grid.first_j() + grid.tiles_y() * DistanceGrid::kTile; ++j) {
      for (std::int64_t i = grid.first_i(); i < grid.first_i() + grid.tiles_x() * DistanceGrid::kTile; ++i) {
        const Geometry node = make_point(ctx, static_cast<double>(i) * cell, static_cast<double>(j) * cell);
        const bool covered = GEOSPreparedCovers_r(ctx.handle(), prepared.get(), node.get()) == 1;
        ASSERT_EQ(covered, grid.at(i, j) <= level) << "level " << level << ", node " << i << ", " << j;
        inside += covered ? 1 : 0;
      }
    }
    EXPECT_GT(inside, 100) << "level " << level;
    const std::vector<double> by_zone = contour_area_by_zone(grid, level, raster);
    ASSERT_EQ(by_zone.size(), 1u);
    const double total = area(ctx, polygon.get());
    EXPECT_NEAR(by_zone[0], total, 1e-7 * total) << "level " << level;
  }
}

TEST(IsochronePolygon, AreaByZoneSplitsThePolygonAtTheZoneBorder) {
  // The tentacles of the first test; two zones meeting at x = 203 m.
  std::string art = "a---------------------------------------b\n";
  for (int i = 0; i < 29; ++i) art += "|\n";
  art += "c---------------------------------------d\n";
  const auto g = testing::ascii_graph(art);
  GeosContext ctx;
  BoundedDijkstra search(g.cost);
  const routing::Source start{g.node_of('a'), 0.0, 0};
  search.run({&start, 1}, 2000.0);
  const ReachedNetwork reached = reached_network(search, SourcesOnEdges{}, 2000.0);
  const BufferStyle style{50.0, 8, 5.0};
  const Geometry west = rectangle(ctx, -100.0, -400.0, 203.0, 100.0);
  const Geometry east = rectangle(ctx, 203.0, -400.0, 500.0, 100.0);
  const std::vector<const GEOSGeometry*> zones{west.get(), east.get()};
  const ZonedPolygon zoned =
      isochrone_polygon_by_zone(ctx, reached, style, ZoneRaster(ctx, zones, style.cell_m));
  const Geometry alone = isochrone_polygon(ctx, reached, style);
  EXPECT_EQ(GEOSEqualsExact_r(ctx.handle(), zoned.polygon.get(), alone.get(), 0.0), 1);
  ASSERT_EQ(zoned.zone_area_m2.size(), 2u);
  const double total = area(ctx, alone.get());
  EXPECT_NEAR(zoned.zone_area_m2[0] + zoned.zone_area_m2[1], total, 1e-6 * total);
  // Against the exact overlay: cells on the border (2 x 100 m of it inside the
  // polygon) count whole for one zone, so each zone is off by at most half a cell
  // along it.
  const double border_slack = 2.0 * 100.0 * style.cell_m / 2.0;
  for (std::size_t z = 0; z < 2; ++z) {
    const Geometry inside = own(ctx, GEOSIntersection_r(ctx.handle(), alone.get(), zones[z]), "intersection");
    EXPECT_NEAR(zoned.zone_area_m2[z], area(ctx, inside.get()), border_slack) << "zone " << z;
  }
  // A zone raster of another cell size is refused.
  EXPECT_THROW(isochrone_polygon_by_zone(ctx, reached, style, ZoneRaster(ctx, zones, 10.0)), Error);
}

TEST(IsochronePolygon, CoarserCellsOnlyForLargeInputs) {
  ReachedNetwork small;
  small.length_m = 5'000.0;
  ReachedNetwork city;
  city.length_m = 3'000'000.0;
  const BufferStyle style{50.0, 4, 5.0};
  EXPECT_DOUBLE_EQ(cell_for(small, style, 8e6), 5.0);
  EXPECT_DOUBLE_EQ(cell_for(city, style, 8e6), 10.0);
  EXPECT_DOUBLE_EQ(cell_for(city, style, 1.0), 80.0) << "never coarser than 16 cells";
}

// On a real OSM extract: every reached node is inside its isochrone, and
// every point inside it can be reached within the budget plus the walk
// across the buffer width and the grid's stated tolerance (measured with
// network times, not with the pieces).
TEST(IsochronePolygonOnMonaco, FaithfulToNetworkTimes) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  const auto raw = io::read_osm_roads(*shared / "osm-monaco" / "monaco.osm.pbf");
  const graph::WalkGraph g = graph::build_walk_graph(raw, io::WorkingCrs(32632));
  const graph::EdgeIndex index(g);
  GeosContext ctx;
  std::mt19937 rng(99);
  std::uniform_int_distribution<graph::EdgeId> edge(0, g.edge_count() - 1);
  const double budget = 600.0, width = 50.0;
  const double slack = boundary_tolerance_m({width, 8}) + 1.0;  // the grid's tolerance, and 1 m sampling
  const routing::TravelCost walking = routing::walking_cost(g, 4000.0 / 3600.0);
  BoundedDijkstra search(walking);
  for (int trial = 0; trial < 3; ++trial) {
    const graph::EdgeId e = edge(rng);
    const std::vector<NetworkPoint> facility{{e, g.length_m[e] / 2.0, 0.0}};
    const SourcesOnEdges on_edges(facility, {});
    // Search a little beyond the budget so arrival_at can see the walk across the width.
    search.run(routing::sources_for(search.cost(), facility[0], 0),
               budget + (width + slack + 1.0) / walking.speed_mps);
    const Geometry polygon = polygon_for(ctx, search, on_edges, budget, width);
    ASSERT_EQ(GEOSisValid_r(ctx.handle(), polygon.get()), 1);
    for (const graph::NodeId v : search.settled()) {
      if (search.time_s(v) > budget) continue;
      ASSERT_TRUE(contains_point(ctx, polygon.get(), g.x[v], g.y[v])) << "reached node " << v << " outside";
    }
    // Random points inside the polygon's envelope; for those inside, the best
    // network time over all edges within the width must respect the budget.
    double minx, miny, maxx, maxy;
    GEOSGeom_getXMin_r(ctx.handle(), polygon.get(), &minx);
    GEOSGeom_getYMin_r(ctx.handle(), polygon.get(), &miny);
    GEOSGeom_getXMax_r(ctx.handle(), polygon.get(), &maxx);
    GEOSGeom_getYMax_r(ctx.handle(), polygon.get(), &maxy);
    std::uniform_real_distribution<double> px(minx, maxx), py(miny, maxy);
    int checked = 0;
    for (int k = 0; k < 4000 && checked < 100; ++k) {
      const double x = px(rng), y = py(rng);
      if (!contains_point(ctx, polygon.get(), x, y)) continue;
      ++checked;
      // Brute force over edges near the point, independent of the pieces:
      // sample every edge every metre along its shape and take the best
      // network arrival plus the straight walk from the sample to the point.
      double best = INFINITY;
      for (graph::EdgeId c = 0; c < g.edge_count(); ++c) {
        double planar_total = 0.0;
        const graph::EdgeShape shape = g.shape(c);
        for (std::uint32_t s = 0; s + 1 < shape.size(); ++s) {
          planar_total += std::hypot(shape[s + 1].x - shape[s].x, shape[s + 1].y - shape[s].y);
        }
        double before = 0.0;
        for (std::uint32_t s = 0; s + 1 < shape.size(); ++s) {
          const double ax = shape[s].x, ay = shape[s].y, dx = shape[s + 1].x - ax, dy = shape[s + 1].y - ay;
          const double len = std::hypot(dx, dy);
          const int steps = std::max(1, static_cast<int>(std::ceil(len)));
          for (int step = 0; step <= steps; ++step) {
            const double t = static_cast<double>(step) / steps;
            const double d = std::hypot(x - (ax + t * dx), y - (ay + t * dy));
            if (d > width + slack) continue;
            const double offset =
                planar_total > 0.0 ? (before + t * len) / planar_total * g.length_m[c] : 0.0;
            best = std::min(best, routing::arrival_at(search, {c, offset, d}, on_edges).time_s);
          }
          before += len;
        }
      }
      ASSERT_LE(best, budget + (width + slack) / walking.speed_mps)
          << "a point inside the polygon at (" << x << ", " << y << ") is not reachable";
    }
    EXPECT_GT(checked, 30);
  }
}

// The grid polygon against the exact buffer of the same pieces: every
// boundary point (vertices and segment middles) within the stated tolerance
// of the width, the exact buffer shrunk by it inside, and nothing outside the
// exact buffer grown by it.
TEST(IsochronePolygonOnMonaco, BoundaryWithinTheStatedToleranceOfTheExactBuffer) {
  const graph::WalkGraph* g = monaco();
  if (!g) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  GeosContext ctx;
  std::mt19937 rng(5);
  std::uniform_int_distribution<graph::EdgeId> edge(0, g->edge_count() - 1);
  BoundedDijkstra search(monaco_walking());
  const BufferStyle style{50.0, 16, 5.0};
  const double tolerance = boundary_tolerance_m(style);
  double low = 0.0, high = 0.0;
  for (int trial = 0; trial < 4; ++trial) {
    const graph::EdgeId e = edge(rng);
    const std::vector<NetworkPoint> facility{{e, g->length_m[e] / 3.0, 0.0}};
    const SourcesOnEdges on_edges(facility, {});
    search.run(routing::sources_for(search.cost(), facility[0], 0), 300.0 + 150.0 * trial);
    const ReachedNetwork reached = reached_network(search, on_edges, search.budget_s());
    const Geometry polygon = isochrone_polygon(ctx, reached, style);
    ASSERT_EQ(GEOSisValid_r(ctx.handle(), polygon.get()), 1);
    for (const auto& p : boundary_points(ctx, polygon.get())) {
      const double off = distance_to_pieces(reached, p[0], p[1]) - style.width_m;
      low = std::min(low, off);
      high = std::max(high, off);
    }
    const Geometry lines = pieces_as_lines(ctx, reached);
    const Geometry inner =
        own(ctx, GEOSBuffer_r(ctx.handle(), lines.get(), style.width_m - tolerance, 16), "buffer");
    const Geometry outer =
        own(ctx, GEOSBuffer_r(ctx.handle(), lines.get(), style.width_m + tolerance, 16), "buffer");
    EXPECT_LT(difference_area(ctx, inner.get(), polygon.get()), 1e-3) << "land within width - T left out";
    EXPECT_LT(difference_area(ctx, polygon.get(), outer.get()), 1e-3) << "land beyond width + T claimed";
    const Geometry exact = buffer_polygon(ctx, reached, style);
    const Geometry apart =
        own(ctx, GEOSSymDifference_r(ctx.handle(), exact.get(), polygon.get()), "difference");
    EXPECT_LT(area(ctx, apart.get()), 0.01 * area(ctx, exact.get()));
  }
  EXPECT_GE(low, -tolerance);
  EXPECT_LE(high, tolerance);
  std::cout << "boundary distance - width in [" << low << ", " << high << "] m, cell " << style.cell_m
            << " m, stated tolerance " << tolerance << " m\n";
}

TEST(IsochronePolygonOnMonaco, BandsNestAndOneBandIsTheSameAsSeveral) {
  const graph::WalkGraph* g = monaco();
  if (!g) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  GeosContext ctx;
  const std::vector<NetworkPoint> facility{{g->edge_count() / 2, 10.0, 3.0}};
  const SourcesOnEdges on_edges(facility, {});
  BoundedDijkstra search(monaco_walking());
  search.run(routing::sources_for(search.cost(), facility[0], 0), 900.0);
  const BufferStyle style{50.0, 4, 5.0};
  std::vector<Geometry> bands;
  for (const double budget : {300.0, 600.0, 900.0}) {
    bands.push_back(isochrone_polygon(ctx, reached_network(search, on_edges, budget), style));
  }
  for (std::size_t b = 0; b + 1 < bands.size(); ++b) {
    EXPECT_LT(difference_area(ctx, bands[b].get(), bands[b + 1].get()), 1e-6) << "band " << b;
    EXPECT_LT(area(ctx, bands[b].get()), area(ctx, bands[b + 1].get()));
  }
  BoundedDijkstra alone(monaco_walking());
  alone.run(routing::sources_for(alone.cost(), facility[0], 0), 600.0);
  const Geometry again = isochrone_polygon(ctx, reached_network(alone, on_edges, 600.0), style);
  EXPECT_EQ(GEOSEqualsExact_r(ctx.handle(), again.get(), bands[1].get(), 0.0), 1);
}

// A category's coverage polygon (one multi-source search) against the union
// of its facilities' own isochrones.
TEST(IsochronePolygonOnMonaco, CoverageIsTheUnionOfFacilityIsochrones) {
  const graph::WalkGraph* g = monaco();
  if (!g) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  GeosContext ctx;
  std::mt19937 rng(11);
  std::uniform_int_distribution<graph::EdgeId> edge(0, g->edge_count() - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<NetworkPoint> facilities;
  for (int k = 0; k < 12; ++k) {
    const graph::EdgeId e = edge(rng);
    facilities.push_back({e, unit(rng) * g->length_m[e], 20.0 * unit(rng)});
  }
  const double budget = 600.0;
  const BufferStyle style{50.0, 4, 5.0};
  BoundedDijkstra search(monaco_walking());
  search.run(routing::sources_for_all(search.cost(), facilities, {}), budget);
  const Geometry coverage =
      isochrone_polygon(ctx, reached_network(search, SourcesOnEdges(facilities, {}), budget), style);
  std::vector<GEOSGeometry*> parts;
  for (const NetworkPoint& f : facilities) {
    const SourcesOnEdges on_edge({&f, 1}, {});
    search.run(routing::sources_for(search.cost(), f, 0), budget);
    parts.push_back(isochrone_polygon(ctx, reached_network(search, on_edge, budget), style).release());
  }
  const Geometry all = own(ctx,
                           GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                       static_cast<unsigned>(parts.size())),
                           "collection");
  const Geometry merged = own(ctx, GEOSUnaryUnion_r(ctx.handle(), all.get()), "union");
  const Geometry apart =
      own(ctx, GEOSSymDifference_r(ctx.handle(), coverage.get(), merged.get()), "difference");
  EXPECT_LT(area(ctx, apart.get()), 0.002 * area(ctx, coverage.get()));
  // Each boundary within T of the other polygon (GEOS's Hausdorff distance
  // would measure to the other's rings, so a small hole filled on one side
  // only would count as far apart).
  double apart_m = 0.0;
  for (const auto& [from, to] :
       {std::pair{coverage.get(), merged.get()}, std::pair{merged.get(), coverage.get()}}) {
    const PreparedGeometry other = prepare(ctx, to);
    for (const auto& q : boundary_points(ctx, from)) {
      const Geometry point = make_point(ctx, q[0], q[1]);
      double d = 0.0;
      GEOSPreparedDistance_r(ctx.handle(), other.get(), point.get(), &d);
      apart_m = std::max(apart_m, d);
    }
  }
  EXPECT_LE(apart_m, boundary_tolerance_m(style));
  std::cout << "coverage vs union of " << facilities.size() << " isochrones: " << area(ctx, apart.get())
            << " m2 apart of " << area(ctx, coverage.get()) << " m2, boundaries at most " << apart_m
            << " m apart\n";
}

}  // namespace
}  // namespace lifecircle::geom
