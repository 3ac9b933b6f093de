#include "lifecircle/map/colour.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace lifecircle::map {
namespace {

// Distinct, print-safe hues; red is kept for uncovered residents.
constexpr std::array<std::uint32_t, 10> kPalette = {0x2166ac, 0x1a9850, 0x762a83, 0xe08214, 0x01665e,
                                                    0x8c510a, 0xc51b7d, 0x35478c, 0x7f8c1f, 0x4d4d4d};

// ColorBrewer YlGnBu, 5 classes: low share light, high share dark.
constexpr std::array<std::uint32_t, kShareClasses> kShareColours = {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8,
                                                                    0x253494};
constexpr std::array<double, kShareClasses + 1> kShareBreaks = {0.0, 0.5, 0.7, 0.85, 0.95, 1.0};

constexpr Rgb kWhite{1.0, 1.0, 1.0};
constexpr Rgb kBlack{0.0, 0.0, 0.0};

}  // namespace

Rgb rgb(std::uint32_t hex) {
  return {static_cast<double>((hex >> 16) & 0xffu) / 255.0, static_cast<double>((hex >> 8) & 0xffu) / 255.0,
          static_cast<double>(hex & 0xffu) / 255.0};
}

std::uint32_t to_hex(Rgb c) {
  auto channel = [](double v) {
    return static_cast<std::uint32_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
  };
  return (channel(c.r) << 16) | (channel(c.g) << 8) | channel(c.b);
}

Rgb mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Rgb category_colour(const io::Plan& plan, std::size_t index) {
  if (index < plan.categories.size()) {
    const auto it = plan.maps.category_colours.find(plan.categories[index].id);
    if (it != plan.maps.category_colours.end()) return rgb(it->second);
  }
  return rgb(kPalette[index % kPalette.size()]);
}

std::vector<Rgb> band_fills(Rgb category, std::size_t bands) {
  std::vector<Rgb> fills;
  if (bands == 1) return {mix(kWhite, category, 0.45)};
  // From 70 % of the colour (innermost) down to 25 % (the full budget).
  for (std::size_t i = 0; i < bands; ++i) {
    const double t = 0.70 - 0.45 * static_cast<double>(i) / static_cast<double>(bands - 1);
    fills.push_back(mix(kWhite, category, t));
  }
  return fills;
}

Rgb facility_fill(Rgb category) { return mix(category, kBlack, 0.35); }

std::size_t share_class(double share) {
  for (std::size_t k = 1; k < kShareClasses; ++k) {
    if (share < kShareBreaks[k]) return k - 1;
  }
  return kShareClasses - 1;
}

Rgb share_class_colour(std::size_t k) { return rgb(kShareColours[std::min(k, kShareClasses - 1)]); }

std::string share_class_label(std::size_t k) {
  k = std::min(k, kShareClasses - 1);
  const auto percent = [](double v) { return std::to_string(static_cast<int>(std::lround(v * 100.0))); };
  return percent(kShareBreaks[k]) + "–" + percent(kShareBreaks[k + 1]) + "%";
}

}  // namespace lifecircle::map
