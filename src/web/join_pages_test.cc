// Joining and the member portal through the public router, in-process: real
// SQLite store, the default theme, real keys, a fake clock, and a notifier
// that records the links it was asked to send.

#include "web/join_pages.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "base/time_zone.h"
#include "members/members_test_support.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/members_pages_fixture.h"
#include "web/portal_pages.h"

namespace web {
namespace {

using std::chrono::seconds;

class JoinPagesTest : public testing::MembersPagesFixture {};

TEST_F(JoinPagesTest, TheFormIsPrivateAndComplete) {
  http::Response r = Get("/join");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  for (const char* field : {"first_name", "last_name", "email", "phone", "postal_code", "region",
                            "country", "answer_union", "privacy_consent", "email_consent",
                            "form_token", "website"}) {
    EXPECT_NE(r.body.find("name=\"" + std::string(field) + "\""), std::string::npos) << field;
  }
}

TEST_F(JoinPagesTest, TheFormSpeaksTheReadersLanguageAndPassesItOn) {
  site_.languages = {"en", "es"};
  http::Response form = Get("/join?lang=es");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(form.body.find("name=\"lang\" value=\"es\""), std::string::npos);
  // A language the site does not have is the default, not an error.
  http::Response other = Get("/join?lang=xx");
  ASSERT_EQ(other.status, 200);
  EXPECT_NE(other.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(other.body.find("name=\"lang\" value=\"en\""), std::string::npos);

  // The joiner's language travels with the form to the email and the pages.
  http::Response sent = Post("/join", JoinBody("lucia@example.org") + "&lang=es");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_NE(sent.body.find("<html lang=\"es\">"), std::string::npos);
  ASSERT_FALSE(notifier_.sent.empty());
  EXPECT_EQ(notifier_.sent.back().notice.lang, "es");
  const std::string token = LastToken("confirm");
  http::Response confirm = Get("/join/confirm?token=" + Enc(token) + "&lang=es");
  EXPECT_NE(confirm.body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(confirm.body.find("name=\"lang\" value=\"es\""), std::string::npos);
  http::Response welcome = Post("/join/confirm", "token=" + Enc(token) + "&lang=es");
  ASSERT_EQ(welcome.status, 200) << welcome.body;
  EXPECT_NE(welcome.body.find("<html lang=\"es\">"), std::string::npos);
  // Spent: the refusal speaks Spanish too and points to the Spanish form.
  http::Response spent = Post("/join/confirm", "token=" + Enc(token) + "&lang=es");
  EXPECT_EQ(spent.status, 410);
  EXPECT_NE(spent.body.find("/join?lang=es"), std::string::npos);

  // The Spanish pages' Join button opens the Spanish form.
  EXPECT_NE(Get("/join?lang=es").body.find("href=\"/join?lang=es\""), std::string::npos);
  EXPECT_EQ(Get("/join").body.find("/join?lang="), std::string::npos);
}

TEST_F(JoinPagesTest, NewAndExistingAddressesGetTheSamePage) {
  http::Response first = Post("/join", JoinBody("ana@example.org"));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.cache_control, "no-store");
  ASSERT_EQ(notifier_.sent.size(), 1u);
  EXPECT_EQ(notifier_.sent[0].kind, "confirm");
  ASSERT_EQ(Post("/join/confirm", "token=" + Enc(LastToken("confirm"))).status, 200);

  http::Response again = Post("/join", JoinBody("ana@example.org", "Someone"));
  http::Response fresh = Post("/join", JoinBody("ben@example.org", "Ben"));
  ASSERT_EQ(again.status, 200);
  ASSERT_EQ(fresh.status, 200);
  std::string a = again.body, b = fresh.body;
  a.replace(a.find("ana@example.org"), 15, "X");
  b.replace(b.find("ben@example.org"), 15, "X");
  EXPECT_EQ(a, b);  // nothing tells a member's address from a new one
  EXPECT_EQ(notifier_.sent[notifier_.sent.size() - 2].kind, "already");
  EXPECT_EQ(notifier_.sent.back().kind, "confirm");
  EXPECT_EQ(Members(), 2);
}

TEST_F(JoinPagesTest, ProblemsKeepEverythingTypedAndStoreNothing) {
  const std::string body = "first_name=" + Enc("<script>alert(1)</script>") +
                           "&last_name=&email=nope&postal_code=28001&region=Madrid"
                           "&country=X&answer_union=" + Enc("CCOO & UGT") +
                           "&form_token=" + Enc(Token());
  http::Response r = Post("/join", body);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("CCOO &amp; UGT"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#join-last_name\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#join-email\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#join-privacy_consent\""), std::string::npos);
  EXPECT_TRUE(notifier_.sent.empty());
  EXPECT_EQ(Members(), 0);

  // Invalid UTF-8 is refused before anything else.
  EXPECT_EQ(Post("/join", "first_name=%C3&form_token=x").status, 400);
  // A bot: the honeypot, or a form sent back at once.
  EXPECT_EQ(Post("/join", JoinBody("bot@example.org") + "&website=x").status, 422);
  std::string quick = timer_->Issue().value();
  EXPECT_EQ(Post("/join", "first_name=A&last_name=B&email=c%40example.org&postal_code=1"
                          "&region=R&country=C&privacy_consent=1&form_token=" + Enc(quick))
                .status,
            422);
  EXPECT_EQ(Members(), 0);
}

TEST_F(JoinPagesTest, RateLimitedPerAddress) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Post("/join", JoinBody("p" + std::to_string(i) + "@example.org")).status, 200);
  }
  http::Response r = Post("/join", JoinBody("p9@example.org"));
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(test_support::HeaderOf(r, "Retry-After").empty());
  EXPECT_NE(r.body.find("p9@example.org"), std::string::npos);  // kept
  EXPECT_EQ(Members(), 3);
}

TEST_F(JoinPagesTest, ConfirmingNeedsTheButtonAndWorksOnce) {
  ASSERT_EQ(Post("/join", JoinBody("ana@example.org")).status, 200);
  const std::string token = LastToken("confirm");
  // Opening the link (or a mail scanner doing so) changes nothing.
  http::Response page = Get("/join/confirm?token=" + Enc(token));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"token\" value=\"" + token + "\""), std::string::npos);
  EXPECT_EQ(members_->Search({}).value().items[0].member.status, members::MemberStatus::kPending);

  http::Response welcome = Post("/join/confirm", "token=" + Enc(token));
  ASSERT_EQ(welcome.status, 200) << welcome.body;
  EXPECT_NE(welcome.body.find("href=\"/donate\""), std::string::npos);
  EXPECT_EQ(members_->Search({}).value().items[0].member.status, members::MemberStatus::kActive);
  EXPECT_EQ(Post("/join/confirm", "token=" + Enc(token)).status, 410);
  EXPECT_EQ(Post("/join/confirm", "token=made-up").status, 410);
}

// A membership type with dues: the welcome page offers them as a monthly
// gift on the donation page, amount and frequency chosen; without dues it
// offers a donation.
TEST_F(JoinPagesTest, WelcomeLinksDuesToAMonthlyGift) {
  ASSERT_EQ(Post("/join", JoinBody("sup@example.org") + "&membership_type=supporter").status, 200);
  http::Response dues = Post("/join/confirm", "token=" + Enc(LastToken("confirm")));
  ASSERT_EQ(dues.status, 200) << dues.body;
  EXPECT_NE(dues.body.find("href=\"/donate?frequency=monthly&amp;amount_minor=1500\""),
            std::string::npos)
      << dues.body;

  ASSERT_EQ(Post("/join", JoinBody("reg@example.org")).status, 200);
  http::Response plain = Post("/join/confirm", "token=" + Enc(LastToken("confirm")));
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body.find("amount_minor="), std::string::npos);
  EXPECT_NE(plain.body.find("href=\"/donate\""), std::string::npos);
}

TEST_F(JoinPagesTest, PortalSignInSeeDownloadAndDelete) {
  // Without a session the portal sends people to sign in.
  EXPECT_EQ(Get("/members").status, 303);
  EXPECT_EQ(Get("/members/data.json").status, 303);
  // Asking for a link says the same for a stranger's address, and sends nothing.
  const size_t before = notifier_.sent.size();
  http::Response unknown = Post("/members/sign-in", "email=" + Enc("nobody@example.org"));
  ASSERT_EQ(unknown.status, 200);
  EXPECT_EQ(notifier_.sent.size(), before);
  EXPECT_EQ(Post("/members/sign-in", "email=garbage").status, 422);

  const std::string cookie = SignedIn("ana@example.org");
  ASSERT_EQ(cookie.rfind("bs_member=", 0), 0u) << cookie;
  http::Response home = Get("/members", cookie);
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_EQ(home.cache_control, "no-store");
  EXPECT_NE(home.body.find("ana@example.org"), std::string::npos);
  EXPECT_NE(home.body.find("28001"), std::string::npos);

  http::Response data = Get("/members/data.json", cookie);
  ASSERT_EQ(data.status, 200);
  EXPECT_NE(test_support::HeaderOf(data, "Content-Disposition").find("attachment"),
            std::string::npos);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(data.body, ec);
  ASSERT_FALSE(ec) << data.body;
  EXPECT_EQ(v.at("profile").at("email").as_string(), "ana@example.org");

  // Deleting needs the CSRF token and the tick.
  const std::string csrf = CsrfOn(home);
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(Post("/members/delete", "confirm=1", cookie).status, 403);
  EXPECT_EQ(Post("/members/delete", "confirm=1&csrf=" + Enc(csrf + "x"), cookie).status, 403);
  EXPECT_EQ(Post("/members/delete", "csrf=" + Enc(csrf), cookie).status, 422);
  http::Response gone = Post("/members/delete", "confirm=1&csrf=" + Enc(csrf), cookie);
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_NE(test_support::HeaderOf(gone, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get("/members", cookie).status, 303);  // signed out everywhere
  auto m = members_->Search({}).value().items[0].member;
  EXPECT_TRUE(m.erase_after.has_value());
}

TEST_F(JoinPagesTest, SignInLinksNeedTheButtonAndExpire) {
  ASSERT_EQ(Post("/join", JoinBody("ana@example.org")).status, 200);
  ASSERT_EQ(Post("/join/confirm", "token=" + Enc(LastToken("confirm"))).status, 200);
  ASSERT_EQ(Post("/members/sign-in", "email=" + Enc("ana@example.org")).status, 200);
  const std::string link = LastToken("sign_in");
  http::Response page = Get("/members/sign-in?token=" + Enc(link));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("value=\"" + link + "\""), std::string::npos);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Post("/members/sign-in", "token=" + Enc(link)).status, 410);
}

TEST_F(JoinPagesTest, SignInRequestsAreRateLimited) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Post("/members/sign-in", "email=x" + std::to_string(i) + "%40example.org").status, 200);
  }
  http::Response r = Post("/members/sign-in", "email=y%40example.org");
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("y@example.org"), std::string::npos);  // kept
  EXPECT_EQ(Post("/members/sign-in", "email=y%40example.org", "", "198.51.100.9").status, 200);
}

TEST_F(JoinPagesTest, SignOutEndsTheSession) {
  const std::string cookie = SignedIn("ana@example.org");
  http::Response home = Get("/members", cookie);
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(Post("/members/sign-out", "", cookie).status, 403);  // no CSRF token
  http::Response out = Post("/members/sign-out", "csrf=" + Enc(CsrfOn(home)), cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(Get("/members", cookie).status, 303);
}

}  // namespace
}  // namespace web
