// util/csv: RFC 4180 quoting, the formula guard (OWASP CSV injection) and the reader.

#include "lifecircle/util/csv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lifecircle/util/error.hpp"

namespace lifecircle {
namespace {

TEST(Csv, PlainTextIsWrittenAsItIs) {
  EXPECT_EQ(csv_text("西镇"), "西镇");
  EXPECT_EQ(csv_text("covered_population"), "covered_population");
  EXPECT_EQ(csv_text(""), "");
}

TEST(Csv, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(csv_text("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_text("cr\rinside"), "\"cr\rinside\"");
}

TEST(Csv, FormulaLeadingTextGetsASingleQuote) {
  EXPECT_EQ(csv_text("=1+2"), "'=1+2");
  EXPECT_EQ(csv_text("+1"), "'+1");
  EXPECT_EQ(csv_text("-2"), "'-2");
  EXPECT_EQ(csv_text("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_text("\tx"), "'\tx");
  EXPECT_EQ(csv_text("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_text("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv_text("a=b"), "a=b");  // only the first character counts
}

TEST(Csv, NumbersAreNotGuarded) {
  EXPECT_EQ(csv_number("-0.5"), "-0.5");
  EXPECT_EQ(csv_number("+3"), "+3");
  EXPECT_EQ(csv_number("1,5"), "\"1,5\"");
}

// Excel on Chinese Windows reads a CSV without a BOM as GBK: every CSV file
// lifecircle writes begins with EF BB BF, unless the plan turns it off.
TEST(Csv, FileGetsAUtf8BomUnlessTurnedOff) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("lifecircle-csv-bom-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  write_csv_file(dir / "with.csv", "town_name\n太平街道\n", true);
  write_csv_file(dir / "without.csv", "town_name\n太平街道\n", false);
  EXPECT_EQ(slurp(dir / "with.csv"), "\xEF\xBB\xBFtown_name\n太平街道\n");
  EXPECT_EQ(slurp(dir / "without.csv"), "town_name\n太平街道\n");
  std::filesystem::remove_all(dir);
}

TEST(Csv, RowsReadBackWhatTheWriterWrote) {
  const std::string text = std::string(kUtf8Bom) + csv_text("a,b") + "," + csv_text("=1+2") + "," +
                           csv_text("two\nlines") + "\r\n" + csv_text("say \"hi\"") + ",,0.5\nlast";
  const std::vector<std::vector<std::string>> rows = csv_rows(text);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a,b", "'=1+2", "two\nlines"}));  // the guard is kept
  EXPECT_EQ(rows[1], (std::vector<std::string>{"say \"hi\"", "", "0.5"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"last"}));
  EXPECT_TRUE(csv_rows("").empty());
}

TEST(Csv, RecordsKnowTheLineTheyStartOn) {
  const std::vector<CsvRecord> records = read_csv_records("a,\"one\r\ntwo\"\r\n\n  \t\n\"\",b,\n", "t.csv");
  ASSERT_EQ(records.size(), 4U);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].cells, (std::vector<std::string>{"a", "one\r\ntwo"}));
  EXPECT_EQ(records[1].line, 3);
  EXPECT_TRUE(records[1].blank());
  EXPECT_EQ(records[2].line, 4);
  EXPECT_TRUE(records[2].blank());
  EXPECT_EQ(records[3].line, 5);
  EXPECT_FALSE(records[3].blank());
  EXPECT_EQ(records[3].cells, (std::vector<std::string>{"", "b", ""}));
}

struct CsvFault {
  std::string text;
  std::int64_t line;
  std::string what;
};

TEST(Csv, MalformedTextIsRefusedNamingTheFileAndLine) {
  const std::vector<CsvFault> faults{
      {"a,b\nc,d\"e\n", 2, "(line 2): a '\"' inside an unquoted cell"},
      {"a\n\"b\"c,d\n", 2, "(line 2): text after the closing '\"'"},
      {"a\nb,\"c\nd\ne\n", 2, "(line 2): a quoted cell is not closed"},
  };
  for (const CsvFault& f : faults) {
    try {
      read_csv_records(f.text, "bad.csv");
      ADD_FAILURE() << f.text << " was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().path, "bad.csv");
      EXPECT_EQ(e.where().feature, f.line) << e.what();
      EXPECT_THAT(e.what(), ::testing::HasSubstr(f.what));
    }
  }
}

}  // namespace
}  // namespace lifecircle
