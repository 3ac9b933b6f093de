// io/toml_reader: the one "did you mean" and the messages of a labelled table.

#include "lifecircle/io/toml_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle::io {
namespace {

using ::testing::HasSubstr;

TEST(ClosestName, PicksTheNearestWithinTheDistance) {
  const std::vector<std::string_view> keys{"minutes", "distance_m", "values"};
  EXPECT_EQ(closest_name("minuts", keys), "minutes");
  EXPECT_EQ(closest_name("valeus", keys), "values");  // a swap is two edits
  EXPECT_EQ(closest_name("speed", keys), "");
  EXPECT_EQ(closest_name("C11", {"C1", "C2"}), "C1");                      // the first of equally close ones
  EXPECT_EQ(closest_name("x", {"id"}), "");                                // nothing of the name is kept
  EXPECT_EQ(closest_name("clinic-xyz", {"clinic-abc"}), "");               // three edits...
  EXPECT_EQ(closest_name("clinic-xyz", {"clinic-abc"}, 3), "clinic-abc");  // ...allowed when asked
  EXPECT_EQ(did_you_mean("minuts", keys), "; did you mean 'minutes'?");
  EXPECT_EQ(did_you_mean("speed", keys), "");
}

std::string message_of(const TomlTable& t, void (*read)(const TomlTable&)) {
  try {
    read(t);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TomlTable, PlainTablesNameTheDottedKeyAndLine) {
  const std::filesystem::path file = "plan.toml";
  const toml::table doc = toml::parse("[plan]\nname = 5\n");
  const TomlTable root(doc, "", file);
  const TomlTable plan = *root.table("plan");
  EXPECT_EQ(message_of(plan, [](const TomlTable& t) { (void)t.string("name"); }),
            "plan.toml: field 'plan.name' has the wrong type: expected a string, got an integer (line 2)");
  EXPECT_EQ(message_of(plan, [](const TomlTable& t) { (void)t.required_string("title"); }),
            "plan.toml: field 'plan.title' is required (in the table at line 1)");
  EXPECT_EQ(message_of(plan, [](const TomlTable& t) { t.check_keys({"nme"}); }),
            "plan.toml: field 'plan.name' is not allowed (line 2): unknown key 'name' in plan; did you mean "
            "'nme'?");
}

TEST(TomlTable, LabelledTablesNameTheEntry) {
  const std::filesystem::path file = "targets.toml";
  const toml::table doc = toml::parse("[[task]]\nid = \"clinics\"\n[task.targets]\n2027 = 5\n");
  const TomlTable root(doc, "", file);
  const TomlTable task = root.tables("task")->at(0).labelled("task 'clinics'");
  EXPECT_EQ(message_of(task, [](const TomlTable& t) { (void)t.required_string("source"); }),
            "targets.toml: field 'source' of task 'clinics' (in the table at line 1): is required");
  EXPECT_EQ(message_of(task, [](const TomlTable& t) { (void)t.table("targets")->string("2027"); }),
            "targets.toml: field 'targets.2027' of task 'clinics' (line 4): has the wrong type: expected a "
            "string, got an integer");
  EXPECT_EQ(task.keys(), (std::vector<std::string>{"id", "targets"}));
  EXPECT_EQ(task.boolean("optional"), std::nullopt);
}

}  // namespace
}  // namespace lifecircle::io
