// AccountsService: login with throttling, sessions and CSRF tokens.

#include <utility>

#include "accounts/accounts_service.h"
#include "crypto/token.h"

namespace accounts {
namespace {

using std::chrono::seconds;

// One message for every way a login can fail, so none reveals which.
constexpr char kBadLogin[] = "wrong email or password";
constexpr char kThrottled[] = "too many login attempts; try again later";
constexpr seconds kTouchEvery{60};

// The actor of an attempt nobody is signed in for.
Actor Anonymous(std::string_view ip) { return Actor{std::nullopt, "anonymous", std::string(ip)}; }

}  // namespace

bool AccountsService::AdmitIp(std::string_view ip, seconds* retry_after) {
  const IpLimiter::Verdict v = ip_limiter_.Admit(ip, clock_.Now());
  if (!v.admitted && retry_after != nullptr) *retry_after = v.retry_after;
  if (!v.admitted && v.first_refusal) {
    // Once per burst, not per refused attempt, so a flood cannot flood the log.
    (void)Audit(Anonymous(ip), "user.login_throttled", "", "", "per-ip limit");
  }
  return v.admitted;
}

Result<seconds> AccountsService::AccountThrottle(int64_t user_id) {
  const Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(store::LoginFailures f,
                      store_.GetLoginFailures(user_id, now - std::chrono::hours(1)));
  return AccountWait(f, now, options_.account_failures_per_hour);
}

Result<LoginResult> AccountsService::Login(std::string_view email, std::string_view password,
                                           std::string_view ip, std::string_view user_agent,
                                           seconds* retry_after) {
  if (retry_after != nullptr) *retry_after = seconds(0);
  if (!AdmitIp(ip, retry_after)) return Status::RateLimited(kThrottled);

  // Look the account up; a malformed email is treated as an unknown one.
  std::optional<store::User> user;
  Result<std::string> normalized = NormalizeEmail(email);
  if (normalized.ok()) {
    Result<store::User> found = store_.GetUserByEmail(*normalized);
    if (found.ok()) {
      user = std::move(found).value();
    } else if (!found.status().IsNotFound()) {
      return found.status();
    }
  }
  const std::string user_id_text = user ? std::to_string(user->id) : "";

  // The account throttle comes before the password check, so a locked
  // account's password cannot be probed.
  if (user) {
    BS_ASSIGN_OR_RETURN(seconds wait, AccountThrottle(user->id));
    if (wait > seconds(0)) {
      if (retry_after != nullptr) *retry_after = wait;
      BS_RETURN_IF_ERROR(
          Audit(Anonymous(ip), "user.login_throttled", "user", user_id_text, "per-account limit"));
      return Status::RateLimited(kThrottled);
    }
  }

  // Same hashing work whether or not there is a usable account.
  const bool usable = user && !user->disabled && !user->password_hash.empty();
  const bool verified =
      crypto::VerifyPassword(usable ? user->password_hash : dummy_hash_, password) && usable;
  const Time now = clock_.Now();
  if (!verified) {
    if (user) BS_RETURN_IF_ERROR(store_.RecordLoginFailure(user->id, std::string(ip), now));
    std::string detail;
    if (normalized.ok()) detail = "email " + *normalized;
    if (user && user->disabled) detail += " (disabled)";
    BS_RETURN_IF_ERROR(Audit(Anonymous(ip), "user.login_failed", "user", user_id_text, detail));
    return Status::Unauthenticated(kBadLogin);
  }

  BS_RETURN_IF_ERROR(store_.ClearLoginFailures(user->id));
  if (crypto::NeedsRehash(user->password_hash, options_.password_policy)) {
    // Best effort: on failure the old hash stays valid and the next login retries.
    Result<std::string> rehashed = crypto::HashPassword(password, options_.password_policy);
    if (rehashed.ok()) (void)store_.SetPasswordHash(user->id, *rehashed, now);
  }

  LoginResult out;
  out.session_token = crypto::RandomToken();
  store::Session s;
  s.token_hash = crypto::HashToken(out.session_token);
  s.user_id = user->id;
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + options_.session_absolute;
  s.ip = ip;
  s.user_agent = user_agent.substr(0, 512);
  BS_ASSIGN_OR_RETURN(out.session.session_id, store_.CreateSession(s));
  BS_RETURN_IF_ERROR(
      Audit(Actor{user->id, user->email, std::string(ip)}, "user.login", "user", user_id_text, ""));
  out.session.user = std::move(*user);
  out.session.user.password_hash.clear();
  out.session.csrf_token = CsrfTokenFor(out.session_token);
  out.session.created_at = s.created_at;
  out.session.expires_at = s.expires_at;
  return out;
}

Result<SessionInfo> AccountsService::Authenticate(std::string_view session_token) {
  if (session_token.empty()) return Status::Unauthenticated("no session");
  Result<store::Session> s = store_.GetSessionByTokenHash(crypto::HashToken(session_token));
  if (!s.ok()) {
    if (s.status().IsNotFound()) return Status::Unauthenticated("unknown session");
    return s.status();
  }
  const Time now = clock_.Now();
  std::optional<store::User> user;
  if (s->expires_at > now && s->last_seen_at + options_.session_idle > now) {
    Result<store::User> u = store_.GetUser(s->user_id);
    if (u.ok()) {
      if (!u->disabled) user = std::move(u).value();
    } else if (!u.status().IsNotFound()) {
      return u.status();
    }
  }
  if (!user) {
    Status deleted = store_.DeleteSession(s->id);
    if (!deleted.ok() && !deleted.IsNotFound()) return deleted;
    return Status::Unauthenticated("session ended");
  }
  if (now - s->last_seen_at >= kTouchEvery) {
    Status touched = store_.TouchSession(s->id, now);
    // Deleted meanwhile (logout elsewhere): this request is the last it serves.
    if (!touched.ok() && !touched.IsNotFound()) return touched;
  }
  SessionInfo info;
  info.session_id = s->id;
  info.user = std::move(*user);
  info.user.password_hash.clear();
  info.csrf_token = CsrfTokenFor(session_token);
  info.created_at = s->created_at;
  info.expires_at = s->expires_at;
  return info;
}

Status AccountsService::Logout(std::string_view session_token, const Actor& actor) {
  if (session_token.empty()) return Status::Ok();
  Result<store::Session> s = store_.GetSessionByTokenHash(crypto::HashToken(session_token));
  if (!s.ok()) return s.status().IsNotFound() ? Status::Ok() : s.status();
  Status deleted = store_.DeleteSession(s->id);
  if (deleted.IsNotFound()) return Status::Ok();  // a concurrent logout won
  BS_RETURN_IF_ERROR(deleted);
  return Audit(actor, "user.logout", "user", std::to_string(s->user_id));
}

Status AccountsService::SignOutEverywhere(int64_t user_id, const Actor& actor) {
  BS_RETURN_IF_ERROR(store_.GetUser(user_id).status());
  BS_ASSIGN_OR_RETURN(int ended, store_.DeleteUserSessions(user_id, std::nullopt));
  return Audit(actor, "user.sessions_revoked", "user", std::to_string(user_id),
               std::to_string(ended) + " session(s) ended");
}

std::string AccountsService::CsrfTokenFor(std::string_view session_token) {
  // Domain-separated from the stored session hash (HashToken(token)), so the
  // database gives no CSRF token away, and unforgeable without the session
  // token's 256 random bits.
  return crypto::HashToken("csrf:" + std::string(session_token));
}

bool AccountsService::CheckCsrf(std::string_view session_token, std::string_view presented) {
  if (session_token.empty() || presented.empty()) return false;
  return crypto::ConstantTimeEquals(CsrfTokenFor(session_token), presented);
}

Result<int> AccountsService::PurgeStaleSessions() {
  const Time now = clock_.Now();
  return store_.DeleteStaleSessions(now, now - options_.session_idle);
}

}  // namespace accounts
