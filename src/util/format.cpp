#include "lifecircle/util/format.hpp"

#include <cstdio>
#include <string>

namespace lifecircle {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string seconds_text(double seconds) { return std::to_string(seconds).substr(0, 5); }

}  // namespace lifecircle
