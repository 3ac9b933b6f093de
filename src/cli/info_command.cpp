// `lifecircle info`: describe the inputs and the walking graph.

#include <iostream>

#include "command.hpp"
#include "lifecircle/graph/city.hpp"
#include "lifecircle/io/plan.hpp"
#include "lifecircle/report/city_info.hpp"

namespace lifecircle::cli {
namespace {

class InfoCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--plan", plan_path_, "plan file (TOML); default: the bundled Wenling demo plan");
    app.add_flag("--json", json_, "print JSON instead of text");
  }

  int run() override {
    const io::Plan plan = load_plan_option(plan_path_);
    const auto city = graph::load_city(plan);
    const report::CityInfo info = report::describe_city(*city);
    std::cout << (json_ ? report::to_json(info) : report::to_text(info));
    return 0;
  }

 private:
  std::string plan_path_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

std::string default_plan_path() { return LIFECIRCLE_DEFAULT_PLAN; }

}  // namespace lifecircle::cli
