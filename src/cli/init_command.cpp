// `lifecircle init`: a commented plan drafted from a city's own files.

#include <filesystem>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/io/plan_draft.hpp"
#include "lifecircle/util/atomic_file.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::cli {
namespace {

class InitCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--roads", roads_, "roads: an OSM file (.osm.pbf, .osm, .osm.gz) or a GDAL line layer")
        ->required();
    app.add_option("--towns", towns_, "town polygons with code, name and population fields (optional)");
    app.add_option("--facilities", facilities_, "facility layers or CSV/XLSX with lon/lat (one or more)");
    app.add_option("--population", population_,
                   "without --towns: the area's population (a census figure), spread over its streets");
    app.add_option("--name", name_, "the plan's name (default: the roads file's name)");
    app.add_flag("--overwrite", overwrite_, "replace an existing plan file");
    app.add_option("plan", plan_, "the plan file to write (TOML)")->required();
  }

  int run() override {
    if (facilities_.empty()) {
      throw UsageError(
          "init needs at least one --facilities file: a plan measures walking access to facilities");
    }
    if (towns_.empty() && !population_) {
      throw UsageError(
          "without --towns, give --population N (the area's population, e.g. from the census): the whole "
          "network's area becomes one town and coverage shares need people to divide by");
    }
    if (!towns_.empty() && population_) {
      throw UsageError("--population is for a plan without --towns: the towns' population field counts");
    }
    if (population_ && !(*population_ >= 1.0)) throw UsageError("--population must be at least 1");
    const std::filesystem::path plan(plan_);
    if (!overwrite_ && std::filesystem::exists(std::filesystem::symlink_status(plan))) {
      throw OutputError(plan_ + ": exists; use --overwrite to replace it");
    }
    io::DraftInputs inputs;
    inputs.plan_file = plan;
    inputs.roads = roads_;
    inputs.roads_osm = io::is_osm_file(roads_);
    if (!towns_.empty()) inputs.towns = towns_;
    for (const std::string& f : facilities_) inputs.facilities.emplace_back(f);
    inputs.population_total = population_;
    inputs.name = name_;
    write_file_atomically(plan, io::draft_plan(inputs));
    std::cout << "wrote " << plan_ << ": check the fields marked \"guessed\" and the categories, then run\n"
              << "  lifecircle run --plan " << plan_ << "\n";
    return 0;
  }

 private:
  std::string roads_, towns_, plan_, name_;
  std::vector<std::string> facilities_;
  std::optional<double> population_;
  bool overwrite_ = false;
};

}  // namespace

std::unique_ptr<Command> make_init_command() { return std::make_unique<InitCommand>(); }

}  // namespace lifecircle::cli
