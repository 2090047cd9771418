#include "members/member_import.h"

#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/form_text.h"
#include "base/text.h"
#include "base/time_format.h"
#include "crypto/token.h"
#include "members/chapter_rules.h"
#include "members/profile.h"

namespace members {
namespace {

using base::Result;
using base::Status;
using store::MemberStatus;

ImportProblem FromJoin(JoinProblem p) {
  switch (p) {
    case JoinProblem::kRequired:
      return ImportProblem::kRequired;
    case JoinProblem::kTooLong:
      return ImportProblem::kTooLong;
    case JoinProblem::kInvalidText:
      return ImportProblem::kInvalidText;
    case JoinProblem::kInvalidEmail:
      return ImportProblem::kInvalidEmail;
    case JoinProblem::kUnknownType:
      return ImportProblem::kUnknownType;
    case JoinProblem::kNoConsent:  // not asked of imports (always given)
    case JoinProblem::kUnknownQuestion:  // imports carry no answers
      break;
  }
  return ImportProblem::kInvalidValue;
}

// A row that passed its checks, cleaned.
struct Ready {
  JoinInput in;
  MemberStatus status = MemberStatus::kActive;
  std::optional<int64_t> chapter_id;  // nullopt: by the chapter rules
  std::optional<base::Time> joined;
  std::optional<base::Time> lapsed;  // given in the row
  std::string email_index;
};

// What the rows amount to: their problems, or (when there are none) the
// members to be.
struct Plan {
  std::vector<ImportIssue> issues;
  std::vector<Ready> ready;
  std::vector<store::Chapter> chapters;  // as read for the checks
};

// The cell for one of the import's own columns, folded for comparison;
// nullopt (and a problem noted) when it is not one line of UTF-8.
std::optional<std::string> Folded(std::vector<ImportIssue>& issues, int row, const char* column,
                                  std::string_view raw) {
  const std::string_view v = base::Trim(raw);
  if (!base::IsValidUtf8(v) || base::HasControlCharacters(v, /*allow_newlines=*/false)) {
    issues.push_back({row, column, ImportProblem::kInvalidText});
    return std::nullopt;
  }
  return base::FoldAccentsLower(v);
}

std::optional<base::Time> ParseDate(std::string_view v) {
  if (v.size() == 10) return base::ParseRfc3339(std::string(v) + "T00:00:00Z");
  return base::ParseRfc3339(v);
}

}  // namespace

MemberImporter::MemberImporter(store::MembersStore& store, const crypto::Keyring& ring,
                               const Indexer& indexer, const base::Clock& clock,
                               JoinPolicy policy)
    : store_(store), ring_(ring), indexer_(indexer), clock_(clock), policy_(std::move(policy)) {}

namespace {

// Every check of every row. Reads the chapters once and the email index
// once per row.
Result<Plan> MakePlan(store::MembersStore& store, const Indexer& indexer, const JoinPolicy& policy,
                      base::Time now, const std::vector<ImportRow>& rows) {
  if (rows.size() > kMaxImportRows) {
    return Status::InvalidArgument("import: more than " + std::to_string(kMaxImportRows) +
                                   " rows");
  }
  Plan plan;
  BS_ASSIGN_OR_RETURN(plan.chapters, store.ListChapters());
  std::unordered_map<std::string, int> first_row_of;  // email index -> row
  for (const ImportRow& r : rows) {
    const size_t before = plan.issues.size();
    auto note = [&](const char* column, ImportProblem p) {
      plan.issues.push_back({r.row, column, p});
    };
    Ready ready;
    JoinInput& in = ready.in;
    in.first_name = r.first_name;
    in.last_name = r.last_name;
    in.email = r.email;
    in.phone = r.phone;
    in.postal_code = r.postal_code;
    in.region = r.region;
    in.country = r.country;
    in.membership_type = std::string(base::Trim(r.membership_type));
    // The organization vouches for having the right to hold these people's
    // details; the form's box is for people joining themselves.
    in.privacy_consent = true;
    bool email_ok = true;
    const std::vector<JoinError> join_errors = CheckJoin(in, policy);
    for (const JoinError& e : join_errors) {
      plan.issues.push_back({r.row, e.field, FromJoin(e.problem)});
      if (e.field == "email") email_ok = false;
    }
    if (join_errors.empty()) in = CleanJoin(in, policy);
    if (email_ok) {
      // As CleanJoin writes it; CheckJoin found it well formed.
      ready.email_index = indexer.EmailIndex(base::NormalizeEmail(r.email).value_or(""));
      if (!first_row_of.emplace(ready.email_index, r.row).second) {
        note("email", ImportProblem::kDuplicateInFile);
      } else {
        BS_ASSIGN_OR_RETURN(std::optional<store::Member> holder,
                            store.FindByEmailIndex(ready.email_index));
        if (holder) note("email", ImportProblem::kAlreadyMember);
      }
    }

    if (std::optional<std::string> s = Folded(plan.issues, r.row, "status", r.status)) {
      if (s->empty() || *s == "active") {
        ready.status = MemberStatus::kActive;
      } else if (*s == "applicant") {
        ready.status = MemberStatus::kApplicant;
      } else if (*s == "lapsed") {
        ready.status = MemberStatus::kLapsed;
      } else {
        note("status", ImportProblem::kUnknownStatus);
      }
    }
    if (std::optional<std::string> ch = Folded(plan.issues, r.row, "chapter", r.chapter)) {
      if (!ch->empty()) {
        for (const store::Chapter& c : plan.chapters) {
          if (c.slug == *ch || base::FoldAccentsLower(c.name) == *ch) {
            ready.chapter_id = c.id;
            break;
          }
        }
        if (!ready.chapter_id) note("chapter", ImportProblem::kUnknownChapter);
      }
    }
    if (std::optional<std::string> c =
            Folded(plan.issues, r.row, "email_consent", r.email_consent)) {
      if (*c == "yes") {
        in.email_consent = true;
      } else if (!c->empty() && *c != "no") {
        note("email_consent", ImportProblem::kInvalidValue);
      }
    }
    if (Folded(plan.issues, r.row, "joined", r.joined)) {
      const std::string_view j = base::Trim(r.joined);
      if (!j.empty()) {
        ready.joined = ParseDate(j);
        if (!ready.joined || *ready.joined > now) note("joined", ImportProblem::kInvalidValue);
      }
    }
    if (Folded(plan.issues, r.row, "lapsed", r.lapsed)) {
      const std::string_view l = base::Trim(r.lapsed);
      if (!l.empty()) {
        ready.lapsed = ParseDate(l);
        if (!ready.lapsed || *ready.lapsed > now ||
            (ready.status == MemberStatus::kLapsed && ready.joined && *ready.joined <= now &&
             *ready.lapsed < *ready.joined)) {
          note("lapsed", ImportProblem::kInvalidValue);
        }
      }
    }
    if (plan.issues.size() == before) plan.ready.push_back(std::move(ready));
  }
  if (!plan.issues.empty()) plan.ready.clear();
  return plan;
}

}  // namespace

Result<std::vector<ImportIssue>> MemberImporter::Check(const std::vector<ImportRow>& rows) {
  BS_ASSIGN_OR_RETURN(Plan plan, MakePlan(store_, indexer_, policy_, clock_.Now(), rows));
  return std::move(plan.issues);
}

Result<size_t> MemberImporter::Import(const std::vector<ImportRow>& rows,
                                      const ImportOptions& options,
                                      std::vector<ImportIssue>* issues) {
  const base::Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(Plan plan, MakePlan(store_, indexer_, policy_, now, rows));
  if (!plan.issues.empty()) {
    const std::string what =
        "import: " + std::to_string(plan.issues.size()) + " problems in the rows";
    if (issues != nullptr) *issues = std::move(plan.issues);
    return Status::InvalidArgument(what);
  }
  std::vector<store::Member> members;
  members.reserve(plan.ready.size());
  for (const Ready& r : plan.ready) {
    const JoinInput& in = r.in;
    Profile p;
    p.first_name = in.first_name;
    p.last_name = in.last_name;
    p.email = in.email;
    p.phone = in.phone;
    p.postal_code = in.postal_code;
    p.region = in.region;
    p.country = in.country;
    p.lang = options.lang.empty() ? "en" : options.lang;

    store::Member m;
    m.ref = crypto::RandomToken();
    m.status = r.status;
    m.email_index = r.email_index;
    m.name_tokens = indexer_.NameTokens(in.first_name + " " + in.last_name);
    BS_ASSIGN_OR_RETURN(m.sealed_profile, SealProfile(ring_, p, m.ref));
    m.membership_type = in.membership_type;
    m.chapter_id =
        r.chapter_id ? r.chapter_id : AssignChapter(plan.chapters, in.postal_code, in.region);
    m.email_consent = in.email_consent;
    m.created_at = now;
    // Applicants are not members yet. A lapsed member lapsed when the row
    // says, else now (the import): the dashboard counts lapses by lapsed_at,
    // and one left without it would never be counted. Without a joining
    // date, a lapsed member joined no later than they lapsed.
    if (r.status == MemberStatus::kLapsed) {
      m.lapsed_at = r.lapsed.value_or(now);
      m.activated_at = r.joined.value_or(*m.lapsed_at);
    } else if (r.status != MemberStatus::kApplicant) {
      m.activated_at = r.joined.value_or(now);
    }
    members.push_back(std::move(m));
  }
  store::MemberEvent imported;
  imported.kind = "imported";
  imported.actor_user_id = options.actor_user_id;
  BS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store_.CreateMembers(members, imported));
  return ids.size();
}

}  // namespace members
