#include "lifecircle/io/walkability.hpp"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace lifecircle::io {
namespace {

class MapTags final : public TagLookup {
 public:
  explicit MapTags(std::map<std::string, std::string, std::less<>> tags) : tags_(std::move(tags)) {}
  const char* get(std::string_view key) const override {
    const auto it = tags_.find(key);
    return it == tags_.end() ? nullptr : it->second.c_str();
  }

 private:
  std::map<std::string, std::string, std::less<>> tags_;
};

struct TagRow {
  std::vector<std::pair<std::string, std::string>> tags;
  Walkable expected;
};

const char* name_of(Walkable walkable) {
  switch (walkable) {
    case Walkable::no:
      return "no";
    case Walkable::line:
      return "line";
    case Walkable::area_outline:
      return "area_outline";
  }
  return "?";
}

// Printed by gtest when a row fails: "highway=trunk sidewalk=both -> line".
std::ostream& operator<<(std::ostream& out, const TagRow& row) {
  for (const auto& [key, value] : row.tags) out << key << '=' << value << ' ';
  return out << "-> " << name_of(row.expected);
}

class WalkabilityTable : public ::testing::TestWithParam<TagRow> {};

TEST_P(WalkabilityTable, ClassifiesTags) {
  const TagRow& row = GetParam();
  const MapTags tags({row.tags.begin(), row.tags.end()});
  EXPECT_STREQ(name_of(classify_way(tags)), name_of(row.expected));
}

constexpr Walkable no = Walkable::no;
constexpr Walkable line = Walkable::line;
constexpr Walkable area = Walkable::area_outline;

// clang-format off
INSTANTIATE_TEST_SUITE_P(Walkability, WalkabilityTable, ::testing::Values(
    // Not a road at all.
    TagRow{{}, no},
    TagRow{{{"building", "yes"}}, no},
    TagRow{{{"name", "东门路"}, {"foot", "yes"}}, no},
    TagRow{{{"area:highway", "pedestrian"}}, area},
    TagRow{{{"area:highway", "footway"}}, area},
    TagRow{{{"area:highway", "primary"}}, no},
    TagRow{{{"area:highway", "pedestrian"}, {"access", "private"}}, no},
    // Paths and streets walked by default.
    TagRow{{{"highway", "footway"}}, line},
    TagRow{{{"highway", "path"}}, line},
    TagRow{{{"highway", "pedestrian"}}, line},
    TagRow{{{"highway", "steps"}}, line},
    TagRow{{{"highway", "living_street"}}, line},
    TagRow{{{"highway", "residential"}}, line},
    TagRow{{{"highway", "service"}}, line},
    TagRow{{{"highway", "unclassified"}}, line},
    TagRow{{{"highway", "tertiary"}}, line},
    TagRow{{{"highway", "tertiary_link"}}, line},
    TagRow{{{"highway", "secondary"}}, line},
    TagRow{{{"highway", "secondary_link"}}, line},
    TagRow{{{"highway", "primary"}}, line},
    TagRow{{{"highway", "primary_link"}}, line},
    TagRow{{{"highway", "track"}}, line},
    TagRow{{{"highway", "cycleway"}}, line},
    TagRow{{{"highway", "road"}}, line},
    TagRow{{{"highway", "bridleway"}}, line},
    TagRow{{{"highway", "corridor"}}, line},
    TagRow{{{"highway", "platform"}}, line},
    // Squares: the outline is walked.
    TagRow{{{"highway", "pedestrian"}, {"area", "yes"}}, area},
    TagRow{{{"highway", "footway"}, {"area", "yes"}}, area},
    TagRow{{{"highway", "platform"}, {"area", "yes"}}, area},
    TagRow{{{"highway", "pedestrian"}, {"area", "no"}}, line},
    TagRow{{{"highway", "pedestrian"}, {"area", "yes"}, {"access", "no"}}, no},
    // Motor roads.
    TagRow{{{"highway", "motorway"}}, no},
    TagRow{{{"highway", "motorway_link"}}, no},
    TagRow{{{"highway", "trunk"}}, no},
    TagRow{{{"highway", "trunk_link"}}, no},
    TagRow{{{"highway", "motorway"}, {"foot", "yes"}}, line},
    TagRow{{{"highway", "trunk"}, {"foot", "designated"}}, line},
    TagRow{{{"highway", "motorway"}, {"sidewalk", "both"}}, no},
    TagRow{{{"highway", "trunk"}, {"sidewalk", "both"}}, line},
    TagRow{{{"highway", "trunk"}, {"sidewalk", "right"}}, line},
    TagRow{{{"highway", "trunk"}, {"sidewalk:left", "yes"}}, line},
    TagRow{{{"highway", "trunk"}, {"sidewalk", "separate"}}, no},
    TagRow{{{"highway", "trunk"}, {"sidewalk", "no"}}, no},
    // Access and foot.
    TagRow{{{"highway", "service"}, {"access", "private"}}, no},
    TagRow{{{"highway", "residential"}, {"access", "no"}}, no},
    TagRow{{{"highway", "track"}, {"access", "military"}}, no},
    TagRow{{{"highway", "service"}, {"access", "private"}, {"foot", "yes"}}, line},
    TagRow{{{"highway", "service"}, {"access", "no"}, {"foot", "permissive"}}, line},
    TagRow{{{"highway", "service"}, {"access", "destination"}}, line},
    TagRow{{{"highway", "track"}, {"access", "agricultural"}}, line},
    TagRow{{{"highway", "primary"}, {"foot", "no"}}, no},
    TagRow{{{"highway", "primary"}, {"access", "yes"}, {"foot", "no"}}, no},
    TagRow{{{"highway", "footway"}, {"foot", "private"}}, no},
    TagRow{{{"highway", "secondary"}, {"foot", "use_sidepath"}}, no},
    TagRow{{{"highway", "secondary"}, {"foot", "use_sidepath"}, {"sidewalk", "both"}}, no},
    TagRow{{{"highway", "cycleway"}, {"foot", "no"}}, no},
    // Not built, gone, or not for walking: no even with foot=yes.
    TagRow{{{"highway", "construction"}}, no},
    TagRow{{{"highway", "construction"}, {"foot", "yes"}}, no},
    TagRow{{{"highway", "proposed"}}, no},
    TagRow{{{"highway", "abandoned"}}, no},
    TagRow{{{"highway", "raceway"}}, no},
    TagRow{{{"highway", "bus_guideway"}}, no},
    TagRow{{{"highway", "escape"}}, no},
    TagRow{{{"highway", "proposed"}, {"sidewalk", "both"}}, no},
    // Unknown highway values: only with foot or a sidewalk.
    TagRow{{{"highway", "services"}}, no},
    TagRow{{{"highway", "yes"}, {"foot", "yes"}}, line},
    TagRow{{{"highway", "services"}, {"sidewalk", "yes"}}, line}));
// clang-format on

}  // namespace
}  // namespace lifecircle::io
