// SQLite members store: chapters, members with their blind indexes, one-time
// member links and history. Every member write runs in one transaction with
// its history event.

#include "store/sqlite/sqlite_members.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "base/text.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_sealed.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

constexpr int kMaxMemberPage = 1000;

const char* MemberStatusText(MemberStatus s) { return MemberStatusName(s); }

Result<MemberStatus> MemberStatusFrom(std::string_view t) {
  for (MemberStatus s : {MemberStatus::kPending, MemberStatus::kApplicant, MemberStatus::kActive,
                         MemberStatus::kDeclined, MemberStatus::kLapsed, MemberStatus::kErased}) {
    if (t == MemberStatusText(s)) return s;
  }
  return Status::Internal("members: unknown stored status '" + std::string(t) + "'");
}

const char* PurposeText(MemberTokenPurpose p) {
  switch (p) {
    case MemberTokenPurpose::kConfirmJoin:
      return "confirm_join";
    case MemberTokenPurpose::kSignIn:
      return "sign_in";
    case MemberTokenPurpose::kChangeEmail:
      return "change_email";
  }
  return "confirm_join";
}

// Chapter rules are stored one per line.
std::string Lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) {
    if (!out.empty()) out += '\n';
    out += i;
  }
  return out;
}
std::vector<std::string> FromLines(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::string_view part : base::Split(text, '\n')) out.emplace_back(part);
  return out;
}


constexpr char kChapterColumns[] =
    "id, slug, name, region, postal_prefixes, regions, position FROM chapters";

Chapter ReadChapter(const Statement& r) {
  Chapter c;
  c.id = r.Int64(0);
  c.slug = r.Text(1);
  c.name = r.Text(2);
  c.region = r.Text(3);
  c.postal_prefixes = FromLines(r.TextView(4));
  c.regions = FromLines(r.TextView(5));
  c.position = r.Int(6);
  return c;
}

// Columns read by ReadMember; the name tokens as one space-separated list.
constexpr char kMemberColumns[] =
    "m.id, m.ref, m.status, m.email_index, m.sealed_profile, m.membership_type, m.chapter_id,"
    " m.email_consent, m.created_at, m.updated_at, m.confirmed_at, m.activated_at, m.lapsed_at,"
    " m.erase_after, m.erased_at, m.version,"
    " (SELECT group_concat(token, ' ') FROM member_name_tokens t WHERE t.member_id = m.id)";

Result<Member> ReadMember(const Statement& r) {
  Member m;
  m.id = r.Int64(0);
  m.ref = r.Text(1);
  BS_ASSIGN_OR_RETURN(m.status, MemberStatusFrom(r.TextView(2)));
  m.email_index = r.Text(3);
  m.sealed_profile = r.Text(4);
  m.membership_type = r.Text(5);
  if (!r.IsNull(6)) m.chapter_id = r.Int64(6);
  m.email_consent = r.Int(7) != 0;
  BS_ASSIGN_OR_RETURN(m.created_at, TimeFrom(r.TextView(8)));
  BS_ASSIGN_OR_RETURN(m.updated_at, TimeFrom(r.TextView(9)));
  BS_ASSIGN_OR_RETURN(m.confirmed_at, OptionalTimeFrom(r, 10));
  BS_ASSIGN_OR_RETURN(m.activated_at, OptionalTimeFrom(r, 11));
  BS_ASSIGN_OR_RETURN(m.lapsed_at, OptionalTimeFrom(r, 12));
  BS_ASSIGN_OR_RETURN(m.erase_after, OptionalTimeFrom(r, 13));
  BS_ASSIGN_OR_RETURN(m.erased_at, OptionalTimeFrom(r, 14));
  m.version = r.Int64(15);
  if (!r.IsNull(16)) {
    for (std::string_view t : base::Split(r.TextView(16), ' ')) m.name_tokens.emplace_back(t);
    std::sort(m.name_tokens.begin(), m.name_tokens.end());
  }
  return m;
}

Result<std::optional<Member>> ReadOne(Statement& q) {
  BS_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<Member>();
  BS_ASSIGN_OR_RETURN(Member m, ReadMember(q));
  return std::optional<Member>(std::move(m));
}

Status ReplaceNameTokens(Connection& conn, int64_t member_id,
                         const std::vector<std::string>& tokens) {
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn.Prepare("DELETE FROM member_name_tokens WHERE member_id = ?"));
  del->Bind(1, member_id);
  BS_RETURN_IF_ERROR(del->Run());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn.Prepare("INSERT OR IGNORE INTO member_name_tokens (token, member_id) VALUES (?, ?)"));
  for (const std::string& t : tokens) {
    if (t.empty()) continue;
    ins->Reset();
    ins->Bind(1, t);
    ins->Bind(2, member_id);
    BS_RETURN_IF_ERROR(ins->Run());
  }
  return Status::Ok();
}

Status InsertEvent(Connection& conn, const MemberEvent& e) {
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn.Prepare("INSERT INTO member_events (member_id, at, actor_user_id, kind,"
                                   " detail) VALUES (?, ?, ?, ?, ?)"));
  ins->Bind(1, e.member_id);
  ins->Bind(2, TimeText(e.at));
  ins->Bind(3, e.actor_user_id);
  ins->Bind(4, e.kind);
  ins->Bind(5, e.detail);
  return ins->Run().WithContext("member " + std::to_string(e.member_id) + " event");
}

Status CheckChapter(Connection& conn, const std::optional<int64_t>& chapter_id) {
  if (!chapter_id) return Status::Ok();
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare("SELECT 1 FROM chapters WHERE id = ?"));
  q->Bind(1, *chapter_id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::InvalidArgument("members: unknown chapter " + std::to_string(*chapter_id));
  return Status::Ok();
}

// WHERE clause and parameters for a member filter (over `members m`).
Result<std::string> FilterSql(const MemberFilter& f, Params& params) {
  std::string where = " WHERE 1";
  if (f.status) {
    where += " AND m.status = ?";
    params.Add(std::string(MemberStatusText(*f.status)));
  } else {
    where += " AND m.status <> 'erased'";
  }
  if (f.no_chapter) {
    where += " AND m.chapter_id IS NULL";
  } else if (f.chapter_id) {
    where += " AND m.chapter_id = ?";
    params.Add(*f.chapter_id);
  }
  if (!f.membership_type.empty()) {
    where += " AND m.membership_type = ?";
    params.Add(f.membership_type);
  }
  if (f.activated_from) {
    where += " AND m.activated_at >= ?";
    params.Add(TimeText(*f.activated_from));
  }
  if (f.activated_to) {
    where += " AND m.activated_at < ?";
    params.Add(TimeText(*f.activated_to));
  }
  if (f.email_consent) {
    where += " AND m.email_consent = ?";
    params.Add(int64_t{*f.email_consent ? 1 : 0});
  }
  if (!f.email_index.empty()) {
    where += " AND m.email_index = ?";
    params.Add(f.email_index);
  }
  for (const std::string& t : f.name_tokens) {
    where += " AND m.id IN (SELECT member_id FROM member_name_tokens WHERE token = ?)";
    params.Add(t);
  }
  return where;
}

Status CheckPage(int limit, int offset) {
  if (limit < 1 || limit > kMaxMemberPage) {
    return Status::InvalidArgument("members: limit outside 1.." + std::to_string(kMaxMemberPage));
  }
  if (offset < 0) return Status::InvalidArgument("members: negative offset");
  return Status::Ok();
}

constexpr SealedColumn kProfiles{"members", "sealed_profile", "member"};

}  // namespace

// --- Chapters ---------------------------------------------------------------

Result<int64_t> SqliteMembers::CreateChapter(const Chapter& c) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn->Prepare("INSERT INTO chapters (slug, name, region, postal_prefixes,"
                                    " regions, position) VALUES (?, ?, ?, ?, ?, ?)"));
  ins->Bind(1, c.slug);
  ins->Bind(2, c.name);
  ins->Bind(3, c.region);
  ins->Bind(4, Lines(c.postal_prefixes));
  ins->Bind(5, Lines(c.regions));
  ins->Bind(6, c.position);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create chapter " + c.slug));
  return conn->LastInsertRowid();
}

Status SqliteMembers::UpdateChapter(const Chapter& c) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE chapters SET slug = ?, name = ?, region = ?,"
                                    " postal_prefixes = ?, regions = ?, position = ? WHERE id = ?"));
  up->Bind(1, c.slug);
  up->Bind(2, c.name);
  up->Bind(3, c.region);
  up->Bind(4, Lines(c.postal_prefixes));
  up->Bind(5, Lines(c.regions));
  up->Bind(6, c.position);
  up->Bind(7, c.id);
  BS_RETURN_IF_ERROR(up->Run().WithContext("update chapter " + c.slug));
  if (conn->Changes() == 0) return Status::NotFound("chapter " + std::to_string(c.id));
  return Status::Ok();
}

Status SqliteMembers::DeleteChapter(int64_t id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del, conn->Prepare("DELETE FROM chapters WHERE id = ?"));
  del->Bind(1, id);
  BS_RETURN_IF_ERROR(del->Run());
  if (conn->Changes() == 0) return Status::NotFound("chapter " + std::to_string(id));
  return Status::Ok();
}

Result<std::vector<Chapter>> SqliteMembers::ListChapters() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string("SELECT ") + kChapterColumns +
                                                       " ORDER BY position, name, id"));
  std::vector<Chapter> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(ReadChapter(*q));
  }
  return out;
}

Result<Chapter> SqliteMembers::GetChapter(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT ") + kChapterColumns + " WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("chapter " + std::to_string(id));
  return ReadChapter(*q);
}

// --- Members ----------------------------------------------------------------

namespace {

Status CheckNewMember(const Member& m) {
  if (m.ref.empty() || m.email_index.empty() || m.sealed_profile.empty()) {
    return Status::InvalidArgument("members: a new member needs a ref, an email index and a profile");
  }
  return Status::Ok();
}

// Inserts `m` with its name tokens and `event` (member_id and at filled in);
// the caller holds the transaction.
Result<int64_t> InsertMember(Connection& conn, const Member& m, MemberEvent event) {
  BS_RETURN_IF_ERROR(CheckChapter(conn, m.chapter_id));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement ins,
      conn.Prepare("INSERT INTO members (ref, status, email_index, sealed_profile,"
                   " membership_type, chapter_id, email_consent, created_at, updated_at,"
                   " confirmed_at, activated_at, lapsed_at, erase_after, erased_at, version)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)"));
  ins->Bind(1, m.ref);
  ins->Bind(2, MemberStatusText(m.status));
  ins->Bind(3, m.email_index);
  ins->Bind(4, m.sealed_profile);
  ins->Bind(5, m.membership_type);
  ins->Bind(6, m.chapter_id);
  ins->Bind(7, m.email_consent);
  ins->Bind(8, TimeText(m.created_at));
  ins->Bind(9, TimeText(m.created_at));
  BindOptionalTime(*ins, 10, m.confirmed_at);
  BindOptionalTime(*ins, 11, m.activated_at);
  BindOptionalTime(*ins, 12, m.lapsed_at);
  BindOptionalTime(*ins, 13, m.erase_after);
  BS_RETURN_IF_ERROR(ins->Run().WithContext("create member"));
  const int64_t id = conn.LastInsertRowid();
  BS_RETURN_IF_ERROR(ReplaceNameTokens(conn, id, m.name_tokens));
  event.member_id = id;
  event.at = m.created_at;
  BS_RETURN_IF_ERROR(InsertEvent(conn, event));
  return id;
}

}  // namespace

Result<int64_t> SqliteMembers::CreateMember(const Member& m) {
  BS_RETURN_IF_ERROR(CheckNewMember(m));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  MemberEvent joined;
  joined.kind = "joined";
  BS_ASSIGN_OR_RETURN(int64_t id, InsertMember(*conn, m, joined));
  BS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Result<std::vector<int64_t>> SqliteMembers::CreateMembers(const std::vector<Member>& ms,
                                                          const MemberEvent& event) {
  for (const Member& m : ms) BS_RETURN_IF_ERROR(CheckNewMember(m));
  std::vector<int64_t> ids;
  if (ms.empty()) return ids;
  ids.reserve(ms.size());
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  // Any early return leaves `tx` uncommitted: it rolls back, and nothing of
  // the batch stays.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  for (const Member& m : ms) {
    BS_ASSIGN_OR_RETURN(int64_t id, InsertMember(*conn, m, event));
    ids.push_back(id);
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return ids;
}

Result<Member> SqliteMembers::GetMember(int64_t id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string("SELECT ") + kMemberColumns +
                                                       " FROM members m WHERE m.id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(std::optional<Member> m, ReadOne(*q));
  if (!m) return Status::NotFound("member " + std::to_string(id));
  return std::move(*m);
}

Result<Member> SqliteMembers::GetMemberByRef(const std::string& ref) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string("SELECT ") + kMemberColumns +
                                                       " FROM members m WHERE m.ref = ?"));
  q->Bind(1, ref);
  BS_ASSIGN_OR_RETURN(std::optional<Member> m, ReadOne(*q));
  if (!m) return Status::NotFound("member with that reference");
  return std::move(*m);
}

Result<std::optional<Member>> SqliteMembers::FindByEmailIndex(const std::string& email_index) {
  if (email_index.empty()) return std::optional<Member>();
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT ") + kMemberColumns +
                                    " FROM members m WHERE m.email_index = ?"
                                    " AND m.status <> 'erased'"));
  q->Bind(1, email_index);
  return ReadOne(*q);
}

Status SqliteMembers::UpdateMember(const Member& m, Time at, const MemberEvent& event) {
  const std::string what = "member " + std::to_string(m.id);
  if (m.status == MemberStatus::kErased) {
    return Status::InvalidArgument(what + ": erase with EraseMember");
  }
  if (m.email_index.empty() || m.sealed_profile.empty()) {
    return Status::InvalidArgument(what + ": an email index and a profile are required");
  }
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("SELECT status, version FROM members WHERE id = ?"));
    q->Bind(1, m.id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound(what);
    if (q->TextView(0) == "erased") return Status::InvalidArgument(what + " is erased");
    if (q->Int64(1) != m.version) {
      return Status::Conflict(what + " was changed by someone else (version " +
                              std::to_string(q->Int64(1)) + ", not " +
                              std::to_string(m.version) + ")");
    }
  }
  BS_RETURN_IF_ERROR(CheckChapter(*conn, m.chapter_id));
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn->Prepare("UPDATE members SET status = ?, email_index = ?, sealed_profile = ?,"
                    " membership_type = ?, chapter_id = ?, email_consent = ?, confirmed_at = ?,"
                    " activated_at = ?, lapsed_at = ?, erase_after = ?, updated_at = ?,"
                    " version = version + 1 WHERE id = ?"));
  up->Bind(1, MemberStatusText(m.status));
  up->Bind(2, m.email_index);
  up->Bind(3, m.sealed_profile);
  up->Bind(4, m.membership_type);
  up->Bind(5, m.chapter_id);
  up->Bind(6, m.email_consent);
  BindOptionalTime(*up, 7, m.confirmed_at);
  BindOptionalTime(*up, 8, m.activated_at);
  BindOptionalTime(*up, 9, m.lapsed_at);
  BindOptionalTime(*up, 10, m.erase_after);
  up->Bind(11, TimeText(at));
  up->Bind(12, m.id);
  BS_RETURN_IF_ERROR(up->Run().WithContext(what));
  BS_RETURN_IF_ERROR(ReplaceNameTokens(*conn, m.id, m.name_tokens));
  MemberEvent e = event;
  e.member_id = m.id;
  e.at = at;
  BS_RETURN_IF_ERROR(InsertEvent(*conn, e));
  return tx.Commit();
}

Status SqliteMembers::EraseMember(int64_t id, Time at, const MemberEvent& event) {
  const std::string what = "member " + std::to_string(id);
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("SELECT status FROM members WHERE id = ?"));
    q->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound(what);
    if (q->TextView(0) == "erased") return Status::Ok();
  }
  // The tombstone keeps the clear columns that counts need (chapter, type,
  // the dates); everything that could name the person goes.
  BS_ASSIGN_OR_RETURN(
      ScopedStatement up,
      conn->Prepare("UPDATE members SET status = 'erased', email_index = '', sealed_profile = '',"
                    " email_consent = 0, erase_after = NULL, erased_at = ?, updated_at = ?,"
                    " version = version + 1 WHERE id = ?"));
  up->Bind(1, TimeText(at));
  up->Bind(2, TimeText(at));
  up->Bind(3, id);
  BS_RETURN_IF_ERROR(up->Run().WithContext(what));
  BS_RETURN_IF_ERROR(ReplaceNameTokens(*conn, id, {}));
  for (const char* sql : {"DELETE FROM member_tokens WHERE member_id = ?",
                          "DELETE FROM member_sessions WHERE member_id = ?"}) {
    BS_ASSIGN_OR_RETURN(ScopedStatement del, conn->Prepare(sql));
    del->Bind(1, id);
    BS_RETURN_IF_ERROR(del->Run());
  }
  // History keeps what happened and when, never details.
  BS_ASSIGN_OR_RETURN(ScopedStatement wipe,
                      conn->Prepare("UPDATE member_events SET detail = '' WHERE member_id = ?"));
  wipe->Bind(1, id);
  BS_RETURN_IF_ERROR(wipe->Run());
  MemberEvent e = event;
  e.member_id = id;
  e.at = at;
  e.detail.clear();
  BS_RETURN_IF_ERROR(InsertEvent(*conn, e));
  return tx.Commit();
}

Result<std::vector<int64_t>> SqliteMembers::ListDueForErasure(Time now, int limit) {
  BS_RETURN_IF_ERROR(CheckPage(limit, 0));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id FROM members WHERE erase_after IS NOT NULL"
                                    " AND status <> 'erased' AND erase_after <= ?"
                                    " ORDER BY erase_after, id LIMIT ?"));
  q->Bind(1, TimeText(now));
  q->Bind(2, limit);
  std::vector<int64_t> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(q->Int64(0));
  }
  return out;
}

Result<std::vector<Member>> SqliteMembers::ListMembers(const MemberFilter& f) {
  BS_RETURN_IF_ERROR(CheckPage(f.limit, f.offset));
  Params params;
  BS_ASSIGN_OR_RETURN(std::string where, FilterSql(f, params));
  params.Add(int64_t{f.limit});
  params.Add(int64_t{f.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT ") + kMemberColumns + " FROM members m" +
                                    where + " ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?"));
  params.BindTo(*q);
  std::vector<Member> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    BS_ASSIGN_OR_RETURN(Member m, ReadMember(*q));
    out.push_back(std::move(m));
  }
  return out;
}

Result<int64_t> SqliteMembers::CountMembers(const MemberFilter& f) {
  // The totals the list shows most (everyone, a status, a chapter) come from
  // member_counts, kept by triggers (migration 0014): a few rows, not a scan.
  const bool by_counts = f.membership_type.empty() && !f.activated_from && !f.activated_to &&
                         !f.email_consent && f.email_index.empty() && f.name_tokens.empty();
  if (by_counts) {
    Params params;
    std::string sql = "SELECT coalesce(sum(n), 0) FROM member_counts WHERE ";
    if (f.status) {
      sql += "status = ?";
      params.Add(std::string(MemberStatusText(*f.status)));
    } else {
      sql += "status <> 'erased'";
    }
    if (f.no_chapter) {
      sql += " AND chapter_id = 0";
    } else if (f.chapter_id) {
      sql += " AND chapter_id = ?";
      params.Add(*f.chapter_id);
    }
    BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
    params.BindTo(*q);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    return row ? q->Int64(0) : 0;
  }
  Params params;
  BS_ASSIGN_OR_RETURN(std::string where, FilterSql(f, params));
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT count(*) FROM members m" + where));
  params.BindTo(*q);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->Int64(0) : 0;
}

Result<std::vector<MemberMonthCount>> SqliteMembers::CountByChapterAndMonth(Time since) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  // "2026-11-05T..." -> "2026-11": stored times are RFC 3339 UTC text.
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT chapter_id, month, sum(joined), sum(lapsed) FROM ("
                    " SELECT chapter_id, substr(activated_at, 1, 7) AS month, 1 AS joined,"
                    "  0 AS lapsed FROM members WHERE activated_at >= ?"
                    " UNION ALL"
                    " SELECT chapter_id, substr(lapsed_at, 1, 7), 0, 1 FROM members"
                    "  WHERE lapsed_at >= ?)"
                    " GROUP BY chapter_id, month ORDER BY month, chapter_id"));
  const std::string from = TimeText(since);
  q->Bind(1, from);
  q->Bind(2, from);
  std::vector<MemberMonthCount> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    MemberMonthCount c;
    if (!q->IsNull(0)) c.chapter_id = q->Int64(0);
    c.month = q->Text(1);
    c.joined = q->Int64(2);
    c.lapsed = q->Int64(3);
    out.push_back(std::move(c));
  }
  return out;
}

// --- One-time links ---------------------------------------------------------

Status SqliteMembers::CreateMemberToken(const MemberToken& t) {
  if (t.token_hash.empty()) return Status::InvalidArgument("members: empty token hash");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn->Prepare("INSERT INTO member_tokens (token_hash, member_id, purpose,"
                                    " created_at, expires_at, used_at, sealed_payload)"
                                    " VALUES (?, ?, ?, ?, ?, NULL, ?)"));
  ins->Bind(1, t.token_hash);
  ins->Bind(2, t.member_id);
  ins->Bind(3, PurposeText(t.purpose));
  ins->Bind(4, TimeText(t.created_at));
  ins->Bind(5, TimeText(t.expires_at));
  ins->Bind(6, t.sealed_payload);
  return ins->Run().WithContext("member " + std::to_string(t.member_id) + " link");
}

Result<MemberToken> SqliteMembers::ConsumeMemberToken(const std::string& token_hash,
                                                      MemberTokenPurpose purpose, Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  MemberToken t;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("SELECT member_id, purpose, created_at, expires_at, used_at,"
                                      " sealed_payload FROM member_tokens WHERE token_hash = ?"));
    q->Bind(1, token_hash);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row || q->TextView(1) != PurposeText(purpose)) {
      return Status::NotFound("no such member link");
    }
    t.token_hash = token_hash;
    t.member_id = q->Int64(0);
    t.purpose = purpose;
    BS_ASSIGN_OR_RETURN(t.created_at, TimeFrom(q->TextView(2)));
    BS_ASSIGN_OR_RETURN(t.expires_at, TimeFrom(q->TextView(3)));
    BS_ASSIGN_OR_RETURN(t.used_at, OptionalTimeFrom(*q, 4));
    t.sealed_payload = q->Text(5);
  }
  if (t.used_at) return Status::PermissionDenied("this link was already used");
  if (t.expires_at <= now) return Status::PermissionDenied("this link has expired");
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE member_tokens SET used_at = ? WHERE token_hash = ?"));
  up->Bind(1, TimeText(now));
  up->Bind(2, token_hash);
  BS_RETURN_IF_ERROR(up->Run());
  BS_RETURN_IF_ERROR(tx.Commit());
  t.used_at = now;
  return t;
}

Status SqliteMembers::RevokeMemberTokens(int64_t member_id, MemberTokenPurpose purpose) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn->Prepare("DELETE FROM member_tokens WHERE member_id = ? AND purpose = ?"
                                    " AND used_at IS NULL"));
  del->Bind(1, member_id);
  del->Bind(2, PurposeText(purpose));
  return del->Run();
}

// --- Portal sessions --------------------------------------------------------

Status SqliteMembers::CreateMemberSession(const MemberSession& s) {
  if (s.token_hash.empty()) return Status::InvalidArgument("members: empty session hash");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement ins,
                      conn->Prepare("INSERT INTO member_sessions (token_hash, member_id,"
                                    " created_at, expires_at) VALUES (?, ?, ?, ?)"));
  ins->Bind(1, s.token_hash);
  ins->Bind(2, s.member_id);
  ins->Bind(3, TimeText(s.created_at));
  ins->Bind(4, TimeText(s.expires_at));
  return ins->Run().WithContext("member " + std::to_string(s.member_id) + " session");
}

Result<MemberSession> SqliteMembers::GetMemberSession(const std::string& token_hash, Time now) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT s.member_id, s.created_at, s.expires_at"
                                    " FROM member_sessions s JOIN members m ON m.id = s.member_id"
                                    " WHERE s.token_hash = ? AND s.expires_at > ?"
                                    " AND m.status <> 'erased'"));
  q->Bind(1, token_hash);
  q->Bind(2, TimeText(now));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("no such member session");
  MemberSession s;
  s.token_hash = token_hash;
  s.member_id = q->Int64(0);
  BS_ASSIGN_OR_RETURN(s.created_at, TimeFrom(q->TextView(1)));
  BS_ASSIGN_OR_RETURN(s.expires_at, TimeFrom(q->TextView(2)));
  return s;
}

Status SqliteMembers::DeleteMemberSession(const std::string& token_hash) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn->Prepare("DELETE FROM member_sessions WHERE token_hash = ?"));
  del->Bind(1, token_hash);
  return del->Run();
}

Status SqliteMembers::DeleteMemberSessions(int64_t member_id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn->Prepare("DELETE FROM member_sessions WHERE member_id = ?"));
  del->Bind(1, member_id);
  return del->Run();
}

// --- History ----------------------------------------------------------------

Status SqliteMembers::AddMemberEvent(const MemberEvent& e) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  Status s = InsertEvent(*conn, e);
  // The foreign key names a missing member.
  if (s.IsInvalidArgument()) return Status::NotFound("member " + std::to_string(e.member_id));
  return s;
}

Result<std::vector<MemberEvent>> SqliteMembers::ListMemberEvents(int64_t member_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("SELECT 1 FROM members WHERE id = ?"));
    q->Bind(1, member_id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound("member " + std::to_string(member_id));
  }
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT id, at, actor_user_id, kind, detail FROM member_events"
                                    " WHERE member_id = ? ORDER BY id"));
  q->Bind(1, member_id);
  std::vector<MemberEvent> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    MemberEvent e;
    e.id = q->Int64(0);
    e.member_id = member_id;
    BS_ASSIGN_OR_RETURN(e.at, TimeFrom(q->TextView(1)));
    if (!q->IsNull(2)) e.actor_user_id = q->Int64(2);
    e.kind = q->Text(3);
    e.detail = q->Text(4);
    out.push_back(std::move(e));
  }
  return out;
}

// --- Re-sealing -------------------------------------------------------------

Result<std::vector<SealedValue>> SqliteMembers::ListSealedProfiles(int64_t after_id, int limit) {
  return ListSealed(pool_, kProfiles, after_id, limit);
}

Status SqliteMembers::ReplaceSealedProfile(int64_t id, const std::string& expected,
                                           const std::string& resealed) {
  return ReplaceSealed(pool_, kProfiles, id, expected, resealed);
}

}  // namespace store::sqlite
