#include "lifecircle/io/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "lifecircle/io/detail/field_values.hpp"
#include "lifecircle/util/error.hpp"
#include "lifecircle/util/input_file.hpp"
#include "lifecircle/util/utf8.hpp"

namespace lifecircle::io {

using detail::format_number;

// Far above any real plan, scenario or target spec (a few kB), far below what
// would take minutes and gigabytes to parse.
constexpr std::uintmax_t kMaxTomlFileMegabytes = 10;
constexpr std::uintmax_t kMaxTomlFileBytes = kMaxTomlFileMegabytes << 20U;

toml::table parse_toml_file(const std::filesystem::path& file, std::string_view what) {
  const InputLocation where{.path = file.string()};
  const std::string cannot = "cannot read the " + std::string(what);
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw InputError(where, cannot + ": no such file");
  require_regular_file(file, what);
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxTomlFileBytes) {
    throw InputError(where, "the " + std::string(what) + " is " + std::to_string(size) +
                                " bytes; a TOML file over " + std::to_string(kMaxTomlFileMegabytes) +
                                " MB is refused (a plan, scenario or target spec is a few kB)");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) throw InputError(where, cannot);
  try {
    return toml::parse(content.str(), file.string());
  } catch (const toml::parse_error& e) {
    const toml::source_position at = e.source().begin;
    throw InputError(where, "TOML syntax error at line " + std::to_string(at.line) + ", column " +
                                std::to_string(at.column) + ": " + std::string(e.description()));
  }
}
namespace {

std::string line_suffix(const toml::node* node) {
  if (node == nullptr || node->source().begin.line == 0) return "";
  return " (line " + std::to_string(node->source().begin.line) + ")";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join_keys(const std::vector<std::string_view>& keys) {
  std::string out;
  for (const std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

std::string closest_name(std::string_view given, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance) {
  std::string best;
  std::size_t best_distance = max_distance + 1;
  for (const std::string_view candidate : candidates) {
    const std::size_t d = edit_distance(given, candidate);
    // A hint must keep something of the name: "x" is not a typo of "id".
    if (d < best_distance && d < std::max(given.size(), candidate.size())) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view given, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance) {
  const std::string hint = closest_name(given, candidates, max_distance);
  return hint.empty() ? std::string() : "; did you mean '" + hint + "'?";
}

namespace {

// "a string", "an integer", ... for messages.
std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return node.is_array_of_tables() ? "an array of tables" : "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

}  // namespace

TomlTable::TomlTable(const toml::table& table, std::string name, const std::filesystem::path& file)
    : table_(&table), name_(std::move(name)), file_(&file) {}

TomlTable TomlTable::labelled(std::string label) const {
  TomlTable out(*table_, "", *file_);
  out.label_ = std::move(label);
  return out;
}

std::int64_t TomlTable::line() const noexcept {
  return static_cast<std::int64_t>(table_->source().begin.line);
}

std::string TomlTable::field(std::string_view key) const {
  return name_.empty() ? std::string(key) : name_ + "." + std::string(key);
}

const toml::node* TomlTable::member(std::string_view key) const { return table_->get(key); }

bool TomlTable::has(std::string_view key) const { return member(key) != nullptr; }

void TomlTable::check_keys(std::initializer_list<std::string_view> allowed) const {
  check_keys(std::vector<std::string_view>(allowed));
}

void TomlTable::check_keys(const std::vector<std::string_view>& allowed) const {
  for (auto&& [key, node] : *table_) {
    const std::string_view k = key.str();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string what = "is not allowed" + line_suffix(&node) + ": unknown key '" + std::string(k) + "' ";
    what +=
        name_.empty() ? (label_.empty() ? std::string("at the top level") : "of " + label_) : "in " + name_;
    const std::string hint = did_you_mean(k, allowed);
    what += hint.empty() ? "; allowed keys: " + join_keys(allowed) : hint;
    throw InputError({.path = file_->string(), .field = field(k)}, what);
  }
}

std::vector<std::string> TomlTable::keys() const {
  std::vector<std::string> out;
  for (auto&& [key, node] : *table_) out.emplace_back(key.str());
  return out;
}

void TomlTable::fail_at(const std::string& field_name, const toml::node* node,
                        const std::string& what) const {
  std::string where = line_suffix(node);
  if (node == nullptr && (!name_.empty() || !label_.empty()) && line() > 0) {
    where = " (in the table at line " + std::to_string(line()) + ")";
  }
  const InputLocation at{.path = file_->string(), .field = field_name};
  if (!label_.empty()) throw InputError(at, "of " + label_ + where + ": " + what);
  throw InputError(at, what + where);
}

void TomlTable::fail(std::string_view key, const std::string& what) const {
  fail_at(field(key), member(key), what);
}

void TomlTable::fail_element(std::string_view key, std::size_t index, const std::string& what) const {
  const toml::array* array = member(key) ? member(key)->as_array() : nullptr;
  const toml::node* node = array && index < array->size() ? array->get(index) : member(key);
  fail_at(field(key) + "[" + std::to_string(index) + "]", node, what);
}

void TomlTable::wrong_type(std::string_view key, const toml::node& node, std::string_view expected) const {
  fail_at(field(key), &node,
          "has the wrong type: expected " + std::string(expected) + ", got " + toml_type_name(node));
}

std::optional<std::string> TomlTable::string(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) wrong_type(key, *node, "a string");
  return node->as_string()->get();
}

std::optional<bool> TomlTable::boolean(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_boolean()) wrong_type(key, *node, "true or false");
  return node->as_boolean()->get();
}

std::string TomlTable::required_string(std::string_view key) const {
  std::optional<std::string> value = string(key);
  if (!value) fail(key, "is required");
  if (value->empty()) fail(key, "must not be empty");
  return *value;
}

namespace {

std::string too_long(std::size_t length, std::size_t max_chars) {
  return "is " + std::to_string(length) + " characters long; at most " + std::to_string(max_chars) +
         " are allowed";
}

}  // namespace

std::optional<std::string> TomlTable::text(std::string_view key, std::size_t max_chars) const {
  std::optional<std::string> value = string(key);
  if (value && utf8_length(*value) > max_chars) fail(key, too_long(utf8_length(*value), max_chars));
  return value;
}

std::string TomlTable::required_text(std::string_view key, std::size_t max_chars) const {
  std::string value = required_string(key);
  if (utf8_length(value) > max_chars) fail(key, too_long(utf8_length(value), max_chars));
  return value;
}

std::optional<std::vector<std::string>> TomlTable::texts(std::string_view key, std::size_t max_items,
                                                         std::size_t max_chars) const {
  const toml::node* node = member(key);
  if (node != nullptr && node->is_array() && node->as_array()->size() > max_items) {
    fail(key, "has " + std::to_string(node->as_array()->size()) + " entries; at most " +
                  std::to_string(max_items) + " are allowed");
  }
  std::optional<std::vector<std::string>> values = strings(key);
  for (std::size_t i = 0; values && i < values->size(); ++i) {
    const std::size_t length = utf8_length((*values)[i]);
    if (length > max_chars) fail_element(key, i, too_long(length, max_chars));
  }
  return values;
}

std::string plain_number(double value) {
  constexpr double kExactInteger = 9007199254740992.0;  // 2^53
  if (value == std::trunc(value) && std::fabs(value) < kExactInteger) {
    return std::to_string(static_cast<std::int64_t>(value));  // 100000, not 1e+05
  }
  return format_number(value);
}

std::string range_text(double min, double max, std::string_view unit) {
  const std::string low = min > 0.0 ? "at least " + plain_number(min) : "more than 0";
  return "must be " + low + " and at most " + plain_number(max) + " " + std::string(unit);
}

std::optional<double> TomlTable::number_in(std::string_view key, double min, double max,
                                           std::string_view unit) const {
  const std::optional<double> value = number(key);
  if (value && (*value < min || *value <= 0.0 || *value > max)) {
    fail(key, range_text(min, max, unit) + ", got " + plain_number(*value));
  }
  return value;
}

std::optional<double> TomlTable::number(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_number()) wrong_type(key, *node, "a number");
  const double value =
      node->is_integer() ? static_cast<double>(node->as_integer()->get()) : node->as_floating_point()->get();
  if (!std::isfinite(value)) fail(key, "must be a finite number");
  return value;
}

std::optional<std::int64_t> TomlTable::integer(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer()) wrong_type(key, *node, "an integer");
  return node->as_integer()->get();
}

std::optional<std::vector<std::string>> TomlTable::strings(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_array()) wrong_type(key, *node, "an array of strings");
  std::vector<std::string> out;
  const toml::array& array = *node->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = *array.get(i);
    if (!element.is_string()) {
      fail_element(key, i, "has the wrong type: expected a string, got " + toml_type_name(element));
    }
    out.push_back(element.as_string()->get());
  }
  return out;
}

std::optional<std::vector<double>> TomlTable::numbers(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_array()) wrong_type(key, *node, "an array of numbers");
  std::vector<double> out;
  const toml::array& array = *node->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const toml::node& element = *array.get(i);
    if (!element.is_number()) {
      fail_element(key, i, "has the wrong type: expected a number, got " + toml_type_name(element));
    }
    const double value = element.is_integer() ? static_cast<double>(element.as_integer()->get())
                                              : element.as_floating_point()->get();
    if (!std::isfinite(value)) fail_element(key, i, "must be a finite number");
    out.push_back(value);
  }
  return out;
}

std::optional<TomlTable> TomlTable::table(std::string_view key, std::string_view expected) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_table()) wrong_type(key, *node, expected);
  TomlTable out(*node->as_table(), field(key), *file_);
  out.label_ = label_;
  return out;
}

std::optional<std::vector<TomlTable>> TomlTable::tables(std::string_view key) const {
  const toml::node* node = member(key);
  if (node == nullptr) return std::nullopt;
  if (node->is_array() && node->as_array()->empty()) return std::vector<TomlTable>{};
  if (!node->is_array_of_tables()) {
    const std::string expected = "an array of tables ([[" + field(key) + "]])";
    wrong_type(key, *node, expected);
  }
  std::vector<TomlTable> out;
  const toml::array& array = *node->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    out.emplace_back(*array.get(i)->as_table(), field(key) + "[" + std::to_string(i) + "]", *file_);
    out.back().label_ = label_;
  }
  return out;
}

}  // namespace lifecircle::io
