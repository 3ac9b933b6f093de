#include "lifecircle/geom/isochrone.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/snap.hpp"
#include "lifecircle/io/osm_roads.hpp"
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

double area(const GeosContext& ctx, const GEOSGeometry* g) {
  double a = 0.0;
  GEOSArea_r(ctx.handle(), g, &a);
  return a;
}

Geometry polygon_for(const GeosContext& ctx, const BoundedDijkstra& search, const SourcesOnEdges& on_edges,
                     double budget_s, double width_m = 50.0) {
  return isochrone_polygon(ctx, reached_network(search, on_edges, budget_s), {width_m, 8});
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
  BoundedDijkstra search(g.graph);
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
  BoundedDijkstra search(g.graph);
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
  BoundedDijkstra search(g.graph);
  search.run(routing::sources_for(g.graph, facility[0], 0), 300.0);
  const Geometry b100 = polygon_for(ctx, search, on_edges, 100.0);
  const Geometry b200 = polygon_for(ctx, search, on_edges, 200.0);
  const Geometry b300 = polygon_for(ctx, search, on_edges, 300.0);
  const Geometry outside_200 = own(ctx, GEOSDifference_r(ctx.handle(), b100.get(), b200.get()), "difference");
  const Geometry outside_300 = own(ctx, GEOSDifference_r(ctx.handle(), b200.get(), b300.get()), "difference");
  EXPECT_LT(area(ctx, outside_200.get()), 1e-6);
  EXPECT_LT(area(ctx, outside_300.get()), 1e-6);
  EXPECT_LT(area(ctx, b100.get()), area(ctx, b200.get()));
  // A search with only the 300 s budget gives the same 300 s polygon.
  BoundedDijkstra alone(g.graph);
  alone.run(routing::sources_for(g.graph, facility[0], 0), 300.0);
  const Geometry again = polygon_for(ctx, alone, on_edges, 300.0);
  EXPECT_EQ(GEOSEqualsExact_r(ctx.handle(), again.get(), b300.get(), 0.0), 1);
}

TEST(IsochronePolygon, NothingReachedGivesAnEmptyPolygon) {
  const auto g = testing::ascii_graph("a---b");
  GeosContext ctx;
  BoundedDijkstra search(g.graph);
  search.run({}, 100.0);
  const Geometry polygon = polygon_for(ctx, search, SourcesOnEdges{}, 100.0);
  EXPECT_EQ(GEOSisEmpty_r(ctx.handle(), polygon.get()), 1);
}

// On a real OSM extract: every reached node is inside its isochrone, and
// every point inside it can be reached within the budget plus the walk
// across the buffer width (measured with network times, not with the pieces).
TEST(IsochronePolygonOnMonaco, FaithfulToNetworkTimes) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  const auto raw = io::read_osm_roads(*shared / "osm-monaco" / "monaco.osm.pbf");
  const graph::WalkGraph g = graph::build_walk_graph(raw, io::WorkingCrs(32632), 4000.0 / 3600.0);
  const graph::EdgeIndex index(g);
  GeosContext ctx;
  std::mt19937 rng(99);
  std::uniform_int_distribution<graph::EdgeId> edge(0, g.edge_count() - 1);
  const double budget = 600.0, width = 50.0;
  BoundedDijkstra search(g);
  for (int trial = 0; trial < 3; ++trial) {
    const graph::EdgeId e = edge(rng);
    const std::vector<NetworkPoint> facility{{e, g.length_m[e] / 2.0, 0.0}};
    const SourcesOnEdges on_edges(facility, {});
    // Search a little beyond the budget so arrival_at can see the walk across the width.
    search.run(routing::sources_for(g, facility[0], 0), budget + (width + 2.0) / g.walk_speed_mps);
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
        for (auto s = g.shape_first[c]; s + 1 < g.shape_first[c + 1]; ++s) {
          planar_total += std::hypot(g.shape_x[s + 1] - g.shape_x[s], g.shape_y[s + 1] - g.shape_y[s]);
        }
        double before = 0.0;
        for (auto s = g.shape_first[c]; s + 1 < g.shape_first[c + 1]; ++s) {
          const double ax = g.shape_x[s], ay = g.shape_y[s], dx = g.shape_x[s + 1] - ax, dy = g.shape_y[s + 1] - ay;
          const double len = std::hypot(dx, dy);
          const int steps = std::max(1, static_cast<int>(std::ceil(len)));
          for (int step = 0; step <= steps; ++step) {
            const double t = static_cast<double>(step) / steps;
            const double d = std::hypot(x - (ax + t * dx), y - (ay + t * dy));
            if (d > width + 1.0) continue;
            const double offset = planar_total > 0.0 ? (before + t * len) / planar_total * g.length_m[c] : 0.0;
            best = std::min(best, routing::arrival_at(search, {c, offset, d}, on_edges).time_s);
          }
          before += len;
        }
      }
      ASSERT_LE(best, budget + (width + 2.0) / g.walk_speed_mps)
          << "a point inside the polygon at (" << x << ", " << y << ") is not reachable";
    }
    EXPECT_GT(checked, 30);
  }
}

}  // namespace
}  // namespace lifecircle::geom
