#pragma once
// Peak resident memory of this process (VmHWM), in MiB.

#include <fstream>
#include <string>

namespace lifecircle::bench {

inline double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0.0;
}

}  // namespace lifecircle::bench
