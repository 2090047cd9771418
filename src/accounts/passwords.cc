// AccountsService: password changes, invitations and resets (one-time tokens).

#include <utility>

#include "accounts/accounts_service.h"
#include "crypto/token.h"

namespace accounts {
namespace {

const char* PurposeName(store::TokenPurpose p) {
  return p == store::TokenPurpose::kSetPassword ? "invitation" : "reset";
}

}  // namespace

Result<std::string> AccountsService::IssueToken(int64_t user_id, store::TokenPurpose purpose,
                                                std::chrono::seconds ttl) {
  BS_RETURN_IF_ERROR(store_.RevokeTokens(user_id, purpose));
  std::string token = crypto::RandomToken();
  store::OneTimeToken t;
  t.token_hash = crypto::HashToken(token);
  t.user_id = user_id;
  t.purpose = purpose;
  t.created_at = clock_.Now();
  t.expires_at = t.created_at + ttl;
  BS_RETURN_IF_ERROR(store_.CreateToken(t));
  return token;
}

Result<std::string> AccountsService::IssueInvitation(int64_t user_id, const Actor& actor) {
  BS_ASSIGN_OR_RETURN(store::User u, store_.GetUser(user_id));
  if (u.disabled) return Status::InvalidArgument("user is disabled");
  if (!u.password_hash.empty()) return Status::Conflict("user already has a password");
  BS_ASSIGN_OR_RETURN(std::string token,
                      IssueToken(user_id, store::TokenPurpose::kSetPassword, options_.invite_ttl));
  BS_RETURN_IF_ERROR(Audit(actor, "user.invite", "user", std::to_string(user_id), u.email));
  return token;
}

Status AccountsService::ChangePassword(int64_t user_id, std::string_view current,
                                       std::string_view next, int64_t keep_session_id,
                                       const Actor& actor) {
  BS_ASSIGN_OR_RETURN(store::User u, store_.GetUser(user_id));
  // A stolen session must not become a way to guess the password: the same
  // per-account throttle as Login applies, and failures count toward it.
  BS_ASSIGN_OR_RETURN(std::chrono::seconds wait, AccountThrottle(user_id));
  if (wait > std::chrono::seconds(0)) return Status::RateLimited("too many wrong passwords");
  const bool usable = !u.disabled && !u.password_hash.empty();
  if (!(crypto::VerifyPassword(usable ? u.password_hash : dummy_hash_, current) && usable)) {
    BS_RETURN_IF_ERROR(store_.RecordLoginFailure(user_id, actor.ip, clock_.Now()));
    BS_RETURN_IF_ERROR(
        Audit(actor, "user.password_change_failed", "user", std::to_string(user_id)));
    return Status::Unauthenticated("current password is wrong");
  }
  BS_RETURN_IF_ERROR(crypto::CheckPasswordStrength(next));
  BS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(next, options_.password_policy));
  BS_RETURN_IF_ERROR(store_.SetPasswordHash(user_id, hash, clock_.Now()));
  BS_RETURN_IF_ERROR(store_.DeleteUserSessions(user_id, keep_session_id).status());
  BS_RETURN_IF_ERROR(store_.RevokeTokens(user_id, store::TokenPurpose::kResetPassword));
  BS_RETURN_IF_ERROR(store_.ClearLoginFailures(user_id));
  return Audit(actor, "user.password_changed", "user", std::to_string(user_id));
}

Result<std::optional<std::string>> AccountsService::RequestPasswordReset(std::string_view email,
                                                                         const Actor& actor) {
  BS_ASSIGN_OR_RETURN(std::string normalized, NormalizeEmail(email));
  Result<store::User> u = store_.GetUserByEmail(normalized);
  if (!u.ok()) {
    if (u.status().IsNotFound()) return std::optional<std::string>();
    return u.status();
  }
  if (u->disabled) return std::optional<std::string>();
  BS_ASSIGN_OR_RETURN(std::string token,
                      IssueToken(u->id, store::TokenPurpose::kResetPassword, options_.reset_ttl));
  BS_RETURN_IF_ERROR(Audit(actor, "user.password_reset_requested", "user", std::to_string(u->id)));
  return std::optional<std::string>(std::move(token));
}

Result<store::OneTimeToken> AccountsService::UsableToken(std::string_view token) {
  if (token.empty()) return Status::NotFound("token");
  BS_ASSIGN_OR_RETURN(store::OneTimeToken t, store_.GetToken(crypto::HashToken(token)));
  if (t.used_at) return Status::PermissionDenied("token already used");
  if (t.expires_at <= clock_.Now()) return Status::PermissionDenied("token expired");
  BS_ASSIGN_OR_RETURN(store::User u, store_.GetUser(t.user_id));
  if (u.disabled) return Status::PermissionDenied("user is disabled");
  return t;
}

Status AccountsService::CheckToken(std::string_view token) { return UsableToken(token).status(); }

Result<int64_t> AccountsService::SetPasswordWithToken(std::string_view token,
                                                      std::string_view password,
                                                      const Actor& actor) {
  BS_ASSIGN_OR_RETURN(store::OneTimeToken t, UsableToken(token));
  // Judge and hash the password before consuming the token: a weak password
  // (or a failed hash) leaves the link usable for another try.
  BS_RETURN_IF_ERROR(crypto::CheckPasswordStrength(password));
  BS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, options_.password_policy));
  const Time now = clock_.Now();
  BS_RETURN_IF_ERROR(store_.ConsumeToken(t.token_hash, t.purpose, now).status());
  BS_RETURN_IF_ERROR(store_.SetPasswordHash(t.user_id, hash, now));
  BS_RETURN_IF_ERROR(store_.DeleteUserSessions(t.user_id, std::nullopt).status());
  BS_RETURN_IF_ERROR(store_.ClearLoginFailures(t.user_id));
  BS_RETURN_IF_ERROR(
      Audit(actor, "user.password_set", "user", std::to_string(t.user_id), PurposeName(t.purpose)));
  return t.user_id;
}

}  // namespace accounts
