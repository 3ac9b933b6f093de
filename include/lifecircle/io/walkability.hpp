#pragma once
// The tag table that decides whether an OSM way can be walked.

#include <string_view>

namespace lifecircle::io {

// Looks up a tag's value by key; returns nullptr when the tag is absent.
// Kept abstract so the rule works on libosmium's TagList and on test maps.
struct TagLookup {
  virtual ~TagLookup() = default;
  virtual const char* get(std::string_view key) const = 0;
};

enum class Walkable { no, line, area_outline };

// The rule, in order:
//  - no highway tag: walkable only as area outline when highway-like
//    pedestrian areas are tagged (area:highway=pedestrian/footway) -> area_outline;
//  - access=no/private and foot not yes/designated/permissive -> no;
//  - foot=no -> no;  foot=yes/designated/permissive -> walkable;
//  - highway=motorway/motorway_link/trunk/trunk_link -> no (unless foot allows);
//  - sidewalk=both/left/right/yes on any road -> walkable;
//  - highway in {footway, path, pedestrian, steps, living_street, residential,
//    service, unclassified, tertiary(_link), secondary(_link), primary(_link),
//    track, cycleway, road, bridleway, corridor, platform} -> walkable;
//    construction/proposed/abandoned/raceway/bus_guideway/escape -> no;
//  - highway=pedestrian or footway with area=yes -> area_outline.
Walkable classify_way(const TagLookup& tags);

}  // namespace lifecircle::io
