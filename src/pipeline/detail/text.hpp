#pragma once
// printf into a string: the printed tables' columns, as the commands printed them.

#include <string>

namespace lifecircle::pipeline::detail {

// Appends what printf(format, ...) would print to `out`.
void append_format(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace lifecircle::pipeline::detail
