#include "qgis_project.hpp"

#include <zlib.h>

#include <cstdint>
#include <cstdio>

#include "lifecircle/util/error.hpp"
#include "lifecircle/util/format.hpp"
#include "qgis_qml.hpp"

namespace lifecircle::report::qgis {
namespace {

std::string xml(std::string_view text) { return xml_escape(text); }

std::string number(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%.17g", v);
  return out;
}

std::string srs_xml(int epsg) {
  const bool mercator = epsg == 3857;
  const std::string proj4 = mercator
                                ? "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 "
                                  "+units=m +nadgrids=@null +wktext +no_defs"
                                : "+proj=longlat +datum=WGS84 +no_defs";
  return "<spatialrefsys nativeFormat=\"Wkt\"><proj4>" + proj4 + "</proj4><srid>" + std::to_string(epsg) +
         "</srid><authid>EPSG:" + std::to_string(epsg) + "</authid><description>" +
         (mercator ? "WGS 84 / Pseudo-Mercator" : "WGS 84") + "</description><projectionacronym>" +
         (mercator ? "merc" : "longlat") +
         "</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym>"
         "<geographicflag>" +
         (mercator ? "false" : "true") + "</geographicflag></spatialrefsys>";
}

}  // namespace

std::string layer_srs_xml(const OGRSpatialReference* srs) {
  if (srs == nullptr) return srs_xml(4326);
  OGRSpatialReference copy(*srs);
  copy.AutoIdentifyEPSG();
  const char* code = copy.GetAuthorityCode(nullptr);
  if (code == nullptr || std::string(code) == "4326") return srs_xml(4326);
  char* wkt = nullptr;
  char* proj4 = nullptr;
  copy.exportToWkt(&wkt);
  copy.exportToProj4(&proj4);
  std::string out = "<spatialrefsys nativeFormat=\"Wkt\"><wkt>" + xml(wkt ? wkt : "") + "</wkt><proj4>" +
                    xml(proj4 ? proj4 : "") + "</proj4><srid>" + code + "</srid><authid>EPSG:" + code +
                    "</authid><description>" + xml(copy.GetName() ? copy.GetName() : "") +
                    "</description><geographicflag>" + (copy.IsGeographic() ? "true" : "false") +
                    "</geographicflag></spatialrefsys>";
  CPLFree(wkt);
  CPLFree(proj4);
  return out;
}

namespace {

// One layer of the project: a GPKG table, maybe filtered by category.
struct ProjectLayer {
  std::string id, name, table, subset;
  LayerStyle style;
  bool visible = true;
};

std::string source(const ProjectLayer& l) {
  std::string s = "./lifecircle.gpkg|layername=" + l.table;
  if (!l.subset.empty()) s += "|subset=" + l.subset;
  return s;
}

std::string map_layer_xml(const ProjectLayer& l, const std::string& layer_srs) {
  const bool point = l.style.geometry == Geometry::point;
  return "<maplayer type=\"vector\" geometry=\"" + std::string(point ? "Point" : "Polygon") +
         "\" wkbType=\"" + (point ? "Point" : "MultiPolygon") + "\" labelsEnabled=\"" +
         (l.style.labeling.empty() ? "0" : "1") +
         "\" hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" readOnly=\"0\" "
         "simplifyDrawingHints=\"1\" simplifyDrawingTol=\"1\" simplifyLocal=\"1\" simplifyMaxScale=\"1\" "
         "simplifyAlgorithm=\"0\" styleCategories=\"AllStyleCategories\"><id>" +
         xml(l.id) + "</id><datasource>" + xml(source(l)) + "</datasource><layername>" + xml(l.name) +
         "</layername><srs>" + layer_srs + "</srs><provider encoding=\"UTF-8\">ogr</provider>" +
         l.style.renderer + l.style.labeling +
         "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
         "<layerOpacity>1</layerOpacity></maplayer>";
}

std::string tree_layer_xml(const ProjectLayer& l) {
  return "<layer-tree-layer id=\"" + xml(l.id) + "\" name=\"" + xml(l.name) + "\" source=\"" +
         xml(source(l)) + "\" providerKey=\"ogr\" checked=\"" +
         (l.visible ? "Qt::Checked" : "Qt::Unchecked") +
         "\" expanded=\"0\" legend_exp=\"\"><customproperties/></layer-tree-layer>";
}

std::string category_subset(const std::string& id) {
  std::string quoted;
  for (const char c : id) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return "\"category\" = '" + quoted + "'";
}

// QGIS keeps a layer id only when it is longer than 10 characters (else it makes one up).
std::string layer_id(const std::string& name) { return "lifecircle_" + name; }

struct Group {
  std::string name;
  bool visible = false;
  std::vector<ProjectLayer> layers;  // top to bottom
};

// CRC-32 and raw deflate from zlib.
std::uint32_t crc(const std::string& data) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

std::string deflate_raw(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw OutputError("lifecircle.qgz: cannot start compressing the project");
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw OutputError("lifecircle.qgz: cannot compress the project");
  return out;
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xffu);
  out += static_cast<char>((v >> 8) & 0xffu);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xffffu);
  put16(out, v >> 16);
}

}  // namespace

std::string project_document(const study::Study& study, const coverage::RunResult& result,
                             const Extent& extent, bool isochrones, const std::string& layer_srs) {
  std::vector<Group> groups;
  for (std::size_t k = 0; k < study.plan.categories.size(); ++k) {
    const io::Category& c = study.plan.categories[k];
    Group g;
    g.name = c.name.empty() || c.name == c.id ? c.id : c.name + " (" + c.id + ")";
    g.visible = k == 0;  // one category at a time: the planner ticks the next
    const std::string subset = category_subset(c.id);
    g.layers.push_back({layer_id("facilities_" + c.id), "facilities " + c.id, "facilities", subset,
                        facilities_style(study, k)});
    g.layers.push_back(
        {layer_id("gaps_" + c.id), "uncovered residents " + c.id, "gaps", subset, gaps_style(study, k)});
    g.layers.push_back({layer_id("coverage_" + c.id), "coverage " + c.id, "coverage", subset,
                        coverage_style(study, result, k)});
    if (isochrones) {
      ProjectLayer iso{layer_id("isochrones_" + c.id), "isochrones " + c.id, "isochrones", subset,
                       isochrones_style(study, k)};
      iso.visible = false;
      g.layers.push_back(std::move(iso));
    }
    groups.push_back(std::move(g));
  }
  const ProjectLayer towns{layer_id("towns"), "towns", "towns", "", towns_style(study, result)};

  std::string tree, layers;
  for (const Group& g : groups) {
    tree += "<layer-tree-group name=\"" + xml(g.name) + "\" checked=\"" +
            (g.visible ? "Qt::Checked" : "Qt::Unchecked") + "\" expanded=\"" + (g.visible ? "1" : "0") +
            "\"><customproperties/>";
    for (const ProjectLayer& l : g.layers) {
      tree += tree_layer_xml(l);
      layers += map_layer_xml(l, layer_srs);
    }
    tree += "</layer-tree-group>";
  }
  tree += tree_layer_xml(towns);
  layers += map_layer_xml(towns, layer_srs);
  // Drawing order, top to bottom: facilities, gaps, coverage, isochrones of every category, then the towns.
  std::string order;
  for (std::size_t kind = 0; kind < 4; ++kind) {
    for (const Group& g : groups) {
      if (kind < g.layers.size()) order += "<item>" + xml(g.layers[kind].id) + "</item>";
    }
  }
  order += "<item>" + towns.id + "</item>";

  const std::string canvas_extent = "<extent><xmin>" + number(extent.xmin) + "</xmin><ymin>" +
                                    number(extent.ymin) + "</ymin><xmax>" + number(extent.xmax) +
                                    "</xmax><ymax>" + number(extent.ymax) + "</ymax></extent>";
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis projectname=\"" +
         xml(study.plan.name) + "\" version=\"3.22.16-Białowieża\">\n<homePath path=\"\"/>\n<title>" +
         xml(study.plan.name) + "</title>\n<projectCrs>" + srs_xml(3857) +
         "</projectCrs>\n<layer-tree-group><customproperties/>" + tree + "<custom-order enabled=\"1\">" +
         order +
         "</custom-order></layer-tree-group>\n<mapcanvas name=\"theMapCanvas\" "
         "annotationsVisible=\"1\"><units>"
         "meters</units>" +
         canvas_extent + "<rotation>0</rotation><destinationsrs>" + srs_xml(3857) +
         "</destinationsrs><rendermaptile>0</rendermaptile></mapcanvas>\n<projectlayers>" + layers +
         "</projectlayers>\n<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths>"
         "<SpatialRefSys><ProjectionsEnabled "
         "type=\"int\">1</ProjectionsEnabled></SpatialRefSys></properties>\n"
         "</qgis>\n";
}

std::string qgz_archive(const std::string& name, const std::string& contents) {
  const std::string packed = deflate_raw(contents);
  const std::uint32_t checksum = crc(contents);
  constexpr std::uint32_t kDosTime = 0, kDosDate = (1u << 5) | 1u;  // 1980-01-01 00:00
  const auto entry_header = [&](std::string& out) {
    put16(out, 20);      // version needed: 2.0 (deflate)
    put16(out, 0x0800);  // flags: the name is UTF-8
    put16(out, 8);       // deflate
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, checksum);
    put32(out, static_cast<std::uint32_t>(packed.size()));
    put32(out, static_cast<std::uint32_t>(contents.size()));
    put16(out, static_cast<std::uint32_t>(name.size()));
    put16(out, 0);  // extra field
  };
  std::string out;
  put32(out, 0x04034b50);  // local file header
  entry_header(out);
  out += name;
  out += packed;
  const auto central = static_cast<std::uint32_t>(out.size());
  put32(out, 0x02014b50);  // central directory header
  put16(out, 20);          // made by: 2.0
  entry_header(out);
  put16(out, 0);  // comment
  put16(out, 0);  // disk
  put16(out, 0);  // internal attributes
  put32(out, 0);  // external attributes
  put32(out, 0);  // offset of the local header
  out += name;
  const auto central_size = static_cast<std::uint32_t>(out.size()) - central;
  put32(out, 0x06054b50);  // end of central directory
  put16(out, 0);
  put16(out, 0);
  put16(out, 1);
  put16(out, 1);
  put32(out, central_size);
  put32(out, central);
  put16(out, 0);
  return out;
}

}  // namespace lifecircle::report::qgis
