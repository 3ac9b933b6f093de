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
// A node or way id given more than once (files merged with `osmium cat`):
// identical copies are dropped, counted in duplicate_nodes / duplicate_ways
// and told in warnings; copies that differ (a node's coordinates, a way's node
// list or tags) are an InputError naming the id. Only the nodes of walkable
// ways are compared.
// Throws InputError naming the file for a missing, empty, truncated, corrupt
// or non-OSM file, for a file without a usable walkable way, and for a path
// that is not a regular file (a FIFO, a device, a directory).
RawRoads read_osm_roads(const std::filesystem::path& file);

// True when the path names an OSM file by its extension (.osm, .pbf, .osm.gz,
// .osm.bz2, .osc, .o5m): those are read here, any other roads file through GDAL.
bool is_osm_file(const std::filesystem::path& path);

}  // namespace lifecircle::io
