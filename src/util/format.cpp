#include "lifecircle/util/format.hpp"

#include <cstdio>

namespace lifecircle {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace lifecircle
