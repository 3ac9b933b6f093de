#pragma once
// Reads the walkable ways of an OpenStreetMap file (.osm.pbf, .osm, .osm.gz,
// .osm.bz2) with libosmium.

#include <filesystem>

#include "lifecircle/io/raw_roads.hpp"

namespace lifecircle::io {

// Walkable ways only (see walkability.hpp), in file order, each with its OSM
// way id; vertices de-duplicated by OSM node id, numbered in order of first
// use. Ways referencing nodes missing from the file (box-cut extracts) or
// nodes without valid coordinates are clipped to their present stretches:
// each stretch of >= 2 consecutive present nodes becomes a way with the same
// id (ways_clipped, missing_node_refs count these, over walkable ways only).
// A node repeated consecutively is kept once. The file need not be sorted.
// Throws InputError naming the file for a missing, empty, truncated, corrupt
// or non-OSM file, and for a file without a usable walkable way.
RawRoads read_osm_roads(const std::filesystem::path& file);

}  // namespace lifecircle::io
