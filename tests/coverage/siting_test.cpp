// Siting: greedy with lazy evaluation against the exact optimum by brute
// force over every K-subset, a hand case on the line city, and on the demo
// city the reported gain checked by adding the sites to the coverage.

#include "lifecircle/coverage/siting.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <random>

#include "lifecircle/coverage/incremental.hpp"
#include "lifecircle/coverage/scenario.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/point_layer.hpp"
#include "lifecircle/util/error.hpp"
#include "testing/paths.hpp"
#include "testing/siting.hpp"

namespace lifecircle::coverage {
namespace {

using testing::each_subset;
using testing::kGreedyBound;

TEST(GreedySites, WithinTheBoundOfTheBruteForceOptimum) {
  std::mt19937_64 rng(11);
  int trials = 0, equal = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::uint32_t n = 6 + static_cast<std::uint32_t>(rng() % 7), demand = 25;
    const std::size_t k = 1 + rng() % 4;
    const CandidateReach reach = testing::random_reach(rng, n, demand, 4);
    std::vector<double> population(demand);
    std::vector<std::uint8_t> covered(demand);
    for (std::uint32_t i = 0; i < demand; ++i)
      population[i] = 1.0 + static_cast<double>(rng() % 100), covered[i] = rng() % 5 == 0;
    std::vector<SiteCandidate> candidates(n);
    const SitingResult greedy = greedy_sites(reach, population, covered, 0.0, candidates, {k, 0.0});
    ASSERT_LE(greedy.sites.size(), k);
    ASSERT_EQ(greedy.no_gain_left, greedy.sites.size() < k);
    if (greedy.sites.empty()) continue;
    for (const auto& site : greedy.sites) EXPECT_GT(site.population_added, 0.0) << "trial " << trial;
    std::vector<std::uint32_t> picked;
    double reported = 0.0;
    for (const auto& s : greedy.sites) picked.push_back(s.candidate), reported += s.population_added;
    const double greedy_value = added_population(reach, population, covered, picked);
    EXPECT_NEAR(reported, greedy_value, 1e-9);
    EXPECT_NEAR(greedy.sites.back().covered_after, greedy_value, 1e-9);
    double best = 0.0;
    each_subset(n, k, [&](const std::vector<std::uint32_t>& s) {
      best = std::max(best, added_population(reach, population, covered, s));
    });
    EXPECT_GE(greedy_value, kGreedyBound * best - 1e-9) << "trial " << trial;
    // Stopped short: no candidate adds anyone, so no K sites do better.
    if (greedy.no_gain_left) {
      EXPECT_NEAR(greedy_value, best, 1e-9) << "trial " << trial;
    }
    ++trials;
    equal += greedy_value == best ? 1 : 0;
  }
  std::cout << "greedy equals the optimum in " << equal << " of " << trials << " random instances\n";
  RecordProperty("greedy_equals_optimum", equal);
}

TEST(GreedySites, MoreSitesThanCandidatesIsAUsageError) {
  CandidateReach reach{{0, 0, 0}, {}};
  std::vector<SiteCandidate> candidates(2);
  try {
    greedy_sites(reach, {}, {}, 0.0, candidates, {3, 0.0});
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("only 2 candidates"), std::string::npos) << e.what();
  }
}

// Candidates 0 and 1 reach the same people, candidate 2 nobody: one site, not
// three (the copy and the empty one add nothing).
TEST(GreedySites, SiteAddingNothingIsNeverProposed) {
  const CandidateReach reach{{0, 2, 4, 4}, {0, 1, 0, 1}};
  const std::vector<double> population{10.0, 5.0};
  const std::vector<std::uint8_t> covered(2, 0);
  const std::vector<SiteCandidate> candidates(3);
  const SitingResult r = greedy_sites(reach, population, covered, 0.0, candidates, {3, 0.0});
  ASSERT_EQ(r.sites.size(), 1u);
  EXPECT_EQ(r.sites[0].candidate, 0u);
  EXPECT_DOUBLE_EQ(r.sites[0].population_added, 15.0);
  EXPECT_TRUE(r.no_gain_left);
  const std::vector<std::uint8_t> all_covered(2, 1);
  const SitingResult none = greedy_sites(reach, population, all_covered, 15.0, candidates, {1, 0.0});
  EXPECT_TRUE(none.sites.empty());
  EXPECT_TRUE(none.no_gain_left);
}

// The same point given five times is one candidate; within 1 m (same edge)
// is the same site, 2 m apart is another.
TEST(DistinctCandidates, CandidatesSamePointFiveTimes) {
  const auto study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
  const io::PointLayer layer = io::load_point_layer(
      {testing::test_data_dir() / "bad" / "candidates-same-point-five-times.csv", "", ""}, *study->crs);
  const LayerCandidates c = layer_candidates(*study, layer);
  ASSERT_EQ(c.candidates.size(), 7u);
  EXPECT_EQ(distinct_candidates(c.candidates), (std::vector<std::uint32_t>{0, 5, 6}));
  std::vector<SiteCandidate> near;
  for (const double along_m : {1500.0, 1500.5, 1502.0, 1499.6}) {
    near.push_back(testing::line_city_candidate(study->network, along_m));
  }
  EXPECT_EQ(distinct_candidates(near), (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(distinct_candidates(near, 0.1), (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST(GreedySites, SpacingKeepsSitesApart) {
  // Candidates 0 and 1 cover the same people 10 m apart; 2 covers fewer, far away.
  CandidateReach reach{{0, 3, 6, 8}, {0, 1, 2, 0, 1, 2, 3, 4}};
  std::vector<double> population(5, 1.0);
  std::vector<std::uint8_t> covered(5, 0);
  std::vector<SiteCandidate> candidates{{{}, 0.0, 0.0}, {{}, 10.0, 0.0}, {{}, 1000.0, 0.0}};
  const auto r = greedy_sites(reach, population, covered, 0.0, candidates, {2, 100.0});
  ASSERT_EQ(r.sites.size(), 2u);
  EXPECT_EQ(r.sites[0].candidate, 0u);
  EXPECT_EQ(r.sites[1].candidate, 2u);
}

// On a real network: candidate reach from bounded searches, and the optimum
// by brute force through the incremental coverage (independent of the reach
// lists).
TEST(GreedySites, RealNetworkAgainstBruteForce) {
  std::mt19937_64 rng(3);
  const auto monaco = testing::monaco_edge_demand(rng);
  if (!monaco) GTEST_SKIP() << "../shared/data is absent: real-network siting skipped";
  const graph::WalkGraph& g = monaco->graph;
  const routing::TravelCost walking = routing::walking_cost(g, 4000.0 / 3600.0);
  const std::vector<routing::NetworkPoint>& demand = monaco->points;
  const std::vector<double>& population = monaco->population;
  const double budget_s = 240.0;
  const auto all = node_candidates(g);
  int equal = 0;
  for (int trial = 0; trial < 4; ++trial) {
    std::vector<SiteCandidate> candidates;
    for (int c = 0; c < 13; ++c) candidates.push_back(all[rng() % all.size()]);
    IncrementalCoverage state(walking, demand, budget_s);
    state.reset(std::vector<LabelledPoint>{{0, all[rng() % all.size()].at}, {1, all[rng() % all.size()].at}});
    std::vector<std::uint8_t> covered(demand.size());
    double covered_before = 0.0;
    for (std::size_t i = 0; i < demand.size(); ++i) {
      covered[i] = state.demand_label()[i] != routing::kNoLabel;
      if (covered[i]) covered_before += population[i];
    }
    std::vector<std::uint8_t> eligible(covered.size());
    for (std::size_t i = 0; i < covered.size(); ++i) eligible[i] = !covered[i];
    const auto reach = candidate_reach(walking, demand, eligible, candidates, budget_s, 2);
    const auto greedy = greedy_sites(reach, population, covered, covered_before, candidates, {3, 0.0});
    const LabelledPoint existing[2] = {state.facilities()[0], state.facilities()[1]};
    auto value_of = [&](const std::vector<std::uint32_t>& picked) {
      IncrementalCoverage s(walking, demand, budget_s);
      s.reset(existing);
      for (std::size_t k = 0; k < picked.size(); ++k) {
        s.add({static_cast<std::uint32_t>(10 + k), candidates[picked[k]].at});
      }
      double covered_population = 0.0;
      for (std::size_t i = 0; i < demand.size(); ++i) {
        if (s.demand_label()[i] != routing::kNoLabel) covered_population += population[i];
      }
      return covered_population;
    };
    std::vector<std::uint32_t> picked;
    for (const auto& s : greedy.sites) picked.push_back(s.candidate);
    const double greedy_value = value_of(picked);
    EXPECT_NEAR(greedy.sites.back().covered_after, greedy_value, 1e-6) << "the reported gain is real";
    double best = 0.0;
    each_subset(13, 3, [&](const std::vector<std::uint32_t>& s) { best = std::max(best, value_of(s)); });
    EXPECT_GE(greedy_value - covered_before, kGreedyBound * (best - covered_before) - 1e-6);
    equal += std::fabs(greedy_value - best) < 1e-9 ? 1 : 0;
  }
  std::cout << "greedy equals the optimum in " << equal << " of 4 Monaco instances\n";
}

std::vector<std::uint8_t> covered_by(const IncrementalCoverage& state) {
  std::vector<std::uint8_t> covered;
  for (const std::uint32_t label : state.demand_label()) covered.push_back(label != routing::kNoLabel);
  return covered;
}

// The line city's park (10 min = 666.7 m, no access walk for the candidates),
// candidates at 1500, 750, 1800 and 0 m along the 3 km street. The park covers
// chunks 2250 .. 2950. At 1500 m: 850 .. 2150, 14 new chunks (933.3 people);
// then 750 m adds 150 .. 750 (7 chunks) and 0 m adds 50 .. 650 (7): a tie,
// the lower index (750 m) wins.
TEST(LineCitySiting, ParkSitesByHand) {
  const auto study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
  const DemandModel demand = testing::street_demand(*study);
  std::vector<routing::NetworkPoint> points;
  std::vector<double> population;
  for (const auto& p : demand.points) points.push_back(p.at), population.push_back(p.population);
  std::vector<SiteCandidate> candidates;
  for (const double along_m : {1500.0, 750.0, 1800.0, 0.0}) {
    candidates.push_back(testing::line_city_candidate(study->network, along_m));
  }
  const routing::TravelCost walking = routing::walking_cost(study->network.graph, study->plan.walk_speed_mps);
  const double budget_s = study->plan.find_category("park")->reach.budget_s(walking.speed_mps);
  IncrementalCoverage state(walking, points, budget_s);
  state.reset(base_facilities(*study, "park"));
  const auto covered = covered_by(state);
  std::vector<std::uint8_t> eligible;
  for (const auto c : covered) eligible.push_back(!c);
  const auto reach = candidate_reach(walking, points, eligible, candidates, budget_s, 1);
  const auto r = greedy_sites(reach, population, covered, 8000.0 / 15.0, candidates, {2, 0.0});
  ASSERT_EQ(r.sites.size(), 2u);
  EXPECT_EQ(r.sites[0].candidate, 0u);
  EXPECT_NEAR(r.sites[0].population_added, 14000.0 / 15.0, 1e-6);
  EXPECT_EQ(r.sites[1].candidate, 1u);
  EXPECT_NEAR(r.sites[1].population_added, 7000.0 / 15.0, 1e-6);
  EXPECT_NEAR(r.sites[1].covered_after, 29000.0 / 15.0, 1e-6);
}

// On the demo: the suggested sites, added as facilities, raise coverage by
// exactly the reported amount.
TEST(DemoSiting, AddingTheSuggestedSitesRaisesCoverageByTheReportedAmount) {
  const auto plan_file = std::filesystem::path(LIFECIRCLE_SOURCE_DIR) / "data/geo/wenling-demo/plan.toml";
  const auto study = study::load_study(io::load_plan(plan_file));
  const DemandModel demand = testing::street_demand(*study);
  std::vector<routing::NetworkPoint> points;
  std::vector<double> population;
  for (const auto& p : demand.points) points.push_back(p.at), population.push_back(p.population);
  const routing::TravelCost walking = routing::walking_cost(study->network.graph, study->plan.walk_speed_mps);
  const double budget_s = study->plan.find_category("childcare")->reach.budget_s(walking.speed_mps);
  IncrementalCoverage state(walking, points, budget_s);
  state.reset(base_facilities(*study, "childcare"));
  const auto covered = covered_by(state);
  double before = 0.0;
  std::vector<std::uint8_t> eligible;
  for (std::size_t i = 0; i < covered.size(); ++i) {
    before += covered[i] ? population[i] : 0.0;
    eligible.push_back(!covered[i]);
  }
  const auto candidates = node_candidates(study->network.graph);
  const auto reach = candidate_reach(walking, points, eligible, candidates, budget_s, 0);
  const auto r = greedy_sites(reach, population, covered, before, candidates, {5, 300.0});
  ASSERT_EQ(r.sites.size(), 5u);
  auto label = static_cast<std::uint32_t>(study->facilities.size());
  for (const PickedSite& site : r.sites) {
    state.add({label++, candidates[site.candidate].at});
    double now = 0.0;
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (state.demand_label()[i] != routing::kNoLabel) now += population[i];
    }
    EXPECT_NEAR(now, site.covered_after, 1e-6);
    EXPECT_GT(site.population_added, 0.0);
  }
  // The same through a scenario file: the sites by lon/lat, snapped again.
  const auto file = std::filesystem::temp_directory_path() / "lifecircle-suggested-sites.toml";
  {
    std::ofstream out(file);
    out.precision(12);
    for (std::size_t k = 0; k < r.sites.size(); ++k) {
      const graph::NodeId u = study->network.graph.edge_from[candidates[r.sites[k].candidate].at.edge];
      const auto& c = candidates[r.sites[k].candidate];
      const graph::NodeId node = c.at.offset_m == 0.0 ? u : study->network.graph.edge_to[c.at.edge];
      out << "[[add]]\nid = \"S" << k
          << "\"\ncategory = \"childcare\"\nlon = " << study->network.graph.lon[node]
          << "\nlat = " << study->network.graph.lat[node] << "\n";
    }
  }
  const Scenario scenario = load_scenario(file, *study);
  std::filesystem::remove(file);
  const auto result = evaluate_scenario(*study, demand, scenario);
  for (const auto& c : result) {
    if (c.category != "childcare") continue;
    EXPECT_NEAR(c.scenario_city_covered - c.base_city_covered, r.sites.back().covered_after - before, 1e-6);
  }
}

}  // namespace
}  // namespace lifecircle::coverage

namespace lifecircle::coverage {
namespace {

std::string candidate_error(const study::Study& study, const std::filesystem::path& file) {
  try {
    layer_candidates(study, io::load_point_layer({file, "", ""}, *study.crs));
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CandidateLayer, PointsSnapAndThoseOffTheNetworkAreCounted) {
  const auto study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
  const auto layer =
      io::load_point_layer({testing::test_data_dir() / "city" / "candidates.csv", "", ""}, *study->crs);
  ASSERT_EQ(layer.points.size(), 3u);
  const LayerCandidates c = layer_candidates(*study, layer);
  EXPECT_EQ(c.candidates.size(), 2u);
  EXPECT_EQ(c.off_network, 1u);
  EXPECT_EQ(c.feature, (std::vector<std::int64_t>{1, 2}));
  EXPECT_NEAR(c.candidates[0].at.access_m, 11.1, 0.5);
}

TEST(CandidateLayer, BadLayers) {
  const auto study = study::load_study(io::load_plan(testing::test_data_dir() / "city" / "plan.toml"));
  const auto bad = testing::test_data_dir() / "bad";
  const std::string crs = candidate_error(*study, bad / "candidates-in-another-crs.geojson");
  EXPECT_NE(crs.find("candidates-in-another-crs.geojson"), std::string::npos) << crs;
  EXPECT_NE(crs.find("is the layer's CRS right"), std::string::npos) << crs;
  const std::string far = candidate_error(*study, bad / "candidates-far-from-network.csv");
  EXPECT_NE(far.find("none of its 2 points"), std::string::npos) << far;
  EXPECT_NE(far.find("another CRS"), std::string::npos) << far;
  const std::string line = candidate_error(*study, bad / "candidates-line-geometry.geojson");
  EXPECT_NE(line.find("LineString"), std::string::npos) << line;
}

}  // namespace
}  // namespace lifecircle::coverage
