#pragma once
// The console summary of a run: per category, citywide coverage and the
// three worst-served towns.

#include <string>

#include "lifecircle/coverage/run.hpp"

namespace lifecircle::report {

std::string run_summary(const study::Study& study, const coverage::RunResult& result);

}  // namespace lifecircle::report
