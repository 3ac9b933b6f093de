#pragma once
// Sites for a category, as `suggest` proposes them: K sites that add the most
// covered population (maximal covering, greedy with lazy evaluation) or,
// capacity-aware, that meet the most unmet need under a two-step floating
// catchment; and their outputs (suggest.csv, suggest.xlsx, suggest.gpkg).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifecircle/coverage/siting.hpp"
#include "lifecircle/coverage/siting_capacity.hpp"
#include "lifecircle/io/crs.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/report/scenario_layers.hpp"

namespace lifecircle::pipeline {

struct SitingRequest {
  std::string category;  // a category id of the plan
  std::size_t count = 0;
  std::uint32_t town = coverage::kNoTown;  // only candidates inside this town
  std::string town_given;                  // how the town was named, for messages
  double min_spacing_m = 0.0;              // straight line between proposed sites
  io::LayerRef candidates;                 // a point layer; empty path: every network node
  bool capacity_aware = false;  // also when site_capacity is set and the category has a capacity unit
  double site_capacity = 0.0;   // of each new site, capacity-aware
  double per_1000 = 0.0;        // capacity-aware threshold; 0: the plan's per-capita target
  int threads = 0;
};

// The category `id` of the plan; throws UsageError naming the plan's categories.
const io::Category& category_of(const io::Plan& plan, const std::string& id);

struct Siting {
  const io::Category* category = nullptr;
  std::vector<coverage::SiteCandidate> candidates;
  std::vector<std::uint32_t> candidate_town;
  coverage::SitingResult result;                           // by covered population
  std::optional<coverage::CapacitySitingResult> capacity;  // capacity-aware
  double site_capacity = 0.0;                              // capacity-aware
  double threshold = 0.0;                                  // per resident, capacity-aware
  double population = 0.0;                                 // of every town
  double seconds = 0.0;
};

// Proposes the sites. Candidates left out (repeated, off the network) and
// fewer sites than asked are said through progress.warning. Throws
// UsageError for a request the plan or the candidates cannot answer.
Siting suggest_sites(const Analysis& analysis, const SitingRequest& request, const Progress& progress = {});

// The sites as rows of suggest.csv, the sites layer and suggest_json().
std::vector<report::SiteRecord> site_records(const Analysis& analysis, const Siting& siting);

// The printed table and suggest.csv.
std::string sites_table(const Analysis& analysis, const Siting& siting);
std::string sites_csv(const Analysis& analysis, const Siting& siting);

// Writes output_names(OutputSet::suggest) into the folder's staging area and
// commits it; returns their names relative to the folder.
std::vector<std::filesystem::path> write_suggest_outputs(const Analysis& analysis, const Siting& siting,
                                                         OutputFolder& folder);

}  // namespace lifecircle::pipeline
