#pragma once
// Storage contract for staff accounts: users and their roles, sessions,
// one-time tokens (invitations, password resets), login failures for
// throttling, and the append-only audit log. Implemented once per backend;
// accounts_store_test runs the contract against each.
//
// Secrets never reach this layer in usable form: sessions and one-time tokens
// are stored by HashToken(token), passwords as Argon2id PHC strings. All
// methods are thread-safe; times are UTC.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

struct User {
  int64_t id = 0;
  std::string email;          // normalized by the caller (trimmed, lower-case); unique
  std::string display_name;
  std::string password_hash;  // PHC string; empty = no password yet (invited)
  uint32_t roles = 0;         // bit set; the meaning of each bit belongs to accounts/roles.h
  std::optional<int64_t> byline_id;  // the byline this person signs as, if any
  // The chapter a chapter leader leads (store::Chapter::id); cleared when the
  // chapter is deleted. Meaningless without accounts::Role::kChapterLeader.
  std::optional<int64_t> chapter_id;
  bool disabled = false;
  Time created_at{};
  std::optional<Time> password_changed_at;
};

struct Session {
  int64_t id = 0;
  std::string token_hash;  // HashToken(cookie value); unique
  int64_t user_id = 0;
  Time created_at{}, last_seen_at{};
  Time expires_at{};       // absolute end of life
  std::string ip, user_agent;
};

enum class TokenPurpose { kSetPassword, kResetPassword };

struct OneTimeToken {
  std::string token_hash;  // unique
  int64_t user_id = 0;
  TokenPurpose purpose = TokenPurpose::kSetPassword;
  Time created_at{}, expires_at{};
  std::optional<Time> used_at;
};

struct LoginFailures {
  int count = 0;                  // failures at or after `since`
  std::optional<Time> last;       // the most recent failure of any age
};

struct AuditEntry {
  int64_t id = 0;
  Time at{};
  std::optional<int64_t> user_id;  // null for the system or a CLI action
  std::string actor;               // who, as shown: the email at the time, or "cli"/"system"
  std::string action;              // dotted verb, e.g. "article.publish", "user.login_failed"
  std::string object_type;         // "article", "user", ... (may be empty)
  std::string object_id;           // id or slug as text (may be empty)
  std::string detail;              // short free text (may be empty)
  std::string ip;                  // may be empty
};

struct AuditQuery {
  std::optional<int64_t> user_id;
  std::optional<std::string> action;       // exact, or a prefix ending in '.' ("article.")
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<Time> from, before;        // [from, before)
  int limit = 50;                          // 1..1000
  int offset = 0;
};

class AccountsStore {
 public:
  virtual ~AccountsStore() = default;

  // --- users. A duplicate email is Conflict; unknown ids are NotFound.
  virtual Result<int64_t> CreateUser(const User& u) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  virtual Result<User> GetUserByEmail(const std::string& email) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;  // by email
  virtual Result<int64_t> CountUsers() = 0;
  // Updates email, display_name, roles, byline_id and disabled (not the password).
  virtual Status UpdateUser(const User& u) = 0;
  // Sets the hash and password_changed_at = now.
  virtual Status SetPasswordHash(int64_t user_id, const std::string& hash, Time now) = 0;

  // --- sessions
  virtual Result<int64_t> CreateSession(const Session& s) = 0;
  virtual Result<Session> GetSessionByTokenHash(const std::string& token_hash) = 0;
  virtual Status TouchSession(int64_t session_id, Time last_seen_at) = 0;
  virtual Status DeleteSession(int64_t session_id) = 0;
  // All of a user's sessions, but `except_session_id` when given. Returns how many.
  virtual Result<int> DeleteUserSessions(int64_t user_id,
                                         std::optional<int64_t> except_session_id) = 0;
  // Sessions past expires_at <= now, or idle since last_seen_at <= idle_cutoff.
  virtual Result<int> DeleteStaleSessions(Time now, Time idle_cutoff) = 0;

  // --- one-time tokens
  virtual Status CreateToken(const OneTimeToken& t) = 0;
  // The token as stored, used or not (to show a form before consuming it).
  virtual Result<OneTimeToken> GetToken(const std::string& token_hash) = 0;
  // Atomically marks the token used and returns it, when it exists with this
  // purpose, is unused and expires_at > now. Unknown (or other purpose) is
  // NotFound; used or expired is PermissionDenied. A token is consumed once,
  // even by concurrent callers.
  virtual Result<OneTimeToken> ConsumeToken(const std::string& token_hash, TokenPurpose purpose,
                                            Time now) = 0;
  // Unused tokens of this user and purpose stop working (e.g. a newer reset link).
  virtual Status RevokeTokens(int64_t user_id, TokenPurpose purpose) = 0;

  // --- login failures (per account; per-IP limits live in memory)
  virtual Status RecordLoginFailure(int64_t user_id, const std::string& ip, Time at) = 0;
  virtual Result<LoginFailures> GetLoginFailures(int64_t user_id, Time since) = 0;
  virtual Status ClearLoginFailures(int64_t user_id) = 0;

  // --- audit log: append-only; there is deliberately no update or delete.
  virtual Result<int64_t> AppendAudit(const AuditEntry& e) = 0;
  // Newest first (by at, then id).
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& q) = 0;
  virtual Result<int64_t> CountAudit(const AuditQuery& q) = 0;
};

}  // namespace store
