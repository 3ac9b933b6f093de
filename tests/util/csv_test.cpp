// util/csv: RFC 4180 quoting and the formula guard (OWASP CSV injection).

#include "lifecircle/util/csv.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace lifecircle
