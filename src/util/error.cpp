#include "lifecircle/util/error.hpp"

namespace lifecircle {

std::string format_input_message(const InputLocation& where, const std::string& what) {
  std::string message = where.path.empty() ? std::string("input") : where.path;
  std::string place;
  if (!where.layer.empty()) place += "layer '" + where.layer + "'";
  if (where.feature) {
    if (!place.empty()) place += ", ";
    place += "feature " + std::to_string(*where.feature);
  }
  message += ": ";
  if (!place.empty()) message += place + ": ";
  if (!where.field.empty()) message += "field '" + where.field + "' ";
  message += what;
  return message;
}

InputError::InputError(InputLocation where, const std::string& what)
    : Error(format_input_message(where, what)), where_(std::move(where)), detail_(what) {}

}  // namespace lifecircle
