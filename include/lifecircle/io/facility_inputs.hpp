#pragma once
// The plan's facility inputs taken together: what no single layer can check.
// A facility counted twice doubles counts and capacity (places per 1,000
// residents, "N homes of 28") and passes a target that is not met, so the
// inputs must not overlap.

#include <span>
#include <string>
#include <vector>

#include "lifecircle/io/facilities.hpp"
#include "lifecircle/io/plan.hpp"

namespace lifecircle::io {

// layers[k] is what load_facilities read for plan.facilities[k]. Checks, in
// this order, and throws InputError for:
// - the same file and layer named by two [[facilities]] entries (the same
//   file by its canonical path, so another spelling or a hard link counts);
//   the location is the plan file and the later entry's path key, and the
//   message names both entries and the file;
// - an id used in two inputs ("repeats id"); the location is the later input's feature and
//   id field, and the message names the id and both files.
// Generated ids ("<file name>:<feature>", for facilities without an id) are
// unique within an input; when two inputs share a file name (x/a.csv and
// y/a.csv, or two layers of one GeoPackage) their generated ids become
// "<file name>#<entry>:<feature>", entry the 1-based [[facilities]] entry, so
// they never collide. Sets every Facility::input to its entry.
// Returns the warnings: per pair of inputs, the facilities with the same
// category and name within 1 m of one in an earlier input (likely one
// facility in two files), with their count and the first one's id.
std::vector<std::string> check_facility_inputs(const Plan& plan, std::span<FacilityLayer> layers);

}  // namespace lifecircle::io
