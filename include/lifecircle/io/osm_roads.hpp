#pragma once
// Reads the walkable ways of an OpenStreetMap file (.osm.pbf, .osm, .osm.gz,
// .osm.bz2) with libosmium.

#include <filesystem>

#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::io {

// Walkable ways only (see walkability.hpp), vertices de-duplicated by OSM node
// id. Ways referencing nodes missing from the file are clipped to their
// present stretches (each stretch of >= 2 consecutive present nodes becomes a
// way). Throws InputError for a missing, truncated or non-OSM file.
RawRoads read_osm_roads(const std::filesystem::path& file);

}  // namespace lifecircle::io
