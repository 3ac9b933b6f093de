#pragma once
// Roads as read, before they become a graph: polylines over shared vertices.
// Both the OSM reader and the GDAL line reader produce this; the graph builder
// consumes it.

#include <cstdint>
#include <string>
#include <vector>

namespace lifecircle::io {

struct RawVertex {
  double lon = 0.0;  // WGS84
  double lat = 0.0;
  std::int64_t source_id = 0;  // OSM node id, or 0 for vertices of GDAL lines
};

struct RawWay {
  std::int64_t source_id = 0;           // OSM way id, or the GDAL feature id
  std::vector<std::uint32_t> vertices;  // indices into RawRoads::vertices, >= 2
};

struct RawRoads {
  std::vector<RawVertex> vertices;
  std::vector<RawWay> ways;
  // Diagnostics of the read, for `info`.
  std::uint64_t ways_seen = 0;          // all ways in the file
  std::uint64_t ways_walkable = 0;      // kept by the tag table
  std::uint64_t ways_clipped = 0;       // walkable ways that referenced missing nodes
  std::uint64_t missing_node_refs = 0;  // node references not in the file
  // Copies of a node or way given more than once with the same content (as
  // merged extracts have), dropped: nodes on walkable ways, and ways.
  std::uint64_t duplicate_nodes = 0;
  std::uint64_t duplicate_ways = 0;
  std::vector<std::string> warnings;  // for Study::warnings and the report, without the file name
};

}  // namespace lifecircle::io
