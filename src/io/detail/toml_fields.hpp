#pragma once
// Typed, checked reads from one TOML table. Every fault becomes an InputError
// naming the file and the dotted key (e.g. "categories[2].minutes") with the
// line where the value sits.

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::io::detail {

// Edit distance (insertions, deletions, substitutions) between two byte strings.
// Reads and parses a TOML file. `what` names it in messages ("plan file",
// "scenario file"): InputError for a missing file, a directory, an unreadable
// file, or a syntax error (with its line and column).
toml::table parse_toml_file(const std::filesystem::path& file, std::string_view what);

std::size_t levenshtein(std::string_view a, std::string_view b);

// The allowed key closest to `key` within distance 2, or empty when none is.
std::string closest_key(std::string_view key, const std::vector<std::string_view>& allowed);

// The number of characters (UTF-8 code points) of well-formed UTF-8 text.
std::size_t utf8_length(std::string_view text);

// A number for messages: integers in full (100000, not 1e+05), others shortest.
std::string plain_number(double value);

// "must be more than 0 and at most 180 minutes" (min 0: more than; else at least).
std::string range_text(double min, double max, std::string_view unit);

// "a string", "an integer", ... for messages.
std::string toml_type_name(const toml::node& node);

// One table of the plan file with its dotted name ("" for the root).
class TomlTable {
 public:
  TomlTable(const toml::table& table, std::string name, const std::filesystem::path& file);

  const std::string& name() const noexcept { return name_; }
  // The dotted key of a member: "plan.walk_speed_kmh", or "plan" at the root.
  std::string field(std::string_view key) const;

  // Throws on the first key not in `allowed`, with a "did you mean" hint.
  void check_keys(std::initializer_list<std::string_view> allowed) const;

  bool has(std::string_view key) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;  // integer or float, finite
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::vector<double>> numbers(std::string_view key) const;
  std::optional<TomlTable> table(std::string_view key) const;
  // An array of tables ([[key]]); a single [key] table is refused.
  std::optional<std::vector<TomlTable>> tables(std::string_view key) const;

  // A string that must be present and not empty.
  std::string required_string(std::string_view key) const;

  // string() / required_string() / strings(), refused when a string is longer
  // than max_chars characters (UTF-8 code points) or the array holds more than
  // max_items strings: "is 5000000 characters long; at most 200 are allowed".
  std::optional<std::string> text(std::string_view key, std::size_t max_chars) const;
  std::string required_text(std::string_view key, std::size_t max_chars) const;
  std::optional<std::vector<std::string>> texts(std::string_view key, std::size_t max_items,
                                                std::size_t max_chars) const;
  // number(), refused outside (0, max], or outside [min, max] when min > 0:
  // "must be at least 0.5 and at most 20 km/h, got 0.01".
  std::optional<double> number_in(std::string_view key, double min, double max, std::string_view unit) const;

  // Throws an InputError about `key` (its line when present, else the table's).
  [[noreturn]] void fail(std::string_view key, const std::string& what) const;
  // Same, for element `index` of the array at `key`.
  [[noreturn]] void fail_element(std::string_view key, std::size_t index, const std::string& what) const;

 private:
  const toml::node* member(std::string_view key) const;
  [[noreturn]] void fail_at(const std::string& field, const toml::node* node, const std::string& what) const;
  [[noreturn]] void wrong_type(std::string_view key, const toml::node& node, const char* expected) const;

  const toml::table* table_;
  std::string name_;
  const std::filesystem::path* file_;
};

}  // namespace lifecircle::io::detail
