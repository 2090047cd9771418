#pragma once
// AccountsStore on SQLite (schema: migrations/sqlite/0002_accounts.sql).
//
// Reads run on a pooled read-only connection, one statement each; writes on
// the single writer connection (ConsumeToken in a BEGIN IMMEDIATE
// transaction, so a token is consumed once even by concurrent callers).
//
// Beyond the interface's contract:
// - UpdateUser, SetPasswordHash, TouchSession and DeleteSession are NotFound
//   for an unknown id; a byline_id naming no byline is InvalidArgument.
// - CreateToken for an unknown user is InvalidArgument; a duplicate hash Conflict.
// - RevokeTokens keeps the rows but sets expires_at = created_at, so a
//   revoked link reads as expired (PermissionDenied), not unknown.
// - RecordLoginFailure prunes the user's failures older than a day before
//   `at` (the newest always stays, so LoginFailures::last is kept), which
//   bounds the table; GetLoginFailures with `since` further back undercounts.
// - AuditQuery::limit outside 1..1000 or a negative offset is InvalidArgument.
//   The audit table also refuses UPDATE and DELETE with triggers.

#include "store/accounts_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqliteAccounts final : public AccountsStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteAccounts(ConnectionPool& pool) : pool_(pool) {}

  Result<int64_t> CreateUser(const User& u) override;
  Result<User> GetUser(int64_t id) override;
  Result<User> GetUserByEmail(const std::string& email) override;
  Result<std::vector<User>> ListUsers() override;
  Result<int64_t> CountUsers() override;
  Status UpdateUser(const User& u) override;
  Status SetPasswordHash(int64_t user_id, const std::string& hash, Time now) override;
  Result<int64_t> CreateSession(const Session& s) override;
  Result<Session> GetSessionByTokenHash(const std::string& token_hash) override;
  Status TouchSession(int64_t session_id, Time last_seen_at) override;
  Status DeleteSession(int64_t session_id) override;
  Result<int> DeleteUserSessions(int64_t user_id,
                                 std::optional<int64_t> except_session_id) override;
  Result<int> DeleteStaleSessions(Time now, Time idle_cutoff) override;
  Status CreateToken(const OneTimeToken& t) override;
  Result<OneTimeToken> GetToken(const std::string& token_hash) override;
  Result<OneTimeToken> ConsumeToken(const std::string& token_hash, TokenPurpose purpose,
                                    Time now) override;
  Status RevokeTokens(int64_t user_id, TokenPurpose purpose) override;
  Status RecordLoginFailure(int64_t user_id, const std::string& ip, Time at) override;
  Result<LoginFailures> GetLoginFailures(int64_t user_id, Time since) override;
  Status ClearLoginFailures(int64_t user_id) override;
  Result<int64_t> AppendAudit(const AuditEntry& e) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& q) override;
  Result<int64_t> CountAudit(const AuditQuery& q) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
