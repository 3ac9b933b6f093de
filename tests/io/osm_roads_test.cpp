#include "lifecircle/io/osm_roads.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/geo.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::filesystem::path osm_fixture(const std::string& name) { return testing::test_data_dir() / "osm" / name; }
std::filesystem::path bad_fixture(const std::string& name) { return testing::test_data_dir() / "bad" / name; }

// A file name as a gtest parameter name: letters and digits only.
std::string test_name(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

double total_length_m(const RawRoads& roads) {
  double length_m = 0.0;
  for (const RawWay& way : roads.ways) {
    for (std::size_t i = 1; i < way.vertices.size(); ++i) {
      const RawVertex& a = roads.vertices[way.vertices[i - 1]];
      const RawVertex& b = roads.vertices[way.vertices[i]];
      length_m += haversine_m(a.lon, a.lat, b.lon, b.lat);
    }
  }
  return length_m;
}

std::vector<std::int64_t> vertex_node_ids(const RawRoads& roads) {
  std::vector<std::int64_t> ids;
  for (const RawVertex& v : roads.vertices) ids.push_back(v.source_id);
  return ids;
}

std::vector<std::int64_t> way_ids(const RawRoads& roads) {
  std::vector<std::int64_t> ids;
  for (const RawWay& w : roads.ways) ids.push_back(w.source_id);
  return ids;
}

// The OSM node ids along one output way.
std::vector<std::int64_t> node_ids_of(const RawRoads& roads, const RawWay& way) {
  std::vector<std::int64_t> ids;
  for (const std::uint32_t v : way.vertices) ids.push_back(roads.vertices[v].source_id);
  return ids;
}

void expect_same_roads(const RawRoads& a, const RawRoads& b) {
  EXPECT_EQ(a.ways_seen, b.ways_seen);
  EXPECT_EQ(a.ways_walkable, b.ways_walkable);
  EXPECT_EQ(a.ways_clipped, b.ways_clipped);
  EXPECT_EQ(a.missing_node_refs, b.missing_node_refs);
  ASSERT_EQ(a.vertices.size(), b.vertices.size());
  for (std::size_t i = 0; i < a.vertices.size(); ++i) {
    EXPECT_EQ(a.vertices[i].source_id, b.vertices[i].source_id) << "vertex " << i;
    EXPECT_EQ(a.vertices[i].lon, b.vertices[i].lon) << "vertex " << i;
    EXPECT_EQ(a.vertices[i].lat, b.vertices[i].lat) << "vertex " << i;
  }
  ASSERT_EQ(a.ways.size(), b.ways.size());
  for (std::size_t i = 0; i < a.ways.size(); ++i) {
    EXPECT_EQ(a.ways[i].source_id, b.ways[i].source_id) << "way " << i;
    EXPECT_EQ(a.ways[i].vertices, b.ways[i].vertices) << "way " << i;
  }
}

// small.osm (drawn in the file): 7 ways, 4 walkable (residential 100, footway
// 101, pedestrian square 103, steps 106), 8 distinct nodes on them.
// Length: scripts/count_walkable.py tests/data/osm/small.osm -> length_m = 564.8327256351681
TEST(OsmRoads, ReadsTheSmallNetwork) {
  const RawRoads roads = read_osm_roads(osm_fixture("small.osm"));
  EXPECT_EQ(roads.ways_seen, 7U);
  EXPECT_EQ(roads.ways_walkable, 4U);
  EXPECT_EQ(roads.ways_clipped, 0U);
  EXPECT_EQ(roads.missing_node_refs, 0U);
  EXPECT_THAT(way_ids(roads), ElementsAre(100, 101, 103, 106));
  EXPECT_THAT(vertex_node_ids(roads), ElementsAre(1, 2, 3, 4, 6, 7, 8, 9));  // order of first use
  ASSERT_EQ(roads.ways.size(), 4U);
  EXPECT_THAT(node_ids_of(roads, roads.ways[0]), ElementsAre(1, 2, 3));
  EXPECT_THAT(node_ids_of(roads, roads.ways[2]), ElementsAre(6, 7, 8, 9, 6));  // the square's outline
  EXPECT_THAT(node_ids_of(roads, roads.ways[3]), ElementsAre(7, 4));
  EXPECT_DOUBLE_EQ(roads.vertices[0].lon, 121.38);
  EXPECT_DOUBLE_EQ(roads.vertices[0].lat, 28.37);
  EXPECT_NEAR(total_length_m(roads), 564.8327256351681, 564.8327256351681 * 1e-9);
}

// The same network in every format and in an unsorted file reads identically.
class OsmRoadsFormats : public ::testing::TestWithParam<const char*> {};

TEST_P(OsmRoadsFormats, ReadLikeThePlainXml) {
  expect_same_roads(read_osm_roads(osm_fixture(GetParam())), read_osm_roads(osm_fixture("small.osm")));
}

// small.osm.gz: gzip -n -9; small.osm.bz2: bzip2 -9; small.osm.pbf: osmium cat small.osm -o small.osm.pbf.
INSTANTIATE_TEST_SUITE_P(OsmRoads, OsmRoadsFormats,
                         ::testing::Values("small.osm.gz", "small.osm.bz2", "small.osm.pbf",
                                           "small-unsorted.osm"));

// Identical copies of nodes and ways, as `osmium cat` of two overlapping
// extracts gives, are dropped and counted: the network reads exactly like the
// file without them, and a warning says how many copies went.
// small-merged-duplicates.osm.pbf: osmium cat small-merged-duplicates.osm -o small-merged-duplicates.osm.pbf.
class OsmRoadsIdenticalDuplicates : public ::testing::TestWithParam<const char*> {};

TEST_P(OsmRoadsIdenticalDuplicates, AreDroppedAndCounted) {
  const RawRoads roads = read_osm_roads(osm_fixture(GetParam()));
  expect_same_roads(roads, read_osm_roads(osm_fixture("small.osm")));
  EXPECT_EQ(roads.duplicate_nodes, 4U);  // nodes 1-4; node 5 is on no walkable way and is not kept
  EXPECT_EQ(roads.duplicate_ways, 4U);   // ways 100, 101, 102 (a motorway) and 104 (a building)
  EXPECT_THAT(roads.warnings,
              ElementsAre("dropped 4 duplicate nodes and 4 duplicate ways: identical copies of ones "
                          "given earlier in the file, as merged extracts have"));
}

INSTANTIATE_TEST_SUITE_P(OsmRoads, OsmRoadsIdenticalDuplicates,
                         ::testing::Values("small-merged-duplicates.osm", "small-merged-duplicates.osm.pbf"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           return test_name(param.param);
                         });

TEST(OsmRoads, AFileWithoutDuplicatesHasNoWarning) {
  const RawRoads roads = read_osm_roads(osm_fixture("small.osm"));
  EXPECT_EQ(roads.duplicate_nodes, 0U);
  EXPECT_EQ(roads.duplicate_ways, 0U);
  EXPECT_TRUE(roads.warnings.empty());
}

// osm-missing-nodes.osm (drawn in the file): a box cut; node 3 is outside the
// box, node 11 has no coordinates. Way 200 becomes two pieces, way 201 keeps
// 13-14 (12 alone is no way).
TEST(OsmRoads, ClipsWaysAtMissingNodes) {
  const RawRoads roads = read_osm_roads(osm_fixture("osm-missing-nodes.osm"));
  EXPECT_EQ(roads.ways_seen, 3U);
  EXPECT_EQ(roads.ways_walkable, 3U);
  EXPECT_EQ(roads.ways_clipped, 2U);
  EXPECT_EQ(roads.missing_node_refs, 2U);
  EXPECT_THAT(way_ids(roads), ElementsAre(200, 200, 201, 202));
  ASSERT_EQ(roads.ways.size(), 4U);
  EXPECT_THAT(node_ids_of(roads, roads.ways[0]), ElementsAre(1, 2));
  EXPECT_THAT(node_ids_of(roads, roads.ways[1]), ElementsAre(4, 5));
  EXPECT_THAT(node_ids_of(roads, roads.ways[2]), ElementsAre(13, 14));
  EXPECT_THAT(node_ids_of(roads, roads.ways[3]), ElementsAre(5, 13));
  EXPECT_THAT(vertex_node_ids(roads), ElementsAre(1, 2, 4, 5, 13, 14));
}

TEST(OsmRoads, MissingFileCannotBeOpened) {
  const std::filesystem::path file = osm_fixture("no-such-file.osm.pbf");
  try {
    read_osm_roads(file);
    FAIL() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no-such-file.osm.pbf"));
    EXPECT_THAT(e.what(), HasSubstr("cannot open"));
    EXPECT_EQ(e.where().path, file.string());
  }
}

struct BadFile {
  const char* name;
  const char* fault;  // a part of the message that names what is wrong
};

class OsmRoadsBadInput : public ::testing::TestWithParam<BadFile> {};

TEST_P(OsmRoadsBadInput, NamesTheFileAndTheFault) {
  const std::filesystem::path file = bad_fixture(GetParam().name);
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  try {
    read_osm_roads(file);
    FAIL() << "no error for " << file;
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(GetParam().name));
    EXPECT_THAT(e.what(), HasSubstr(GetParam().fault));
    EXPECT_EQ(e.where().path, file.string());
  }
}

INSTANTIATE_TEST_SUITE_P(
    OsmRoads, OsmRoadsBadInput,
    ::testing::Values(
        BadFile{"osm-empty.osm", "is empty"},
        BadFile{"osm-not-osm.osm",
                "not valid OSM XML: XML parsing error at line 1, column 0: not well-formed"},
        BadFile{"osm-wrong-root-element.osm", "Unknown top-level element: gpx"},
        BadFile{"osm-missing-version.osm", "missing version"}, BadFile{"osm-truncated.osm", "unclosed token"},
        BadFile{"osm-truncated.osm.pbf",
                "not a valid OSM PBF file (truncated or corrupt?): PBF error: unexpected EOF"},
        // small.osm.pbf with the first BlobHeader length set to 0x00ffffff.
        BadFile{"osm-corrupt-header.osm.pbf",
                "not a valid OSM PBF file (truncated or corrupt?): PBF error: invalid BlobHeader size"},
        BadFile{"osm-truncated.osm.gz", "not a valid gzip file (truncated or corrupt?): gzip error"},
        BadFile{"osm-unknown-format.txt", "unknown file format"},
        BadFile{"osm-no-walkable-ways.osm", "no walkable way: none of the 3 ways in the file is"},
        BadFile{"osm-no-ways.osm", "no walkable way: the file has no ways at all"},
        BadFile{"osm-walkable-ways-without-nodes.osm",
                "2 walkable ways, but none has two consecutive nodes in the file"},
        // The last copy of node 3 used to win: way 100 got a 12 km edge
        // (12,015 m by the haversine formula in Python).
        BadFile{
            "osm-duplicate-node-id.osm",
            "node 3 is given twice with different coordinates: 121.382, 28.37 and 121.5048, 28.37 (12015 m "
            "apart)"},
        // osmium cat osm-duplicate-node-id.osm -o osm-duplicate-node-id.osm.pbf
        BadFile{"osm-duplicate-node-id.osm.pbf", "node 3 is given twice with different coordinates"},
        BadFile{"osm-duplicate-way-id.osm",
                "way 101 is given twice with different content (node list or tags)"},
        BadFile{"osm-duplicate-way-id-other-tags.osm",
                "way 102 is given twice with different content (node list or tags)"}),
    [](const ::testing::TestParamInfo<BadFile>& param) { return test_name(param.param.name); });

// Open file descriptors of this process.
std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// A malformed file read many times leaves no descriptor open: libosmium 2.19's
// PBF parser kept the file open when it threw, so a long run over bad inputs
// (the osm_pbf fuzzer, after ~26k) ended in "Too many open files".
class OsmRoadsBadInputDescriptors : public ::testing::TestWithParam<const char*> {};

TEST_P(OsmRoadsBadInputDescriptors, AreAllClosedAfterTheError) {
  if (!std::filesystem::exists("/proc/self/fd")) GTEST_SKIP() << "no /proc/self/fd to count descriptors";
  const std::filesystem::path file = bad_fixture(GetParam());
  const auto read_once = [&] { EXPECT_THROW(read_osm_roads(file), InputError); };
  read_once();  // libosmium's thread pool and other one-time state start here
  const std::size_t before = open_descriptors();
  for (int i = 0; i < 200; ++i) read_once();
  EXPECT_EQ(open_descriptors(), before) << "descriptors left open by 200 reads of " << file;
}

INSTANTIATE_TEST_SUITE_P(OsmRoads, OsmRoadsBadInputDescriptors,
                         ::testing::Values("osm-truncated.osm.pbf",       // fails in a data blob
                                           "osm-corrupt-header.osm.pbf",  // fails in the header blob
                                           "osm-truncated.osm", "osm-truncated.osm.gz",
                                           "osm-duplicate-node-id.osm.pbf"),  // thrown while reading nodes
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           return test_name(param.param);
                         });

// Real extracts, checked against figures computed independently of the C++
// (osmium-tool 1.15's `osmium cat -f opl` and a Python copy of the tag rule) by
//   cd /work/shared/data && /work/main/scripts/count_walkable.py osm-monaco/monaco.osm.pbf
//     osm-monaco/monaco.osm.gz osm-andorra/andorra.osm.pbf
//     osm-shanghai-baoshan-shu/shanghai_baoshan_shu.osm osm-beijing-haidian-cau/beijing_haidian_cau.osm
// which printed, per file, ways_clipped = 0, missing_node_refs = 0 and the
// figures in the table below.
struct RealExtract {
  const char* file;  // under the shared data folder
  std::uint64_t ways_seen;
  std::uint64_t ways_walkable;
  std::size_t ways;  // output pieces
  std::size_t vertices;
  double length_m;
};

class OsmRoadsRealExtracts : public ::testing::TestWithParam<RealExtract> {};

TEST_P(OsmRoadsRealExtracts, MatchTheIndependentCount) {
  const std::optional<std::filesystem::path> shared = testing::shared_data_dir();
  if (!shared) {
    GTEST_SKIP() << "shared data folder not found (set LIFECIRCLE_SHARED_DATA): real extracts not tested";
  }
  const RealExtract& expected = GetParam();
  const RawRoads roads = read_osm_roads(*shared / expected.file);
  EXPECT_EQ(roads.ways_seen, expected.ways_seen);
  EXPECT_EQ(roads.ways_walkable, expected.ways_walkable);
  EXPECT_EQ(roads.ways_clipped, 0U);  // none of these files misses node references
  EXPECT_EQ(roads.missing_node_refs, 0U);
  EXPECT_EQ(roads.ways.size(), expected.ways);
  EXPECT_EQ(roads.vertices.size(), expected.vertices);
  EXPECT_NEAR(total_length_m(roads), expected.length_m, expected.length_m * 1e-6);
}

// Output of scripts/count_walkable.py (ways_seen, ways_walkable, pieces, vertices, length_m).
INSTANTIATE_TEST_SUITE_P(
    OsmRoads, OsmRoadsRealExtracts,
    ::testing::Values(RealExtract{"osm-monaco/monaco.osm.pbf", 1944, 858, 858, 4717, 82022.48875846693},
                      RealExtract{"osm-monaco/monaco.osm.gz", 1944, 858, 858, 4717, 82022.48875846693},
                      RealExtract{"osm-andorra/andorra.osm.pbf", 2725, 1505, 1505, 37522, 820509.5431298083},
                      RealExtract{"osm-shanghai-baoshan-shu/shanghai_baoshan_shu.osm", 428, 193, 193, 1035,
                                  45187.53826246868},
                      RealExtract{"osm-beijing-haidian-cau/beijing_haidian_cau.osm", 684, 296, 296, 1409,
                                  64445.76204698762}),
    [](const ::testing::TestParamInfo<RealExtract>& param) {
      return test_name(std::filesystem::path(param.param.file).filename().string());
    });

TEST(OsmRoads, MonacoPbfAndGzipReadIdentically) {
  const std::optional<std::filesystem::path> shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "shared data folder not found (set LIFECIRCLE_SHARED_DATA): Monaco not tested";
  expect_same_roads(read_osm_roads(*shared / "osm-monaco" / "monaco.osm.pbf"),
                    read_osm_roads(*shared / "osm-monaco" / "monaco.osm.gz"));
}

}  // namespace
}  // namespace lifecircle::io
