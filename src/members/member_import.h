#pragma once
// Bringing a list of members in from elsewhere (a spreadsheet, another
// system, a back-up made with the CSV export): every row is checked first,
// with the Join form's rules and a few of the import's own; then either
// nothing is written and each problem is named by row and column, or every
// row becomes a member in one store transaction.
//
// The rows are typed values, not a file format: the CSV reading (and its
// column names) is the back office's (admin/members_csv.h), so another
// format could feed the same import.
//
// Imported members are stored as joined ones are (a sealed profile bound to
// a fresh ref, the email's and the name's blind indexes, a chapter by the
// chapter rules when the row names none) with an "imported" event naming the
// staff user in their history. They are sent no email: the organization
// brings people it already knows, and a mass mailing to a list nobody on it
// confirmed here is not this function's to decide.
//
// Thread-safety: safe for concurrent use; calls block on the database.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/keyring.h"
#include "members/indexer.h"
#include "members/join_form.h"
#include "store/members_store.h"

namespace members {

// At most this many rows in one import (a bigger list goes in several).
inline constexpr size_t kMaxImportRows = 20'000;

// One member to import, as text. Empty optional columns take defaults.
struct ImportRow {
  // Where the row is in its file, to name it in problems: spreadsheet
  // numbering, the header being row 1.
  int row = 0;
  std::string first_name, last_name, email, phone, postal_code, region, country;
  std::string status;           // "active" (also when empty), "applicant" or "lapsed"
  std::string chapter;          // a chapter's slug or name; "" = by the chapter rules
  std::string membership_type;  // a policy type's slug; "" = the policy's default
  std::string email_consent;    // "yes" or "no" (also when empty)
  // When they became a member elsewhere: RFC 3339 or YYYY-MM-DD (UTC), not
  // in the future; "" = now (or, for a lapsed member with a `lapsed` date,
  // that date: nobody lapses before joining). Ignored for applicants (not
  // members yet).
  std::string joined;
  // When a lapsed member lapsed: as `joined`, not in the future and not
  // before `joined`; "" = now (the import), so the dashboard's "lapsed by
  // month" counts every lapsed member somewhere. Checked on every row, used
  // only when the status is lapsed (a spreadsheet's column may be filled
  // for everyone).
  std::string lapsed;
};

enum class ImportProblem {
  kRequired,
  kTooLong,
  kInvalidText,    // invalid UTF-8 or control characters
  kInvalidEmail,
  kUnknownType,    // not one of the policy's membership types
  kDuplicateInFile,  // an earlier row has the same email address
  kAlreadyMember,  // the address is already a member's (any status but erased)
  kUnknownChapter,
  kUnknownStatus,  // anything but active, applicant, lapsed
  kInvalidValue,   // email_consent other than yes/no, a bad or future date, a
                   // lapse before joining
};

struct ImportIssue {
  int row = 0;
  std::string column;  // "first_name", "email", "chapter", ...
  ImportProblem problem = ImportProblem::kRequired;
  bool operator==(const ImportIssue&) const = default;
};

struct ImportOptions {
  int64_t actor_user_id = 0;  // the staff user importing (in each member's history)
  std::string lang = "en";    // the language emails to them will be in
};

class MemberImporter {
 public:
  // Everything borrowed must outlive this object. `policy` gives the
  // membership types (and the Join form's rules), as for MembersService.
  MemberImporter(store::MembersStore& store, const crypto::Keyring& ring, const Indexer& indexer,
                 const base::Clock& clock, JoinPolicy policy);

  // Every problem of every row, by row then column order; empty when the
  // rows may be imported. Reads the store (chapters, addresses taken).
  // InvalidArgument for more than kMaxImportRows rows.
  base::Result<std::vector<ImportIssue>> Check(const std::vector<ImportRow>& rows);

  // Checks `rows`, then stores them all in one transaction. Returns how many
  // were imported. InvalidArgument with `issues` filled (when given) when
  // any row has a problem: nothing is written. Conflict when an address
  // became a member's between the check and the write: nothing is written.
  // Other store errors: nothing is written either.
  base::Result<size_t> Import(const std::vector<ImportRow>& rows, const ImportOptions& options,
                              std::vector<ImportIssue>* issues = nullptr);

 private:
  store::MembersStore& store_;
  const crypto::Keyring& ring_;
  const Indexer& indexer_;
  const base::Clock& clock_;
  const JoinPolicy policy_;
};

}  // namespace members
