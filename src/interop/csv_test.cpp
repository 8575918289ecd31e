#include "interop/csv.h"

#include <gtest/gtest.h>

namespace rn::interop {
namespace {

TEST(Csv, ReadsQuotedCellsWithCommasQuotesAndLineBreaks) {
  Result<CsvTable> table = ParseCsv(
      "\xEF\xBB\xBFid, name ,notes\r\n"
      "1,\"Smith, Jo\",\"said \"\"hi\"\"\"\r\n"
      "2,Two,\"first line\nsecond line\"\r\n"
      "\r\n"
      "3,Three\n");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (std::vector<std::string>{"id", "name", "notes"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0][1], "Smith, Jo");
  EXPECT_EQ(table->rows[0][2], "said \"hi\"");
  EXPECT_EQ(table->rows[1][2], "first line\nsecond line");
  EXPECT_EQ(table->rows[2], (std::vector<std::string>{"3", "Three", ""}));  // padded
  EXPECT_EQ(table->lines, (std::vector<int>{2, 3, 6}));
  EXPECT_EQ(table->Column("NAME"), 1);
  EXPECT_EQ(table->Column("missing"), -1);
}

TEST(Csv, KeepsAStrayQuoteAndCountsExtraCells) {
  Result<CsvTable> table = ParseCsv("a,b\n5\" pipe,x,y\n");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0][0], "5\" pipe");
  EXPECT_EQ(table->extra[0], 1);
}

TEST(Csv, AnUnclosedQuoteIsAnErrorNamingItsLine) {
  Result<CsvTable> table = ParseCsv("a,b\n1,2\n3,\"open\n4,5\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().field(), "csv");
  EXPECT_NE(table.status().message().find("line 3"), std::string::npos)
      << table.status().message();
}

TEST(Csv, EmptyTextHasNoHeader) {
  EXPECT_FALSE(ParseCsv("").ok());
  EXPECT_FALSE(ParseCsv("\n\n").ok());
}

}  // namespace
}  // namespace rn::interop
