// SQLite accounts store: users, sessions, one-time tokens, login failures and
// the audit log.

#include "store/sqlite/sqlite_accounts.h"

#include <chrono>
#include <utility>

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

// How long failures are kept behind the newest one (see the header).
constexpr std::chrono::hours kFailureRetention{24};

const char* PurposeText(TokenPurpose p) {
  return p == TokenPurpose::kSetPassword ? "set_password" : "reset_password";
}

Result<TokenPurpose> PurposeFrom(std::string_view text) {
  if (text == "set_password") return TokenPurpose::kSetPassword;
  if (text == "reset_password") return TokenPurpose::kResetPassword;
  return Status::Internal("stored token purpose is unknown: '" + std::string(text) + "'");
}

// Runs a prepared statement with no result rows and reports NotFound when it
// changed nothing.
Status RunExpectingChange(Connection& conn, Statement& s, const std::string& what) {
  BS_RETURN_IF_ERROR(s.Run().WithContext(what));
  if (conn.Changes() == 0) return Status::NotFound(what);
  return Status::Ok();
}

// --- users

constexpr char kUserColumns[] =
    "SELECT id, email, display_name, password_hash, roles, byline_id, disabled, created_at,"
    " password_changed_at, chapter_id FROM users";

Result<User> ReadUser(const Statement& r) {
  User u;
  u.id = r.Int64(0);
  u.email = r.Text(1);
  u.display_name = r.Text(2);
  u.password_hash = r.Text(3);
  u.roles = static_cast<uint32_t>(r.Int64(4));
  if (!r.IsNull(5)) u.byline_id = r.Int64(5);
  u.disabled = r.Int64(6) != 0;
  BS_ASSIGN_OR_RETURN(u.created_at, TimeFrom(r.TextView(7)));
  BS_ASSIGN_OR_RETURN(u.password_changed_at, OptionalTimeFrom(r, 8));
  if (!r.IsNull(9)) u.chapter_id = r.Int64(9);
  return u;
}

// Runs `sql` with `bind` applied and reads every row with `read` (which
// returns Result<T>), on a reader connection.
template <typename T, typename BindFn, typename ReadFn>
Result<std::vector<T>> ReadRows(ConnectionPool& pool, const std::string& sql, BindFn bind,
                                ReadFn read) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  bind(*q);
  std::vector<T> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    BS_ASSIGN_OR_RETURN(T value, read(*q));
    out.push_back(std::move(value));
  }
}

template <typename T, typename BindFn, typename ReadFn>
Result<T> ReadRow(ConnectionPool& pool, const std::string& sql, BindFn bind, ReadFn read,
                  const std::string& what) {
  BS_ASSIGN_OR_RETURN(std::vector<T> rows, ReadRows<T>(pool, sql, bind, read));
  if (rows.empty()) return Status::NotFound(what);
  return std::move(rows.front());
}

}  // namespace

Result<int64_t> SqliteAccounts::CreateUser(const User& u) {
  if (u.email.empty()) return Status::InvalidArgument("user: empty email");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO users (email, display_name, password_hash, roles, byline_id,"
                    " disabled, created_at, password_changed_at, chapter_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  q->Bind(1, u.email);
  q->Bind(2, u.display_name);
  q->Bind(3, u.password_hash);
  q->Bind(4, static_cast<int64_t>(u.roles));
  q->Bind(5, u.byline_id);
  q->Bind(6, u.disabled);
  q->Bind(7, TimeText(u.created_at));
  BindOptionalTime(*q, 8, u.password_changed_at);
  q->Bind(9, u.chapter_id);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create user " + u.email));
  return conn->LastInsertRowid();
}

Result<User> SqliteAccounts::GetUser(int64_t id) {
  return ReadRow<User>(
      pool_, std::string(kUserColumns) + " WHERE id = ?", [&](Statement& s) { s.Bind(1, id); },
      ReadUser, "user " + std::to_string(id));
}

Result<User> SqliteAccounts::GetUserByEmail(const std::string& email) {
  return ReadRow<User>(
      pool_, std::string(kUserColumns) + " WHERE email = ?",
      [&](Statement& s) { s.Bind(1, email); }, ReadUser, "user '" + email + "'");
}

Result<std::vector<User>> SqliteAccounts::ListUsers() {
  return ReadRows<User>(
      pool_, std::string(kUserColumns) + " ORDER BY email", [](Statement&) {}, ReadUser);
}

Result<int64_t> SqliteAccounts::CountUsers() {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return conn->QueryInt("SELECT COUNT(*) FROM users");
}

Status SqliteAccounts::UpdateUser(const User& u) {
  if (u.email.empty()) return Status::InvalidArgument("user: empty email");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("UPDATE users SET email = ?, display_name = ?, roles = ?,"
                                    " byline_id = ?, disabled = ?, chapter_id = ? WHERE id = ?"));
  q->Bind(1, u.email);
  q->Bind(2, u.display_name);
  q->Bind(3, static_cast<int64_t>(u.roles));
  q->Bind(4, u.byline_id);
  q->Bind(5, u.disabled);
  q->Bind(6, u.chapter_id);
  q->Bind(7, u.id);
  return RunExpectingChange(*conn, *q, "update user " + std::to_string(u.id));
}

Status SqliteAccounts::SetPasswordHash(int64_t user_id, const std::string& hash, Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?"));
  q->Bind(1, hash);
  q->Bind(2, TimeText(now));
  q->Bind(3, user_id);
  return RunExpectingChange(*conn, *q, "set password of user " + std::to_string(user_id));
}

// --- sessions

namespace {

constexpr char kSessionColumns[] =
    "SELECT id, token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent"
    " FROM sessions";

Result<Session> ReadSession(const Statement& r) {
  Session s;
  s.id = r.Int64(0);
  s.token_hash = r.Text(1);
  s.user_id = r.Int64(2);
  BS_ASSIGN_OR_RETURN(s.created_at, TimeFrom(r.TextView(3)));
  BS_ASSIGN_OR_RETURN(s.last_seen_at, TimeFrom(r.TextView(4)));
  BS_ASSIGN_OR_RETURN(s.expires_at, TimeFrom(r.TextView(5)));
  s.ip = r.Text(6);
  s.user_agent = r.Text(7);
  return s;
}

}  // namespace

Result<int64_t> SqliteAccounts::CreateSession(const Session& s) {
  if (s.token_hash.empty()) return Status::InvalidArgument("session: empty token hash");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at,"
                    " expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  q->Bind(1, s.token_hash);
  q->Bind(2, s.user_id);
  q->Bind(3, TimeText(s.created_at));
  q->Bind(4, TimeText(s.last_seen_at));
  q->Bind(5, TimeText(s.expires_at));
  q->Bind(6, s.ip);
  q->Bind(7, s.user_agent);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create session for user " + std::to_string(s.user_id)));
  return conn->LastInsertRowid();
}

Result<Session> SqliteAccounts::GetSessionByTokenHash(const std::string& token_hash) {
  return ReadRow<Session>(
      pool_, std::string(kSessionColumns) + " WHERE token_hash = ?",
      [&](Statement& s) { s.Bind(1, token_hash); }, ReadSession, "session");
}

Status SqliteAccounts::TouchSession(int64_t session_id, Time last_seen_at) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?"));
  q->Bind(1, TimeText(last_seen_at));
  q->Bind(2, session_id);
  return RunExpectingChange(*conn, *q, "session " + std::to_string(session_id));
}

Status SqliteAccounts::DeleteSession(int64_t session_id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("DELETE FROM sessions WHERE id = ?"));
  q->Bind(1, session_id);
  return RunExpectingChange(*conn, *q, "session " + std::to_string(session_id));
}

Result<int> SqliteAccounts::DeleteUserSessions(int64_t user_id,
                                               std::optional<int64_t> except_session_id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("DELETE FROM sessions WHERE user_id = ? AND (? IS NULL OR id <> ?)"));
  q->Bind(1, user_id);
  q->Bind(2, except_session_id);
  q->Bind(3, except_session_id);
  BS_RETURN_IF_ERROR(q->Run());
  return conn->Changes();
}

Result<int> SqliteAccounts::DeleteStaleSessions(Time now, Time idle_cutoff) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?"));
  q->Bind(1, TimeText(now));
  q->Bind(2, TimeText(idle_cutoff));
  BS_RETURN_IF_ERROR(q->Run());
  return conn->Changes();
}

// --- one-time tokens

namespace {

constexpr char kTokenColumns[] =
    "SELECT token_hash, user_id, purpose, created_at, expires_at, used_at FROM one_time_tokens"
    " WHERE token_hash = ?";

Result<OneTimeToken> ReadToken(const Statement& r) {
  OneTimeToken t;
  t.token_hash = r.Text(0);
  t.user_id = r.Int64(1);
  BS_ASSIGN_OR_RETURN(t.purpose, PurposeFrom(r.TextView(2)));
  BS_ASSIGN_OR_RETURN(t.created_at, TimeFrom(r.TextView(3)));
  BS_ASSIGN_OR_RETURN(t.expires_at, TimeFrom(r.TextView(4)));
  BS_ASSIGN_OR_RETURN(t.used_at, OptionalTimeFrom(r, 5));
  return t;
}

// The token row on `conn` (inside the caller's transaction), or NotFound.
Result<OneTimeToken> ReadTokenOn(Connection& conn, const std::string& token_hash) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(kTokenColumns));
  q->Bind(1, token_hash);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("token");
  return ReadToken(*q);
}

}  // namespace

Status SqliteAccounts::CreateToken(const OneTimeToken& t) {
  if (t.token_hash.empty()) return Status::InvalidArgument("token: empty hash");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_at,"
                    " expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)"));
  q->Bind(1, t.token_hash);
  q->Bind(2, t.user_id);
  q->Bind(3, PurposeText(t.purpose));
  q->Bind(4, TimeText(t.created_at));
  q->Bind(5, TimeText(t.expires_at));
  BindOptionalTime(*q, 6, t.used_at);
  return q->Run().WithContext("create token for user " + std::to_string(t.user_id));
}

Result<OneTimeToken> SqliteAccounts::GetToken(const std::string& token_hash) {
  return ReadRow<OneTimeToken>(
      pool_, kTokenColumns, [&](Statement& s) { s.Bind(1, token_hash); }, ReadToken, "token");
}

Result<OneTimeToken> SqliteAccounts::ConsumeToken(const std::string& token_hash,
                                                  TokenPurpose purpose, Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  const std::string now_text = TimeText(now);
  {
    // The conditions live in the UPDATE itself, so "check, then mark" cannot
    // be split by another caller even without the writer lock.
    BS_ASSIGN_OR_RETURN(ScopedStatement up,
                        conn->Prepare("UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ?"
                                      " AND purpose = ? AND used_at IS NULL AND expires_at > ?"));
    up->Bind(1, now_text);
    up->Bind(2, token_hash);
    up->Bind(3, PurposeText(purpose));
    up->Bind(4, now_text);
    BS_RETURN_IF_ERROR(up->Run());
  }
  const bool consumed = conn->Changes() == 1;
  Result<OneTimeToken> token = ReadTokenOn(*conn, token_hash);
  if (!token.ok()) return token.status();
  if (!consumed) {
    if (token->purpose != purpose) return Status::NotFound("token");
    return Status::PermissionDenied(token->used_at ? "token already used" : "token expired");
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return token;
}

Status SqliteAccounts::RevokeTokens(int64_t user_id, TokenPurpose purpose) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("UPDATE one_time_tokens SET expires_at = created_at"
                                    " WHERE user_id = ? AND purpose = ? AND used_at IS NULL"));
  q->Bind(1, user_id);
  q->Bind(2, PurposeText(purpose));
  return q->Run();
}

// --- login failures

Status SqliteAccounts::RecordLoginFailure(int64_t user_id, const std::string& ip, Time at) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement prune,
                        conn->Prepare("DELETE FROM login_failures WHERE user_id = ? AND at < ?"));
    prune->Bind(1, user_id);
    prune->Bind(2, TimeText(at - kFailureRetention));
    BS_RETURN_IF_ERROR(prune->Run());
  }
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn->Prepare("INSERT INTO login_failures (user_id, at, ip) VALUES (?, ?, ?)"));
    ins->Bind(1, user_id);
    ins->Bind(2, TimeText(at));
    ins->Bind(3, ip);
    BS_RETURN_IF_ERROR(ins->Run().WithContext("login failure of user " + std::to_string(user_id)));
  }
  return tx.Commit();
}

Result<LoginFailures> SqliteAccounts::GetLoginFailures(int64_t user_id, Time since) {
  BS_ASSIGN_OR_RETURN(std::vector<LoginFailures> rows,
                      ReadRows<LoginFailures>(
                          pool_,
                          "SELECT (SELECT COUNT(*) FROM login_failures WHERE user_id = ?1"
                          " AND at >= ?2), (SELECT MAX(at) FROM login_failures WHERE user_id = ?1)",
                          [&](Statement& s) {
                            s.Bind(1, user_id);
                            s.Bind(2, TimeText(since));
                          },
                          [](const Statement& r) -> Result<LoginFailures> {
                            LoginFailures f;
                            f.count = r.Int(0);
                            BS_ASSIGN_OR_RETURN(f.last, OptionalTimeFrom(r, 1));
                            return f;
                          }));
  if (rows.size() != 1) return Status::Internal("login failures: no aggregate row");
  return rows.front();
}

Status SqliteAccounts::ClearLoginFailures(int64_t user_id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("DELETE FROM login_failures WHERE user_id = ?"));
  q->Bind(1, user_id);
  return q->Run();
}

// --- audit log

namespace {

// The WHERE clause (possibly empty) and its parameters for `q`.
Result<std::pair<std::string, Params>> AuditWhere(const AuditQuery& q) {
  std::string where;
  Params params;
  auto add = [&where](const char* cond) {
    where += where.empty() ? " WHERE " : " AND ";
    where += cond;
  };
  if (q.user_id) {
    add("user_id = ?");
    params.Add(*q.user_id);
  }
  if (q.action) {
    const std::string& a = *q.action;
    if (a.empty()) return Status::InvalidArgument("audit query: empty action");
    if (a.back() == '.') {
      // A range instead of LIKE/substr, so the index on action is used:
      // "article." <= action < "article/" ('/' follows '.').
      add("action >= ? AND action < ?");
      params.Add(a);
      std::string upper = a;
      upper.back() = '/';
      params.Add(std::move(upper));
    } else {
      add("action = ?");
      params.Add(a);
    }
  }
  if (q.object_type) {
    add("object_type = ?");
    params.Add(*q.object_type);
  }
  if (q.object_id) {
    add("object_id = ?");
    params.Add(*q.object_id);
  }
  if (q.from) {
    add("at >= ?");
    params.Add(TimeText(*q.from));
  }
  if (q.before) {
    add("at < ?");
    params.Add(TimeText(*q.before));
  }
  return std::make_pair(std::move(where), std::move(params));
}

Result<AuditEntry> ReadAudit(const Statement& r) {
  AuditEntry e;
  e.id = r.Int64(0);
  BS_ASSIGN_OR_RETURN(e.at, TimeFrom(r.TextView(1)));
  if (!r.IsNull(2)) e.user_id = r.Int64(2);
  e.actor = r.Text(3);
  e.action = r.Text(4);
  e.object_type = r.Text(5);
  e.object_id = r.Text(6);
  e.ip = r.Text(7);
  e.detail = r.Text(8);
  return e;
}

}  // namespace

Result<int64_t> SqliteAccounts::AppendAudit(const AuditEntry& e) {
  if (e.action.empty()) return Status::InvalidArgument("audit: empty action");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO audit_log (at, user_id, actor, action, object_type, object_id,"
                    " ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  q->Bind(1, TimeText(e.at));
  q->Bind(2, e.user_id);
  q->Bind(3, e.actor);
  q->Bind(4, e.action);
  q->Bind(5, e.object_type);
  q->Bind(6, e.object_id);
  q->Bind(7, e.ip);
  q->Bind(8, e.detail);
  BS_RETURN_IF_ERROR(q->Run().WithContext("audit " + e.action));
  return conn->LastInsertRowid();
}

Result<std::vector<AuditEntry>> SqliteAccounts::ListAudit(const AuditQuery& q) {
  if (q.limit < 1 || q.limit > 1000)
    return Status::InvalidArgument("audit query: limit must be 1..1000");
  if (q.offset < 0) return Status::InvalidArgument("audit query: negative offset");
  BS_ASSIGN_OR_RETURN(auto where, AuditWhere(q));
  where.second.Add(static_cast<int64_t>(q.limit));
  where.second.Add(static_cast<int64_t>(q.offset));
  return ReadRows<AuditEntry>(
      pool_,
      "SELECT id, at, user_id, actor, action, object_type, object_id, ip, detail FROM audit_log" +
          where.first + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
      [&](Statement& s) { where.second.BindTo(s); }, ReadAudit);
}

Result<int64_t> SqliteAccounts::CountAudit(const AuditQuery& q) {
  BS_ASSIGN_OR_RETURN(auto where, AuditWhere(q));
  BS_ASSIGN_OR_RETURN(std::vector<int64_t> rows,
                      ReadRows<int64_t>(
                          pool_, "SELECT COUNT(*) FROM audit_log" + where.first,
                          [&](Statement& s) { where.second.BindTo(s); },
                          [](const Statement& r) -> Result<int64_t> { return r.Int64(0); }));
  if (rows.size() != 1) return Status::Internal("count audit: no row");
  return rows.front();
}

}  // namespace store::sqlite
