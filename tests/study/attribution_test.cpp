#include <gtest/gtest.h>

#include <fstream>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/study/study.hpp"
#include "testing/paths.hpp"

namespace lifecircle::study {
namespace {

TEST(RoadAttribution, OsmFilesOweOpenStreetMapOtherFormatsNothing) {
  io::Plan plan;
  plan.roads.path = "roads.osm.pbf";
  EXPECT_EQ(road_attribution(plan), "© OpenStreetMap contributors (ODbL 1.0)");
  plan.roads.path = "roads.osm.gz";
  EXPECT_EQ(road_attribution(plan), "© OpenStreetMap contributors (ODbL 1.0)");
  plan.roads.path = "roads.gpkg";
  EXPECT_EQ(road_attribution(plan), "");
}

TEST(RoadAttribution, ThePlansWordWinsEvenWhenEmpty) {
  io::Plan plan;
  plan.roads.path = "roads.osm.pbf";
  plan.roads.attribution = "";
  EXPECT_EQ(road_attribution(plan), "") << "synthetic streets in OSM format owe OpenStreetMap nothing";
  plan.roads.path = "survey.shp";
  plan.roads.attribution = "道路: 温岭市自然资源和规划局";
  EXPECT_EQ(road_attribution(plan), "道路: 温岭市自然资源和规划局");
}

TEST(RoadAttribution, ReadFromThePlansRoadsTable) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "lifecircle-attribution-test";
  std::filesystem::create_directories(dir);
  std::ifstream minimal(testing::test_data_dir() / "plans" / "minimal.toml");
  std::string text((std::istreambuf_iterator<char>(minimal)), std::istreambuf_iterator<char>());
  const std::string key = "path = \"roads.osm.pbf\"\n";
  text.replace(text.find(key), key.size(), key + "attribution = \"Synthetic streets\"\n");
  std::ofstream(dir / "plan.toml") << text;
  const io::Plan plan = io::load_plan(dir / "plan.toml");
  EXPECT_EQ(road_attribution(plan), "Synthetic streets");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lifecircle::study
