// The walking graph built from the real OSM extracts in ../shared/data,
// checked against figures counted independently by
//   python3 scripts/count_walkable.py ../shared/data/osm-monaco/monaco.osm.pbf
//     ../shared/data/osm-andorra/andorra.osm.pbf
//     ../shared/data/osm-shanghai-baoshan-shu/shanghai_baoshan_shu.osm
//     ../shared/data/osm-beijing-haidian-cau/beijing_haidian_cau.osm
// (osmium cat -f opl plus a Python copy of the tag rule, its own splitting
// of ways at shared vertices and its own union-find), run on 2026-11-29.

#include <gtest/gtest.h>

#include "lifecircle/graph/build.hpp"
#include "lifecircle/graph/components.hpp"
#include "lifecircle/graph/snap.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "testing/paths.hpp"

namespace lifecircle::graph {
namespace {

struct Extract {
  const char* file;
  int utm_epsg;
  std::uint32_t nodes, edges, components;
  double length_m;
};

class RealExtract : public ::testing::TestWithParam<Extract> {};

TEST_P(RealExtract, GraphMatchesTheIndependentCount) {
  const auto shared = testing::shared_data_dir();
  if (!shared) GTEST_SKIP() << "../shared/data is absent: real-extract test skipped";
  const Extract& x = GetParam();
  const auto raw = io::read_osm_roads(*shared / x.file);
  const WalkGraph g = build_walk_graph(raw, io::WorkingCrs(x.utm_epsg));
  g.validate();
  EXPECT_EQ(g.node_count(), x.nodes);
  EXPECT_EQ(g.edge_count(), x.edges);
  EXPECT_NEAR(g.total_length_m(), x.length_m, x.length_m * 1e-9);
  EXPECT_EQ(find_components(g).count(), x.components);
  // Memory: tens of bytes per node and edge, not hundreds (shapes included).
  EXPECT_LT(static_cast<double>(g.memory_bytes()) / (g.node_count() + g.edge_count()), 400.0);
}

INSTANTIATE_TEST_SUITE_P(
    Extracts, RealExtract,
    ::testing::Values(
        Extract{"osm-monaco/monaco.osm.pbf", 32632, 1165, 1560, 18, 82022.48875846693},
        Extract{"osm-monaco/monaco.osm.gz", 32632, 1165, 1560, 18, 82022.48875846693},
        Extract{"osm-andorra/andorra.osm.pbf", 32631, 2241, 2572, 46, 820509.5431298083},
        Extract{"osm-shanghai-baoshan-shu/shanghai_baoshan_shu.osm", 32651, 338, 456, 6, 45187.53826246868},
        Extract{"osm-beijing-haidian-cau/beijing_haidian_cau.osm", 32650, 527, 702, 13, 64445.76204698762}),
    [](const ::testing::TestParamInfo<Extract>& param) {
      std::string name = param.param.file;
      std::string out;
      for (const char c : name.substr(name.find('/') + 1))
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return out;
    });

}  // namespace
}  // namespace lifecircle::graph
