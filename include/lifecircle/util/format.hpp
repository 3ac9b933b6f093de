#pragma once
// Number formatting shared by the CSV tables and the text reports.

#include <string>

namespace lifecircle {

// `value` with exactly `decimals` digits after the point ("%.*f"; "-0.0" stays as printf writes it).
std::string fixed(double value, int decimals);

}  // namespace lifecircle
