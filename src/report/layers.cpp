#include "lifecircle/report/layers.hpp"

#include <fcntl.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "detail/ogr_geometry.hpp"
#include "lifecircle/report/qgis_styles.hpp"
#include "lifecircle/report/targets_table.hpp"
#include "lifecircle/report/xlsx_tables.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/csv.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/output_folder.hpp"
#include "lifecircle/util/parallel.hpp"

namespace lifecircle::report {
namespace {

using detail::GeometryPtr;

struct Field {
  const char* name;
  OGRFieldType type;
};

// One output dataset: a GPKG file, or one GeoJSON file per layer.
class Sink {
 public:
  Sink(const study::Study& study, const OutputOptions& options, std::string population_model)
      : study_(study),
        options_(options),
        format_(output_format(options)),
        population_model_(std::move(population_model)),
        wgs84_(study.crs->srs(), "", options.crs) {
    std::error_code ec;
    if (options.datasource.empty()) std::filesystem::create_directories(options.dir, ec);
    if (ec)
      throw OutputError(options.dir.string() + ": cannot create the output folder (" + ec.message() + ")");
  }
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;
  // A run that failed before finish(): the datasets' transactions are rolled
  // back (closing a PostgreSQL datasource would commit them), files removed.
  ~Sink() {
    for (auto& open : open_) {
      if (open.in_transaction) open.dataset->RollbackTransaction();
    }
  }

  bool one_file_per_layer() const { return format_.layout == OutputLayout::file_per_layer; }

  // The single dataset of a one-file output (GeoPackage, or a datasource).
  GDALDataset& dataset() {
    if (open_.empty()) throw OutputError("no output dataset is open");
    return *open_.front().dataset;
  }

  OGRLayer* layer(const std::string& name, OGRwkbGeometryType type, const std::vector<Field>& fields) {
    GDALDataset* ds = dataset_for(name);
    CPLStringList layer_options = detail::gdal_options(options_.layer_creation_options);  // --lco
    if (format_.driver == "GeoJSON") layer_options.SetNameValue("RFC7946", "YES");
    OGRLayer* layer =
        ds->CreateLayer(name.c_str(), type == wkbNone ? nullptr : &wgs84_.srs(), type, layer_options.List());
    if (!layer) fail(name, "cannot create the layer");
    for (const Field& f : fields) {
      OGRFieldDefn defn(f.name, f.type);
      if (layer->CreateField(&defn) != OGRERR_NONE) fail(name, std::string("cannot create field ") + f.name);
    }
    return layer;
  }

  // Geometry from working-CRS WKB, in WGS84; multi-polygons stay multi.
  OGRGeometry* geometry(const std::string& wkb, bool force_multipolygon) {
    return decode(wkb, force_multipolygon, wgs84_.transformation()).release();
  }

  static GeometryPtr decode(const std::string& wkb, bool force_multipolygon,
                            OGRCoordinateTransformation& transform) {
    const auto reshape = [force_multipolygon](GeometryPtr g) {
      if (force_multipolygon) g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
      return g;
    };
    const auto message = [](detail::GeometryFault fault) {
      return std::string(fault == detail::GeometryFault::unreadable
                             ? "cannot decode a result geometry"
                             : "cannot transform a result geometry to WGS84");
    };
    return detail::wgs84_geometry(wkb, transform, reshape, message);
  }

  // Many geometries at once, decoded and transformed on the run's threads
  // (the transformation to WGS84 is most of writing the polygon layers);
  // each thread its own clone of the transformation, which is not thread-safe.
  std::vector<GeometryPtr> geometries(const std::vector<const std::string*>& wkbs, bool force_multipolygon) {
    std::vector<GeometryPtr> out(wkbs.size());
    FirstException failure("layer geometries");
    const int threads = options_.threads > 0 ? options_.threads : omp_get_max_threads();
    const auto count = static_cast<std::int64_t>(wkbs.size());
#pragma omp parallel num_threads(threads)
    {
      std::unique_ptr<OGRCoordinateTransformation> transform;
      failure.run([&] {
        transform.reset(wgs84_.transformation().Clone());
        if (!transform) throw OutputError("cannot copy the transformation to WGS84 for a thread");
      });
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t k = 0; k < count; ++k) {
        if (!transform || failure.failed()) continue;
        failure.run([&] { out[k] = decode(*wkbs[k], force_multipolygon, *transform); });
      }
    }
    failure.rethrow();
    return out;
  }

  OGRGeometry* point(double x, double y) {
    auto* p = new OGRPoint(x, y);
    if (p->transform(&wgs84_.transformation()) != OGRERR_NONE) {
      delete p;
      throw OutputError("cannot transform a point to WGS84");
    }
    return p;
  }

  void add(OGRLayer* layer, OGRFeature& feature) {
    if (layer->CreateFeature(&feature) != OGRERR_NONE) fail(layer->GetName(), CPLGetLastErrorMsg());
  }

  // Commits every dataset and moves its files into place.
  WrittenOutputs finish() {
    WrittenOutputs out;
    for (auto& open : open_) {
      if (open.in_transaction) {
        open.in_transaction = false;
        if (open.dataset->CommitTransaction() != OGRERR_NONE) {
          throw OutputError(target_name() + ": cannot commit the layers (" + CPLGetLastErrorMsg() + ")");
        }
      }
      open.dataset->FlushCache();
      open.dataset.reset();  // closes the file
      if (open.file) move_into_place(*open.file, out.files);
      out.layers.push_back(open.name);
    }
    open_.clear();
    return out;
  }

 private:
  struct Open {
    std::string name;
    std::unique_ptr<AtomicFile> file;  // its temporary path a folder, the driver's files inside
    GDALDatasetUniquePtr dataset;
    bool in_transaction = false;
  };

  [[noreturn]] void fail(const std::string& layer, const std::string& what) const {
    throw OutputError(target_name() + ": layer '" + layer + "': " + what);
  }

  std::string target_name() const {
    if (!options_.datasource.empty()) return options_.datasource;
    return (options_.dir / layer_file_names(format_).front()).string();
  }

  // The driver wrote its files (one, or a file with sidecars) into the
  // temporary folder under their final names: each is synced and renamed into
  // the output folder; the emptied folder goes with the AtomicFile.
  void move_into_place(const AtomicFile& file, std::vector<std::filesystem::path>& written) const {
    std::error_code ec;
    std::vector<std::filesystem::path> parts;
    for (const auto& entry : std::filesystem::directory_iterator(file.temp_path(), ec))
      parts.push_back(entry.path());
    std::sort(parts.begin(), parts.end());
    if (ec || parts.empty()) throw OutputError(file.target().string() + ": nothing was written");
    for (const auto& part : parts) {
      const std::filesystem::path target = options_.dir / part.filename();
      sync_file(part);
      std::filesystem::rename(part, target, ec);
      if (ec) throw OutputError(target.string() + ": cannot rename into place (" + ec.message() + ")");
      written.push_back(target);
    }
  }

  static void sync_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw OutputError(path.string() + ": cannot open to sync");
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) throw OutputError(path.string() + ": cannot sync to disk");
  }

  void describe(GDALDataset& ds) const {
    ds.SetMetadataItem("DESCRIPTION", ("lifecircle run of plan: " + study_.plan.name).c_str());
    const std::string attribution = study::road_attribution(study_.plan);
    if (!attribution.empty()) ds.SetMetadataItem("ATTRIBUTION", attribution.c_str());
    ds.SetMetadataItem("POPULATION_MODEL", population_model_.c_str());
  }

  CPLStringList dataset_options() const {
    return detail::gdal_options(options_.dataset_creation_options);
  }  // --dsco

  GDALDriver& driver() const {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format_.driver.c_str());
    if (!driver) throw OutputError("no GDAL driver " + format_.driver);
    return *driver;
  }

  // The datasource, opened for update (created when it is a file that does
  // not exist yet), in one transaction; with overwrite our earlier tables are
  // dropped inside it, so the old set stays until the new one commits.
  Open open_datasource() {
    Open open;
    const char* const allowed[] = {format_.driver.c_str(), nullptr};
    CPLErrorReset();
    open.dataset.reset(
        GDALDataset::Open(options_.datasource.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, allowed));
    if (!open.dataset)
      open.dataset.reset(
          driver().Create(options_.datasource.c_str(), 0, 0, 0, GDT_Unknown, dataset_options().List()));
    if (!open.dataset) {
      throw OutputError(options_.datasource + ": cannot open (" + CPLGetLastErrorMsg() + ")");
    }
    if (open.dataset->StartTransaction() != OGRERR_NONE) {
      throw OutputError(options_.datasource + ": cannot start a transaction (" + CPLGetLastErrorMsg() + ")");
    }
    open.in_transaction = true;
    for (const std::string& name : layer_names(true, true)) {
      // By name: the PostgreSQL driver lists tables without geometry only once asked for them.
      const OGRLayer* existing = open.dataset->GetLayerByName(name.c_str());
      if (existing == nullptr) continue;
      if (!options_.overwrite) {
        throw OutputError(options_.datasource + ": holds the table " + name +
                          " of an earlier run; give --overwrite to replace it");
      }
      int index = 0;
      while (index < open.dataset->GetLayerCount() && open.dataset->GetLayer(index) != existing) ++index;
      if (index == open.dataset->GetLayerCount() || open.dataset->DeleteLayer(index) != OGRERR_NONE) {
        throw OutputError(options_.datasource + ": cannot replace the table " + name + " (" +
                          CPLGetLastErrorMsg() + ")");
      }
    }
    describe(*open.dataset);
    return open;
  }

  Open open_file(const std::string& file_name) {
    Open open;
    const auto target = options_.dir / file_name;
    open.file = std::make_unique<AtomicFile>(target);
    std::error_code ec;
    std::filesystem::create_directory(open.file->temp_path(), ec);
    if (ec) throw OutputError(target.string() + ": cannot create a temporary folder (" + ec.message() + ")");
    const std::string path = (open.file->temp_path() / file_name).string();
    open.dataset.reset(driver().Create(path.c_str(), 0, 0, 0, GDT_Unknown, dataset_options().List()));
    if (!open.dataset) throw OutputError(target.string() + ": cannot create (" + CPLGetLastErrorMsg() + ")");
    describe(*open.dataset);
    // One transaction per file: fast inserts.
    if (open.dataset->TestCapability(ODsCTransactions) && open.dataset->StartTransaction() == OGRERR_NONE) {
      open.in_transaction = true;
    }
    return open;
  }

  GDALDataset* dataset_for(const std::string& layer_name) {
    if (!one_file_per_layer() && !open_.empty()) return open_.front().dataset.get();
    Open open;
    if (format_.layout == OutputLayout::datasource) {
      open = open_datasource();
    } else {
      open = open_file(one_file_per_layer() ? layer_name + "." + format_.extension
                                            : layer_file_names(format_).front());
    }
    open.name = layer_name;
    open_.push_back(std::move(open));
    return open_.back().dataset.get();
  }

  const study::Study& study_;
  const OutputOptions& options_;
  OutputFormat format_;
  std::string population_model_;
  detail::Wgs84 wgs84_;
  std::vector<Open> open_;
};

const char* status_name(io::FacilityStatus s) {
  switch (s) {
    case io::FacilityStatus::existing:
      return "existing";
    case io::FacilityStatus::planned:
      return "planned";
    case io::FacilityStatus::closed:
      return "closed";
  }
  return "";
}

void write_towns(Sink& sink, const study::Study& study, const coverage::RunResult& result) {
  std::vector<Field> fields{
      {"code", OFTString}, {"name", OFTString}, {"population", OFTReal}, {"area_km2", OFTReal}};
  std::vector<std::string> names;  // keep the strings alive for Field
  for (const auto& r : result.categories) {
    for (const char* suffix : {"_share", "_covered_pop", "_facilities", "_per_1000"})
      names.push_back(r.coverage.category + suffix);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    fields.push_back({names[i].c_str(), i % 4 == 2 ? OFTInteger : OFTReal});
  }
  fields.push_back({"composite_share", OFTReal});
  OGRLayer* layer = sink.layer("towns", wkbMultiPolygon, fields);
  for (std::size_t t = 0; t < study.towns.towns.size(); ++t) {
    const io::Town& town = study.towns.towns[t];
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("code", town.code.c_str());
    f.SetField("name", town.name.c_str());
    f.SetField("population", town.population);
    f.SetField("area_km2", result.town_area_m2[t] / 1e6);
    for (std::size_t k = 0; k < result.categories.size(); ++k) {
      const coverage::Totals& tt = result.categories[k].coverage.towns[t];
      f.SetField(names[4 * k].c_str(), tt.share());
      f.SetField(names[4 * k + 1].c_str(), tt.covered_population);
      f.SetField(names[4 * k + 2].c_str(), static_cast<int>(tt.facilities));
      if (!study.plan.categories[k].capacity_unit.empty() && tt.population > 0.0) {
        f.SetField(names[4 * k + 3].c_str(), tt.capacity / tt.population * 1000.0);
      }
    }
    const auto& c = result.composite;
    if (!c.basket.empty() && c.town_population[t] > 0.0) {
      f.SetField("composite_share", c.town_covered_population[t] / c.town_population[t]);
    }
    f.SetGeometryDirectly(sink.geometry(town.wkb, true));
    sink.add(layer, f);
  }
}

void write_facilities(Sink& sink, const study::Study& study, const coverage::RunResult& result) {
  OGRLayer* layer = sink.layer("facilities", wkbPoint,
                               {{"id", OFTString},
                                {"name", OFTString},
                                {"category", OFTString},
                                {"source_category", OFTString},
                                {"status", OFTString},
                                {"capacity", OFTReal},
                                {"town_code", OFTString},
                                {"on_network", OFTInteger},
                                {"snap_m", OFTReal},
                                {"reached_nodes", OFTInteger},
                                {"reachable_pop", OFTReal},
                                {"catchment_pop", OFTReal},
                                {"load_per_unit", OFTReal}});
  // Catchment population per city facility, from each category's multi-source result.
  std::vector<double> catchment(study.facilities.size(), NAN);
  for (const auto& r : result.categories) {
    for (std::size_t m = 0; m < r.coverage.members.facility.size(); ++m) {
      catchment[r.coverage.members.facility[m]] = r.coverage.catchment_population[m];
    }
  }
  for (std::size_t i = 0; i < study.facilities.size(); ++i) {
    const io::Facility& fac = study.facilities[i];
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("id", fac.id.c_str());
    f.SetField("name", fac.name.c_str());
    f.SetField("category", fac.category.c_str());
    f.SetField("source_category", fac.raw_category.c_str());
    f.SetField("status", status_name(fac.status));
    if (fac.capacity) f.SetField("capacity", *fac.capacity);
    const std::uint32_t town = result.facility_town[i];
    if (town != coverage::kNoTown) f.SetField("town_code", study.towns.towns[town].code.c_str());
    const auto& snap = study.facility_snaps[i].snap;
    f.SetField("on_network", snap ? 1 : 0);
    if (snap) f.SetField("snap_m", snap->distance_m);
    const coverage::FacilityIsochrone& iso = result.facilities[i];
    if (iso.computed) {
      f.SetField("reached_nodes", static_cast<int>(iso.reached_nodes));
      f.SetField("reachable_pop", iso.reachable_population);
    }
    if (std::isfinite(catchment[i])) {
      f.SetField("catchment_pop", catchment[i]);
      if (fac.capacity && *fac.capacity > 0.0) f.SetField("load_per_unit", catchment[i] / *fac.capacity);
    }
    f.SetGeometryDirectly(sink.point(fac.x, fac.y));
    sink.add(layer, f);
  }
}

void write_isochrones(Sink& sink, const study::Study& study, const coverage::RunResult& result) {
  OGRLayer* layer = sink.layer("isochrones", wkbMultiPolygon,
                               {{"facility_id", OFTString},
                                {"category", OFTString},
                                {"minutes", OFTReal},
                                {"area_km2", OFTReal},
                                {"reachable_pop", OFTReal}});
  // In batches of facilities: the batch's geometries are prepared in parallel, then inserted in order.
  constexpr std::size_t kBatch = 256;
  for (std::size_t first = 0; first < study.facilities.size(); first += kBatch) {
    const std::size_t end = std::min(first + kBatch, study.facilities.size());
    std::vector<const std::string*> wkbs;
    for (std::size_t i = first; i < end; ++i) {
      for (const std::string& wkb : result.facilities[i].band_wkb) wkbs.push_back(&wkb);
    }
    std::vector<GeometryPtr> geometries = sink.geometries(wkbs, true);
    std::size_t next = 0;
    for (std::size_t i = first; i < end; ++i) {
      const coverage::FacilityIsochrone& iso = result.facilities[i];
      for (std::size_t b = 0; b < iso.band_wkb.size(); ++b) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("facility_id", study.facilities[i].id.c_str());
        f.SetField("category", study.facilities[i].category.c_str());
        f.SetField("minutes", iso.band_minutes[b]);
        f.SetField("area_km2", iso.band_area_m2[b] / 1e6);
        if (b + 1 == iso.band_wkb.size()) f.SetField("reachable_pop", iso.reachable_population);
        f.SetGeometryDirectly(geometries[next++].release());
        sink.add(layer, f);
      }
    }
  }
}

void write_coverage(Sink& sink, const coverage::RunResult& result) {
  OGRLayer* layer = sink.layer("coverage", wkbMultiPolygon,
                               {{"category", OFTString}, {"minutes", OFTReal}, {"area_km2", OFTReal}});
  std::vector<const std::string*> wkbs;
  for (const auto& r : result.categories) {
    for (const std::string& wkb : r.band_wkb) wkbs.push_back(&wkb);
  }
  std::vector<GeometryPtr> geometries = sink.geometries(wkbs, true);
  std::size_t next = 0;
  for (const auto& r : result.categories) {
    for (std::size_t b = 0; b < r.band_wkb.size(); ++b) {
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("category", r.coverage.category.c_str());
      f.SetField("minutes", r.band_minutes[b]);
      f.SetField("area_km2", r.band_area_m2[b] / 1e6);
      f.SetGeometryDirectly(geometries[next++].release());
      sink.add(layer, f);
    }
  }
}

// The uncovered demand, summed per category on a grid of kGapCellM cells (and
// town), at the population-weighted centre of each cell: the map of where the
// people left outside live, without one feature per street chunk.
constexpr double kGapCellM = 250.0;

struct GapCell {
  double population = 0.0, weighted_x = 0.0, weighted_y = 0.0;
  std::uint32_t points = 0;
};

void write_gaps(Sink& sink, const study::Study& study, const coverage::RunResult& result) {
  OGRLayer* layer = sink.layer("gaps", wkbPoint,
                               {{"category", OFTString},
                                {"town_code", OFTString},
                                {"population", OFTReal},
                                {"demand_points", OFTInteger},
                                {"cell_m", OFTReal}});
  for (const auto& r : result.categories) {
    // Ordered map: a deterministic feature order.
    std::map<std::tuple<std::int64_t, std::int64_t, std::uint32_t>, GapCell> cells;
    for (std::size_t i = 0; i < result.demand.points.size(); ++i) {
      if (r.coverage.demand_facility[i] != routing::kNoLabel) continue;
      const coverage::DemandPoint& p = result.demand.points[i];
      GapCell& cell = cells[{static_cast<std::int64_t>(std::floor(p.x / kGapCellM)),
                             static_cast<std::int64_t>(std::floor(p.y / kGapCellM)), p.town}];
      cell.population += p.population;
      cell.weighted_x += p.population * p.x;
      cell.weighted_y += p.population * p.y;
      ++cell.points;
    }
    for (const auto& [key, cell] : cells) {
      if (!(cell.population > 0.0)) continue;
      OGRFeature f(layer->GetLayerDefn());
      f.SetField("category", r.coverage.category.c_str());
      f.SetField("town_code", study.towns.towns[std::get<2>(key)].code.c_str());
      f.SetField("population", cell.population);
      f.SetField("demand_points", static_cast<int>(cell.points));
      f.SetField("cell_m", kGapCellM);
      f.SetGeometryDirectly(sink.point(cell.weighted_x / cell.population, cell.weighted_y / cell.population));
      sink.add(layer, f);
    }
  }
}

void write_indicator_table(Sink& sink, const std::vector<IndicatorRow>& rows) {
  OGRLayer* layer = sink.layer("indicators", wkbNone,
                               {{"category", OFTString},
                                {"town_code", OFTString},
                                {"town_name", OFTString},
                                {"measure", OFTString},
                                {"value", OFTReal}});
  for (const IndicatorRow& r : rows) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("category", r.category.c_str());
    f.SetField("town_code", r.town_code.c_str());
    f.SetField("town_name", r.town_name.c_str());
    f.SetField("measure", r.measure.c_str());
    f.SetField("value", r.value);
    sink.add(layer, f);
  }
}

// The test hooks after each layer: LIFECIRCLE_TEST_KILL_AT=<stage> kills the
// process (SIGKILL), LIFECIRCLE_TEST_FAIL_AT=<stage> throws, as a full disk would.
void layer_written_test_point(const std::string& stage) {
  test_kill_point(stage.c_str());
  const char* fail_at = std::getenv("LIFECIRCLE_TEST_FAIL_AT");
  if (fail_at != nullptr && stage == fail_at) throw OutputError("test failure injected at " + stage);
}

}  // namespace

WrittenOutputs write_layers(const study::Study& study, const coverage::RunResult& result,
                            const std::vector<IndicatorRow>& rows, const OutputOptions& options,
                            const coverage::TargetCheck* targets) {
  Sink sink(study, options, to_string(result.demand.kind) + ": " + result.demand.description);
  const auto written_layer = [](const char* name) { layer_written_test_point(std::string("layer:") + name); };
  write_towns(sink, study, result);
  written_layer("towns");
  write_facilities(sink, study, result);
  written_layer("facilities");
  if (options.isochrones) {
    write_isochrones(sink, study, result);
    written_layer("isochrones");
  }
  write_coverage(sink, result);
  written_layer("coverage");
  write_gaps(sink, study, result);
  written_layer("gaps");
  if (!sink.one_file_per_layer()) {
    write_indicator_table(sink, rows);
    written_layer("indicators");
    if (targets) write_targets_layer(sink.dataset(), *targets);
  }
  // GPKG only: the styles in its layer_styles table, inside its transaction; lifecircle.qgz beside it.
  const std::vector<std::filesystem::path> qgis =
      sink.one_file_per_layer() ? std::vector<std::filesystem::path>{}
                                : write_qgis_files(sink.dataset(), study, result, options.dir);
  WrittenOutputs written = sink.finish();
  written.files.insert(written.files.end(), qgis.begin(), qgis.end());
  if (options.datasource.empty()) {
    const auto csv = options.dir / "indicators.csv";
    const std::string indicators = indicators_csv(rows);
    write_csv_file(csv, indicators, options.csv_bom);
    written.files.push_back(csv);
    std::vector<XlsxSheet> sheets{csv_sheet("indicators", indicators), towns_sheet(study, result)};
    if (targets) {
      const auto targets_csv_path = options.dir / "targets.csv";
      const std::string table = targets_csv(*targets);
      write_csv_file(targets_csv_path, table, options.csv_bom);
      written.files.push_back(targets_csv_path);
      sheets.push_back(csv_sheet("targets", table));
    }
    const auto workbook = options.dir / "lifecircle.xlsx";
    write_xlsx(workbook, sheets);
    written.files.push_back(workbook);
  }
  return written;
}

}  // namespace lifecircle::report
