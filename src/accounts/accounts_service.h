#pragma once
// Staff accounts: users, password login with throttling, sessions, CSRF
// tokens, invitations and password resets, and the audit log. The admin HTTP
// layer (admin/) calls only this; it never touches AccountsStore itself.
//
// Threading: every method is thread-safe. Password hashing (Argon2id, tens of
// ms and ~19 MiB) happens inside Login/SetPassword*/ChangePassword, so callers
// run them on the worker pool (all handlers already do, ADR 0002).
//
// Enumeration: Login answers an unknown email exactly like a wrong password
// (Unauthenticated, same message) and spends the same hashing work on it;
// RequestPasswordReset behaves the same whether or not the email exists.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/login_throttle.h"
#include "accounts/roles.h"
#include "base/clock.h"
#include "base/status.h"
#include "crypto/password.h"
#include "store/accounts_store.h"

namespace accounts {

using base::Result;
using base::Status;
using base::Time;

struct AccountsOptions {
  crypto::PasswordPolicy password_policy;            // OWASP minimum by default
  std::chrono::seconds session_idle{2 * 3600};       // ASVS L2: 2 h idle
  std::chrono::seconds session_absolute{12 * 3600};  // ASVS L2: 12 h absolute
  int ip_attempts_per_minute = 10;                   // then RateLimited
  int account_failures_per_hour = 100;               // then RateLimited for that account
  std::chrono::seconds reset_ttl{30 * 60};           // password reset link
  std::chrono::seconds invite_ttl{7 * 24 * 3600};    // set-password (invitation) link
};

// Who is making a request, for the audit log.
struct Actor {
  std::optional<int64_t> user_id;  // nullopt: "cli" or "system"
  std::string name;                // email, or "cli" / "system"
  std::string ip;
  static Actor Cli() { return {std::nullopt, "cli", ""}; }
  static Actor System() { return {std::nullopt, "system", ""}; }
};

// A signed-in request's view of its session.
struct SessionInfo {
  int64_t session_id = 0;
  store::User user;      // password_hash cleared
  std::string csrf_token;  // to embed in forms; see CheckCsrf
  Time created_at{}, expires_at{};
};

struct LoginResult {
  std::string session_token;  // the cookie value (only ever here; stored hashed)
  SessionInfo session;
};

class AccountsService {
 public:
  AccountsService(store::AccountsStore& store, const base::Clock& clock, AccountsOptions options);

  // Normalizes an email for storage and lookup: trims ASCII space, lower-cases
  // ASCII; InvalidArgument unless it looks like local@domain (one '@', no
  // spaces or control characters, at most 254 bytes).
  static Result<std::string> NormalizeEmail(std::string_view email);

  // --- users
  // Creates a user without a password. `roles` must be non-empty and known
  // (InvalidArgument); a duplicate email is Conflict. Audited.
  // Display names are trimmed and 1..100 code points of valid UTF-8 without
  // control characters (InvalidArgument); an empty one becomes the email's
  // local part (here and in UpdateUser).
  Result<int64_t> CreateUser(std::string_view email, std::string_view display_name, RoleSet roles,
                             const Actor& actor);
  // A fresh set-password token (valid invite_ttl; earlier ones revoked) for
  // the invitation link /admin/set-password?token=…  Audited (not the token).
  // Conflict if the user already has a password (send a reset instead: an
  // invitation must not let an admin silently take over an account);
  // InvalidArgument if the user is disabled; NotFound if unknown.
  Result<std::string> IssueInvitation(int64_t user_id, const Actor& actor);
  // Creates the user and sets `password` at once (for `init --admin-email`).
  // Weak passwords are InvalidArgument (CheckPasswordStrength).
  Result<int64_t> CreateUserWithPassword(std::string_view email, std::string_view display_name,
                                         RoleSet roles, std::string_view password,
                                         const Actor& actor);
  // Users as stored, but password_hash is never the hash: it stays empty when
  // no password is set (invited) and is kPasswordSetMarker otherwise. ListUsers
  // is ordered by email.
  static constexpr std::string_view kPasswordSetMarker = "(set)";
  Result<store::User> GetUser(int64_t id);
  Result<std::vector<store::User>> ListUsers();
  // Changes name, roles, byline and disabled; disabling ends the user's
  // sessions. An admin cannot remove their own admin role or disable
  // themselves (InvalidArgument), so a site always keeps an admin. Audited.
  Status UpdateUser(const store::User& user, const Actor& actor);
  Result<int64_t> CountUsers();

  // --- login and sessions
  // Errors: RateLimited (per-IP or per-account limit; `retry_after` is set),
  // Unauthenticated (unknown email, wrong password, disabled user, no password
  // set yet — all the same message). Failures are audited and logged.
  Result<LoginResult> Login(std::string_view email, std::string_view password,
                            std::string_view ip, std::string_view user_agent,
                            std::chrono::seconds* retry_after);
  // The session for a cookie value, or Unauthenticated when unknown, idle too
  // long, past its absolute lifetime, or its user is disabled (the stale
  // session is deleted). Refreshes last_seen_at at most once a minute.
  Result<SessionInfo> Authenticate(std::string_view session_token);
  Status Logout(std::string_view session_token, const Actor& actor);
  // Ends every session of the user (sign out everywhere). Audited.
  Status SignOutEverywhere(int64_t user_id, const Actor& actor);
  // True iff `presented` is the CSRF token of this session (constant time).
  // The token is derived from the session token, so it needs no storage and a
  // leaked database gives none away.
  static std::string CsrfTokenFor(std::string_view session_token);
  static bool CheckCsrf(std::string_view session_token, std::string_view presented);

  // --- passwords
  // Requires the current password (Unauthenticated otherwise); checks
  // strength (InvalidArgument); ends every other session of the user.
  Status ChangePassword(int64_t user_id, std::string_view current, std::string_view next,
                        int64_t keep_session_id, const Actor& actor);
  // For an existing, enabled user: a reset token (valid reset_ttl, earlier
  // ones revoked) for the emailed link. nullopt for unknown or disabled emails
  // — the caller must answer the visitor identically either way.
  Result<std::optional<std::string>> RequestPasswordReset(std::string_view email,
                                                           const Actor& actor);
  // Sets the password from an invitation or reset token: single use; expired
  // or used is PermissionDenied, unknown NotFound, weak InvalidArgument (the
  // token is NOT consumed then, so the person can try another password).
  // Ends all of the user's sessions. Returns the user id.
  Result<int64_t> SetPasswordWithToken(std::string_view token, std::string_view password,
                                       const Actor& actor);
  // Whether a token from a link is still usable (to show the form or an error
  // page) without consuming it: OK, NotFound or PermissionDenied.
  Status CheckToken(std::string_view token);

  // --- audit log
  Status Audit(const Actor& actor, std::string_view action, std::string_view object_type,
               std::string_view object_id, std::string_view detail = {});
  Result<std::vector<store::AuditEntry>> ListAudit(const store::AuditQuery& q);
  Result<int64_t> CountAudit(const store::AuditQuery& q);

  // Deletes expired and idle sessions (called by a background job).
  Result<int> PurgeStaleSessions();

 private:
  // Sliding one-minute window of attempts per IP, in memory (per node; see
  // docs/ROLES.md). Returns false, with the wait, when `ip` is over the limit.
  bool AdmitIp(std::string_view ip, std::chrono::seconds* retry_after);

  // Helpers shared by the use-case files (accounts_service.cc, login.cc,
  // passwords.cc).
  // The email normalized and the display name checked (empty -> local part).
  static Result<std::string> NormalizeDisplayName(std::string_view name, std::string_view email);
  static Status CheckRoles(RoleSet roles);
  Result<int64_t> InsertUser(std::string_view email, std::string_view display_name, RoleSet roles,
                             std::string password_hash, const Actor& actor);
  // The per-account wait left now (0 = may try), from the store's failures.
  Result<std::chrono::seconds> AccountThrottle(int64_t user_id);
  Result<std::string> IssueToken(int64_t user_id, store::TokenPurpose purpose,
                                 std::chrono::seconds ttl);
  // The token row if it can still be used (not used, not expired, user
  // enabled): NotFound or PermissionDenied otherwise.
  Result<store::OneTimeToken> UsableToken(std::string_view token);

  store::AccountsStore& store_;
  const base::Clock& clock_;
  AccountsOptions options_;
  // A valid hash of a random password, verified against when the email is
  // unknown so both failures cost the same.
  std::string dummy_hash_;
  IpLimiter ip_limiter_;
  // Serializes UpdateUser, so two concurrent demotions cannot both pass the
  // last-admin check.
  std::mutex users_mu_;
};

}  // namespace accounts
