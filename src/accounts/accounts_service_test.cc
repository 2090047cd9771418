// AccountsService against a real SQLite store, a FakeClock and cheap hashing.

#include "accounts/accounts_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "crypto/token.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace accounts {
namespace {

using base::StatusCode;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Time kT0 = Time(seconds(1'700'000'000));
constexpr char kPassword[] = "correct horse battery staple";
constexpr char kOtherPassword[] = "another long passphrase 42";

class AccountsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("accounts.db");
    auto s = store::OpenSqliteStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    service_ = std::make_unique<AccountsService>(store_->accounts(), clock_, Options());
    auto admin = service_->CreateUserWithPassword("admin@example.org", "Admin", Bit(Role::kAdmin),
                                                  kPassword, Actor::Cli());
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    admin_id_ = *admin;
  }

  static AccountsOptions Options() {
    AccountsOptions o;
    // libsodium's minimum cost (crypto_pwhash_OPSLIMIT_MIN, _MEMLIMIT_MIN);
    // only crypto/ includes <sodium.h>, so the values are spelled out.
    o.password_policy.ops_limit = 1;
    o.password_policy.mem_limit = 8 * 1024;
    o.password_policy.for_tests = true;
    return o;
  }

  AccountsService& svc() { return *service_; }

  Actor AdminActor() { return Actor{admin_id_, "admin@example.org", "10.0.0.1"}; }

  int64_t MakeEditor(const std::string& email = "ed@example.org") {
    auto id =
        svc().CreateUserWithPassword(email, "Ed", Bit(Role::kEditor), kPassword, AdminActor());
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  Result<LoginResult> LoginAs(const std::string& email, const std::string& password,
                              const std::string& ip = "192.0.2.1", seconds* retry_after = nullptr) {
    return svc().Login(email, password, ip, "test-agent", retry_after);
  }

  // Entries with exactly this action.
  int64_t AuditCount(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    auto n = svc().CountAudit(q);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  test_support::TempDir dir_{"bs-accounts"};
  base::FakeClock clock_{kT0};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccountsService> service_;
  int64_t admin_id_ = 0;
};

// --- emails and users

TEST_F(AccountsServiceTest, NormalizeEmail) {
  EXPECT_EQ(*AccountsService::NormalizeEmail("  Ana.Ruiz@Example.ORG \t"), "ana.ruiz@example.org");
  EXPECT_EQ(*AccountsService::NormalizeEmail("a@b"), "a@b");
  for (const char* bad : {"", "   ", "ana", "@example.org", "ana@", "a@b@c", "ana ruiz@example.org",
                          "ana@exa\tmple.org", "ana\x01@example.org", "ana@\xff.org"}) {
    EXPECT_TRUE(AccountsService::NormalizeEmail(bad).status().IsInvalidArgument()) << bad;
  }
  std::string long_email = std::string(250, 'a') + "@b.c";  // 254 bytes: fine
  EXPECT_TRUE(AccountsService::NormalizeEmail(long_email).ok());
  EXPECT_TRUE(AccountsService::NormalizeEmail("a" + long_email).status().IsInvalidArgument());
}

TEST_F(AccountsServiceTest, CreateUserValidatesAndAudits) {
  auto id =
      svc().CreateUser(" New@Example.org ", "  Nuevo Núñez ", Bit(Role::kAuthor), AdminActor());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto u = svc().GetUser(*id);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->email, "new@example.org");
  EXPECT_EQ(u->display_name, "Nuevo Núñez");
  EXPECT_EQ(u->roles, Bit(Role::kAuthor));
  EXPECT_TRUE(u->password_hash.empty());

  EXPECT_TRUE(svc()
                  .CreateUser("new@EXAMPLE.org", "Dup", Bit(Role::kAuthor), AdminActor())
                  .status()
                  .IsConflict());
  EXPECT_TRUE(svc().CreateUser("x@example.org", "X", 0, AdminActor()).status().IsInvalidArgument());
  EXPECT_TRUE(svc()
                  .CreateUser("x@example.org", "X", RoleSet{1} << 10, AdminActor())
                  .status()
                  .IsInvalidArgument());
  EXPECT_TRUE(svc()
                  .CreateUser("not-an-email", "X", Bit(Role::kAuthor), AdminActor())
                  .status()
                  .IsInvalidArgument());
  EXPECT_TRUE(
      svc()
          .CreateUser("x@example.org", std::string(101, 'x'), Bit(Role::kAuthor), AdminActor())
          .status()
          .IsInvalidArgument());
  EXPECT_TRUE(svc()
                  .CreateUser("x@example.org", "bad\nname", Bit(Role::kAuthor), AdminActor())
                  .status()
                  .IsInvalidArgument());
  // 100 code points of two bytes each are fine.
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "ñ";
  EXPECT_TRUE(svc().CreateUser("n@example.org", hundred, Bit(Role::kAuthor), AdminActor()).ok());
  // An empty display name becomes the local part.
  auto local = svc().CreateUser("maria.lopez@example.org", "  ", Bit(Role::kExpert), AdminActor());
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(svc().GetUser(*local)->display_name, "maria.lopez");

  EXPECT_EQ(AuditCount("user.create"), 4);  // the admin, new, n, maria.lopez
  store::AuditQuery q;
  q.object_type = "user";
  q.object_id = std::to_string(*id);
  auto entries = svc().ListAudit(q);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action, "user.create");
  EXPECT_EQ((*entries)[0].user_id, admin_id_);
  EXPECT_EQ((*entries)[0].actor, "admin@example.org");
}

TEST_F(AccountsServiceTest, CreateUserWithWeakPasswordIsRefused) {
  EXPECT_TRUE(
      svc()
          .CreateUserWithPassword("w@example.org", "W", Bit(Role::kEditor), "short", AdminActor())
          .status()
          .IsInvalidArgument());
  EXPECT_EQ(*svc().CountUsers(), 1);
}

TEST_F(AccountsServiceTest, UsersAreReturnedWithoutHashes) {
  MakeEditor();
  auto users = svc().ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  for (const auto& u : *users) EXPECT_EQ(u.password_hash, AccountsService::kPasswordSetMarker);
  EXPECT_EQ(svc().GetUser(admin_id_)->password_hash, AccountsService::kPasswordSetMarker);
  auto invited = svc().CreateUser("inv@example.org", "Inv", Bit(Role::kAuthor), AdminActor());
  ASSERT_TRUE(invited.ok());
  EXPECT_TRUE(svc().GetUser(*invited)->password_hash.empty());  // no password yet
  EXPECT_TRUE(svc().GetUser(999).status().IsNotFound());
}

// --- login

TEST_F(AccountsServiceTest, LoginSucceeds) {
  const int64_t ed = MakeEditor();
  seconds retry{-1};
  auto r = LoginAs(" ED@example.org", kPassword, "192.0.2.1", &retry);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(retry, seconds(0));
  EXPECT_EQ(r->session_token.size(), 43u);
  EXPECT_EQ(r->session.user.id, ed);
  EXPECT_TRUE(r->session.user.password_hash.empty());
  EXPECT_EQ(r->session.created_at, kT0);
  EXPECT_EQ(r->session.expires_at, kT0 + hours(12));
  EXPECT_EQ(r->session.csrf_token, AccountsService::CsrfTokenFor(r->session_token));

  auto info = svc().Authenticate(r->session_token);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->session_id, r->session.session_id);
  EXPECT_EQ(info->user.id, ed);
  EXPECT_EQ(AuditCount("user.login"), 1);
}

TEST_F(AccountsServiceTest, WrongPasswordAndUnknownEmailLookTheSame) {
  MakeEditor();
  auto wrong = LoginAs("ed@example.org", "not the password at all");
  auto unknown = LoginAs("nobody@example.org", kPassword);
  auto malformed = LoginAs("nobody", kPassword);
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(malformed.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_EQ(wrong.status().message(), malformed.status().message());
  EXPECT_EQ(AuditCount("user.login_failed"), 3);
}

TEST_F(AccountsServiceTest, DisabledAndPasswordlessUsersCannotLogIn) {
  const int64_t ed = MakeEditor();
  auto u = svc().GetUser(ed);
  ASSERT_TRUE(u.ok());
  u->disabled = true;
  ASSERT_TRUE(svc().UpdateUser(*u, AdminActor()).ok());
  auto r = LoginAs("ed@example.org", kPassword);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(), LoginAs("nobody@example.org", kPassword).status().message());

  ASSERT_TRUE(svc().CreateUser("inv@example.org", "Inv", Bit(Role::kAuthor), AdminActor()).ok());
  EXPECT_EQ(LoginAs("inv@example.org", "").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(LoginAs("inv@example.org", kPassword).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(AccountsServiceTest, EachLoginGetsANewToken) {
  MakeEditor();
  auto a = LoginAs("ed@example.org", kPassword);
  auto b = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->session_token, b->session_token);
  EXPECT_NE(a->session.session_id, b->session.session_id);
  EXPECT_NE(a->session.csrf_token, b->session.csrf_token);
  EXPECT_TRUE(svc().Authenticate(a->session_token).ok());
  EXPECT_TRUE(svc().Authenticate(b->session_token).ok());
}

TEST_F(AccountsServiceTest, PerIpLimitSlides) {
  MakeEditor();
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(seconds(1));
    // Successes count too.
    auto r = LoginAs("ed@example.org", i % 2 == 0 ? kPassword : "wrong password!!", "198.51.100.7");
    EXPECT_NE(r.status().code(), StatusCode::kRateLimited) << i;
    if (i % 2 == 1) {
      // Clear the account's failures (from another IP) so only the IP limit is in play.
      ASSERT_TRUE(LoginAs("ed@example.org", kPassword, "203.0.113.9").ok());
    }
  }
  // Ten attempts at kT0+1..kT0+10; the eleventh within the minute is refused.
  seconds retry{0};
  auto r = LoginAs("ed@example.org", kPassword, "198.51.100.7", &retry);
  EXPECT_EQ(r.status().code(), StatusCode::kRateLimited);
  EXPECT_EQ(retry, seconds(51));  // the kT0+1 attempt leaves at kT0+61
  // Another IP is not affected.
  EXPECT_TRUE(LoginAs("ed@example.org", kPassword, "198.51.100.8").ok());

  clock_.Advance(seconds(50));  // kT0+60: still full
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, "198.51.100.7", &retry).status().code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(retry, seconds(1));
  clock_.Advance(seconds(1));  // kT0+61: the oldest has left, one slot
  EXPECT_TRUE(LoginAs("ed@example.org", kPassword, "198.51.100.7").ok());
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, "198.51.100.7").status().code(),
            StatusCode::kRateLimited);
  // Refusals are audited once per burst, not per attempt.
  EXPECT_EQ(AuditCount("user.login_throttled"), 2);
}

TEST_F(AccountsServiceTest, PerAccountDelayGrows) {
  const int64_t ed = MakeEditor();
  int ip = 0;
  auto next_ip = [&ip] { return "192.0.2." + std::to_string(++ip); };  // dodge the IP limit
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(LoginAs("ed@example.org", "wrong password!!", next_ip()).status().code(),
              StatusCode::kUnauthenticated);
  }
  // Three failures: wait 1 s after the last. Even the right password is refused.
  seconds retry{0};
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, next_ip(), &retry).status().code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(retry, seconds(1));
  // Unknown emails are only IP-limited.
  EXPECT_EQ(LoginAs("nobody@example.org", kPassword, next_ip()).status().code(),
            StatusCode::kUnauthenticated);

  clock_.Advance(seconds(1));
  EXPECT_EQ(LoginAs("ed@example.org", "wrong password!!", next_ip()).status().code(),
            StatusCode::kUnauthenticated);  // fourth failure: wait 2 s
  clock_.Advance(seconds(1));
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, next_ip(), &retry).status().code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(retry, seconds(1));
  clock_.Advance(seconds(1));
  EXPECT_EQ(LoginAs("ed@example.org", "wrong password!!", next_ip()).status().code(),
            StatusCode::kUnauthenticated);  // fifth: wait 4 s
  clock_.Advance(seconds(3));
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, next_ip(), &retry).status().code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(retry, seconds(1));
  clock_.Advance(seconds(1));
  ASSERT_TRUE(LoginAs("ed@example.org", kPassword, next_ip()).ok());
  // Success clears the failures.
  auto f = store_->accounts().GetLoginFailures(ed, kT0);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->count, 0);
  EXPECT_GE(AuditCount("user.login_throttled"), 3);
}

TEST_F(AccountsServiceTest, PerAccountHourlyCap) {
  const int64_t ed = MakeEditor();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store_->accounts().RecordLoginFailure(ed, "x", kT0 - minutes(30)).ok());
  }
  seconds retry{0};
  EXPECT_EQ(LoginAs("ed@example.org", kPassword, "192.0.2.50", &retry).status().code(),
            StatusCode::kRateLimited);
  EXPECT_EQ(retry, minutes(30));  // until the failures are an hour old
  clock_.Advance(minutes(30));
  EXPECT_TRUE(LoginAs("ed@example.org", kPassword, "192.0.2.51").ok());
}

TEST_F(AccountsServiceTest, RehashesOnLoginWhenThePolicyChanged) {
  MakeEditor();
  const std::string before = store_->accounts().GetUserByEmail("ed@example.org")->password_hash;
  AccountsOptions stronger = Options();
  stronger.password_policy.ops_limit += 1;
  AccountsService other(store_->accounts(), clock_, stronger);
  ASSERT_TRUE(other.Login("ed@example.org", kPassword, "192.0.2.1", "", nullptr).ok());
  const std::string after = store_->accounts().GetUserByEmail("ed@example.org")->password_hash;
  EXPECT_NE(before, after);
  EXPECT_FALSE(crypto::NeedsRehash(after, stronger.password_policy));
  EXPECT_TRUE(other.Login("ed@example.org", kPassword, "192.0.2.1", "", nullptr).ok());
}

// --- sessions

TEST_F(AccountsServiceTest, SessionIdleExpiry) {
  MakeEditor();
  auto r = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(r.ok());
  clock_.Advance(hours(1) + minutes(59));
  ASSERT_TRUE(svc().Authenticate(r->session_token).ok());  // refreshes last_seen
  clock_.Advance(hours(1) + minutes(59));
  ASSERT_TRUE(svc().Authenticate(r->session_token).ok());
  clock_.Advance(hours(2));
  EXPECT_EQ(svc().Authenticate(r->session_token).status().code(), StatusCode::kUnauthenticated);
  // The stale session was deleted.
  EXPECT_TRUE(store_->accounts()
                  .GetSessionByTokenHash(crypto::HashToken(r->session_token))
                  .status()
                  .IsNotFound());
}

TEST_F(AccountsServiceTest, SessionAbsoluteExpiry) {
  MakeEditor();
  auto r = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(r.ok());
  for (int i = 0; i < 11; ++i) {
    clock_.Advance(hours(1));
    ASSERT_TRUE(svc().Authenticate(r->session_token).ok()) << i;
  }
  clock_.Advance(minutes(59));
  ASSERT_TRUE(svc().Authenticate(r->session_token).ok());
  clock_.Advance(minutes(1));  // exactly 12 h
  EXPECT_EQ(svc().Authenticate(r->session_token).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(AccountsServiceTest, TouchAtMostOncePerMinute) {
  MakeEditor();
  auto r = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(r.ok());
  const std::string hash = crypto::HashToken(r->session_token);
  clock_.Advance(seconds(59));
  ASSERT_TRUE(svc().Authenticate(r->session_token).ok());
  EXPECT_EQ(store_->accounts().GetSessionByTokenHash(hash)->last_seen_at, kT0);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(svc().Authenticate(r->session_token).ok());
  EXPECT_EQ(store_->accounts().GetSessionByTokenHash(hash)->last_seen_at, kT0 + seconds(60));
}

TEST_F(AccountsServiceTest, UnknownAndEmptyTokensAreUnauthenticated) {
  EXPECT_EQ(svc().Authenticate("").status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(svc().Authenticate("no-such-token").status().code(), StatusCode::kUnauthenticated);
}

TEST_F(AccountsServiceTest, LogoutAndSignOutEverywhere) {
  const int64_t ed = MakeEditor();
  auto a = LoginAs("ed@example.org", kPassword);
  auto b = LoginAs("ed@example.org", kPassword);
  auto c = LoginAs("ed@example.org", kPassword);
  auto admin = LoginAs("admin@example.org", kPassword);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && admin.ok());
  const Actor ed_actor{ed, "ed@example.org", "192.0.2.1"};

  ASSERT_TRUE(svc().Logout(a->session_token, ed_actor).ok());
  EXPECT_EQ(svc().Authenticate(a->session_token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(svc().Authenticate(b->session_token).ok());
  EXPECT_TRUE(svc().Logout(a->session_token, ed_actor).ok());  // again: harmless
  EXPECT_EQ(AuditCount("user.logout"), 1);

  ASSERT_TRUE(svc().SignOutEverywhere(ed, ed_actor).ok());
  EXPECT_EQ(svc().Authenticate(b->session_token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(svc().Authenticate(c->session_token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(svc().Authenticate(admin->session_token).ok());
  EXPECT_EQ(AuditCount("user.sessions_revoked"), 1);
  EXPECT_TRUE(svc().SignOutEverywhere(999, ed_actor).IsNotFound());
}

TEST_F(AccountsServiceTest, DisablingEndsSessions) {
  const int64_t ed = MakeEditor();
  auto r = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(r.ok());
  auto u = svc().GetUser(ed);
  u->disabled = true;
  ASSERT_TRUE(svc().UpdateUser(*u, AdminActor()).ok());
  EXPECT_EQ(svc().Authenticate(r->session_token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(store_->accounts()
                  .GetSessionByTokenHash(crypto::HashToken(r->session_token))
                  .status()
                  .IsNotFound());
}

TEST_F(AccountsServiceTest, PurgeStaleSessions) {
  MakeEditor();
  auto old_session = LoginAs("ed@example.org", kPassword);
  clock_.Advance(hours(3));
  auto fresh = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(old_session.ok() && fresh.ok());
  auto n = svc().PurgeStaleSessions();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(svc().Authenticate(fresh->session_token).ok());
}

// --- CSRF

TEST_F(AccountsServiceTest, Csrf) {
  MakeEditor();
  auto a = LoginAs("ed@example.org", kPassword);
  auto b = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string& tok = a->session_token;
  EXPECT_TRUE(AccountsService::CheckCsrf(tok, a->session.csrf_token));
  EXPECT_TRUE(AccountsService::CheckCsrf(tok, svc().Authenticate(tok)->csrf_token));
  EXPECT_FALSE(AccountsService::CheckCsrf(tok, ""));
  EXPECT_FALSE(AccountsService::CheckCsrf(tok, "wrong"));
  std::string flipped = a->session.csrf_token;
  flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(AccountsService::CheckCsrf(tok, flipped));
  EXPECT_FALSE(AccountsService::CheckCsrf(tok, b->session.csrf_token));  // other session's
  EXPECT_FALSE(AccountsService::CheckCsrf("", AccountsService::CsrfTokenFor("")));
  // Not the stored session hash either.
  EXPECT_FALSE(AccountsService::CheckCsrf(tok, crypto::HashToken(tok)));
}

// --- passwords

TEST_F(AccountsServiceTest, ChangePasswordKeepsOnlyTheCurrentSession) {
  const int64_t ed = MakeEditor();
  auto current = LoginAs("ed@example.org", kPassword);
  auto other = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(current.ok() && other.ok());
  const Actor me{ed, "ed@example.org", "192.0.2.1"};

  EXPECT_EQ(
      svc()
          .ChangePassword(ed, "wrong password!!", kOtherPassword, current->session.session_id, me)
          .code(),
      StatusCode::kUnauthenticated);
  EXPECT_TRUE(svc()
                  .ChangePassword(ed, kPassword, "weak", current->session.session_id, me)
                  .IsInvalidArgument());
  EXPECT_TRUE(svc().Authenticate(other->session_token).ok());  // nothing changed yet

  ASSERT_TRUE(
      svc().ChangePassword(ed, kPassword, kOtherPassword, current->session.session_id, me).ok());
  EXPECT_TRUE(svc().Authenticate(current->session_token).ok());
  EXPECT_EQ(svc().Authenticate(other->session_token).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(LoginAs("ed@example.org", kPassword).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(LoginAs("ed@example.org", kOtherPassword).ok());
  EXPECT_EQ(AuditCount("user.password_changed"), 1);
  EXPECT_EQ(AuditCount("user.password_change_failed"), 1);
}

TEST_F(AccountsServiceTest, ResetTokenIsSingleUse) {
  const int64_t ed = MakeEditor();
  auto session = LoginAs("ed@example.org", kPassword);
  ASSERT_TRUE(session.ok());
  auto token = svc().RequestPasswordReset("Ed@Example.org", Actor::System());
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(token->has_value());
  EXPECT_TRUE(svc().CheckToken(**token).ok());

  auto set = svc().SetPasswordWithToken(**token, kOtherPassword, Actor::System());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, ed);
  // All sessions ended; the new password works.
  EXPECT_EQ(svc().Authenticate(session->session_token).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(LoginAs("ed@example.org", kOtherPassword).ok());

  EXPECT_EQ(svc()
                .SetPasswordWithToken(**token, "yet another passphrase", Actor::System())
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(svc().CheckToken(**token).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc().CheckToken("made-up-token").IsNotFound());
  EXPECT_TRUE(svc().CheckToken("").IsNotFound());
  EXPECT_TRUE(svc()
                  .SetPasswordWithToken("made-up-token", kOtherPassword, Actor::System())
                  .status()
                  .IsNotFound());
  EXPECT_EQ(AuditCount("user.password_reset_requested"), 1);
  EXPECT_EQ(AuditCount("user.password_set"), 1);
}

TEST_F(AccountsServiceTest, ResetTokenExpiresAfterThirtyMinutes) {
  MakeEditor();
  auto token = svc().RequestPasswordReset("ed@example.org", Actor::System());
  ASSERT_TRUE(token.ok() && token->has_value());
  clock_.Advance(minutes(29) + seconds(59));
  EXPECT_TRUE(svc().CheckToken(**token).ok());
  clock_.Advance(seconds(1));
  EXPECT_EQ(svc().CheckToken(**token).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(svc().SetPasswordWithToken(**token, kOtherPassword, Actor::System()).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(AccountsServiceTest, NewerResetRevokesOlder) {
  MakeEditor();
  auto first = svc().RequestPasswordReset("ed@example.org", Actor::System());
  auto second = svc().RequestPasswordReset("ed@example.org", Actor::System());
  ASSERT_TRUE(first.ok() && first->has_value() && second.ok() && second->has_value());
  EXPECT_NE(**first, **second);
  EXPECT_EQ(svc().CheckToken(**first).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(svc().SetPasswordWithToken(**first, kOtherPassword, Actor::System()).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc().SetPasswordWithToken(**second, kOtherPassword, Actor::System()).ok());
}

TEST_F(AccountsServiceTest, WeakPasswordDoesNotConsumeTheToken) {
  MakeEditor();
  auto token = svc().RequestPasswordReset("ed@example.org", Actor::System());
  ASSERT_TRUE(token.ok() && token->has_value());
  EXPECT_TRUE(svc()
                  .SetPasswordWithToken(**token, "password", Actor::System())
                  .status()
                  .IsInvalidArgument());
  EXPECT_TRUE(svc().CheckToken(**token).ok());
  EXPECT_TRUE(svc().SetPasswordWithToken(**token, kOtherPassword, Actor::System()).ok());
}

TEST_F(AccountsServiceTest, ResetForUnknownOrDisabledEmailsGivesNothing) {
  const int64_t ed = MakeEditor();
  auto unknown = svc().RequestPasswordReset("nobody@example.org", Actor::System());
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
  auto u = svc().GetUser(ed);
  u->disabled = true;
  ASSERT_TRUE(svc().UpdateUser(*u, AdminActor()).ok());
  auto disabled = svc().RequestPasswordReset("ed@example.org", Actor::System());
  ASSERT_TRUE(disabled.ok());
  EXPECT_FALSE(disabled->has_value());
  EXPECT_EQ(AuditCount("user.password_reset_requested"), 0);
}

TEST_F(AccountsServiceTest, InvitationFlow) {
  auto id = svc().CreateUser("new@example.org", "New", Bit(Role::kAuthor), AdminActor());
  ASSERT_TRUE(id.ok());
  auto first = svc().IssueInvitation(*id, AdminActor());
  auto invite = svc().IssueInvitation(*id, AdminActor());  // resend: the first stops working
  ASSERT_TRUE(first.ok() && invite.ok());
  EXPECT_EQ(svc().CheckToken(*first).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc().CheckToken(*invite).ok());

  auto set = svc().SetPasswordWithToken(*invite, kOtherPassword,
                                        Actor{std::nullopt, "anonymous", "192.0.2.9"});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(*set, *id);
  auto login = LoginAs("new@example.org", kOtherPassword);
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(Allows(login->session.user.roles, Permission::kWriteDrafts));
  // Now that a password is set, invitations are refused (resets exist for that).
  EXPECT_TRUE(svc().IssueInvitation(*id, AdminActor()).status().IsConflict());
  EXPECT_TRUE(svc().IssueInvitation(999, AdminActor()).status().IsNotFound());
  EXPECT_EQ(AuditCount("user.invite"), 2);
  EXPECT_EQ(AuditCount("user.password_set"), 1);
}

TEST_F(AccountsServiceTest, InvitationExpiresAfterAWeek) {
  auto id = svc().CreateUser("new@example.org", "New", Bit(Role::kAuthor), AdminActor());
  ASSERT_TRUE(id.ok());
  auto invite = svc().IssueInvitation(*id, AdminActor());
  ASSERT_TRUE(invite.ok());
  clock_.Advance(hours(7 * 24));
  EXPECT_EQ(svc().CheckToken(*invite).code(), StatusCode::kPermissionDenied);
}

// --- updates and the last admin

TEST_F(AccountsServiceTest, UpdateUserChangesProfile) {
  const int64_t ed = MakeEditor();
  auto u = svc().GetUser(ed);
  ASSERT_TRUE(u.ok());
  u->roles = Bit(Role::kEditor) | Bit(Role::kExpert);
  u->display_name = " Edu ";
  u->email = "EDU@example.org";
  ASSERT_TRUE(svc().UpdateUser(*u, AdminActor()).ok());
  auto got = svc().GetUser(ed);
  EXPECT_EQ(got->roles, Bit(Role::kEditor) | Bit(Role::kExpert));
  EXPECT_EQ(got->display_name, "Edu");
  EXPECT_EQ(got->email, "edu@example.org");
  EXPECT_TRUE(LoginAs("edu@example.org", kPassword).ok());  // password untouched
  EXPECT_EQ(AuditCount("user.update"), 1);

  u->roles = 0;
  EXPECT_TRUE(svc().UpdateUser(*u, AdminActor()).IsInvalidArgument());
  u->roles = Bit(Role::kEditor);
  u->email = "admin@example.org";
  EXPECT_TRUE(svc().UpdateUser(*u, AdminActor()).IsConflict());
  u->id = 999;
  u->email = "ghost@example.org";
  EXPECT_TRUE(svc().UpdateUser(*u, AdminActor()).IsNotFound());
}

TEST_F(AccountsServiceTest, LastAdminGuard) {
  auto admin = svc().GetUser(admin_id_);
  ASSERT_TRUE(admin.ok());
  // Self-demotion and self-disabling are refused.
  store::User demoted = *admin;
  demoted.roles = Bit(Role::kEditor);
  EXPECT_TRUE(svc().UpdateUser(demoted, AdminActor()).IsInvalidArgument());
  store::User disabled = *admin;
  disabled.disabled = true;
  EXPECT_TRUE(svc().UpdateUser(disabled, AdminActor()).IsInvalidArgument());
  // Nor may the CLI remove the only admin.
  EXPECT_TRUE(svc().UpdateUser(demoted, Actor::Cli()).IsInvalidArgument());
  EXPECT_TRUE(svc().UpdateUser(disabled, Actor::Cli()).IsInvalidArgument());
  EXPECT_TRUE(Has(svc().GetUser(admin_id_)->roles, Role::kAdmin));

  // With a second admin, the first may be demoted by someone else.
  auto second = svc().CreateUserWithPassword(
      "boss@example.org", "Boss", Bit(Role::kAdmin) | Bit(Role::kEditor), kPassword, AdminActor());
  ASSERT_TRUE(second.ok());
  const Actor boss{*second, "boss@example.org", ""};
  EXPECT_TRUE(svc().UpdateUser(demoted, AdminActor()).IsInvalidArgument());  // still self
  ASSERT_TRUE(svc().UpdateUser(demoted, boss).ok());
  EXPECT_FALSE(Has(svc().GetUser(admin_id_)->roles, Role::kAdmin));
  // Now boss is the last admin: the CLI cannot demote boss.
  auto b = svc().GetUser(*second);
  b->roles = Bit(Role::kEditor);
  EXPECT_TRUE(svc().UpdateUser(*b, Actor::Cli()).IsInvalidArgument());
}

TEST_F(AccountsServiceTest, AuditRequiresAnAction) {
  EXPECT_TRUE(svc().Audit(Actor::Cli(), "", "user", "1").IsInvalidArgument());
  ASSERT_TRUE(svc().Audit(Actor::Cli(), "settings.update", "", "", "theme").ok());
  store::AuditQuery q;
  q.action = "settings.";
  auto rows = svc().ListAudit(q);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].actor, "cli");
  EXPECT_FALSE((*rows)[0].user_id.has_value());
  EXPECT_EQ((*rows)[0].detail, "theme");
  EXPECT_EQ((*rows)[0].at, kT0);
}

}  // namespace
}  // namespace accounts
