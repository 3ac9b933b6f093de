// `lifecircle info`: describe the inputs and the walking graph of a plan, or,
// with --roads/--towns/--facilities, files without a plan.

#include <iostream>

#include "command.hpp"
#include "lifecircle/io/osm_roads.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/io/plan_draft.hpp"
#include "lifecircle/report/city_info.hpp"
#include "lifecircle/study/study.hpp"
#include "lifecircle/util/error.hpp"

namespace lifecircle::cli {
namespace {

class InfoCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_flag("--json", json_, "print JSON instead of text (plan mode only)");
    app.add_option("--roads", roads_, "describe a roads file without a plan");
    app.add_option("--towns", towns_, "describe a towns layer without a plan");
    app.add_option("--facilities", facilities_, "describe facility files without a plan");
  }

  int run() override {
    if (!roads_.empty() || !towns_.empty() || !facilities_.empty()) return describe_files();
    const io::Plan plan = load_plan_option(plan_path_);
    const auto study = study::load_study(plan);
    const report::CityInfo info = report::describe_city(*study);
    std::cout << (json_ ? report::to_json(info) : report::to_text(info));
    return 0;
  }

 private:
  int describe_files() const {
    if (!plan_path_.empty())
      throw UsageError("--plan cannot be combined with --roads, --towns or --facilities");
    if (json_)
      throw UsageError("--json describes a plan; it is not available for --roads, --towns, --facilities");
    if (!roads_.empty()) {
      if (io::is_osm_file(roads_)) {
        std::cout << report::to_text(io::describe_osm_file(roads_));
      } else {
        std::cout << report::to_text(io::describe_layer_file(roads_), "roads");
      }
    }
    if (!towns_.empty()) std::cout << report::to_text(io::describe_layer_file(towns_), "towns");
    for (const std::string& f : facilities_)
      std::cout << report::to_text(io::describe_layer_file(f), "facilities");
    return 0;
  }

  std::string plan_path_;
  std::string roads_, towns_;
  std::vector<std::string> facilities_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

std::string default_plan_path() { return LIFECIRCLE_DEFAULT_PLAN; }

}  // namespace lifecircle::cli
