#pragma once
// Colours of the maps: one per category (the plan's [maps.colours], else a
// fixed palette), lighter-to-darker shades for nested coverage bands, and the
// classes of the per-town coverage-share choropleth.

#include <cstdint>
#include <string>
#include <vector>

#include "lifecircle/io/plan.hpp"

namespace lifecircle::map {

struct Rgb {
  double r = 0.0, g = 0.0, b = 0.0;  // 0..1
};

Rgb rgb(std::uint32_t hex);        // 0xRRGGBB
std::uint32_t to_hex(Rgb colour);  // rounded to 8 bits per channel
Rgb mix(Rgb a, Rgb b, double t);   // a at t = 0, b at t = 1

// The plan's colour of category `index` (plan order), else the palette's.
Rgb category_colour(const io::Plan& plan, std::size_t index);

// Fills of nested bands, smallest band first: the smallest (innermost) is
// the darkest, the full budget the lightest.
std::vector<Rgb> band_fills(Rgb category, std::size_t bands);

// The fill of an existing facility's symbol: the category colour, darker.
Rgb facility_fill(Rgb category);

// Fixed classes of coverage share (a planner reads "85-95 %" more readily than
// quantiles that change between maps): [0, 50), [50, 70), [70, 85), [85, 95), [95, 100].
inline constexpr std::size_t kShareClasses = 5;
std::size_t share_class(double share);         // share in 0..1
Rgb share_class_colour(std::size_t k);         // k from share_class(); light (low) to dark (high)
std::string share_class_label(std::size_t k);  // e.g. "85–95%"

// Fixed colours shared by every map.
inline constexpr std::uint32_t kUncoveredColour = 0xd7301f;  // uncovered residents
inline constexpr std::uint32_t kNewlyCoveredColour = 0x1a9850;
inline constexpr std::uint32_t kNewSiteColour = 0xffc20e;
inline constexpr std::uint32_t kShortOfTargetColour = 0xd7301f;
inline constexpr std::uint32_t kTownFillColour = 0xf4f4f1;
inline constexpr std::uint32_t kNoResidentsColour = 0xd9d9d9;

}  // namespace lifecircle::map
