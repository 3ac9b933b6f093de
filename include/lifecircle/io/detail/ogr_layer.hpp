#pragma once
// Opening one vector layer of a GDAL dataset for the loaders, with the
// dataset owned by GDALDatasetUniquePtr and every fault an InputError that
// names the file, the layer and (where there is one) the field.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lifecircle/io/plan.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::io::detail {

// GDALAllRegister(), once per process.
void register_gdal_once();

// Keeps GDAL from printing to stderr while it lives (this thread only); the
// last message is still available from last_gdal_error().
class QuietGdal {
 public:
  QuietGdal();
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;

 private:
  CPLErrorHandlerPusher pusher_;
};

// GDAL's last error message, or "" when there is none.
std::string last_gdal_error();

// How a layer's attribute table is to be read.
enum class LayerKind {
  features,  // a GIS layer: geometry from the layer
  table,     // CSV / XLSX / ODS or a layer without geometry: coordinates in columns, all read as text
};

// "Point", "LineString", "MultiPolygon" ... for messages (2D name of the flat type).
std::string geometry_type_name(OGRwkbGeometryType type);

class OgrLayer {
 public:
  // Opens ref.path and picks ref.layer, or the only layer. Throws InputError
  // for a missing file, a file GDAL cannot read, a missing layer, or several
  // layers and none named (the message lists the layer names).
  explicit OgrLayer(const LayerRef& ref);

  OGRLayer& layer() const noexcept { return *layer_; }
  const OGRFeatureDefn& definition() const noexcept { return *layer_->GetLayerDefn(); }
  const std::string& path() const noexcept { return path_; }
  const std::string& layer_name() const noexcept { return layer_name_; }
  const std::string& driver() const noexcept { return driver_; }
  LayerKind kind() const noexcept { return kind_; }

  // A location in this layer for messages.
  InputLocation where(std::optional<std::int64_t> feature = std::nullopt, std::string field = {}) const;

  // Index of a field that must exist; throws InputError listing the layer's
  // fields when it does not. `role` says what it is for, e.g. "population_field".
  int required_field(const std::string& name, std::string_view role) const;
  // Index of a field, or std::nullopt when the name is empty or absent.
  std::optional<int> optional_field(const std::string& name) const;
  // Required when a name is given: std::nullopt for an empty name, else as required_field.
  std::optional<int> configured_field(const std::string& name, std::string_view role) const;

  // A text field's trimmed value ("" when null); throws InputError when it is
  // not UTF-8 (a CSV saved as GBK by Excel, say).
  std::string text(const OGRFeature& feature, int field, std::int64_t feature_number) const;

  // Throws InputError "has no features: <consequence>" for an empty layer.
  void require_features(std::string_view consequence) const;

  // "code, name, population"
  std::string field_names() const;

 private:
  GDALDatasetUniquePtr dataset_;
  OGRLayer* layer_ = nullptr;  // owned by dataset_
  std::string path_;
  std::string layer_name_;
  std::string driver_;
  LayerKind kind_ = LayerKind::features;
};

}  // namespace lifecircle::io::detail
