#pragma once
// CSV for the member export and import: RFC 4180 cells and rows, made safe
// to open in a spreadsheet, and the reading of such a file back into rows
// for members::MemberImporter.
//
// The reader lives here, beside the writer, rather than in members/: the
// file format and its column names are the back office's export format,
// while the domain's import takes typed rows (members/member_import.h) and
// knows nothing of CSV.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "members/member_import.h"

namespace admin {

// One cell. A value that a spreadsheet would run as a formula (it starts
// with = + - @, a tab or a carriage return) gets a leading apostrophe; a
// value with a comma, a double quote, CR or LF is quoted, with its quotes
// doubled.
std::string CsvCell(std::string_view value);

// The cells joined by commas, ending in CRLF.
std::string CsvRow(const std::vector<std::string>& cells);

// ----- Reading a member file back

// The biggest file ParseMembersCsv reads (20,000 members of ~150 bytes fit
// with room to spare).
inline constexpr size_t kMaxMembersCsvBytes = 5 * 1024 * 1024;

// Columns an import must have (the Join form's required fields).
inline constexpr const char* kRequiredMemberColumns[] = {
    "first_name", "last_name", "email", "postal_code", "region", "country"};
// Columns it may have besides: what members::ImportRow takes ("joined" and
// "lapsed" are dates), and the export's "id" and "created_at", which are
// read and ignored (an imported member is new here: a new id, created now).
inline constexpr const char* kOptionalMemberColumns[] = {
    "phone", "status", "chapter", "membership_type", "email_consent", "joined", "lapsed", "id",
    "created_at"};

enum class CsvProblem {
  kTooLarge,         // over kMaxMembersCsvBytes
  kEmpty,            // no header row
  kNoRows,           // a header and no member
  kTooManyRows,      // over members::kMaxImportRows
  kBadQuoting,       // `row`: a quote inside an unquoted cell, text after a
                     // closing quote, or a quote never closed
  kWrongCellCount,   // `row` has more or fewer cells than the header
  kUnknownColumns,   // `columns` names them
  kMissingColumns,   // `columns` names them
  kDuplicateColumns, // `columns` names them
};

struct CsvError {
  CsvProblem problem = CsvProblem::kEmpty;
  int row = 0;  // spreadsheet numbering (the header is row 1); 0 = the file
  // Column names as written (trimmed); a name that is not one line of UTF-8
  // reads "?" so it can go on a page.
  std::vector<std::string> columns;
};

// Reads an RFC 4180 file of members: cells separated by commas, optionally
// quoted with doubled quotes inside, records ending in CRLF or LF (a bare CR
// too), the last one perhaps without; a UTF-8 byte order mark is skipped.
// The first record is the header: column names in any order, matched
// ignoring case and surrounding spaces. Blank lines are skipped (they still
// count in row numbers, as in a spreadsheet). The apostrophe CsvCell puts
// before a formula-like value is taken off again. Cells are returned as
// written (not trimmed, not checked as text: the importer judges them, row
// by row). InvalidArgument with `error` filled (when given) for any
// CsvProblem.
base::Result<std::vector<members::ImportRow>> ParseMembersCsv(std::string_view text,
                                                             CsvError* error = nullptr);

}  // namespace admin
