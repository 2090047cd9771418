// Signing in and out through the admin forms: cookies, CSRF on the login
// form, throttling, generic failures, resets and invitations.

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"

namespace admin::testing {
namespace {

using accounts::Role;

constexpr char kPassword[] = "correct horse battery staple";

class AdminAuthTest : public AdminFixture {};

TEST_F(AdminAuthTest, SignInSetsAHardenedSessionCookieAndOpensTheDashboard) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  TestResponse form = Get("/admin/login?next=/admin/account");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"csrf\""), std::string::npos);
  ASSERT_FALSE(PreCsrf().empty());
  TestResponse r = Post("/admin/login", {{"csrf", PreCsrf()},
                                         {"email", "  ED@example.org "},
                                         {"password", kPassword},
                                         {"next", "/admin/account"}});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.location, "/admin/account");
  std::string session_cookie;
  for (const std::string& c : r.set_cookies)
    if (c.rfind("bs_session=", 0) == 0) session_cookie = c;
  ASSERT_FALSE(session_cookie.empty());
  EXPECT_NE(session_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("; SameSite=Lax"), std::string::npos);
  EXPECT_NE(session_cookie.find("; Path=/;"), std::string::npos);
  EXPECT_NE(session_cookie.find("; Secure"), std::string::npos);  // base URL is https

  TestResponse dash = Get("/admin");
  EXPECT_EQ(dash.status, 200);
  EXPECT_NE(dash.body.find("User ed@example.org"), std::string::npos);
  EXPECT_EQ(dash.Header("Cache-Control"), "no-store");
  EXPECT_EQ(dash.Header("X-Frame-Options"), "DENY");
  EXPECT_NE(dash.Header("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
}

TEST_F(AdminAuthTest, EachSignInGetsANewSessionToken) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  SignIn("ed@example.org");
  const std::string first = cookies_["bs_session"];
  SignIn("ed@example.org");
  EXPECT_NE(cookies_["bs_session"], first);
}

TEST_F(AdminAuthTest, LoginFormWithoutCsrfIsRefused) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  Get("/admin/login");
  TestResponse r = Post("/admin/login", {{"email", "ed@example.org"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(cookies_.find("bs_session") == cookies_.end());
}

TEST_F(AdminAuthTest, UnknownEmailAndWrongPasswordLookTheSame) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  Get("/admin/login");
  TestResponse wrong = Post("/admin/login", {{"csrf", PreCsrf()},
                                             {"email", "ed@example.org"},
                                             {"password", "not the password"}},
                            "198.51.100.1");
  TestResponse unknown = Post("/admin/login", {{"csrf", PreCsrf()},
                                               {"email", "nobody@example.org"},
                                               {"password", "not the password"}},
                              "198.51.100.2");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  // Same page but for the email typed back into the form.
  std::string a = wrong.body, b = unknown.body;
  a.replace(a.find("ed@example.org"), 14, "X");
  b.replace(b.find("nobody@example.org"), 18, "X");
  EXPECT_EQ(a, b);
  EXPECT_NE(wrong.body.find("value=\"ed@example.org\""), std::string::npos);  // kept
}

TEST_F(AdminAuthTest, TooManyAttemptsFromOneAddressGet429WithRetryAfter) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  Get("/admin/login");
  for (int i = 0; i < 10; ++i) {
    TestResponse r = Post("/admin/login", {{"csrf", PreCsrf()},
                                           {"email", "x" + std::to_string(i) + "@example.org"},
                                           {"password", "wrong password here"}},
                          "203.0.113.7");
    EXPECT_EQ(r.status, 401) << i;
  }
  TestResponse blocked = Post("/admin/login", {{"csrf", PreCsrf()},
                                               {"email", "ed@example.org"},
                                               {"password", kPassword}},
                              "203.0.113.7");
  EXPECT_EQ(blocked.status, 429);
  EXPECT_GE(std::stoi(blocked.Header("Retry-After")), 1);
  EXPECT_TRUE(cookies_.find("bs_session") == cookies_.end());
  // Another address is not affected.
  TestResponse other = Post("/admin/login", {{"csrf", PreCsrf()},
                                             {"email", "ed@example.org"},
                                             {"password", kPassword}},
                            "203.0.113.8");
  EXPECT_EQ(other.status, 303);
}

TEST_F(AdminAuthTest, LogoutEndsTheSessionOnTheServer) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  const std::string csrf = SignIn("ed@example.org");
  const std::string token = cookies_["bs_session"];
  TestResponse out = Post("/admin/logout", {{"csrf", csrf}});
  EXPECT_EQ(out.status, 303);
  // Replaying the old cookie does not work.
  cookies_["bs_session"] = token;
  TestResponse r = Get("/admin");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.location.rfind("/admin/login", 0), 0u);
}

TEST_F(AdminAuthTest, NextParameterCannotLeaveTheAdmin) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  for (const std::string next : {"//evil.example/x", "https://evil.example/", "/admin\\@evil",
                                 "/administrator", "javascript:alert(1)"}) {
    ClearCookies();
    Get("/admin/login");
    TestResponse r = Post("/admin/login", {{"csrf", PreCsrf()},
                                           {"email", "ed@example.org"},
                                           {"password", kPassword},
                                           {"next", next}});
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.location, "/admin") << next;
  }
}

TEST_F(AdminAuthTest, SessionExpiresWhenIdleAndAtItsAbsoluteEnd) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  SignIn("ed@example.org");
  clock_.Advance(std::chrono::minutes(119));
  EXPECT_EQ(Get("/admin").status, 200);
  clock_.Advance(std::chrono::minutes(121));  // idle for more than 2 h
  EXPECT_EQ(Get("/admin").status, 303);

  SignIn("ed@example.org");
  for (int i = 0; i < 12; ++i) {  // active every hour, still ends at 12 h
    clock_.Advance(std::chrono::minutes(59));
    EXPECT_EQ(Get("/admin").status, 200) << i;
  }
  clock_.Advance(std::chrono::minutes(13));
  EXPECT_EQ(Get("/admin").status, 303);
}

TEST_F(AdminAuthTest, ForgotPasswordAnswersAlikeAndMailsOnlyRealAccounts) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  Get("/admin/forgot");
  TestResponse known = Post("/admin/forgot", {{"csrf", PreCsrf()}, {"email", "ed@example.org"}});
  TestResponse unknown =
      Post("/admin/forgot", {{"csrf", PreCsrf()}, {"email", "ghost@example.org"}});
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.body, unknown.body);
  ASSERT_EQ(mail_.size(), 1u);
  EXPECT_EQ(mail_[0].to, "ed@example.org");
  EXPECT_EQ(mail_[0].template_name, "password_reset");
  const std::string link = mail_[0].data.Find("link")->as_string();
  const std::string prefix = "https://example.org/admin/set-password?token=";
  ASSERT_EQ(link.rfind(prefix, 0), 0u);
  const std::string token = link.substr(prefix.size());

  // The link works once.
  EXPECT_EQ(Get("/admin/set-password?token=" + token).status, 200);
  TestResponse weak = Post("/admin/set-password", {{"csrf", PreCsrf()},
                                                   {"token", token},
                                                   {"password", "password1234"},
                                                   {"confirm", "password1234"}});
  EXPECT_EQ(weak.status, 400);  // too common; the link still works
  TestResponse set = Post("/admin/set-password", {{"csrf", PreCsrf()},
                                                  {"token", token},
                                                  {"password", "a brand new passphrase"},
                                                  {"confirm", "a brand new passphrase"}});
  EXPECT_EQ(set.status, 303);
  TestResponse again = Post("/admin/set-password", {{"csrf", PreCsrf()},
                                                    {"token", token},
                                                    {"password", "another new passphrase"},
                                                    {"confirm", "another new passphrase"}});
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(Get("/admin/set-password?token=" + token).status, 410);
  SignIn("ed@example.org", "a brand new passphrase");
  EXPECT_EQ(Get("/admin").status, 200);
}

TEST_F(AdminAuthTest, ResetLinkExpiresAfterThirtyMinutes) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  Get("/admin/forgot");
  Post("/admin/forgot", {{"csrf", PreCsrf()}, {"email", "ed@example.org"}});
  ASSERT_EQ(mail_.size(), 1u);
  const std::string link = mail_[0].data.Find("link")->as_string();
  const std::string token = link.substr(link.find("token=") + 6);
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(Get("/admin/set-password?token=" + token).status, 410);
}

TEST_F(AdminAuthTest, AdminInvitesAUserWhoSetsAPasswordAndSignsIn) {
  AddUser("admin@example.org", accounts::Bit(Role::kAdmin));
  const std::string csrf = SignIn("admin@example.org");
  TestResponse bad = Post("/admin/users", {{"csrf", csrf},
                                           {"email", "not-an-email"},
                                           {"display_name", "Ana Ruiz"},
                                           {"roles", "expert"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("value=\"Ana Ruiz\""), std::string::npos);  // kept
  TestResponse r = Post("/admin/users", {{"csrf", csrf},
                                         {"email", "ana@example.org"},
                                         {"display_name", "Ana Ruiz"},
                                         {"roles", "expert"},
                                         {"roles", "author"}});
  ASSERT_EQ(r.status, 303) << r.body;
  ASSERT_EQ(mail_.size(), 1u);
  EXPECT_EQ(mail_[0].template_name, "invitation");
  const std::string link = mail_[0].data.Find("link")->as_string();
  const std::string token = link.substr(link.find("token=") + 6);
  ClearCookies();
  Get("/admin/set-password?token=" + token);
  EXPECT_EQ(Post("/admin/set-password", {{"csrf", PreCsrf()},
                                         {"token", token},
                                         {"password", "ana's own passphrase"},
                                         {"confirm", "ana's own passphrase"}})
                .status,
            303);
  SignIn("ana@example.org", "ana's own passphrase");
  EXPECT_EQ(Get("/admin").status, 200);
  EXPECT_EQ(Get("/admin/users").status, 403);  // not an admin
  // The audit log has the story.
  store::AuditQuery q;
  q.action = "user.";
  auto entries = accounts_->ListAudit(q);
  ASSERT_TRUE(entries.ok());
  EXPECT_GE(entries->size(), 3u);
}

TEST_F(AdminAuthTest, ChangingThePasswordEndsOtherSessions) {
  AddUser("ed@example.org", accounts::Bit(Role::kEditor));
  SignIn("ed@example.org");
  const std::string other_session = cookies_["bs_session"];
  const std::string csrf = SignIn("ed@example.org");
  TestResponse wrong = Post("/admin/account/password", {{"csrf", csrf},
                                                        {"current_password", "nope nope nope"},
                                                        {"new_password", "fresh passphrase one"},
                                                        {"confirm", "fresh passphrase one"}});
  EXPECT_EQ(wrong.status, 400);
  TestResponse ok = Post("/admin/account/password", {{"csrf", csrf},
                                                     {"current_password", kPassword},
                                                     {"new_password", "fresh passphrase one"},
                                                     {"confirm", "fresh passphrase one"}});
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(Get("/admin").status, 200);  // this session survives
  cookies_["bs_session"] = other_session;
  EXPECT_EQ(Get("/admin").status, 303);  // the other one does not
}

TEST_F(AdminAuthTest, AuditLogFiltersByAction) {
  AddUser("admin@example.org", accounts::Bit(Role::kAdmin));
  Get("/admin/login");
  Post("/admin/login", {{"csrf", PreCsrf()},
                        {"email", "admin@example.org"},
                        {"password", "wrong wrong wrong"}});
  SignIn("admin@example.org");
  TestResponse all = Get("/admin/audit");
  EXPECT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("user.login_failed"), std::string::npos);
  TestResponse filtered = Get("/admin/audit?action=user.login");
  EXPECT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.body.find("user.login_failed"), std::string::npos);
  EXPECT_NE(filtered.body.find("user.login"), std::string::npos);
}

}  // namespace
}  // namespace admin::testing
