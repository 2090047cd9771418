#include "admin/members_csv.h"

#include <gtest/gtest.h>

namespace admin {
namespace {

TEST(CsvCellTest, PlainTextIsUnchanged) {
  EXPECT_EQ(CsvCell("Ana"), "Ana");
  EXPECT_EQ(CsvCell(""), "");
  EXPECT_EQ(CsvCell("Peña"), "Peña");
}

TEST(CsvCellTest, CommasQuotesAndNewlinesAreQuoted) {
  EXPECT_EQ(CsvCell("Ruiz, Ana"), "\"Ruiz, Ana\"");
  EXPECT_EQ(CsvCell("Ana \"La Roja\""), "\"Ana \"\"La Roja\"\"\"");
  EXPECT_EQ(CsvCell("a\nb"), "\"a\nb\"");
  EXPECT_EQ(CsvCell("a\r\nb"), "\"a\r\nb\"");
}

TEST(CsvCellTest, FormulasGetAnApostrophe) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("+34 600"), "'+34 600");
  EXPECT_EQ(CsvCell("-1"), "'-1");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("a=b"), "a=b");
}

TEST(CsvRowTest, JoinsWithCommasAndEndsInCrlf) {
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

}  // namespace
}  // namespace admin
