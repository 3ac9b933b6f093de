#include "lifecircle/io/walkability.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace lifecircle::io {
namespace {

// What one tag says about walking. The table below maps tags to these facts;
// classify_way() then applies the rule order to the facts (OSRM style: the
// tag knowledge is data, the decision is a few lines).
enum Fact : std::uint16_t {
  kHighwayWalkable = 1U << 0,      // a road or path people walk on
  kHighwayMotorway = 1U << 1,      // walkable only with an explicit foot=yes/...
  kHighwayTrunk = 1U << 2,         // walkable only with foot=yes/... or a sidewalk
  kHighwayNever = 1U << 3,         // not (yet, or any more) a way: no, whatever else is tagged
  kAreaHighwayWalkable = 1U << 4,  // area:highway=* square without a highway tag
  kAccessDenied = 1U << 5,         // no unless foot allows
  kFootAllowed = 1U << 6,
  kFootDenied = 1U << 7,
  kSidewalk = 1U << 8,  // a sidewalk on at least one side
  kArea = 1U << 9,      // area=yes: walked along its outline
};

struct TagRule {
  std::string_view key;
  std::string_view value;
  Fact fact;
};

// The keys the rules read, each looked up once.
constexpr std::array<std::string_view, 9> kKeys = {"highway",       "area:highway",   "access",
                                                   "foot",          "sidewalk",       "sidewalk:both",
                                                   "sidewalk:left", "sidewalk:right", "area"};

// clang-format off
constexpr std::array kRules = std::to_array<TagRule>({
    // Roads and paths walked by default (unless access or foot forbid).
    {"highway", "footway", kHighwayWalkable},       {"highway", "path", kHighwayWalkable},
    {"highway", "pedestrian", kHighwayWalkable},    {"highway", "steps", kHighwayWalkable},
    {"highway", "living_street", kHighwayWalkable}, {"highway", "residential", kHighwayWalkable},
    {"highway", "service", kHighwayWalkable},       {"highway", "unclassified", kHighwayWalkable},
    {"highway", "tertiary", kHighwayWalkable},      {"highway", "tertiary_link", kHighwayWalkable},
    {"highway", "secondary", kHighwayWalkable},     {"highway", "secondary_link", kHighwayWalkable},
    {"highway", "primary", kHighwayWalkable},       {"highway", "primary_link", kHighwayWalkable},
    {"highway", "track", kHighwayWalkable},         {"highway", "cycleway", kHighwayWalkable},
    {"highway", "road", kHighwayWalkable},          {"highway", "bridleway", kHighwayWalkable},
    {"highway", "corridor", kHighwayWalkable},      {"highway", "platform", kHighwayWalkable},
    // Motor roads.
    {"highway", "motorway", kHighwayMotorway},      {"highway", "motorway_link", kHighwayMotorway},
    {"highway", "trunk", kHighwayTrunk},            {"highway", "trunk_link", kHighwayTrunk},
    // Not a way to walk: not built, gone, or for something else entirely.
    {"highway", "construction", kHighwayNever},     {"highway", "proposed", kHighwayNever},
    {"highway", "planned", kHighwayNever},          {"highway", "abandoned", kHighwayNever},
    {"highway", "disused", kHighwayNever},          {"highway", "razed", kHighwayNever},
    {"highway", "raceway", kHighwayNever},          {"highway", "bus_guideway", kHighwayNever},
    {"highway", "busway", kHighwayNever},           {"highway", "escape", kHighwayNever},
    {"highway", "via_ferrata", kHighwayNever},
    // Pedestrian squares mapped only as areas.
    {"area:highway", "pedestrian", kAreaHighwayWalkable},
    {"area:highway", "footway", kAreaHighwayWalkable},
    // Access.
    {"access", "no", kAccessDenied},       {"access", "private", kAccessDenied},
    {"access", "military", kAccessDenied},
    {"foot", "yes", kFootAllowed},         {"foot", "designated", kFootAllowed},
    {"foot", "permissive", kFootAllowed},
    {"foot", "no", kFootDenied},           {"foot", "private", kFootDenied},
    {"foot", "use_sidepath", kFootDenied},  // the sidewalk is mapped as its own way
    // Sidewalks (sidewalk=separate is a way of its own, so it does not count here).
    {"sidewalk", "both", kSidewalk},       {"sidewalk", "left", kSidewalk},
    {"sidewalk", "right", kSidewalk},      {"sidewalk", "yes", kSidewalk},
    {"sidewalk:both", "yes", kSidewalk},   {"sidewalk:left", "yes", kSidewalk},
    {"sidewalk:right", "yes", kSidewalk},
    {"area", "yes", kArea},
});
// clang-format on

unsigned facts_of(const TagLookup& tags) {
  unsigned facts = 0;
  for (const std::string_view key : kKeys) {
    const char* value = tags.get(key);
    if (value == nullptr) continue;
    for (const TagRule& rule : kRules) {
      if (rule.key == key && rule.value == value) facts |= rule.fact;
    }
  }
  return facts;
}

bool has(unsigned facts, unsigned wanted) { return (facts & wanted) != 0; }

}  // namespace

Walkable classify_way(const TagLookup& tags) {
  const unsigned facts = facts_of(tags);
  const bool denied = has(facts, kFootDenied) || (has(facts, kAccessDenied) && !has(facts, kFootAllowed));
  if (tags.get("highway") == nullptr) {
    return has(facts, kAreaHighwayWalkable) && !denied ? Walkable::area_outline : Walkable::no;
  }
  if (has(facts, kHighwayNever) || denied) return Walkable::no;
  const bool walkable = has(facts, kFootAllowed) || has(facts, kHighwayWalkable) ||
                        (has(facts, kSidewalk) && !has(facts, kHighwayMotorway));
  if (!walkable) return Walkable::no;
  return has(facts, kArea) ? Walkable::area_outline : Walkable::line;
}

}  // namespace lifecircle::io
