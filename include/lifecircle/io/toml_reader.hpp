#pragma once
// The one TOML reading layer of lifecircle, used by the plan, scenario and
// target spec files: typed, checked reads from one table, every fault an
// InputError naming the file and the dotted key (e.g. "categories[2].minutes")
// with the line where the value sits, and one "did you mean" for names.

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifecircle::io {

// Reads and parses a TOML file. `what` names it in messages ("plan file",
// "scenario file"): InputError for a missing file, a directory, an unreadable
// file, or a syntax error (with its line and column).
toml::table parse_toml_file(const std::filesystem::path& file, std::string_view what);

// The candidate closest to `given` by edit distance (insertions, deletions,
// substitutions), at most `max_distance` away and keeping something of it ("x"
// is not a typo of "id"); empty when none is. The first of equally close ones.
std::string closest_name(std::string_view given, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance = 2);

// "; did you mean 'minutes'?" for closest_name(), "" when no candidate is close.
std::string did_you_mean(std::string_view given, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance = 2);

// A number for messages: integers in full (100000, not 1e+05), others shortest.
std::string plain_number(double value);

// "must be more than 0 and at most 180 minutes" (min 0: more than; else at least).
std::string range_text(double min, double max, std::string_view unit);

// One table of a TOML file with its dotted name ("" for the root).
class TomlTable {
 public:
  TomlTable(const toml::table& table, std::string name, const std::filesystem::path& file);

  // The same table named by `label` in messages, its keys bare:
  // "field 'source' of task 'clinics' (line 5): is required". Tables below it
  // keep the label ("field 'targets.2027' of task 'clinics' ...").
  TomlTable labelled(std::string label) const;

  const std::string& name() const noexcept { return name_; }
  // The dotted key of a member: "plan.walk_speed_kmh", or "plan" at the root.
  std::string field(std::string_view key) const;
  // The line where the table starts (0 when unknown).
  std::int64_t line() const noexcept;

  // Throws on the first key not in `allowed`, with a "did you mean" hint.
  void check_keys(std::initializer_list<std::string_view> allowed) const;
  void check_keys(const std::vector<std::string_view>& allowed) const;
  // The keys, in the file's order.
  std::vector<std::string> keys() const;

  bool has(std::string_view key) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;  // integer or float, finite
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::vector<double>> numbers(std::string_view key) const;
  // `expected` says in a wrong-type message what the table holds.
  std::optional<TomlTable> table(std::string_view key, std::string_view expected = "a table") const;
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
  [[noreturn]] void wrong_type(std::string_view key, const toml::node& node, std::string_view expected) const;

  const toml::table* table_;
  std::string name_;
  std::string label_;  // "" unless labelled()
  const std::filesystem::path* file_;
};

}  // namespace lifecircle::io
