#include "text.hpp"

#include <cstdarg>
#include <cstdio>

namespace lifecircle::pipeline::detail {

void append_format(std::string& out, const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::va_list again;
  va_copy(again, args);
  const int size = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  if (size > 0) {
    const std::size_t at = out.size();
    out.resize(at + static_cast<std::size_t>(size) + 1);
    std::vsnprintf(out.data() + at, static_cast<std::size_t>(size) + 1, format, again);
    out.resize(at + static_cast<std::size_t>(size));
  }
  va_end(again);
}

}  // namespace lifecircle::pipeline::detail
