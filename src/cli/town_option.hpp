#pragma once
// --town: a town named by its code or by its name, as a planner knows it.

#include <cstdint>
#include <string>

#include "lifecircle/io/towns.hpp"

namespace lifecircle::cli {

// The index of the town `given` names: its code, else its exact name, else the
// one town whose code or name matches ignoring ASCII case. Throws UsageError
// for a name several towns share (listing their codes) and for no match
// (with the towns whose name contains `given` as "did you mean", and the choices).
std::uint32_t resolve_town(const io::TownLayer& layer, const std::string& given);

}  // namespace lifecircle::cli
