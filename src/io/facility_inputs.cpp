#include "lifecircle/io/facility_inputs.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "lifecircle/util/error.hpp"

namespace lifecircle::io {
namespace {

constexpr double kSamePointM = 1.0;

std::string entry(std::size_t k) { return "facilities[" + std::to_string(k) + "]"; }

// Whether two plan entries read the same file (by canonical path; a GDAL
// connection string that is no file compares as text) and the same layer.
bool same_input(const FacilitiesInput& a, const FacilitiesInput& b) {
  if (a.layer != b.layer) return false;
  std::error_code error;
  const bool same = std::filesystem::equivalent(a.path, b.path, error);
  return error ? a.path.lexically_normal() == b.path.lexically_normal() : same;
}

void check_distinct_files(const Plan& plan) {
  for (std::size_t k = 1; k < plan.facilities.size(); ++k) {
    for (std::size_t j = 0; j < k; ++j) {
      if (!same_input(plan.facilities[j], plan.facilities[k])) continue;
      const std::string layer =
          plan.facilities[k].layer.empty() ? std::string() : " (layer '" + plan.facilities[k].layer + "')";
      throw InputError({.path = plan.file.string(), .field = entry(k) + ".path"},
                       "names the same file as " + entry(j) + ".path: " + plan.facilities[k].path.string() +
                           layer + " is listed twice, and its facilities would be counted twice");
    }
  }
}

// Generated ids of inputs sharing a file name get the entry number.
void disambiguate_generated_ids(const Plan& plan, std::span<FacilityLayer> layers) {
  std::map<std::string, std::size_t> inputs_per_name;
  for (const FacilitiesInput& in : plan.facilities) ++inputs_per_name[in.path.filename().string()];
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const std::string name = plan.facilities[k].path.filename().string();
    if (inputs_per_name[name] < 2) continue;
    for (Facility& f : layers[k].facilities) {
      if (f.id_generated) f.id = name + "#" + std::to_string(k + 1) + ":" + std::to_string(f.feature);
    }
  }
}

void check_unique_ids(const Plan& plan, std::span<const FacilityLayer> layers) {
  struct First {
    std::size_t input;
    std::int64_t feature;
  };
  std::unordered_map<std::string, First> first;
  for (std::size_t k = 0; k < layers.size(); ++k) {
    for (const Facility& f : layers[k].facilities) {
      const auto [it, inserted] = first.emplace(f.id, First{k, f.feature});
      if (inserted || it->second.input == k) continue;  // within one input: load_facilities checked
      const FacilitiesInput& in = plan.facilities[k];
      throw InputError(
          {.path = in.path.string(),
           .layer = layers[k].info.layer,
           .feature = f.feature,
           .field = f.id_generated ? std::string() : in.id_field},
          "repeats id '" + f.id + "' of " + plan.facilities[it->second.input].path.string() + ", feature " +
              std::to_string(it->second.feature) +
              ": ids must be unique across all facility inputs (a facility in two files would be "
              "counted twice)");
    }
  }
}

// Facilities by category, name and 1 m cell, to find the same point in two inputs.
using CellKey = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;

CellKey cell_of(const Facility& f, std::int64_t dx = 0, std::int64_t dy = 0) {
  return {f.category, f.name, static_cast<std::int64_t>(std::floor(f.x / kSamePointM)) + dx,
          static_cast<std::int64_t>(std::floor(f.y / kSamePointM)) + dy};
}

const Facility* earlier_twin(const std::map<CellKey, std::vector<const Facility*>>& cells,
                             const Facility& f) {
  for (std::int64_t dx = -1; dx <= 1; ++dx) {
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      const auto it = cells.find(cell_of(f, dx, dy));
      if (it == cells.end()) continue;
      for (const Facility* g : it->second) {
        if (std::hypot(g->x - f.x, g->y - f.y) <= kSamePointM) return g;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> same_point_warnings(const Plan& plan, std::span<const FacilityLayer> layers) {
  std::vector<std::string> warnings;
  std::map<CellKey, std::vector<const Facility*>> cells;  // inputs before the current one
  for (std::size_t k = 0; k < layers.size(); ++k) {
    std::map<std::size_t, std::pair<std::size_t, const Facility*>> twins;  // by earlier input: count, first
    for (const Facility& f : layers[k].facilities) {
      const Facility* g = earlier_twin(cells, f);
      if (g == nullptr) continue;
      auto& [count, first] = twins[g->input];
      if (count++ == 0) first = &f;
    }
    for (const auto& [j, twin] : twins) {
      const auto& [count, f] = twin;
      warnings.push_back(plan.facilities[k].path.string() + ": " + std::to_string(count) + " facilit" +
                         (count == 1 ? "y has" : "ies have") +
                         " the category, name and position (within 1 m) of one in " +
                         plan.facilities[j].path.string() + " (first: id '" + f->id + "', '" + f->name +
                         "', " + f->category + "): the same facility in two files is counted twice");
    }
    for (const Facility& f : layers[k].facilities) cells[cell_of(f)].push_back(&f);
  }
  return warnings;
}

}  // namespace

std::vector<std::string> check_facility_inputs(const Plan& plan, std::span<FacilityLayer> layers) {
  if (layers.size() != plan.facilities.size()) {
    throw std::logic_error("check_facility_inputs: " + std::to_string(layers.size()) + " layers for " +
                           std::to_string(plan.facilities.size()) + " [[facilities]] entries");
  }
  check_distinct_files(plan);
  for (std::size_t k = 0; k < layers.size(); ++k) {
    for (Facility& f : layers[k].facilities) f.input = static_cast<std::uint32_t>(k);
  }
  disambiguate_generated_ids(plan, layers);
  check_unique_ids(plan, layers);
  return same_point_warnings(plan, layers);
}

}  // namespace lifecircle::io
