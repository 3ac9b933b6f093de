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
#include <vector>

#include "lifecircle/io/detail/field_values.hpp"
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
  //
  // Text is read in ref.encoding: by the driver where it has an ENCODING
  // open option (Shapefile), else recoded here (CPLRecode), field names and
  // values alike. `encoding_setting` says, for the hint when text is not
  // UTF-8, where the encoding is set: a plan table such as "[towns]", or an
  // option such as "--candidates-encoding".
  explicit OgrLayer(const LayerRef& ref, std::string encoding_setting = {});

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

  // A text field's trimmed value ("" when null), in UTF-8; throws InputError
  // when it is not UTF-8 and no encoding was given (a CSV saved as GBK by
  // Excel, say), with the value as GB18030 and the key to set when it is that.
  std::string text(const OGRFeature& feature, int field, std::int64_t feature_number) const;

  // A field's value as a number (detail::number_value), its text recoded to
  // UTF-8 for messages when the layer's encoding is given.
  NumberValue number(const OGRFeature& feature, int field) const;

  // A field's name, in UTF-8 when the layer's encoding is given.
  const std::string& field_name(int field) const { return field_names_.at(static_cast<std::size_t>(field)); }

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
  std::string encoding_;          // as the plan gives it; "" for none
  std::string encoding_setting_;  // for messages, e.g. "[towns]"
  bool recode_ = false;           // values and names are recoded here (the driver does not)
  std::vector<std::string> field_names_;

  std::string set_encoding(const std::string& encoding) const;
  std::string not_utf8(std::string_view bytes) const;
};

}  // namespace lifecircle::io::detail
