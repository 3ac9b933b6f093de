#pragma once
// Facilities: points with category, name, optional capacity and status, from
// a GDAL point layer or a CSV/XLSX with longitude/latitude columns.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/io/crs.hpp"
#include "lifecircle/io/layer_info.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

enum class FacilityStatus { existing, planned, closed };

struct Facility {
  // From the id field, or "<file name>:<feature>" when absent or empty (made
  // "<file name>#<entry>:<feature>" when two inputs share the file name; see
  // check_facility_inputs, which also makes ids unique across inputs).
  std::string id;
  bool id_generated = false;  // `id` was made from the file name and feature (see check_facility_inputs)
  std::string name;
  std::string category;      // plan category id (already mapped)
  std::string raw_category;  // value as in the file
  std::optional<double> capacity;
  FacilityStatus status = FacilityStatus::existing;
  double lon = 0, lat = 0;   // WGS84 (after GCJ-02 conversion if declared)
  double x = 0, y = 0;       // working CRS
  std::int64_t feature = 0;  // FID or 1-based data row, for messages
  std::uint32_t input = 0;   // its [[facilities]] entry in the plan (set by check_facility_inputs)
};

struct FacilityLayer {
  LayerInfo info;
  std::vector<Facility> facilities;
  std::vector<std::string> warnings;  // e.g. "the declared crs EPSG:4490 overrides the file's EPSG:4326"
};

// Categories are mapped with plan.categories[*].values (trimmed, exact), or a
// category's id itself; a value no category claims is an InputError naming the
// row (unknown category). Throws also for missing lon/lat fields, NaN or
// out-of-range coordinates, coordinates that look swapped (lat in the lon
// column), non-numeric or negative capacity, an unknown status, duplicate ids,
// an empty layer. For CSV/XLSX the feature number in messages and in
// Facility::feature is the 1-based data row (the header row is not counted).
FacilityLayer load_facilities(const FacilitiesInput& input, const std::vector<Category>& categories,
                              const WorkingCrs& crs);

}  // namespace lifecircle::io
