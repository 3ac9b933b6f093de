// Attribute text that is not UTF-8: the plan's `encoding` key read through to
// the loaders (a GBK Shapefile without .cpg, a GBK CSV with Chinese headers),
// and the hint when the key is missing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lifecircle/io/facilities.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/towns.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"

namespace lifecircle::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const WorkingCrs& utm51() {
  static const WorkingCrs crs(32651);
  return crs;
}

std::filesystem::path layers(const char* name) { return testing::test_data_dir() / "layers" / name; }
Plan gbk_plan() { return load_plan(testing::test_data_dir() / "plans" / "gbk.toml"); }

template <class Load>
std::string message_of(Load load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> town_names(const TownLayer& layer) {
  std::vector<std::string> names;
  for (const Town& t : layer.towns) names.push_back(t.name);
  return names;
}

TEST(LayerEncoding, PlanKeepsTheEncodingOfEveryLayer) {
  const Plan plan = gbk_plan();
  EXPECT_EQ(plan.towns.encoding, "GBK");
  EXPECT_EQ(plan.facilities.at(0).encoding, "GBK");  // "gbk" in the plan
  EXPECT_EQ(plan.roads.encoding, "");
}

TEST(LayerEncoding, GbkShapefileWithoutCpgReadWithEncoding) {
  const TownLayer towns = load_towns(gbk_plan().towns, utm51());
  EXPECT_THAT(town_names(towns), ElementsAre("太平街道", "城东街道", "石塘镇"));
}

TEST(LayerEncoding, GbkShapefileWithoutEncodingSaysHowToReadIt) {
  TownsInput in = gbk_plan().towns;
  in.encoding.clear();
  EXPECT_THAT(
      message_of([&] { load_towns(in, utm51()); }),
      HasSubstr("towns-gbk.shp: layer 'towns-gbk', feature 0: field 'name' is not UTF-8; it decodes as "
                "GB18030 ('太平街道', ...): set encoding = \"GB18030\" in [towns]"));
}

TEST(LayerEncoding, GbkCsvWithChineseHeadersReadWithEncoding) {
  const Plan plan = gbk_plan();
  const FacilityLayer layer = load_facilities(plan.facilities.at(0), plan.categories, utm51());
  ASSERT_EQ(layer.facilities.size(), 3u);
  EXPECT_EQ(layer.facilities[0].id, "H1");
  EXPECT_EQ(layer.facilities[0].name, "太平街道社区卫生服务中心");
  EXPECT_EQ(layer.facilities[0].category, "health");
  EXPECT_EQ(layer.facilities[1].name, "城东幼儿园");
  EXPECT_EQ(layer.facilities[2].name, "太平托育中心");
  EXPECT_EQ(layer.facilities[2].category, "childcare");
  EXPECT_NEAR(layer.facilities[2].lon, 121.3990, 1e-9);
}

TEST(LayerEncoding, GbkCsvHeadersWithoutEncodingAreShownDecoded) {
  const Plan plan = gbk_plan();
  FacilitiesInput in = plan.facilities.at(0);
  in.encoding.clear();
  const std::string message = message_of([&] { load_facilities(in, plan.categories, utm51()); });
  EXPECT_THAT(message, HasSubstr("field '名称' not found (set by name_field); the layer's fields are: "
                                 "编号, 名称, 类别, 经度, 纬度 when read as GB18030, but they are not UTF-8: "
                                 "set encoding = \"GB18030\" in [[facilities]]"));
}

TEST(LayerEncoding, GbkGeoJsonRecodedWithEncoding) {
  TownsInput in;
  in.path = testing::test_data_dir() / "bad" / "towns-gbk-name.geojson";
  in.encoding = "GB18030";
  EXPECT_EQ(load_towns(in, utm51()).towns.at(0).name, "太平街道");
}

TEST(LayerEncoding, Utf8ShapefileIsUnchangedByUtf8Encoding) {
  TownsInput in;
  in.path = layers("towns-gk-cm120.shp");
  in.encoding = "UTF-8";
  EXPECT_EQ(load_towns(in, utm51()).towns.at(0).name, "太平街道");
}

TEST(LayerEncoding, NumberMessagesShowTheTextDecoded) {
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "lifecircle-gbk-capacity.csv";
  // "约360" ("about 360") in GBK: 约 is D4 BC.
  std::ofstream(file, std::ios::binary) << "id,name,category,capacity,lon,lat\nK1,k,kindergarten,\xd4\xbc"
                                           "360,121.42,28.38\n";
  FacilitiesInput in;
  in.path = file;
  in.encoding = "GBK";
  in.capacity_field = "capacity";
  const std::string message = message_of([&] { load_facilities(in, gbk_plan().categories, utm51()); });
  std::filesystem::remove(file);
  EXPECT_THAT(message, HasSubstr("field 'capacity' is not a number ('约360')"));
}

}  // namespace
}  // namespace lifecircle::io
