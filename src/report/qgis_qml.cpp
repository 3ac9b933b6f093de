#include "qgis_qml.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "lifecircle/map/colour.hpp"
#include "lifecircle/util/format.hpp"

namespace lifecircle::report::qgis {
namespace {

using map::Rgb;

std::string xml(std::string_view text) { return xml_escape(text); }

int channel(double v) { return static_cast<int>(std::lround(std::fmax(0.0, std::fmin(1.0, v)) * 255.0)); }

// QGIS's colour notation: "r,g,b,a" (0..255).
std::string qgis_colour(Rgb c, double alpha = 1.0) {
  return std::to_string(channel(c.r)) + "," + std::to_string(channel(c.g)) + "," +
         std::to_string(channel(c.b)) + "," + std::to_string(channel(alpha));
}

std::string hex_colour(Rgb c) {
  char out[8];
  std::snprintf(out, sizeof out, "#%06x", map::to_hex(c));
  return out;
}

std::string number(double v) {
  char out[32];
  std::snprintf(out, sizeof out, "%.10g", v);
  return out;
}

std::string prop(const char* key, const std::string& value) {
  return std::string("<prop k=\"") + key + "\" v=\"" + xml(value) + "\"/>";
}

// A fill of `fill` (alpha `alpha`, 0 for none) with an outline.
std::string fill_symbol(const std::string& name, Rgb fill, double alpha, Rgb outline, double outline_mm) {
  return "<symbol type=\"fill\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">" +
         "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
         prop("color", qgis_colour(fill, alpha)) + prop("style", alpha > 0.0 ? "solid" : "no") +
         prop("outline_color", qgis_colour(outline)) +
         prop("outline_style", outline_mm > 0.0 ? "solid" : "no") +
         prop("outline_width", number(outline_mm)) + prop("outline_width_unit", "MM") +
         prop("joinstyle", "round") + "</layer></symbol>";
}

std::string marker_symbol(const std::string& name, Rgb fill, double alpha, Rgb outline, double size_mm) {
  return "<symbol type=\"marker\" name=\"" + name + "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">" +
         "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">" + prop("name", "circle") +
         prop("color", qgis_colour(fill, alpha)) + prop("outline_color", qgis_colour(outline)) +
         prop("outline_style", "solid") + prop("outline_width", "0.4") + prop("outline_width_unit", "MM") +
         prop("size", number(size_mm)) + prop("size_unit", "MM") + prop("scale_method", "diameter") +
         "</layer></symbol>";
}

// SLD 1.1: one rule per class, each a filter and a symbolizer.
struct SldRule {
  std::string title, filter, symbolizer;
};

std::string sld_document(const std::string& layer, const std::vector<SldRule>& rules) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" "
      "xmlns:se=\"http://www.opengis.net/se\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
      "xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/"
      "StyledLayerDescriptor.xsd\">"
      "<NamedLayer><se:Name>" +
      xml(layer) + "</se:Name><UserStyle><se:Name>" + xml(layer) + "</se:Name><se:FeatureTypeStyle>";
  for (const SldRule& r : rules) {
    out += "<se:Rule><se:Name>" + xml(r.title) + "</se:Name><se:Description><se:Title>" + xml(r.title) +
           "</se:Title></se:Description>" + r.filter + r.symbolizer + "</se:Rule>";
  }
  return out + "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n";
}

std::string sld_property(const std::string& op, const std::string& field, const std::string& literal) {
  return "<ogc:" + op + "><ogc:PropertyName>" + xml(field) + "</ogc:PropertyName><ogc:Literal>" +
         xml(literal) + "</ogc:Literal></ogc:" + op + ">";
}

std::string sld_filter(const std::vector<std::string>& terms) {
  if (terms.empty()) return "";
  if (terms.size() == 1) return "<ogc:Filter>" + terms.front() + "</ogc:Filter>";
  std::string out = "<ogc:Filter><ogc:And>";
  for (const auto& t : terms) out += t;
  return out + "</ogc:And></ogc:Filter>";
}

std::string sld_polygon(Rgb fill, double alpha, Rgb outline) {
  std::string out = "<se:PolygonSymbolizer>";
  if (alpha > 0.0) {
    out += "<se:Fill><se:SvgParameter name=\"fill\">" + hex_colour(fill) +
           "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" + number(alpha) +
           "</se:SvgParameter></se:Fill>";
  }
  return out + "<se:Stroke><se:SvgParameter name=\"stroke\">" + hex_colour(outline) +
         "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">1</se:SvgParameter></se:Stroke>"
         "</se:PolygonSymbolizer>";
}

std::string sld_point(Rgb fill, double alpha, Rgb outline, double size_px) {
  return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill>"
         "<se:SvgParameter name=\"fill\">" +
         hex_colour(fill) + "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" + number(alpha) +
         "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">" + hex_colour(outline) +
         "</se:SvgParameter></se:Stroke></se:Mark><se:Size>" + number(size_px) +
         "</se:Size></se:Graphic></se:PointSymbolizer>";
}

std::string sld_label(const std::string& field, const std::string& font) {
  return "<se:TextSymbolizer><se:Label><ogc:PropertyName>" + xml(field) +
         "</ogc:PropertyName></se:Label><se:Font><se:SvgParameter name=\"font-family\">" + xml(font) +
         "</se:SvgParameter><se:SvgParameter name=\"font-size\">12</se:SvgParameter></se:Font>"
         "<se:Halo><se:Radius>1.5</se:Radius><se:Fill><se:SvgParameter "
         "name=\"fill\">#ffffff</se:SvgParameter>"
         "</se:Fill></se:Halo><se:Fill><se:SvgParameter name=\"fill\">#323232</se:SvgParameter></se:Fill>"
         "</se:TextSymbolizer>";
}

// k past the plan's categories: every category alike, in grey.
Rgb category_colour(const io::Plan& plan, std::size_t k) {
  return k < plan.categories.size() ? map::category_colour(plan, k) : map::rgb(0x4d4d4d);
}

std::string category_id(const io::Plan& plan, std::size_t k) {
  return k < plan.categories.size() ? plan.categories[k].id : std::string("all");
}

std::string category_label(const io::Plan& plan, std::size_t k) {
  if (k >= plan.categories.size()) return "every category";
  const io::Category& c = plan.categories[k];
  return c.name.empty() || c.name == c.id ? c.id : c.name + " (" + c.id + ")";
}

std::vector<double> bands_of(const coverage::RunResult& result, std::size_t k) {
  if (k >= result.categories.size()) k = 0;  // every category: the first one's bands
  if (k < result.categories.size() && !result.categories[k].band_minutes.empty())
    return result.categories[k].band_minutes;
  return {15.0};
}

// Nested bands are semi-transparent: the outer ones show the streets and towns beneath.
constexpr double kBandAlpha = 0.55;

}  // namespace

std::string qml_document(const LayerStyle& style) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16-Białowieża\" "
         "styleCategories=\"AllStyleCategories\" labelsEnabled=\"" +
         std::string(style.labeling.empty() ? "0" : "1") + "\">\n" + style.renderer + "\n" + style.labeling +
         "\n<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerGeometryType>" +
         (style.geometry == Geometry::point ? "0" : "2") + "</layerGeometryType>\n</qgis>\n";
}

LayerStyle towns_style(const study::Study& study, const coverage::RunResult& result) {
  LayerStyle s;
  s.layer = "towns";
  std::string field = "composite_share";
  std::string what = "the composite circle's coverage share";
  if (result.composite.basket.empty() && !result.categories.empty()) {
    field = result.categories.front().coverage.category + "_share";
    what = category_label(study.plan, 0) + " coverage share";
  }
  s.name = "towns: " + field;
  s.description = "Towns coloured by " + what + " in the maps' five classes, labelled with their names";
  const Rgb outline = map::rgb(0x636363);
  std::string ranges, symbols;
  std::vector<SldRule> rules;
  // colour.cpp's class breaks (the test checks them against map::share_class).
  constexpr std::array<double, map::kShareClasses + 1> kBreaks = {0.0, 0.5, 0.7, 0.85, 0.95, 1.0};
  for (std::size_t c = 0; c < map::kShareClasses; ++c) {
    const std::string id = std::to_string(c);
    const std::string label = map::share_class_label(c);
    // QGIS's ranges hold their upper bound; the maps' classes do not (but the last).
    const double upper = c + 1 == map::kShareClasses ? 1.0 : kBreaks[c + 1] - 1e-9;
    ranges += "<range lower=\"" + number(kBreaks[c]) + "\" upper=\"" + number(upper) + "\" symbol=\"" + id +
              "\" label=\"" + xml(label) + "\" render=\"true\"/>";
    symbols += fill_symbol(id, map::share_class_colour(c), 1.0, outline, 0.3);
    rules.push_back({label,
                     sld_filter({sld_property("PropertyIsGreaterThanOrEqualTo", field, number(kBreaks[c])),
                                 sld_property(c + 1 == map::kShareClasses ? "PropertyIsLessThanOrEqualTo"
                                                                          : "PropertyIsLessThan",
                                              field, number(kBreaks[c + 1]))}),
                     sld_polygon(map::share_class_colour(c), 1.0, outline)});
  }
  rules.push_back({"name", "", sld_label("name", study.plan.maps.font)});
  s.renderer =
      "<renderer-v2 type=\"graduatedSymbol\" attr=\"" + xml(field) +
      "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
      "<ranges>" +
      ranges + "</ranges><symbols>" + symbols + "</symbols><mode name=\"manual\"/></renderer-v2>";
  s.labeling =
      "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"name\" "
      "isExpression=\"0\" "
      "fontFamily=\"" +
      xml(study.plan.maps.font) +
      "\" fontSize=\"9\" fontSizeUnit=\"Point\" textColor=\"50,50,50,255\" textOpacity=\"1\" "
      "fontWeight=\"50\" "
      "namedStyle=\"Regular\" multilineHeight=\"1\" blendMode=\"0\"><text-buffer bufferDraw=\"1\" "
      "bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" "
      "bufferJoinStyle=\"128\" bufferNoFill=\"1\" bufferBlendMode=\"0\"/></text-style><text-format "
      "wrapChar=\"\" "
      "multilineAlign=\"3\" plussign=\"0\" formatNumbers=\"0\" decimals=\"3\"/><placement placement=\"1\" "
      "centroidWhole=\"0\" centroidInside=\"1\" fitInPolygonOnly=\"0\" dist=\"0\" priority=\"5\"/>"
      "<rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" "
      "mergeLines=\"0\" limitNumLabels=\"0\" scaleVisibility=\"0\" drawLabels=\"1\" fontMinPixelSize=\"3\" "
      "fontMaxPixelSize=\"10000\" fontLimitPixelSize=\"0\" zIndex=\"0\"/></settings></labeling>";
  s.sld = sld_document("towns", rules);
  return s;
}

LayerStyle coverage_style(const study::Study& study, const coverage::RunResult& result, std::size_t k) {
  LayerStyle s;
  s.layer = "coverage";
  s.name = "coverage: " + category_id(study.plan, k);
  s.description =
      "Coverage bands of " + category_label(study.plan, k) + " by walking minutes, nested, innermost darkest";
  const std::vector<double> bands = bands_of(result, k);
  const Rgb colour = category_colour(study.plan, k);
  const std::vector<Rgb> fills = map::band_fills(colour, bands.size());
  std::string ranges, symbols;
  std::vector<SldRule> rules;
  double lower = 0.0;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    const std::string id = std::to_string(b);
    const std::string label = "≤ " + number(bands[b]) + " min";
    ranges += "<range lower=\"" + number(lower) + "\" upper=\"" + number(bands[b]) + "\" symbol=\"" + id +
              "\" label=\"" + xml(label) + "\" render=\"true\"/>";
    symbols += fill_symbol(id, fills[b], kBandAlpha, colour, b + 1 == bands.size() ? 0.4 : 0.0);
    rules.push_back({label, sld_filter({sld_property("PropertyIsEqualTo", "minutes", number(bands[b]))}),
                     sld_polygon(fills[b], kBandAlpha, colour)});
    lower = bands[b];
  }
  // Widest band first, so the inner ones are drawn over it.
  s.renderer =
      "<renderer-v2 type=\"graduatedSymbol\" attr=\"minutes\" graduatedMethod=\"GraduatedColor\" "
      "symbollevels=\"0\" enableorderby=\"1\" forceraster=\"0\"><ranges>" +
      ranges + "</ranges><symbols>" + symbols +
      "</symbols><mode name=\"manual\"/><orderby><orderByClause asc=\"0\" nullsFirst=\"0\">"
      "\"minutes\"</orderByClause></orderby></renderer-v2>";
  s.sld = sld_document("coverage", rules);
  return s;
}

LayerStyle facilities_style(const study::Study& study, std::size_t k) {
  LayerStyle s;
  s.layer = "facilities";
  s.geometry = Geometry::point;
  s.name = "facilities: " + category_id(study.plan, k);
  s.description =
      "Facilities of " + category_label(study.plan, k) + " by status: existing filled, planned hollow";
  const Rgb colour = category_colour(study.plan, k);
  const Rgb dark = map::facility_fill(colour);
  const Rgb white = map::rgb(0xffffff);
  struct Status {
    const char* value;
    const char* label;
    Rgb fill;
    double alpha;
    Rgb outline;
    double size_mm;
  };
  const Status statuses[] = {{"existing", "existing", dark, 1.0, white, 2.4},
                             {"planned", "planned", white, 1.0, dark, 2.4},
                             {"closed", "closed", map::rgb(0x969696), 0.6, white, 1.6}};
  std::string categories, symbols;
  std::vector<SldRule> rules;
  for (std::size_t i = 0; i < std::size(statuses); ++i) {
    const Status& st = statuses[i];
    const std::string id = std::to_string(i);
    categories += "<category value=\"" + std::string(st.value) + "\" symbol=\"" + id + "\" label=\"" +
                  st.label + "\" render=\"true\"/>";
    symbols += marker_symbol(id, st.fill, st.alpha, st.outline, st.size_mm);
    rules.push_back({st.label, sld_filter({sld_property("PropertyIsEqualTo", "status", st.value)}),
                     sld_point(st.fill, st.alpha, st.outline, st.size_mm * 3.78)});
  }
  s.renderer =
      "<renderer-v2 type=\"categorizedSymbol\" attr=\"status\" symbollevels=\"0\" enableorderby=\"0\" "
      "forceraster=\"0\"><categories>" +
      categories + "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
  s.sld = sld_document("facilities", rules);
  return s;
}

LayerStyle gaps_style(const study::Study& study, std::size_t k) {
  LayerStyle s;
  s.layer = "gaps";
  s.geometry = Geometry::point;
  s.name = "gaps: " + category_id(study.plan, k);
  s.description = "Residents outside the circle: a heat map weighted by population";
  const Rgb red = map::rgb(map::kUncoveredColour);
  const Rgb white = map::rgb(0xffffff);
  const Rgb mid = map::mix(white, red, 0.5);
  s.renderer =
      "<renderer-v2 type=\"heatmapRenderer\" radius=\"3\" radius_unit=\"0\" "
      "radius_map_unit_scale=\"3x:0,0,0,0,0,0\" max_value=\"0\" quality=\"2\" "
      "weight_expression=\"&quot;population&quot;\" enableorderby=\"0\" forceraster=\"0\">"
      "<colorramp type=\"gradient\" name=\"[source]\">" +
      prop("color1", qgis_colour(red, 0.0)) + prop("color2", qgis_colour(red, 0.9)) + prop("discrete", "0") +
      prop("rampType", "gradient") +
      prop("stops", "0.15;" + qgis_colour(mid, 0.35) + ":0.5;" + qgis_colour(red, 0.6)) +
      "</colorramp></renderer-v2>";
  // SLD has no heat map: small points in the maps' uncovered red.
  s.sld = sld_document("gaps", {{"uncovered residents", "", sld_point(red, 0.6, red, 3.0)}});
  return s;
}

LayerStyle isochrones_style(const study::Study& study, std::size_t k) {
  LayerStyle s;
  s.layer = "isochrones";
  s.name = "isochrones: " + category_id(study.plan, k);
  s.description = "Each facility's walking isochrones as outlines";
  const Rgb colour = category_colour(study.plan, k);
  s.renderer =
      "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
      "<symbols>" +
      fill_symbol("0", colour, 0.0, colour, 0.2) + "</symbols></renderer-v2>";
  s.sld = sld_document("isochrones", {{"isochrone", "", sld_polygon(colour, 0.0, colour)}});
  return s;
}

std::vector<LayerStyle> default_styles(const study::Study& study, const coverage::RunResult& result,
                                       bool isochrones) {
  const std::size_t all = study.plan.categories.size();
  std::vector<LayerStyle> styles{towns_style(study, result), facilities_style(study, all)};
  if (isochrones) styles.push_back(isochrones_style(study, all));
  styles.push_back(coverage_style(study, result, all));
  styles.push_back(gaps_style(study, all));
  return styles;
}

}  // namespace lifecircle::report::qgis
