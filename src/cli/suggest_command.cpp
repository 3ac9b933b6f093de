// `lifecircle suggest`: K sites for a category that add the most covered
// population (maximal covering location, greedy with lazy evaluation), or,
// capacity-aware, that meet the most unmet need under a two-step floating
// catchment; printed and written as suggest.csv and suggest.gpkg.

#include <iostream>

#include "command.hpp"
#include "lifecircle/pipeline/analysis.hpp"
#include "lifecircle/pipeline/outputs.hpp"
#include "lifecircle/pipeline/siting.hpp"
#include "lifecircle/report/summary_json.hpp"
#include "lifecircle/study/study.hpp"
#include "progress.hpp"
#include "threads_option.hpp"
#include "town_option.hpp"

namespace lifecircle::cli {
namespace {

class SuggestCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--category", r_.category, "category id of the plan")->required();
    app.add_option("--count", r_.count, "number of sites to propose")->required()->check(CLI::PositiveNumber);
    app.add_option("--town", r_.town_given, "only candidates inside this town (its code or its name)");
    app.add_option("--min-spacing", r_.min_spacing_m, "metres between proposed sites (straight line)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--candidates", candidates_path_,
                   "candidate sites: a point layer or a CSV with lon,lat (default: every network node)");
    app.add_option("--candidates-layer", r_.candidates.layer,
                   "layer of --candidates when the file has several");
    app.add_option("--candidates-crs", r_.candidates.crs,
                   "CRS of --candidates when it declares none or the wrong one (e.g. EPSG:4490, gcj02)");
    app.add_flag("--capacity-aware", r_.capacity_aware,
                 "rank sites by the unmet need they meet under a two-step floating catchment (2SFCA)");
    app.add_option("--capacity", r_.site_capacity,
                   "capacity of each new site (e.g. childcare places); with a category that has a capacity "
                   "unit it turns on --capacity-aware")
        ->check(CLI::PositiveNumber);
    app.add_option(
           "--per-1000", r_.per_1000,
           "capacity-aware: the target capacity per 1,000 residents (default: the plan's per-capita target)")
        ->check(CLI::PositiveNumber);
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_option("--out", out_dir_, "output folder for suggest.csv (default: the plan's [output] dir)");
    add_threads_option(app, r_.threads, "threads for the searches");
    app.add_flag("--quiet", quiet_, "no progress lines on stderr");
    app.add_flag("--json", json_, "print the sites as one JSON document on stdout instead of the table");
    app.add_flag("--overwrite", overwrite_, "replace the outputs of an earlier run in the output folder");
    app.add_flag("--no-wait", no_wait_, kNoWaitHelp);
  }

  int run() override {
    const io::Plan plan = load_plan_option(plan_path_);
    progress(quiet_, "loading " + plan.file.string());
    const pipeline::Progress progress = pipeline_progress(quiet_);
    const std::filesystem::path dir = output_dir(plan, out_dir_);
    const std::unique_ptr<OutputFolder> folder =  // the three files moved in as one set
        open_output_folder(dir, overwrite_, pipeline::output_names(pipeline::OutputSet::suggest), no_wait_,
                           plan, {candidates_path_});
    r_.candidates.path = candidates_path_;
    // A wrong --category or --town fails before the base run.
    const auto refuse_arguments = [this](const study::Study& study) {
      pipeline::category_of(study.plan, r_.category);
      if (!r_.town_given.empty()) r_.town = resolve_town(study.towns, r_.town_given);
    };
    const auto analysis =
        pipeline::analyse(plan, std::nullopt, {r_.threads, false, true, refuse_arguments}, progress);
    const pipeline::Siting siting = pipeline::suggest_sites(*analysis, r_, progress);
    if (!json_) std::cout << pipeline::sites_table(*analysis, siting);
    const std::vector<std::filesystem::path> written =
        pipeline::write_suggest_outputs(*analysis, siting, *folder);
    if (json_) {
      report::WrittenFiles files;
      for (const auto& f : written) files.push_back(dir / f);
      std::cout << report::suggest_json(siting.category->id, pipeline::site_records(*analysis, siting),
                                        files);
      return 0;
    }
    std::cout << "Wrote " << (dir / written[0]).string() << ", " << written[1].string() << " and "
              << (dir / written[2]).string() << "\n";
    return 0;
  }

 private:
  pipeline::SitingRequest r_;
  std::string candidates_path_, plan_path_, out_dir_;
  bool quiet_ = false;
  bool json_ = false;
  bool overwrite_ = false;
  bool no_wait_ = false;
};

}  // namespace

std::unique_ptr<Command> make_suggest_command() { return std::make_unique<SuggestCommand>(); }

}  // namespace lifecircle::cli
