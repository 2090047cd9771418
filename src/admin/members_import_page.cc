// The member import (Permission::kManageMembers): a CSV file uploaded or
// pasted, read by ParseMembersCsv, judged and stored by
// members::MemberImporter. Either every row goes in, or none does and the
// page lists each problem by row and column; the report names no value from
// the file (it would be personal data on a page anyone nearby may read, and
// the file is at hand anyway). Each import is written to the audit log with
// its count. Imported members are sent nothing.

#include <string>
#include <vector>

#include "admin/handlers.h"
#include "admin/members_csv.h"
#include "admin/view.h"
#include "members/member_import.h"

namespace admin {
namespace {

using members::ImportIssue;
using members::ImportProblem;

// Rows of problems shown at most; the rest are counted.
constexpr size_t kIssuesShown = 200;

base::Status NeedImporter(const Ctx& c) {
  if (c.d.member_importer == nullptr) return base::Status::Unavailable("no member import");
  return base::Status::Ok();
}

const char* ProblemText(ImportProblem p) {
  switch (p) {
    case ImportProblem::kRequired:
      return "Required, but empty.";
    case ImportProblem::kTooLong:
      return "Too long.";
    case ImportProblem::kInvalidText:
      return "Not valid text (invalid UTF-8 or control characters).";
    case ImportProblem::kInvalidEmail:
      return "Not an email address.";
    case ImportProblem::kUnknownType:
      return "Unknown membership type.";
    case ImportProblem::kDuplicateInFile:
      return "The same email address is on an earlier row.";
    case ImportProblem::kAlreadyMember:
      return "This email address already belongs to a member.";
    case ImportProblem::kUnknownChapter:
      return "Unknown chapter.";
    case ImportProblem::kUnknownStatus:
      return "Status must be active, applicant or lapsed.";
    case ImportProblem::kInvalidValue:
      return "Not an accepted value.";
  }
  return "Not an accepted value.";
}

// The file's problem as one translated sentence.
std::string FileProblemText(const Ctx& c, const CsvError& e) {
  auto with_row = [&c, &e](const char* msgid) {
    return T(c, msgid) + " " + T(c, "Row") + " " + std::to_string(e.row) + ".";
  };
  auto with_columns = [&c, &e](const char* msgid) {
    std::string list;
    for (const std::string& col : e.columns) list += (list.empty() ? "" : ", ") + col;
    return T(c, msgid) + " " + list;
  };
  switch (e.problem) {
    case CsvProblem::kTooLarge:
      return T(c, "The file is too large: import at most 5 MiB at a time.");
    case CsvProblem::kEmpty:
      return T(c, "The file is empty.");
    case CsvProblem::kNoRows:
      return T(c, "The file has a header row but no members.");
    case CsvProblem::kTooManyRows:
      return T(c, "The file has too many rows: import at most 20,000 members at a time.");
    case CsvProblem::kBadQuoting:
      return with_row("The file is not valid CSV: a quotation mark is out of place.");
    case CsvProblem::kWrongCellCount:
      return with_row("A row has more or fewer cells than the header.");
    case CsvProblem::kUnknownColumns:
      return with_columns("Unknown columns:");
    case CsvProblem::kMissingColumns:
      return with_columns("Missing columns:");
    case CsvProblem::kDuplicateColumns:
      return with_columns("Columns given twice:");
  }
  return T(c, "The file is not valid CSV: a quotation mark is out of place.");
}

render::Value ColumnList(const char* const* begin, const char* const* end) {
  render::Value list = render::Value::MakeList();
  for (const char* const* it = begin; it != end; ++it)
    list.Push(render::Value::MakeObject().Set("name", *it));
  return list;
}

// The form, with `error` (translated) and the problems of the rows.
AdminResult ImportPage(Ctx& c, const std::string& error, const std::vector<ImportIssue>& issues,
                       int status) {
  render::Value data =
      render::Value::MakeObject()
          .Set("required_columns", ColumnList(std::begin(kRequiredMemberColumns),
                                              std::end(kRequiredMemberColumns)))
          .Set("optional_columns", ColumnList(std::begin(kOptionalMemberColumns),
                                              std::end(kOptionalMemberColumns)));
  if (!error.empty()) data.Set("error", error);
  if (!issues.empty()) {
    render::Value rows = render::Value::MakeList();
    for (size_t i = 0; i < issues.size() && i < kIssuesShown; ++i) {
      rows.Push(render::Value::MakeObject()
                    .Set("row", std::to_string(issues[i].row))
                    .Set("column", issues[i].column)
                    .Set("problem", T(c, ProblemText(issues[i].problem))));
    }
    data.Set("issues", std::move(rows)).Set("issue_count", std::to_string(issues.size()));
    if (issues.size() > kIssuesShown)
      data.Set("more_issues", std::to_string(issues.size() - kIssuesShown));
  }
  return Page(c, "members_import", std::move(data), status);
}

}  // namespace

AdminResult MembersImportForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedImporter(c));
  return ImportPage(c, "", {}, 200);
}

AdminResult MembersImport(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedImporter(c));
  // A file wins over pasted text (the form offers both).
  std::string text;
  if (const http::FilePart* file = c.form.File("file")) {
    text = file->data;
  } else {
    text = c.form.form.Value("text");
  }
  if (text.empty())
    return ImportPage(c, T(c, "Choose a CSV file or paste the list."), {}, 400);

  CsvError csv_error;
  base::Result<std::vector<members::ImportRow>> rows = ParseMembersCsv(text, &csv_error);
  if (!rows.ok()) {
    const std::string why = FileProblemText(c, csv_error);
    return ImportPage(c, T(c, "Nothing was imported.") + " " + why, {}, 400);
  }
  members::ImportOptions options;
  options.actor_user_id = c.user().id;
  options.lang = c.d.site->site->default_language;
  std::vector<ImportIssue> issues;
  base::Result<size_t> n = c.d.member_importer->Import(*rows, options, &issues);
  if (n.status().IsConflict()) {
    return ImportPage(c,
                      T(c, "Nothing was imported: someone joined with one of these addresses "
                           "meanwhile. Try again to see which."),
                      {}, 409);
  }
  if (n.status().IsInvalidArgument()) {
    return ImportPage(c, T(c, "Nothing was imported: fix these rows and try again."), issues,
                      400);
  }
  BS_RETURN_IF_ERROR(n.status());
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "members.import", "member", "",
                                         "count=" + std::to_string(*n)));
  return SeeOther("/admin/members?count=" + std::to_string(*n), "members_imported");
}

}  // namespace admin
