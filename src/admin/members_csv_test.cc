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

// ----- ParseMembersCsv

constexpr char kHeader[] = "first_name,last_name,email,postal_code,region,country\r\n";

// The rows of `text`, which must parse.
std::vector<members::ImportRow> Parse(const std::string& text) {
  CsvError error;
  auto rows = ParseMembersCsv(text, &error);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  return rows.ok() ? *rows : std::vector<members::ImportRow>{};
}

// The problem `text` has, which must not parse.
CsvError Problem(const std::string& text) {
  CsvError error;
  auto rows = ParseMembersCsv(text, &error);
  EXPECT_TRUE(rows.status().IsInvalidArgument());
  return error;
}

TEST(ParseMembersCsvTest, ReadsQuotedCellsAndDoubledQuotes) {
  auto rows = Parse(std::string(kHeader) +
                    "Ana,\"Ruiz, \"\"La Roja\"\"\",ana@example.org,28001,Madrid,España\r\n"
                    "\"Ben\",\"\",ben@example.org,08001,\"Barcelona\",\"\"\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].row, 2);
  EXPECT_EQ(rows[0].first_name, "Ana");
  EXPECT_EQ(rows[0].last_name, "Ruiz, \"La Roja\"");
  EXPECT_EQ(rows[0].country, "España");
  EXPECT_EQ(rows[1].row, 3);
  EXPECT_EQ(rows[1].first_name, "Ben");
  EXPECT_EQ(rows[1].last_name, "");
  EXPECT_EQ(rows[1].region, "Barcelona");
}

TEST(ParseMembersCsvTest, LineEndingsBomAndBlankLines) {
  const std::string body = "Ana,Ruiz,ana@example.org,28001,Madrid,España";
  for (const std::string& text :
       {std::string("first_name,last_name,email,postal_code,region,country\n") + body + "\n",
        std::string("\xEF\xBB\xBF") + kHeader + body,  // BOM, no final line break
        std::string("first_name,last_name,email,postal_code,region,country\r") + body + "\r"}) {
    auto rows = Parse(text);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].first_name, "Ana");
    EXPECT_EQ(rows[0].country, "España");
  }
  // Blank lines are skipped but counted, as a spreadsheet numbers rows.
  auto rows = Parse(std::string(kHeader) + "\r\n" + body + "\r\n\r\n" + body + "\r\n\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].row, 3);
  EXPECT_EQ(rows[1].row, 5);
  // A quoted cell may hold a line break; the record still counts as one row.
  rows = Parse(std::string(kHeader) + "\"A\r\nna\",Ruiz,a@x.org,1,R,C\r\n" + body + "\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].first_name, "A\r\nna");
  EXPECT_EQ(rows[1].row, 3);
}

TEST(ParseMembersCsvTest, ColumnsAreMatchedByNameInAnyOrder) {
  auto rows = Parse(
      " Email ,COUNTRY,region,postal_code,last_name,first_name,status,chapter,id,created_at\n"
      "ana@example.org,España,Madrid,28001,Ruiz,Ana,applicant,north,17,2026-01-01T00:00:00Z\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].email, "ana@example.org");
  EXPECT_EQ(rows[0].first_name, "Ana");
  EXPECT_EQ(rows[0].status, "applicant");
  EXPECT_EQ(rows[0].chapter, "north");
}

TEST(ParseMembersCsvTest, TheDateColumnsAreRead) {
  auto rows = Parse(
      "first_name,last_name,email,postal_code,region,country,status,joined,lapsed\r\n"
      "Ana,Ruiz,ana@example.org,28001,Madrid,Spain,lapsed,2020-03-01,2025-06-30T12:00:00Z\r\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].joined, "2020-03-01");
  EXPECT_EQ(rows[0].lapsed, "2025-06-30T12:00:00Z");
}

TEST(ParseMembersCsvTest, TheExportsFormulaGuardComesOff) {
  auto rows = Parse("first_name,last_name,email,phone,postal_code,region,country\r\n" +
                    CsvRow({"=Ana", "'Ruiz", "ana@example.org", "+34 600", "28001", "Madrid",
                            "-"}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].first_name, "=Ana");
  EXPECT_EQ(rows[0].last_name, "'Ruiz");  // not a guard: kept
  EXPECT_EQ(rows[0].phone, "+34 600");
  EXPECT_EQ(rows[0].country, "-");
}

TEST(ParseMembersCsvTest, BadQuotingNamesTheRow) {
  const std::string ok = "Ana,Ruiz,ana@example.org,28001,Madrid,España\r\n";
  for (const std::string& bad : {std::string("Ana,Ru\"iz,a@x.org,1,R,C\r\n"),
                                 std::string("Ana,\"Ruiz\"x,a@x.org,1,R,C\r\n"),
                                 std::string("Ana,\"Ruiz,a@x.org,1,R,C\r\n")}) {
    CsvError e = Problem(kHeader + ok + bad + ok);
    EXPECT_EQ(e.problem, CsvProblem::kBadQuoting) << bad;
    EXPECT_EQ(e.row, 3) << bad;
  }
  CsvError e = Problem("first_name,\"last_name\n");
  EXPECT_EQ(e.problem, CsvProblem::kBadQuoting);
  EXPECT_EQ(e.row, 1);
}

TEST(ParseMembersCsvTest, HeaderProblemsNameTheColumns) {
  CsvError e = Problem("first_name,last_name,email,postal_code,region,country,shoe_size,\xff\r\n");
  EXPECT_EQ(e.problem, CsvProblem::kUnknownColumns);
  EXPECT_EQ(e.columns, (std::vector<std::string>{"shoe_size", "?"}));
  e = Problem("first_name,email,region\r\nAna,a@x.org,R\r\n");
  EXPECT_EQ(e.problem, CsvProblem::kMissingColumns);
  EXPECT_EQ(e.columns, (std::vector<std::string>{"last_name", "postal_code", "country"}));
  e = Problem("first_name,last_name,email,postal_code,region,country,Email\r\n");
  EXPECT_EQ(e.problem, CsvProblem::kDuplicateColumns);
  EXPECT_EQ(e.columns, (std::vector<std::string>{"Email"}));
}

TEST(ParseMembersCsvTest, EmptyFilesAndWrongCellCounts) {
  EXPECT_EQ(Problem("").problem, CsvProblem::kEmpty);
  EXPECT_EQ(Problem("\xEF\xBB\xBF\r\n\r\n").problem, CsvProblem::kEmpty);
  EXPECT_EQ(Problem(kHeader).problem, CsvProblem::kNoRows);
  EXPECT_EQ(Problem(std::string(kHeader) + "\r\n\r\n").problem, CsvProblem::kNoRows);
  CsvError e = Problem(std::string(kHeader) + "Ana,Ruiz,a@x.org,1,R,C\r\nBen,Ruiz,b@x.org,1,R\r\n");
  EXPECT_EQ(e.problem, CsvProblem::kWrongCellCount);
  EXPECT_EQ(e.row, 3);
  e = Problem(std::string(kHeader) + "Ana,Ruiz,a@x.org,1,R,C,extra\r\n");
  EXPECT_EQ(e.problem, CsvProblem::kWrongCellCount);
  EXPECT_EQ(e.row, 2);
}

TEST(ParseMembersCsvTest, RowAndSizeCaps) {
  std::string text = kHeader;
  const std::string row = "Ana,Ruiz,a@x.org,1,R,C\r\n";
  for (size_t i = 0; i < members::kMaxImportRows; ++i) text += row;
  EXPECT_EQ(Parse(text).size(), members::kMaxImportRows);
  EXPECT_EQ(Problem(text + row).problem, CsvProblem::kTooManyRows);
  std::string big = kHeader;
  big.resize(kMaxMembersCsvBytes + 1, '\n');
  EXPECT_EQ(Problem(big).problem, CsvProblem::kTooLarge);
}

}  // namespace
}  // namespace admin
