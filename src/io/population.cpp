#include "lifecircle/io/population.hpp"

#include <gdal_priv.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/io/detail/ogr_layer.hpp"
#include "lifecircle/io/detail/source_crs.hpp"
#include "lifecircle/io/gcj02.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"

namespace lifecircle::io {
namespace {

// A cell or residential point with more people than this is a units or
// NODATA mistake (1e308, 3.4e38), not a place: the densest city blocks hold
// about 100,000 people per km².
constexpr double kMaxPeoplePerPoint = 100000.0;

bool is_plausible_population(double value) {
  return std::isfinite(value) && value >= 0.0 && value <= kMaxPeoplePerPoint;
}

std::string population_limit_text() {
  return "a population must be finite, from 0 to " + std::to_string(static_cast<long>(kMaxPeoplePerPoint)) +
         " people per cell or point";
}

std::string lon_lat_text(double lon, double lat) {
  std::array<char, 64> text{};
  std::snprintf(text.data(), text.size(), "lon %.6f, lat %.6f", lon, lat);
  return text.data();
}

bool is_raster(const std::filesystem::path& path) {
  detail::register_gdal_once();
  const detail::QuietGdal quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  return ds && ds->GetRasterCount() > 0;
}

// Raster cells -> points at their centres, reprojected to the working CRS.
PopulationLayer load_raster(const PopulationInput& input, const WorkingCrs& crs) {
  const InputLocation where{.path = input.path.string()};
  const detail::QuietGdal quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(input.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw InputError(where, "cannot be read as a raster (" + detail::last_gdal_error() + ")");
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None)
    throw InputError(where, "has no geotransform: cells cannot be placed");
  const bool gcj02 = input.crs == "gcj02";
  std::unique_ptr<OGRSpatialReference> srs;
  if (!input.crs.empty() && !gcj02) {
    srs = make_srs(input.crs);
  } else if (gcj02) {
    srs = make_srs("EPSG:4326");
  } else if (const OGRSpatialReference* own = ds->GetSpatialRef()) {
    srs.reset(own->Clone());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else {
    throw InputError(where, "has no CRS: declare one with crs = \"EPSG:...\" in [population]");
  }
  const Transformer to_wgs84(*srs, crs.wgs84());
  GDALRasterBand* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  const int width = band->GetXSize(), height = band->GetYSize();
  std::vector<double> row(static_cast<std::size_t>(width));
  PopulationLayer out;
  out.source = PopulationSource::raster;
  out.info = {input.path.string(),
              "",
              ds->GetDriver()->GetDescription(),
              gcj02 ? "GCJ-02 (converted to WGS84)" : detail::describe_srs(*srs),
              0,
              180,
              90,
              -180,
              -90};
  std::uint64_t unplaceable = 0;
  for (int r = 0; r < height; ++r) {
    if (band->RasterIO(GF_Read, 0, r, width, 1, row.data(), width, 1, GDT_Float64, 0, 0) != CE_None) {
      throw InputError({.path = input.path.string(), .feature = r + 1},
                       "row cannot be read (truncated file?)");
    }
    for (int c = 0; c < width; ++c) {
      const double value = row[static_cast<std::size_t>(c)];
      if ((has_nodata && value == nodata) || std::isnan(value)) {
        ++out.nodata_cells;
        continue;
      }
      if (value == 0.0) continue;
      double x = gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2];
      double y = gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5];
      const bool located = to_wgs84.transform(x, y);
      if (located && gcj02) gcj02_to_wgs84(x, y, x, y);
      if (!is_plausible_population(value)) {
        throw InputError(
            {.path = input.path.string(), .feature = static_cast<std::int64_t>(r) * width + c},
            "cell (row " + std::to_string(r) + ", column " + std::to_string(c) +
                (located ? ", " + lon_lat_text(x, y) : std::string(", outside its CRS's valid area")) +
                ") holds an impossible population (" + detail::format_number(value) +
                "): " + population_limit_text());
      }
      PopulationPoint p{0, 0, value};
      if (!located || !crs.to_metric(x, y, p.x, p.y)) {
        ++unplaceable;
        continue;
      }
      out.info.min_lon = std::min(out.info.min_lon, x);
      out.info.max_lon = std::max(out.info.max_lon, x);
      out.info.min_lat = std::min(out.info.min_lat, y);
      out.info.max_lat = std::max(out.info.max_lat, y);
      out.points.push_back(p);
      out.total += value;
    }
  }
  if (out.points.empty()) {
    throw InputError(
        where, "has no cell with people to place (" + std::to_string(width) + " x " + std::to_string(height) +
                   " cells, " + std::to_string(out.nodata_cells) + " NODATA" +
                   (unplaceable ? ", " + std::to_string(unplaceable) + " outside the working CRS's valid area"
                                : std::string()) +
                   "): wrong band, CRS or file?");
  }
  if (unplaceable) {
    throw InputError(where, std::to_string(unplaceable) +
                                " cells with people cannot be brought into the working CRS EPSG:" +
                                std::to_string(crs.epsg()) + ": is the raster's CRS right?");
  }
  out.info.feature_count = out.points.size();
  return out;
}

double population_of(const detail::OgrLayer& layer, const OGRFeature& f, int field, const std::string& name,
                     std::int64_t fid) {
  const detail::NumberValue v = layer.number(f, field);
  const InputLocation where = layer.where(fid, name);
  if (v.status == detail::NumberStatus::empty) return 0.0;
  if (v.status == detail::NumberStatus::not_finite) {
    throw InputError(where, "is not a finite number (" + v.text + "): " + population_limit_text());
  }
  if (v.status != detail::NumberStatus::ok) throw InputError(where, "is not a number ('" + v.text + "')");
  if (v.value < 0.0) throw InputError(where, "is negative (" + detail::format_number(v.value) + ")");
  if (!is_plausible_population(v.value)) {
    throw InputError(where,
                     "is implausible (" + detail::format_number(v.value) + "): " + population_limit_text());
  }
  return v.value;
}

PopulationLayer load_vector(const PopulationInput& input, const WorkingCrs& crs) {
  const detail::OgrLayer layer(input, "[population]");
  layer.require_features("no residents to place");
  const int field = layer.required_field(input.population_field, "population_field");
  const detail::SourceCrs source = detail::resolve_source_crs(layer, input.crs);
  const detail::PointConverter convert(source, crs);
  PopulationLayer out;
  detail::LonLatBox box;
  bool any_polygon = false;
  layer.layer().ResetReading();
  for (OGRFeatureUniquePtr f(layer.layer().GetNextFeature()); f; f.reset(layer.layer().GetNextFeature())) {
    const std::int64_t fid = f->GetFID();
    const double population = population_of(layer, *f, field, input.population_field, fid);
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) throw InputError(layer.where(fid), "has no geometry");
    OGRPoint at;
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    if (type == wkbPoint) {
      at = *g->toPoint();
    } else if (type == wkbPolygon || type == wkbMultiPolygon) {
      if (g->Centroid(&at) != OGRERR_NONE) throw InputError(layer.where(fid), "polygon has no centroid");
      any_polygon = true;
    } else {
      throw InputError(layer.where(fid), "has a " + detail::geometry_type_name(type) +
                                             " geometry; residents must be points or polygons");
    }
    PopulationPoint p{0, 0, population};
    double lon = 0, lat = 0;
    convert.to_wgs84(at.getX(), at.getY(), lon, lat, layer.where(fid));
    convert.to_working(lon, lat, p.x, p.y, layer.where(fid));
    box.add(lon, lat);
    out.points.push_back(p);
    out.total += population;
  }
  out.source = any_polygon ? PopulationSource::polygons : PopulationSource::points;
  out.info = detail::layer_info(layer, source, out.points.size(), box);
  return out;
}

}  // namespace

PopulationLayer load_population(const PopulationInput& input, const WorkingCrs& crs) {
  if (!std::filesystem::exists(input.path)) {
    throw InputError({.path = input.path.string()}, "does not exist (the plan's [population] path)");
  }
  require_regular_file(input.path, "population layer", DirectoryInput::allowed);
  return is_raster(input.path) ? load_raster(input, crs) : load_vector(input, crs);
}

std::string lon_lat_extent_text(const LayerInfo& info) {
  const auto degrees = [](double v) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.5f", v);
    return std::string(text.data());
  };
  return "lon " + degrees(info.min_lon) + " .. " + degrees(info.max_lon) + ", lat " + degrees(info.min_lat) +
         " .. " + degrees(info.max_lat);
}

void check_population_meets_towns(const PopulationLayer& population, const TownLayer& towns) {
  const LayerInfo& p = population.info;
  const LayerInfo& t = towns.info;
  if (population.points.empty()) return;
  const bool apart =
      p.max_lon < t.min_lon || p.min_lon > t.max_lon || p.max_lat < t.min_lat || p.min_lat > t.max_lat;
  if (!apart) return;
  throw InputError({.path = p.path, .layer = p.layer},
                   "does not overlap the towns: its people lie at " + lon_lat_extent_text(p) + " (CRS " +
                       p.crs + "), the towns of " + t.path + " at " + lon_lat_extent_text(t) +
                       " (wrong CRS, or a layer of another city?)");
}

}  // namespace lifecircle::io
