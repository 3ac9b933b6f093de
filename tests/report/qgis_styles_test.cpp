// QGIS styles and project of a GPKG run (the line city): one default style per
// map layer in the table QGIS creates, `layer_styles`, in the maps' colours;
// lifecircle.qgz a zip (read back with GDAL's /vsizip/) holding the project
// with relative paths and a group per category. Other formats get neither.
// tests/scripts/check_qgis_project.py opens both in QGIS itself.

#include "lifecircle/report/qgis_styles.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>

#include "lifecircle/coverage/run.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/map/colour.hpp"
#include "lifecircle/report/indicators.hpp"
#include "lifecircle/report/layers.hpp"
#include "lifecircle/study/study.hpp"
#include "testing/paths.hpp"

namespace lifecircle::report {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string qgis_colour(std::uint32_t hex, int alpha) {
  return std::to_string((hex >> 16) & 0xffu) + "," + std::to_string((hex >> 8) & 0xffu) + "," +
         std::to_string(hex & 0xffu) + "," + std::to_string(alpha);
}

class QgisStyles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    study_ = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan.toml")).release();
    result_ = new coverage::RunResult(coverage::run_coverage(*study_, {1, true, {}}));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete study_;
  }

  WrittenOutputs write(const std::string& format) {
    options_.dir = fs::temp_directory_path() / ("lifecircle-qgis-" + std::to_string(::getpid()));
    options_.format = format;
    options_.threads = 1;
    return write_layers(*study_, *result_, indicator_rows(*study_, *result_), options_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(options_.dir, ignored);
  }

  static study::Study* study_;
  static coverage::RunResult* result_;
  OutputOptions options_;
};

study::Study* QgisStyles::study_ = nullptr;
coverage::RunResult* QgisStyles::result_ = nullptr;

TEST_F(QgisStyles, GpkgHoldsQgisLayerStylesTableWithADefaultStylePerMapLayer) {
  const WrittenOutputs written = write("GPKG");
  const fs::path gpkg = options_.dir / "lifecircle.gpkg";
  GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  OGRLayer* table = ds->GetLayerByName("layer_styles");
  ASSERT_NE(table, nullptr);
  EXPECT_STREQ(table->GetFIDColumn(), "id");
  std::vector<std::string> fields;
  for (int i = 0; i < table->GetLayerDefn()->GetFieldCount(); ++i)
    fields.emplace_back(table->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  EXPECT_THAT(fields, ElementsAre("f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                                  "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner",
                                  "ui", "update_time"));
  std::map<std::string, std::string> qml, sld;
  for (const auto& f : *table) {
    const std::string name = f->GetFieldAsString("f_table_name");
    EXPECT_EQ(qml.count(name), 0U) << name << " styled twice";
    qml[name] = f->GetFieldAsString("styleQML");
    sld[name] = f->GetFieldAsString("styleSLD");
    EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1) << name;
    EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"),
                 ds->GetLayerByName(name.c_str())->GetGeometryColumn());
    EXPECT_FALSE(f->IsFieldNull(f->GetFieldIndex("update_time"))) << name;
  }
  ASSERT_EQ(qml.size(), 5U);
  EXPECT_THAT(qml["towns"], HasSubstr("type=\"graduatedSymbol\" attr=\"composite_share\""));
  EXPECT_THAT(qml["towns"], HasSubstr("labelsEnabled=\"1\""));
  EXPECT_THAT(qml["towns"], HasSubstr("fieldName=\"name\""));
  // The towns map's five classes, lightest first.
  EXPECT_THAT(qml["towns"], HasSubstr(qgis_colour(map::to_hex(map::share_class_colour(0)), 255)));
  EXPECT_THAT(qml["towns"], HasSubstr(qgis_colour(map::to_hex(map::share_class_colour(4)), 255)));
  // The same classes as the maps: each range's bounds fall in its class of map::share_class.
  const std::regex range("<range lower=\"([0-9.e-]+)\" upper=\"([0-9.e-]+)\" symbol=\"([0-9]+)\"");
  std::size_t ranges = 0;
  for (std::sregex_iterator it(qml["towns"].begin(), qml["towns"].end(), range), end; it != end;
       ++it, ++ranges) {
    const std::size_t k = std::stoul((*it)[3]);
    EXPECT_EQ(map::share_class(std::stod((*it)[1])), k) << it->str();
    EXPECT_EQ(map::share_class(std::stod((*it)[2])), k) << it->str();
    EXPECT_THAT(qml["towns"], HasSubstr("label=\"" + map::share_class_label(k) + "\""));
  }
  EXPECT_EQ(ranges, map::kShareClasses);
  EXPECT_THAT(qml["coverage"], HasSubstr("type=\"graduatedSymbol\" attr=\"minutes\""));
  EXPECT_THAT(qml["facilities"], HasSubstr("type=\"categorizedSymbol\" attr=\"status\""));
  EXPECT_THAT(qml["facilities"], HasSubstr("<category value=\"planned\""));
  EXPECT_THAT(qml["gaps"], HasSubstr("type=\"heatmapRenderer\""));
  EXPECT_THAT(qml["gaps"], HasSubstr("weight_expression=\"&quot;population&quot;\""));
  EXPECT_THAT(qml["isochrones"], HasSubstr("type=\"singleSymbol\""));
  for (const auto& [name, text] : sld) {
    EXPECT_THAT(text, HasSubstr("<StyledLayerDescriptor")) << name;
    EXPECT_THAT(text, HasSubstr("<se:Name>" + name + "</se:Name>")) << name;
  }
  EXPECT_THAT(sld["towns"], HasSubstr("<se:TextSymbolizer>"));
  EXPECT_THAT(written.files, ::testing::Contains(options_.dir / "lifecircle.qgz"));
}

TEST_F(QgisStyles, QgzIsAZipOfTheProjectWithRelativePathsAndAGroupPerCategory) {
  write("GPKG");
  // Braces: GDAL takes only known extensions (.zip...) as archives otherwise.
  const std::string inner = "/vsizip/{" + (options_.dir / "lifecircle.qgz").string() + "}/lifecircle.qgs";
  VSILFILE* file = VSIFOpenL(inner.c_str(), "rb");
  ASSERT_NE(file, nullptr) << inner;
  std::string project;
  char buffer[4096];
  for (std::size_t n; (n = VSIFReadL(buffer, 1, sizeof buffer, file)) > 0;) project.append(buffer, n);
  VSIFCloseL(file);
  EXPECT_THAT(project, HasSubstr("<authid>EPSG:3857</authid>"));
  EXPECT_THAT(project, HasSubstr("<datasource>./lifecircle.gpkg|layername=towns</datasource>"));
  EXPECT_THAT(project, HasSubstr("<Absolute type=\"bool\">false</Absolute>"));
  for (const io::Category& c : study_->plan.categories) {
    EXPECT_THAT(project, HasSubstr("<layer-tree-group name=\"" + c.name + " (" + c.id + ")\"")) << c.id;
    EXPECT_THAT(project, HasSubstr("./lifecircle.gpkg|layername=gaps|subset=&quot;category&quot; = &#39;" +
                                   c.id + "&#39;"))
        << c.id;
    // Isochrones are in the project, hidden.
    EXPECT_THAT(project,
                HasSubstr("id=\"lifecircle_isochrones_" + c.id + "\" name=\"isochrones " + c.id +
                          "\" source=\"./lifecircle.gpkg|layername=isochrones|subset=&quot;category&quot; = "
                          "&#39;" +
                          c.id + "&#39;\" providerKey=\"ogr\" checked=\"Qt::Unchecked\""))
        << c.id;
  }
}

TEST_F(QgisStyles, OtherFormatsGetNoQgisFiles) {
  EXPECT_THAT(qgis_file_names(gpkg_format()), ElementsAre("lifecircle.qgz"));
  OutputOptions geojson;
  geojson.format = "GeoJSON";
  EXPECT_TRUE(qgis_file_names(output_format(geojson)).empty());
  write("GeoJSON");
  EXPECT_FALSE(fs::exists(options_.dir / "lifecircle.qgz"));
}

}  // namespace
}  // namespace lifecircle::report
