// util/csv: RFC 4180 quoting and the formula guard (OWASP CSV injection).

#include "lifecircle/util/csv.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lifecircle
