// The member portal's editing pages through the public router, in-process:
// real SQLite store, the default theme, real keys, a fake clock, and a
// notifier that records the links it was asked to send. (The fixture is
// join_pages_test.cc's.)

#include "web/portal_pages.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "base/time_zone.h"
#include "donations/donations_service.h"
#include "members/members_test_support.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/join_pages.h"
#include "web/members_pages_fixture.h"

namespace web {
namespace {

using std::chrono::seconds;

class PortalPagesTest : public testing::MembersPagesFixture {};

// The portal and its forms, with the CSRF token read off the portal page.
struct Portal {
  std::string cookie, csrf;
};

class PortalEditTest : public PortalPagesTest {
 protected:
  Portal Open(const std::string& email) {
    Portal p;
    p.cookie = SignedIn(email);
    p.csrf = CsrfOn(Get("/members", p.cookie));
    EXPECT_FALSE(p.csrf.empty());
    return p;
  }
  std::string VersionOn(const http::Response& page) {
    const std::string marker = "name=\"version\" value=\"";
    const size_t at = page.body.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
  }
  std::string EditBody(const Portal& p, const std::string& version, const std::string& first,
                       const std::string& last = "Ruiz") {
    return "csrf=" + Enc(p.csrf) + "&version=" + Enc(version) + "&first_name=" + Enc(first) +
           "&last_name=" + Enc(last) + "&postal_code=28001&region=Madrid&country=Spain";
  }
  members::MemberView Only() { return members_->Search({}).value().items.at(0); }
  size_t SentOf(const std::string& kind) const {
    size_t n = 0;
    for (const auto& s : notifier_.sent) n += s.kind == kind;
    return n;
  }
};

TEST_F(PortalEditTest, ThePortalLinksToEveryForm) {
  Portal p = Open("ana@example.org");
  http::Response home = Get("/members", p.cookie);
  EXPECT_NE(home.body.find("href=\"/members/edit\""), std::string::npos);
  EXPECT_NE(home.body.find("href=\"/members/email\""), std::string::npos);
  EXPECT_NE(home.body.find("action=\"/members/preferences\""), std::string::npos);
  // Without a session every page sends people to sign in.
  for (const char* path : {"/members/edit", "/members/email"}) {
    EXPECT_EQ(Get(path).status, 303) << path;
  }
}

TEST_F(PortalEditTest, EditingSavesAndTheFormIsFilledFromTheProfile) {
  Portal p = Open("ana@example.org");
  http::Response form = Get("/members/edit", p.cookie);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.cache_control, "no-store");
  EXPECT_NE(form.body.find("value=\"28001\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"answer_union\""), std::string::npos);
  EXPECT_EQ(form.body.find("name=\"email\""), std::string::npos);  // not changed here
  const std::string version = VersionOn(form);
  ASSERT_FALSE(version.empty());
  http::Response saved =
      Post("/members/edit", EditBody(p, version, "Anabel", "Quiroga") + "&answer_union=CCOO",
           p.cookie);
  ASSERT_EQ(saved.status, 303) << saved.body;
  members::MemberView v = Only();
  EXPECT_EQ(v.profile.first_name, "Anabel");
  EXPECT_EQ(v.profile.country, "Spain");
  ASSERT_EQ(v.profile.answers.size(), 1u);
  EXPECT_EQ(members_->Search({{}, "quiroga"}).value().total, 1);
  EXPECT_NE(Get("/members", p.cookie).body.find("Quiroga"), std::string::npos);
}

TEST_F(PortalEditTest, ProblemsKeepWhatWasTypedEscaped) {
  Portal p = Open("ana@example.org");
  const std::string version = VersionOn(Get("/members/edit", p.cookie));
  http::Response r = Post(
      "/members/edit", EditBody(p, version, "<script>alert(1)</script>", "") +
                           "&answer_union=" + Enc("CCOO & UGT"),
      p.cookie);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("CCOO &amp; UGT"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"edit-last_name-error\""), std::string::npos);
  EXPECT_EQ(Only().profile.first_name, "Ana");  // nothing stored
  // Invalid UTF-8 is refused before anything else.
  EXPECT_EQ(Post("/members/edit", "csrf=" + Enc(p.csrf) + "&first_name=%C3", p.cookie).status,
            400);
}

TEST_F(PortalEditTest, AStaleFormShowsTheLatestAndKeepsWhatWasTyped) {
  Portal p = Open("ana@example.org");
  const std::string version = VersionOn(Get("/members/edit", p.cookie));
  // Another tab saves first.
  ASSERT_EQ(Post("/members/edit", EditBody(p, version, "Anabel"), p.cookie).status, 303);
  http::Response stale = Post("/members/edit", EditBody(p, version, "Anita"), p.cookie);
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("value=\"Anita\""), std::string::npos);  // typed, kept
  EXPECT_NE(stale.body.find("<dd>Anabel</dd>"), std::string::npos);  // the latest, shown
  EXPECT_EQ(Only().profile.first_name, "Anabel");
  // Saving again from that page writes over the version it showed.
  const std::string latest = VersionOn(stale);
  ASSERT_NE(latest, version);
  EXPECT_EQ(Post("/members/edit", EditBody(p, latest, "Anita"), p.cookie).status, 303);
  EXPECT_EQ(Only().profile.first_name, "Anita");
  // A garbled version is stale too.
  EXPECT_EQ(Post("/members/edit", EditBody(p, "x1", "Ana"), p.cookie).status, 409);
}

TEST_F(PortalEditTest, EveryPostNeedsTheCsrfToken) {
  Portal p = Open("ana@example.org");
  const std::string version = VersionOn(Get("/members/edit", p.cookie));
  const std::string bad = "csrf=" + Enc(p.csrf + "x");
  std::string edit = EditBody(p, version, "Mallory");
  edit.replace(0, edit.find('&'), bad);
  EXPECT_EQ(Post("/members/edit", edit, p.cookie).status, 403);
  EXPECT_EQ(Post("/members/edit", edit.substr(edit.find('&') + 1), p.cookie).status, 403);
  EXPECT_EQ(Post("/members/preferences", "email_consent=1", p.cookie).status, 403);
  EXPECT_EQ(Post("/members/preferences", bad + "&email_consent=1", p.cookie).status, 403);
  EXPECT_EQ(Post("/members/email", "email=m%40example.org", p.cookie).status, 403);
  EXPECT_EQ(Post("/members/email", bad + "&email=m%40example.org", p.cookie).status, 403);
  members::MemberView v = Only();
  EXPECT_EQ(v.profile.first_name, "Ana");
  EXPECT_FALSE(v.member.email_consent);
  EXPECT_EQ(SentOf("new_email"), 0u);
  // Without a session: to sign in, nothing done.
  EXPECT_EQ(Post("/members/preferences", "csrf=" + Enc(p.csrf) + "&email_consent=1").status, 303);
  EXPECT_FALSE(Only().member.email_consent);
}

TEST_F(PortalEditTest, PreferencesToggle) {
  Portal p = Open("ana@example.org");
  ASSERT_EQ(Post("/members/preferences", "csrf=" + Enc(p.csrf) + "&email_consent=1", p.cookie)
                .status,
            303);
  EXPECT_TRUE(Only().member.email_consent);
  EXPECT_NE(Get("/members", p.cookie).body.find("name=\"email_consent\" value=\"1\" checked"),
            std::string::npos);
  ASSERT_EQ(Post("/members/preferences", "csrf=" + Enc(p.csrf), p.cookie).status, 303);
  EXPECT_FALSE(Only().member.email_consent);
}

TEST_F(PortalEditTest, EmailChangeRoundTrip) {
  Portal p = Open("ana@example.org");
  ASSERT_EQ(Get("/members/email", p.cookie).status, 200);
  EXPECT_EQ(Post("/members/email", "csrf=" + Enc(p.csrf) + "&email=" + Enc("<nope>"), p.cookie)
                .status,
            422);
  http::Response sent = Post(
      "/members/email", "csrf=" + Enc(p.csrf) + "&email=" + Enc("ana.new@example.org"), p.cookie);
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_EQ(SentOf("new_email"), 1u);
  EXPECT_EQ(notifier_.sent[notifier_.sent.size() - 2].notice.email, "ana.new@example.org");
  EXPECT_EQ(notifier_.sent.back().kind, "email_notice");
  EXPECT_EQ(notifier_.sent.back().notice.email, "ana@example.org");  // the old address told
  const std::string link = LastToken("new_email");

  // Opening the link changes nothing; the button does.
  http::Response button = Get("/members/email/confirm?token=" + Enc(link));
  ASSERT_EQ(button.status, 200);
  EXPECT_NE(button.body.find("value=\"" + link + "\""), std::string::npos);
  EXPECT_EQ(Only().profile.email, "ana@example.org");
  http::Response done = Post("/members/email/confirm", "token=" + Enc(link));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(test_support::HeaderOf(done, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get("/members", p.cookie).status, 303);  // signed out everywhere
  EXPECT_EQ(Post("/members/email/confirm", "token=" + Enc(link)).status, 410);  // once
  EXPECT_EQ(Post("/members/email/confirm", "token=made-up").status, 410);

  // The index moved: the new address finds her, the old one is free.
  auto found = members_->Search({{}, "ana.new@example.org"}).value();
  ASSERT_EQ(found.total, 1);
  EXPECT_EQ(found.items[0].profile.email, "ana.new@example.org");
  ASSERT_EQ(Post("/join", JoinBody("ana@example.org", "Otra")).status, 200);
  EXPECT_EQ(notifier_.sent.back().kind, "confirm");  // a new member, not "already"
  EXPECT_EQ(Members(), 2);
  // And she signs in with the new one.
  ASSERT_EQ(Post("/members/sign-in", "email=" + Enc("ana.new@example.org")).status, 200);
  EXPECT_EQ(notifier_.sent.back().kind, "sign_in");
  EXPECT_EQ(notifier_.sent.back().notice.email, "ana.new@example.org");
}

TEST_F(PortalEditTest, AnotherMembersAddressGetsNothingAndTheSamePage) {
  SignedIn("ben@example.org");
  Portal p = Open("ana@example.org");
  const size_t before = notifier_.sent.size();
  http::Response taken = Post(
      "/members/email", "csrf=" + Enc(p.csrf) + "&email=" + Enc("ben@example.org"), p.cookie);
  http::Response fresh = Post(
      "/members/email", "csrf=" + Enc(p.csrf) + "&email=" + Enc("new@example.org"), p.cookie);
  ASSERT_EQ(taken.status, 200);
  ASSERT_EQ(fresh.status, 200);
  std::string a = taken.body, b = fresh.body;
  a.replace(a.find("ben@example.org"), 15, "X");
  b.replace(b.find("new@example.org"), 15, "X");
  EXPECT_EQ(a, b);
  for (size_t i = before; i < notifier_.sent.size(); ++i) {
    EXPECT_NE(notifier_.sent[i].notice.email, "ben@example.org") << notifier_.sent[i].kind;
  }
  EXPECT_EQ(SentOf("new_email"), 1u);  // only for the free address
}

TEST_F(PortalEditTest, LinksExpireAfter48HoursAndATakenAddressIsAClearPage) {
  Portal p = Open("ana@example.org");
  ASSERT_EQ(Post("/members/email", "csrf=" + Enc(p.csrf) + "&email=late%40example.org",
                 p.cookie).status,
            200);
  const std::string late = LastToken("new_email");
  clock_.Advance(std::chrono::hours(49));
  EXPECT_EQ(Post("/members/email/confirm", "token=" + Enc(late)).status, 410);

  // The session above expired too: sign in again.
  ASSERT_EQ(Post("/members/sign-in", "email=ana%40example.org").status, 200);
  Portal q;
  const std::string set = test_support::HeaderOf(
      Post("/members/sign-in", "token=" + Enc(LastToken("sign_in"))), "Set-Cookie");
  q.cookie = set.substr(0, set.find(';'));
  q.csrf = CsrfOn(Get("/members", q.cookie));
  ASSERT_FALSE(q.csrf.empty());
  ASSERT_EQ(Post("/members/email", "csrf=" + Enc(q.csrf) + "&email=carla%40example.org",
                 q.cookie).status,
            200);
  const std::string link = LastToken("new_email");
  SignedIn("carla@example.org");  // takes the address before Ana confirms
  EXPECT_EQ(Post("/members/email/confirm", "token=" + Enc(link)).status, 409);
  EXPECT_EQ(members_->Search({{}, "ana@example.org"}).value().total, 1);
}

TEST_F(PortalEditTest, NeitherAddressIsInTheDatabaseInClear) {
  Portal p = Open("ximena.old@example.org");
  ASSERT_EQ(Post("/members/email", "csrf=" + Enc(p.csrf) + "&email=" +
                                       Enc("ximena.nueva@correo.example"), p.cookie).status,
            200);
  ASSERT_EQ(Post("/members/email/confirm", "token=" + Enc(LastToken("new_email"))).status, 200);
  store_->Close();
  std::string bytes;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    if (e.path().filename().string().rfind("site.db", 0) != 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_GT(bytes.size(), 4096u);
  for (const char* secret : {"ximena", "correo.example", "example.org"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

// A Stripe client for a portal that never talks to Stripe: the gifts here
// are offline ones, recorded by the treasurer. (A fake, named as such.)
class UnusedFakeStripe final : public donations::StripeClient {
 public:
  base::Result<donations::CheckoutSession> CreateCheckoutSession(
      const donations::CheckoutRequest&, std::string_view) override {
    return base::Status::Unavailable("fake: not used");
  }
  base::Status CancelSubscription(std::string_view, std::string_view) override {
    return base::Status::Unavailable("fake: not used");
  }
  base::Result<std::string> CreatePortalSession(std::string_view, std::string_view) override {
    return base::Status::Unavailable("fake: not used");
  }
};

// When giving is on, the portal lists the member's received gifts, matched
// by the email blind index members and donors share; another donor's gifts
// never show, and without gifts there is no section.
TEST_F(PortalPagesTest, PortalListsTheMembersOwnGifts) {
  UnusedFakeStripe stripe;
  donations::DonationsService gifts(store_->donations(), stripe, *ring_, *index_key_, clock_,
                                    nullptr, donations::DonationsPolicy{});
  join_.donations = &gifts;
  const std::string cookie = SignedIn("ana@example.org");
  http::Response none = Get("/members", cookie);
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.body.find("portal-gifts"), std::string::npos);

  auto give = [&](const std::string& email, const std::string& amount) {
    donations::OfflineGift g;
    g.amount = amount;
    g.method = store::DonationMethod::kCheck;
    g.received_at = clock_.Now() - std::chrono::hours(24);
    g.reference = "check 1001";
    g.note = "mailed in";
    g.name = "Ana Ruiz";
    g.email = email;
    g.address_line1 = "Calle Mayor 1";
    g.city = "Madrid";
    g.postal_code = "28001";
    g.country = "ES";
    auto id = gifts.RecordOfflineGift(g);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  };
  give("ANA@example.org", "25.00");  // the same address, typed differently
  give("someone.else@example.org", "77.00");
  http::Response page = Get("/members", cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("portal-gifts"), std::string::npos);
  EXPECT_NE(page.body.find("$25.00"), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("$77.00"), std::string::npos);
}

}  // namespace
}  // namespace web
