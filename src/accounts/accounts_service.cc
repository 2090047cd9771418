// AccountsService: construction, users and the audit log. Login and sessions
// are in login.cc, passwords and one-time tokens in passwords.cc.

#include "accounts/accounts_service.h"

#include <utility>

#include "base/text.h"
#include "crypto/token.h"

namespace accounts {
namespace {

constexpr size_t kMaxEmailBytes = 254;
constexpr size_t kMaxDisplayNameCodePoints = 100;
constexpr size_t kMaxAuditDetailBytes = 2000;
// Distinct IPs the login limiter remembers at most (a few MB).
constexpr size_t kMaxTrackedIps = 100'000;

bool IsControlOrSpace(unsigned char c) { return c <= 0x20 || c == 0x7f; }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The longest prefix of `s` of at most `max` bytes that ends on a UTF-8 boundary.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string Describe(const store::User& before, const store::User& after) {
  std::string d;
  auto add = [&d](const std::string& part) {
    if (!d.empty()) d += "; ";
    d += part;
  };
  if (before.email != after.email) add("email: " + before.email + " -> " + after.email);
  if (before.display_name != after.display_name) add("name changed");
  if (before.roles != after.roles)
    add("roles: " + RoleList(before.roles) + " -> " + RoleList(after.roles));
  if (before.byline_id != after.byline_id) add("byline changed");
  if (before.chapter_id != after.chapter_id) {
    add("chapter: " + (before.chapter_id ? std::to_string(*before.chapter_id) : "none") + " -> " +
        (after.chapter_id ? std::to_string(*after.chapter_id) : "none"));
  }
  if (before.disabled != after.disabled) add(after.disabled ? "disabled" : "enabled");
  return d;
}

}  // namespace

AccountsService::AccountsService(store::AccountsStore& store, const base::Clock& clock,
                                 AccountsOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      ip_limiter_(options_.ip_attempts_per_minute, std::chrono::seconds(60), kMaxTrackedIps) {
  // If the configured policy is refused (config validates it first), fall
  // back to the default so unknown emails still cost a real verification.
  Result<std::string> dummy = crypto::HashPassword(crypto::RandomToken(), options_.password_policy);
  if (!dummy.ok()) dummy = crypto::HashPassword(crypto::RandomToken(), crypto::PasswordPolicy{});
  if (dummy.ok()) dummy_hash_ = std::move(dummy).value();
}

Result<std::string> AccountsService::NormalizeEmail(std::string_view email) {
  const std::string_view trimmed = base::Trim(email);
  if (trimmed.empty() || trimmed.size() > kMaxEmailBytes)
    return Status::InvalidArgument("email: empty or longer than 254 bytes");
  std::string out;
  out.reserve(trimmed.size());
  for (char ch : trimmed) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsControlOrSpace(c)) return Status::InvalidArgument("email: space or control character");
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : ch;
  }
  const size_t at = out.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == out.size() ||
      out.find('@', at + 1) != std::string::npos) {
    return Status::InvalidArgument("email: expected local@domain");
  }
  if (!base::IsValidUtf8(out)) return Status::InvalidArgument("email: invalid UTF-8");
  return out;
}

Result<std::string> AccountsService::NormalizeDisplayName(std::string_view name,
                                                          std::string_view email) {
  std::string_view trimmed = base::Trim(name);
  if (trimmed.empty()) trimmed = email.substr(0, email.find('@'));
  if (trimmed.empty()) return Status::InvalidArgument("display name: empty");
  if (!base::IsValidUtf8(trimmed)) return Status::InvalidArgument("display name: invalid UTF-8");
  for (char ch : trimmed) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return Status::InvalidArgument("display name: control character");
  }
  if (CodePoints(trimmed) > kMaxDisplayNameCodePoints)
    return Status::InvalidArgument("display name: longer than 100 characters");
  return std::string(trimmed);
}

Status AccountsService::CheckRoles(RoleSet roles) {
  if (roles == 0) return Status::InvalidArgument("roles: at least one is required");
  if ((roles & ~kKnownRoleBits) != 0) return Status::InvalidArgument("roles: unknown role bit");
  return Status::Ok();
}

// --- users

Result<int64_t> AccountsService::InsertUser(std::string_view email, std::string_view display_name,
                                            RoleSet roles, std::string password_hash,
                                            const Actor& actor) {
  BS_RETURN_IF_ERROR(CheckRoles(roles));
  BS_ASSIGN_OR_RETURN(std::string normalized, NormalizeEmail(email));
  BS_ASSIGN_OR_RETURN(std::string name, NormalizeDisplayName(display_name, normalized));
  const Time now = clock_.Now();
  store::User u;
  u.email = std::move(normalized);
  u.display_name = std::move(name);
  u.roles = roles;
  u.created_at = now;
  if (!password_hash.empty()) {
    u.password_hash = std::move(password_hash);
    u.password_changed_at = now;
  }
  BS_ASSIGN_OR_RETURN(int64_t id, store_.CreateUser(u));
  BS_RETURN_IF_ERROR(Audit(actor, "user.create", "user", std::to_string(id),
                           u.email + " (" + RoleList(roles) + ")"));
  return id;
}

Result<int64_t> AccountsService::CreateUser(std::string_view email, std::string_view display_name,
                                            RoleSet roles, const Actor& actor) {
  return InsertUser(email, display_name, roles, "", actor);
}

Result<int64_t> AccountsService::CreateUserWithPassword(std::string_view email,
                                                        std::string_view display_name,
                                                        RoleSet roles, std::string_view password,
                                                        const Actor& actor) {
  // Cheap checks first, so a bad request costs no hashing.
  BS_RETURN_IF_ERROR(CheckRoles(roles));
  BS_ASSIGN_OR_RETURN(std::string normalized, NormalizeEmail(email));
  BS_RETURN_IF_ERROR(NormalizeDisplayName(display_name, normalized).status());
  BS_RETURN_IF_ERROR(crypto::CheckPasswordStrength(password));
  BS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, options_.password_policy));
  return InsertUser(normalized, display_name, roles, std::move(hash), actor);
}

namespace {

// Hashes never leave the service; whether one is set still does.
void Redact(store::User& u) {
  if (!u.password_hash.empty()) u.password_hash = AccountsService::kPasswordSetMarker;
}

}  // namespace

Result<store::User> AccountsService::GetUser(int64_t id) {
  BS_ASSIGN_OR_RETURN(store::User u, store_.GetUser(id));
  Redact(u);
  return u;
}

Result<std::vector<store::User>> AccountsService::ListUsers() {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, store_.ListUsers());
  for (store::User& u : users) Redact(u);
  return users;
}

Result<int64_t> AccountsService::CountUsers() { return store_.CountUsers(); }

Status AccountsService::UpdateUser(const store::User& user, const Actor& actor) {
  BS_RETURN_IF_ERROR(CheckRoles(user.roles));
  BS_ASSIGN_OR_RETURN(std::string email, NormalizeEmail(user.email));
  BS_ASSIGN_OR_RETURN(std::string name, NormalizeDisplayName(user.display_name, email));

  std::lock_guard<std::mutex> lock(users_mu_);
  BS_ASSIGN_OR_RETURN(const store::User before, store_.GetUser(user.id));
  store::User after = before;
  after.email = std::move(email);
  after.display_name = std::move(name);
  after.roles = user.roles;
  after.byline_id = user.byline_id;
  after.chapter_id = user.chapter_id;
  after.disabled = user.disabled;

  const bool was_admin = Has(before.roles, Role::kAdmin) && !before.disabled;
  const bool is_admin = Has(after.roles, Role::kAdmin) && !after.disabled;
  if (actor.user_id == before.id) {
    if (Has(before.roles, Role::kAdmin) && !Has(after.roles, Role::kAdmin))
      return Status::InvalidArgument("an admin cannot remove their own admin role");
    if (after.disabled && !before.disabled)
      return Status::InvalidArgument("you cannot disable yourself");
  }
  if (was_admin && !is_admin) {
    BS_ASSIGN_OR_RETURN(std::vector<store::User> users, store_.ListUsers());
    bool other_admin = false;
    for (const store::User& u : users) {
      if (u.id != before.id && Has(u.roles, Role::kAdmin) && !u.disabled) other_admin = true;
    }
    if (!other_admin) return Status::InvalidArgument("the site must keep an enabled admin");
  }

  BS_RETURN_IF_ERROR(store_.UpdateUser(after));
  if (after.disabled && !before.disabled) {
    BS_RETURN_IF_ERROR(store_.DeleteUserSessions(after.id, std::nullopt).status());
    BS_RETURN_IF_ERROR(store_.RevokeTokens(after.id, store::TokenPurpose::kSetPassword));
    BS_RETURN_IF_ERROR(store_.RevokeTokens(after.id, store::TokenPurpose::kResetPassword));
  }
  const std::string what = Describe(before, after);
  if (what.empty()) return Status::Ok();
  return Audit(actor, "user.update", "user", std::to_string(after.id), what);
}

// --- audit log

Status AccountsService::Audit(const Actor& actor, std::string_view action,
                              std::string_view object_type, std::string_view object_id,
                              std::string_view detail) {
  if (action.empty()) return Status::InvalidArgument("audit: empty action");
  store::AuditEntry e;
  e.at = clock_.Now();
  e.user_id = actor.user_id;
  if (!actor.name.empty()) {
    e.actor = actor.name;
  } else {
    e.actor = actor.user_id ? "user " + std::to_string(*actor.user_id) : "system";
  }
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.detail = CutUtf8(detail, kMaxAuditDetailBytes);
  e.ip = actor.ip;
  return store_.AppendAudit(e).status();
}

Result<std::vector<store::AuditEntry>> AccountsService::ListAudit(const store::AuditQuery& q) {
  return store_.ListAudit(q);
}

Result<int64_t> AccountsService::CountAudit(const store::AuditQuery& q) {
  return store_.CountAudit(q);
}

}  // namespace accounts
