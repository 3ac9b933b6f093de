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

// The rule, in order (the tag table itself is data in walkability.cpp):
//  - no highway tag: area:highway=pedestrian/footway -> area_outline (unless
//    access/foot forbid, as below); anything else -> no;
//  - highway=construction/proposed/planned/abandoned/disused/razed/raceway/
//    bus_guideway/busway/escape/via_ferrata -> no, whatever else is tagged
//    (the way is not built, is gone, or is not for walking);
//  - foot=no/private/use_sidepath -> no (use_sidepath: the sidewalk is its own way);
//  - access=no/private/military and foot not yes/designated/permissive -> no;
//  - foot=yes/designated/permissive -> walkable;
//  - highway in {footway, path, pedestrian, steps, living_street, residential,
//    service, unclassified, tertiary(_link), secondary(_link), primary(_link),
//    track, cycleway, road, bridleway, corridor, platform} -> walkable;
//  - a sidewalk (sidewalk=both/left/right/yes, sidewalk:both/left/right=yes)
//    -> walkable on any other highway (trunk, unknown values) but motorway(_link);
//  - anything else (motorway(_link), trunk(_link) without sidewalk, unknown
//    highway values) -> no.
// A walkable way tagged area=yes (a pedestrian square) is area_outline: its
// closed outline is walked as a line. Platforms are kept: they are walked and
// usually touch the street they serve.
Walkable classify_way(const TagLookup& tags);

}  // namespace lifecircle::io
