#include "town_option.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle::cli {
namespace {

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string label(const io::Town& town) {
  return town.name.empty() ? town.code : town.code + " " + town.name;
}

std::string labels(const io::TownLayer& layer, const std::vector<std::uint32_t>& towns,
                   std::size_t limit = 20) {
  std::string out;
  for (std::size_t k = 0; k < towns.size() && k < limit; ++k)
    out += (k ? ", " : "") + label(layer.towns[towns[k]]);
  if (towns.size() > limit) out += ", ... (" + std::to_string(towns.size() - limit) + " more)";
  return out;
}

std::vector<std::uint32_t> matching(const io::TownLayer& layer, auto&& match) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t t = 0; t < layer.towns.size(); ++t) {
    if (match(layer.towns[t])) out.push_back(t);
  }
  return out;
}

}  // namespace

std::uint32_t resolve_town(const io::TownLayer& layer, const std::string& given) {
  const auto by_code = matching(layer, [&](const io::Town& t) { return t.code == given; });
  if (!by_code.empty()) return by_code.front();  // codes are unique (the towns loader checks)
  const auto by_name = matching(layer, [&](const io::Town& t) { return t.name == given; });
  if (by_name.size() == 1) return by_name.front();
  const std::string prefix = "--town " + given + ": ";
  if (by_name.size() > 1) {
    throw UsageError(prefix + std::to_string(by_name.size()) + " towns have this name (" +
                     labels(layer, by_name) + "): give the code");
  }
  const std::string folded = lower_ascii(given);
  const auto by_case = matching(layer, [&](const io::Town& t) {
    return lower_ascii(t.code) == folded || lower_ascii(t.name) == folded;
  });
  if (by_case.size() == 1) return by_case.front();
  const auto containing = matching(layer, [&](const io::Town& t) {
    return !folded.empty() && (lower_ascii(t.name).find(folded) != std::string::npos ||
                               lower_ascii(t.code).find(folded) != std::string::npos);
  });
  std::vector<std::uint32_t> all(layer.towns.size());
  for (std::uint32_t t = 0; t < all.size(); ++t) all[t] = t;
  const std::vector<std::uint32_t>& hint = by_case.size() > 1 ? by_case : containing;
  std::string what = prefix + (by_case.size() > 1 ? "several towns match it ignoring case"
                                                  : "no town has this code or name");
  if (!hint.empty()) what += "; did you mean " + labels(layer, hint, 5) + "?";
  throw UsageError(what + " (towns: " + labels(layer, all) + ")");
}

}  // namespace lifecircle::cli
