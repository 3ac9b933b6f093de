#include "lifecircle/io/gdal_roads.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <sstream>

#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geo.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------
// Lines drawn as ASCII art. Every character other than ' ', '-', '|', '/' and
// '\' is a named point ('+' marks a crossing to look for); a column is 10 m
// east, a row 10 m south, from a corner in Wenling.

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

constexpr double kCellM = 10.0;
constexpr double kLon0 = 121.37;
constexpr double kLat0 = 28.37;
constexpr double kMPerDegLat = kEarthRadiusM * std::numbers::pi / 180.0;

LonLat at_m(double east_m, double north_m) {
  const double m_per_deg_lon = kMPerDegLat * std::cos(kLat0 * std::numbers::pi / 180.0);
  return {kLon0 + east_m / m_per_deg_lon, kLat0 + north_m / kMPerDegLat};
}

using Drawing = std::map<char, LonLat>;

Drawing draw(const std::string& art) {
  Drawing points;
  std::istringstream in(art);
  std::string row;
  int r = 0;
  while (std::getline(in, row)) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (std::string_view(" -|/\\").find(row[c]) != std::string_view::npos) continue;
      points[row[c]] = at_m(static_cast<double>(c) * kCellM, -r * kCellM);
    }
    ++r;
  }
  return points;
}

// One feature: one part is a LineString, several a MultiLineString. Each
// part names its points in order, e.g. "abc".
struct DrawnLine {
  std::vector<std::string> parts;
  std::string properties = "{}";  // GeoJSON properties object
};

std::string coordinates(const Drawing& points, const std::string& names) {
  std::ostringstream out;
  out << std::setprecision(17) << "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    const LonLat p = points.at(names[i]);
    out << (i ? ", " : "") << "[" << p.lon << ", " << p.lat << "]";
  }
  out << "]";
  return out.str();
}

std::string geojson(const Drawing& points, const std::vector<DrawnLine>& lines) {
  std::ostringstream out;
  out << "{\"type\": \"FeatureCollection\", \"name\": \"drawn\", \"features\": [\n";
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const DrawnLine& line = lines[k];
    std::string geometry;
    if (line.parts.size() == 1) {
      geometry = "{\"type\": \"LineString\", \"coordinates\": " + coordinates(points, line.parts[0]) + "}";
    } else {
      geometry = "{\"type\": \"MultiLineString\", \"coordinates\": [";
      for (std::size_t p = 0; p < line.parts.size(); ++p) {
        geometry += (p ? ", " : "") + coordinates(points, line.parts[p]);
      }
      geometry += "]}";
    }
    out << (k ? ",\n" : "") << "{\"type\": \"Feature\", \"id\": " << k + 1
        << ", \"properties\": " << line.properties << ", \"geometry\": " << geometry << "}";
  }
  out << "\n]}\n";
  return out.str();
}

class GdalRoadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = std::filesystem::path(::testing::TempDir()) / ("lifecircle-" + name);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  GdalRoads read_drawn(const Drawing& points, const std::vector<DrawnLine>& lines,
                       std::vector<std::string> grade_separation_fields = {"bridge", "tunnel"}) {
    const std::filesystem::path file = dir_ / "drawn.geojson";
    std::ofstream(file) << geojson(points, lines);
    RoadsInput input;
    input.path = file;
    input.grade_separation_fields = std::move(grade_separation_fields);
    return read_gdal_roads(input);
  }

  std::filesystem::path dir_;
};

double distance_m(const RawVertex& v, LonLat p) { return haversine_m(v.lon, v.lat, p.lon, p.lat); }

// The one vertex within 1 cm of p; fails the test when there is not exactly one.
std::uint32_t vertex_at(const RawRoads& roads, LonLat p) {
  std::vector<std::uint32_t> found;
  for (std::uint32_t v = 0; v < roads.vertices.size(); ++v) {
    if (distance_m(roads.vertices[v], p) <= 0.01) found.push_back(v);
  }
  EXPECT_EQ(found.size(), 1u) << "vertices near (" << p.lon << ", " << p.lat << ")";
  return found.empty() ? 0 : found[0];
}

// How many way edges end at vertex v.
int degree(const RawRoads& roads, std::uint32_t v) {
  int d = 0;
  for (const RawWay& way : roads.ways) {
    for (std::size_t i = 0; i < way.vertices.size(); ++i) {
      if (way.vertices[i] != v) continue;
      d += (i > 0 ? 1 : 0) + (i + 1 < way.vertices.size() ? 1 : 0);
    }
  }
  return d;
}

// ---------------------------------------------------------------------------

const char* const kPlus =
    "  a  \n"
    "  |  \n"
    "b-+-c\n"
    "  |  \n"
    "  d  \n";

TEST_F(GdalRoadsTest, CrossingBecomesOneSharedVertex) {
  const Drawing points = draw(kPlus);
  const GdalRoads out = read_drawn(points, {{{"ad"}}, {{"bc"}}});
  const RawRoads& roads = out.roads;

  ASSERT_EQ(roads.ways.size(), 2u);
  EXPECT_EQ(roads.vertices.size(), 5u);
  const std::uint32_t cross = vertex_at(roads, points.at('+'));
  EXPECT_THAT(roads.ways[0].vertices,
              ElementsAre(vertex_at(roads, points.at('a')), cross, vertex_at(roads, points.at('d'))));
  EXPECT_THAT(roads.ways[1].vertices,
              ElementsAre(vertex_at(roads, points.at('b')), cross, vertex_at(roads, points.at('c'))));
  EXPECT_EQ(degree(roads, cross), 4);  // four edges meet there
  EXPECT_EQ(out.crossings_noded, 1u);
  EXPECT_EQ(out.crossings_separated, 0u);
  EXPECT_EQ(roads.ways[0].source_id, 1);
  EXPECT_EQ(roads.ways[1].source_id, 2);
  for (const RawVertex& v : roads.vertices) EXPECT_EQ(v.source_id, 0);
}

TEST_F(GdalRoadsTest, BridgeCrossingIsNotNoded) {
  const Drawing points = draw(kPlus);
  const GdalRoads out = read_drawn(points, {{{"ad"}}, {{"bc"}, R"({"bridge": "yes"})"}});
  ASSERT_EQ(out.roads.ways.size(), 2u);
  EXPECT_EQ(out.roads.vertices.size(), 4u);
  EXPECT_EQ(out.roads.ways[0].vertices.size(), 2u);
  EXPECT_EQ(out.roads.ways[1].vertices.size(), 2u);
  EXPECT_EQ(out.crossings_noded, 0u);
  EXPECT_EQ(out.crossings_separated, 1u);
}

TEST_F(GdalRoadsTest, GradeSeparationNeedsAConfiguredField) {
  const Drawing points = draw(kPlus);
  const GdalRoads out = read_drawn(points, {{{"ad"}}, {{"bc"}, R"({"bridge": "yes"})"}}, {});
  EXPECT_EQ(out.roads.vertices.size(), 5u);
  EXPECT_EQ(out.crossings_noded, 1u);
}

// A grade-separation value and whether it separates.
struct GradeValue {
  const char* properties;
  bool separated;
};

void PrintTo(const GradeValue& v, std::ostream* out) { *out << v.properties; }

class GdalRoadsGradeValue : public GdalRoadsTest, public ::testing::WithParamInterface<GradeValue> {};

TEST_P(GdalRoadsGradeValue, DecidesTheCrossing) {
  const Drawing points = draw(kPlus);
  const GdalRoads out =
      read_drawn(points, {{{"ad"}, R"({"name": "plain"})"}, {{"bc"}, GetParam().properties}});
  EXPECT_EQ(out.roads.vertices.size(), GetParam().separated ? 4u : 5u);
  EXPECT_EQ(out.crossings_separated, GetParam().separated ? 1u : 0u);
}

INSTANTIATE_TEST_SUITE_P(
    GdalRoads, GdalRoadsGradeValue,
    ::testing::Values(GradeValue{R"({"bridge": "yes"})", true}, GradeValue{R"({"bridge": "YES"})", true},
                      GradeValue{R"({"bridge": "true"})", true}, GradeValue{R"({"bridge": "T"})", true},
                      GradeValue{R"({"bridge": "y"})", true}, GradeValue{R"({"bridge": "1"})", true},
                      GradeValue{R"({"bridge": " yes "})", true}, GradeValue{R"({"tunnel": 1})", true},
                      GradeValue{R"({"tunnel": -1})", true}, GradeValue{R"({"tunnel": 2.5})", true},
                      GradeValue{R"({"tunnel": true})", true}, GradeValue{R"({"bridge": "no"})", false},
                      GradeValue{R"({"bridge": "F"})", false}, GradeValue{R"({"bridge": "N"})", false},
                      GradeValue{R"({"bridge": "false"})", false}, GradeValue{R"({"bridge": "0"})", false},
                      GradeValue{R"({"bridge": ""})", false}, GradeValue{R"({"bridge": null})", false},
                      GradeValue{R"({"tunnel": 0})", false}, GradeValue{R"({"tunnel": false})", false},
                      GradeValue{R"({"layer": 1})", false}));  // not a configured field

const char* const kTee =
    "a---b---c\n"
    "    |    \n"
    "    d    \n";

TEST_F(GdalRoadsTest, LineEndingOnAnotherLineJoinsIt) {
  const Drawing points = draw(kTee);
  const GdalRoads out = read_drawn(points, {{{"ac"}}, {{"bd"}}});
  const RawRoads& roads = out.roads;
  ASSERT_EQ(roads.ways.size(), 2u);
  EXPECT_EQ(roads.vertices.size(), 4u);
  const std::uint32_t b = vertex_at(roads, points.at('b'));
  EXPECT_EQ(roads.ways[0].vertices.size(), 3u);
  EXPECT_EQ(roads.ways[0].vertices[1], b);
  EXPECT_EQ(roads.ways[1].vertices[0], b);
  EXPECT_EQ(degree(roads, b), 3);
}

TEST_F(GdalRoadsTest, LineEndingOnABridgeStillJoinsIt) {
  const Drawing points = draw(kTee);
  for (const auto& lines : {std::vector<DrawnLine>{{{"ac"}, R"({"bridge": "yes"})"}, {{"bd"}}},
                            std::vector<DrawnLine>{{{"ac"}}, {{"bd"}, R"({"bridge": "yes"})"}}}) {
    const GdalRoads out = read_drawn(points, lines);
    EXPECT_EQ(out.roads.vertices.size(), 4u);
    EXPECT_EQ(degree(out.roads, vertex_at(out.roads, points.at('b'))), 3);
  }
}

const char* const kThroughVertex =
    "    d    \n"
    "    |    \n"
    "a---b---c\n"
    "    |    \n"
    "    e    \n";

TEST_F(GdalRoadsTest, InteriorVertexOnAnotherLineIsACrossing) {
  const Drawing points = draw(kThroughVertex);
  const GdalRoads level = read_drawn(points, {{{"ac"}}, {{"dbe"}}});
  EXPECT_EQ(level.roads.vertices.size(), 5u);
  EXPECT_EQ(degree(level.roads, vertex_at(level.roads, points.at('b'))), 4);

  const GdalRoads bridge = read_drawn(points, {{{"ac"}}, {{"dbe"}, R"({"bridge": "yes"})"}});
  EXPECT_EQ(bridge.roads.vertices.size(), 5u);
  EXPECT_EQ(bridge.roads.ways[0].vertices.size(), 2u);  // a-c passes under b
  EXPECT_EQ(degree(bridge.roads, vertex_at(bridge.roads, points.at('b'))), 2);
}

TEST_F(GdalRoadsTest, SharedEndpointsAreOneVertex) {
  const Drawing points = draw(kTee);
  const GdalRoads out = read_drawn(points, {{{"ab"}}, {{"bc"}}, {{"db"}}});
  const RawRoads& roads = out.roads;
  EXPECT_EQ(roads.vertices.size(), 4u);
  const std::uint32_t b = vertex_at(roads, points.at('b'));
  EXPECT_EQ(roads.ways[0].vertices.back(), b);
  EXPECT_EQ(roads.ways[1].vertices.front(), b);
  EXPECT_EQ(roads.ways[2].vertices.back(), b);
  EXPECT_EQ(degree(roads, b), 3);
  EXPECT_EQ(out.crossings_noded, 0u);
}

TEST_F(GdalRoadsTest, EndpointsWithinOneCentimetreMerge) {
  Drawing points;
  points['a'] = at_m(0.0, 0.0);
  points['b'] = at_m(30.0, 0.0);
  points['c'] = at_m(30.006, 0.0);  // 6 mm from b: the same vertex
  points['d'] = at_m(60.0, 0.0);
  points['e'] = at_m(30.0, 0.03);  // 3 cm from b: a vertex of its own
  points['f'] = at_m(30.0, 40.0);
  const GdalRoads out = read_drawn(points, {{{"ab"}}, {{"cd"}}, {{"ef"}}});
  const RawRoads& roads = out.roads;
  EXPECT_EQ(roads.vertices.size(), 5u);
  EXPECT_EQ(roads.ways[0].vertices.back(), roads.ways[1].vertices.front());
  EXPECT_NE(roads.ways[2].vertices.front(), roads.ways[0].vertices.back());
  // The first-seen position is kept.
  EXPECT_LT(distance_m(roads.vertices[roads.ways[1].vertices.front()], points.at('b')), 1e-6);
}

TEST_F(GdalRoadsTest, EndpointWithinOneCentimetreOfALineJoinsIt) {
  Drawing points;
  points['a'] = at_m(0.0, 0.0);
  points['c'] = at_m(60.0, 0.0);
  points['b'] = at_m(30.0, -0.008);  // 8 mm short of the line a-c
  points['d'] = at_m(30.0, -40.0);
  points['e'] = at_m(45.0, -0.02);  // 2 cm short: a dead end
  points['f'] = at_m(45.0, -40.0);
  const GdalRoads out = read_drawn(points, {{{"ac"}}, {{"bd"}}, {{"ef"}}});
  EXPECT_EQ(out.roads.ways[0].vertices.size(), 3u);
  EXPECT_EQ(out.roads.ways[0].vertices[1], out.roads.ways[1].vertices[0]);
  EXPECT_EQ(out.roads.vertices.size(), 6u);
}

TEST_F(GdalRoadsTest, MultiLineStringGivesOneWayPerPart) {
  const Drawing points = draw(kPlus);
  const GdalRoads out = read_drawn(points, {{{"ad", "bc"}, R"({"name": "two parts"})"}});
  const RawRoads& roads = out.roads;
  ASSERT_EQ(roads.ways.size(), 2u);
  EXPECT_EQ(roads.ways[0].source_id, 1);
  EXPECT_EQ(roads.ways[1].source_id, 1);
  const std::uint32_t cross = vertex_at(roads, points.at('+'));
  EXPECT_EQ(roads.ways[0].vertices[1], cross);
  EXPECT_EQ(roads.ways[1].vertices[1], cross);
  EXPECT_EQ(roads.ways_seen, 1u);
  EXPECT_EQ(roads.ways_walkable, 1u);
}

TEST_F(GdalRoadsTest, SeveralCrossingsOnOneSegmentComeInOrder) {
  const Drawing points = draw(
      "  b   d   f  \n"
      "  |   |   |  \n"
      "a-+---+---+-h\n"
      "  |   |   |  \n"
      "  c   e   g  \n");
  // Drawn east to west to check the order along the line.
  const GdalRoads out = read_drawn(points, {{{"ha"}}, {{"bc"}}, {{"ed"}}, {{"fg"}}});
  const RawRoads& roads = out.roads;
  ASSERT_EQ(roads.ways[0].vertices.size(), 5u);
  EXPECT_EQ(roads.vertices.size(), 11u);
  EXPECT_EQ(out.crossings_noded, 3u);
  double last_lon = roads.vertices[roads.ways[0].vertices[0]].lon;
  for (std::size_t i = 1; i < roads.ways[0].vertices.size(); ++i) {
    const double lon = roads.vertices[roads.ways[0].vertices[i]].lon;
    EXPECT_LT(lon, last_lon);
    last_lon = lon;
  }
}

TEST_F(GdalRoadsTest, ThreeLinesThroughOnePointShareOneVertex) {
  const Drawing points = draw(
      "a   b   c\n"
      " \\  |  / \n"
      "  \\ | /  \n"
      "   \\|/   \n"
      "d---+---e\n"
      "   /|\\   \n"
      "  / | \\  \n"
      " /  |  \\ \n"
      "f   g   h\n");
  const GdalRoads out = read_drawn(points, {{{"ah"}}, {{"bg"}}, {{"cf"}}, {{"de"}}});
  EXPECT_EQ(out.roads.vertices.size(), 9u);
  EXPECT_EQ(degree(out.roads, vertex_at(out.roads, points.at('+'))), 8);
}

// ---------------------------------------------------------------------------
// Brute force: random segments against O(n^2) pairwise intersection.

struct Metres {
  double x = 0.0;
  double y = 0.0;
};
using MetreSegment = std::pair<Metres, Metres>;

struct Crossing {
  std::size_t i = 0;
  std::size_t j = 0;
  Metres at;
};

double distance_m(Metres a, Metres b) { return std::hypot(a.x - b.x, a.y - b.y); }

double distance_to_segment_m(Metres p, const MetreSegment& s) {
  const double dx = s.second.x - s.first.x;
  const double dy = s.second.y - s.first.y;
  const double t =
      std::clamp(((p.x - s.first.x) * dx + (p.y - s.first.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
  return distance_m(p, {s.first.x + t * dx, s.first.y + t * dy});
}

// The proper crossing of two segments, if any.
std::optional<Metres> crossing_of(const MetreSegment& a, const MetreSegment& b) {
  const double rx = a.second.x - a.first.x, ry = a.second.y - a.first.y;
  const double sx = b.second.x - b.first.x, sy = b.second.y - b.first.y;
  const double denominator = rx * sy - ry * sx;
  if (denominator == 0.0) return std::nullopt;
  const double qpx = b.first.x - a.first.x, qpy = b.first.y - a.first.y;
  const double t = (qpx * sy - qpy * sx) / denominator;
  const double u = (qpx * ry - qpy * rx) / denominator;
  if (t <= 0.0 || t >= 1.0 || u <= 0.0 || u >= 1.0) return std::nullopt;
  return Metres{a.first.x + t * rx, a.first.y + t * ry};
}

// All proper crossings, pair by pair.
std::vector<Crossing> brute_force_crossings(const std::vector<MetreSegment>& segments) {
  std::vector<Crossing> out;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    for (std::size_t j = i + 1; j < segments.size(); ++j) {
      if (const auto at = crossing_of(segments[i], segments[j])) out.push_back({i, j, *at});
    }
  }
  return out;
}

// Whether a new segment keeps the set in general position: no endpoint near
// another segment, no crossing near another crossing, by a margin well above
// the 1 cm tolerance, so the exact crossings are the expected answer.
bool in_general_position(const std::vector<MetreSegment>& segments, const MetreSegment& candidate) {
  constexpr double kMarginM = 0.05;
  std::vector<Metres> crossings;
  for (const MetreSegment& s : segments) {
    for (const Metres p : {s.first, s.second}) {
      if (distance_to_segment_m(p, candidate) < kMarginM) return false;
    }
    for (const Metres p : {candidate.first, candidate.second}) {
      if (distance_to_segment_m(p, s) < kMarginM) return false;
    }
    if (const auto at = crossing_of(s, candidate)) crossings.push_back(*at);
  }
  const std::vector<Crossing> existing = brute_force_crossings(segments);
  for (std::size_t a = 0; a < crossings.size(); ++a) {
    for (std::size_t b = a + 1; b < crossings.size(); ++b) {
      if (distance_m(crossings[a], crossings[b]) < kMarginM) return false;
    }
    for (const Crossing& c : existing) {
      if (distance_m(crossings[a], c.at) < kMarginM) return false;
    }
  }
  return true;
}

TEST_F(GdalRoadsTest, RandomSegmentsNodeLikeBruteForce) {
  std::mt19937 rng(20240601);
  std::uniform_real_distribution<double> position_m(0.0, 200.0);
  std::uniform_real_distribution<double> offset_m(-40.0, 40.0);
  constexpr std::size_t kSegments = 200;
  std::vector<MetreSegment> metre_segments;
  while (metre_segments.size() < kSegments) {
    const Metres a{position_m(rng), position_m(rng)};
    const MetreSegment candidate{a, {a.x + offset_m(rng), a.y + offset_m(rng)}};
    if (in_general_position(metre_segments, candidate)) metre_segments.push_back(candidate);
  }
  std::vector<std::pair<LonLat, LonLat>> segments;
  for (const auto& [a, b] : metre_segments) segments.emplace_back(at_m(a.x, a.y), at_m(b.x, b.y));
  // Drawing names are chars: write the file directly instead.
  std::ostringstream file;
  file << std::setprecision(17) << "{\"type\": \"FeatureCollection\", \"features\": [\n";
  for (std::size_t k = 0; k < kSegments; ++k) {
    const auto [a, b] = segments[k];
    file << (k ? ",\n" : "") << "{\"type\": \"Feature\", \"id\": " << k + 1
         << ", \"properties\": {}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[" << a.lon
         << ", " << a.lat << "], [" << b.lon << ", " << b.lat << "]]}}";
  }
  file << "\n]}\n";
  std::ofstream(dir_ / "random.geojson") << file.str();
  RoadsInput input;
  input.path = dir_ / "random.geojson";
  const GdalRoads out = read_gdal_roads(input);
  const RawRoads& roads = out.roads;

  const std::vector<Crossing> truth = brute_force_crossings(metre_segments);
  ASSERT_GT(truth.size(), 100u);  // the test means something
  ASSERT_EQ(roads.ways.size(), kSegments);
  EXPECT_EQ(roads.vertices.size(), 2 * kSegments + truth.size());
  EXPECT_EQ(out.crossings_noded, truth.size());

  std::set<std::pair<std::size_t, std::size_t>> crossing_pairs;
  for (const Crossing& c : truth) {
    crossing_pairs.emplace(c.i, c.j);
    const std::set<std::uint32_t> of_i(roads.ways[c.i].vertices.begin(), roads.ways[c.i].vertices.end());
    const std::set<std::uint32_t> of_j(roads.ways[c.j].vertices.begin(), roads.ways[c.j].vertices.end());
    std::vector<std::uint32_t> shared;
    std::set_intersection(of_i.begin(), of_i.end(), of_j.begin(), of_j.end(), std::back_inserter(shared));
    ASSERT_EQ(shared.size(), 1u) << "segments " << c.i << " and " << c.j;
    EXPECT_LT(distance_m(roads.vertices[shared[0]], at_m(c.at.x, c.at.y)), 0.001);
  }
  // No other pair of ways shares a vertex.
  std::map<std::uint32_t, std::vector<std::size_t>> ways_of_vertex;
  for (std::size_t w = 0; w < roads.ways.size(); ++w) {
    EXPECT_EQ(roads.ways[w].source_id, static_cast<std::int64_t>(w + 1));
    for (const std::uint32_t v : roads.ways[w].vertices) ways_of_vertex[v].push_back(w);
  }
  for (const auto& [v, ways] : ways_of_vertex) {
    ASSERT_LE(ways.size(), 2u);
    if (ways.size() == 2) {
      EXPECT_TRUE(crossing_pairs.count({ways[0], ways[1]})) << ways[0] << ", " << ways[1];
    }
  }
  // Each way runs from its first to its last point, crossings in order between.
  for (std::size_t w = 0; w < kSegments; ++w) {
    const auto [a, b] = segments[w];
    const std::vector<std::uint32_t>& vs = roads.ways[w].vertices;
    EXPECT_LT(distance_m(roads.vertices[vs.front()], a), 1e-6);
    EXPECT_LT(distance_m(roads.vertices[vs.back()], b), 1e-6);
    for (std::size_t i = 1; i < vs.size(); ++i) {
      EXPECT_LT(distance_m(roads.vertices[vs[i - 1]], a), distance_m(roads.vertices[vs[i]], a));
    }
  }
}

// ---------------------------------------------------------------------------
// Fixtures in three formats and CRSs: the same network.

std::filesystem::path lines_dir() { return testing::test_data_dir() / "lines"; }

GdalRoads read_fixture(const std::string& name, const std::string& crs = "") {
  RoadsInput input;
  input.path = lines_dir() / name;
  input.crs = crs;
  input.grade_separation_fields = {"bridge", "tunnel"};
  return read_gdal_roads(input);
}

std::vector<std::size_t> way_sizes(const RawRoads& roads) {
  std::vector<std::size_t> sizes;
  for (const RawWay& way : roads.ways) sizes.push_back(way.vertices.size());
  return sizes;
}

std::vector<std::int64_t> way_ids(const RawRoads& roads) {
  std::vector<std::int64_t> ids;
  for (const RawWay& way : roads.ways) ids.push_back(way.source_id);
  return ids;
}

TEST(GdalRoadsFixture, GeoJsonGridIsNoded) {
  const GdalRoads out = read_fixture("grid.geojson");
  // h1, h2, v1, v2 cross at 4 points and the two-part feature's first part
  // crosses v1 and v2; a stub ends on h2; the bridge crosses 5 lines apart.
  EXPECT_THAT(way_ids(out.roads), ElementsAre(1, 2, 3, 4, 5, 6, 7, 7));
  EXPECT_THAT(way_sizes(out.roads), ElementsAre(4, 5, 5, 5, 2, 2, 4, 2));
  EXPECT_EQ(out.roads.vertices.size(), 22u);
  EXPECT_EQ(out.crossings_noded, 6u);
  EXPECT_EQ(out.crossings_separated, 5u);
  EXPECT_EQ(out.empty_geometries, 1u);
  EXPECT_EQ(out.roads.ways_seen, 8u);
  EXPECT_EQ(out.roads.ways_walkable, 7u);
  EXPECT_THAT(out.warnings, ElementsAre("1 features without geometry skipped"));
  EXPECT_EQ(out.info.driver, "GeoJSON");
  EXPECT_EQ(out.info.layer, "grid");
  EXPECT_EQ(out.info.crs, "EPSG:4326");
  EXPECT_EQ(out.info.feature_count, 8u);
  EXPECT_DOUBLE_EQ(out.info.min_lon, 121.37);
  EXPECT_DOUBLE_EQ(out.info.max_lon, 121.372);
  EXPECT_DOUBLE_EQ(out.info.min_lat, 28.369);
  EXPECT_DOUBLE_EQ(out.info.max_lat, 28.372);
}

void expect_same_network(const GdalRoads& a, const GdalRoads& b, double tolerance_deg) {
  ASSERT_EQ(a.roads.ways.size(), b.roads.ways.size());
  for (std::size_t w = 0; w < a.roads.ways.size(); ++w) {
    EXPECT_EQ(a.roads.ways[w].vertices, b.roads.ways[w].vertices) << "way " << w;
  }
  ASSERT_EQ(a.roads.vertices.size(), b.roads.vertices.size());
  for (std::size_t v = 0; v < a.roads.vertices.size(); ++v) {
    EXPECT_NEAR(a.roads.vertices[v].lon, b.roads.vertices[v].lon, tolerance_deg) << "vertex " << v;
    EXPECT_NEAR(a.roads.vertices[v].lat, b.roads.vertices[v].lat, tolerance_deg) << "vertex " << v;
  }
  EXPECT_EQ(a.crossings_noded, b.crossings_noded);
  EXPECT_EQ(a.crossings_separated, b.crossings_separated);
}

TEST(GdalRoadsFixture, ShapefileInGaussKrugerGivesTheSameNetwork) {
  const GdalRoads geojson = read_fixture("grid.geojson");
  const GdalRoads shapefile = read_fixture("grid-gk120.shp");
  EXPECT_EQ(shapefile.info.driver, "ESRI Shapefile");
  EXPECT_EQ(shapefile.info.crs, "EPSG:4549");
  EXPECT_THAT(way_ids(shapefile.roads), ElementsAre(0, 1, 2, 3, 4, 5, 6, 6));  // shapefile FIDs start at 0
  EXPECT_EQ(shapefile.empty_geometries, 1u);
  expect_same_network(geojson, shapefile, 1e-8);  // 1e-8 degrees is about 1 mm
}

TEST(GdalRoadsFixture, GeoPackageInCgcs2000GivesTheSameNetwork) {
  const GdalRoads geojson = read_fixture("grid.geojson");
  const GdalRoads gpkg = read_fixture("grid.gpkg");
  EXPECT_EQ(gpkg.info.driver, "GPKG");
  EXPECT_EQ(gpkg.info.crs, "EPSG:4490");
  EXPECT_THAT(way_ids(gpkg.roads), ElementsAre(1, 2, 3, 4, 5, 6, 7, 7));
  expect_same_network(geojson, gpkg, 1e-8);
}

TEST(GdalRoadsFixture, Gcj02IsConvertedToWgs84) {
  const GdalRoads plain = read_fixture("grid.geojson");
  const GdalRoads shifted = read_fixture("grid.geojson", "gcj02");
  EXPECT_THAT(shifted.info.crs, HasSubstr("GCJ-02"));
  ASSERT_EQ(plain.roads.vertices.size(), shifted.roads.vertices.size());
  // Input vertices are converted point by point (crossings are computed after).
  double expected_lon = 0.0;
  double expected_lat = 0.0;
  gcj02_to_wgs84(121.37, 28.37, expected_lon, expected_lat);
  const RawVertex& first = shifted.roads.vertices[shifted.roads.ways[0].vertices[0]];
  EXPECT_NEAR(first.lon, expected_lon, 1e-12);
  EXPECT_NEAR(first.lat, expected_lat, 1e-12);
  EXPECT_GT(haversine_m(first.lon, first.lat, 121.37, 28.37), 100.0);  // the shift is hundreds of metres
  EXPECT_EQ(way_sizes(plain.roads), way_sizes(shifted.roads));
}

TEST(GdalRoadsFixture, DeclaredCrsOverridesTheFilesWithAWarning) {
  const GdalRoads out = read_fixture("grid.gpkg", "EPSG:4326");
  EXPECT_THAT(out.info.crs, HasSubstr("EPSG:4326"));
  ASSERT_FALSE(out.warnings.empty());
  EXPECT_THAT(out.warnings[0], HasSubstr("overrides"));
}

TEST(GdalRoadsFixture, MissingFileAndLayerAreInputErrors) {
  RoadsInput input;
  input.path = lines_dir() / "no-such-roads.gpkg";
  EXPECT_THROW(read_gdal_roads(input), InputError);
  input.path = lines_dir() / "grid.gpkg";
  input.layer = "streets";
  try {
    read_gdal_roads(input);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("has no layer 'streets' (layers: grid)"));
  }
}

// A bad fixture, and where and what its error must say.
struct BadLines {
  const char* file;
  const char* layer;
  std::optional<std::int64_t> feature;
  const char* message;
};

void PrintTo(const BadLines& bad, std::ostream* out) { *out << bad.file; }

class GdalRoadsBadFixture : public ::testing::TestWithParam<BadLines> {};

TEST_P(GdalRoadsBadFixture, GivesItsMessage) {
  const BadLines& bad = GetParam();
  RoadsInput input;
  input.path = testing::test_data_dir() / "bad" / bad.file;
  ASSERT_TRUE(std::filesystem::exists(input.path)) << input.path;
  try {
    read_gdal_roads(input);
    FAIL() << "expected an InputError from " << bad.file;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().path, input.path.string());
    EXPECT_EQ(e.where().layer, bad.layer);
    EXPECT_EQ(e.where().feature, bad.feature);
    EXPECT_THAT(e.what(), HasSubstr(bad.message));
    std::cout << "  " << e.what() << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(
    GdalRoads, GdalRoadsBadFixture,
    ::testing::Values(
        BadLines{"lines-point-geometry.geojson", "roads", 2,
                 "has a Point geometry; roads must be LineString or MultiLineString"},
        BadLines{"lines-polygon-geometry.geojson", "roads", 7, "has a Polygon geometry"},
        BadLines{"lines-nan-coordinate.geojson", "roads", 2, "not a finite number"},
        BadLines{"lines-no-crs.shp", "lines-no-crs", std::nullopt, "has no coordinate reference system"},
        BadLines{"lines-no-lines.geojson", "roads", std::nullopt,
                 "has no lines to walk on (2 features, 2 without geometry)"},
        BadLines{"lines-not-a-vector-file.gpkg", "", std::nullopt, "cannot be read as a vector layer"},
        BadLines{"lines-table-without-geometry.csv", "lines-table-without-geometry", std::nullopt,
                 "has no geometry: roads must be a line layer"}));

}  // namespace
}  // namespace lifecircle::io
