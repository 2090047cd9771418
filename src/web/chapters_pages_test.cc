// The public chapter pages in-process over a real SQLite store, the default
// theme, the real staff accounts and the real outbox (through
// app/chapter_relay.h); messages are delivered to a recording transport so
// the test reads exactly what would go out: recipient, Reply-To and body.

#include "web/chapters_pages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts_service.h"
#include "accounts/roles.h"
#include "app/chapter_relay.h"
#include "mail/mail_templates.h"
#include "mail/mime_reader_for_test.h"
#include "mail/outbox.h"
#include "web/members_pages_fixture.h"

namespace web {
namespace {

struct Delivered {
  std::string from, to, rfc5322;
};

class RecordingTransport final : public mail::Transport {
 public:
  std::vector<Delivered> sent;
  base::Status Send(std::string_view from, std::string_view to,
                    std::string_view rfc5322) override {
    sent.push_back({std::string(from), std::string(to), std::string(rfc5322)});
    return base::Status::Ok();
  }
};

class ChaptersPagesTest : public testing::MembersPagesFixture {
 protected:
  void SetUp() override {
    MembersPagesFixture::SetUp();
    accounts_ = std::make_unique<accounts::AccountsService>(store_->accounts(), clock_,
                                                            accounts::AccountsOptions{});
    outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                             mail::Sender{"news@example.org", "News", ""});
    templates_ = std::make_unique<mail::MailTemplates>(*theme_);
    directory_ = std::make_unique<app::AccountsLeaderDirectory>(*accounts_);
    relay_ = std::make_unique<app::OutboxChapterRelay>(*outbox_, *templates_,
                                                       [] { return std::string("Test Org"); });
    contact_ = std::make_unique<members::ChapterContact>(*members_, *directory_, *relay_);
    chapter_limiter_ =
        std::make_unique<SlidingWindowLimiter>(clock_, 5, std::chrono::hours(1), 100);
    chapters_.site = &deps_;
    chapters_.contact = contact_.get();
    chapters_.timer = timer_.get();
    chapters_.limiter = chapter_limiter_.get();
    deps_.chapters = &chapters_;
    handler_ = MakePublicHandler(deps_);

    store::Chapter c;
    c.name = "Madrid Centro";
    c.region = "Comunidad de Madrid";
    c.postal_prefixes = {"280"};
    madrid_ = members_->SaveChapter(c).value();
    c = {};
    c.name = "Sevilla";
    c.region = "Andalucía";
    sevilla_ = members_->SaveChapter(c).value();

    Staff("lead1@example.org", accounts::Role::kChapterLeader, madrid_);
    Staff("lead2@example.org", accounts::Role::kChapterLeader, madrid_);
    // A named leader whose invitation waits still hears from their chapter.
    Staff("invited-lead@example.org", accounts::Role::kChapterLeader, madrid_, false,
          /*password=*/false);
    // A disabled one never does.
    Staff("disabled-lead@example.org", accounts::Role::kChapterLeader, madrid_, /*disabled=*/true);
    Staff("sevilla-lead-elsewhere@example.org", accounts::Role::kChapterLeader, std::nullopt);
    Staff("secretary@example.org", accounts::Role::kMembershipSecretary, std::nullopt);
    Staff("editor@example.org", accounts::Role::kEditor, std::nullopt);
  }

  void Staff(const std::string& email, accounts::Role role, std::optional<int64_t> chapter,
             bool disabled = false, bool password = true) {
    store::User u;
    u.email = email;
    u.display_name = "Staff " + email.substr(0, email.find('@'));
    u.password_hash = password ? "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA" : "";
    u.roles = accounts::Bit(role);
    u.chapter_id = chapter;
    u.disabled = disabled;
    u.created_at = clock_.Now();
    ASSERT_TRUE(store_->accounts().CreateUser(u).ok()) << email;
  }

  std::string MessageBody(const std::string& name, const std::string& email,
                          const std::string& message, const std::string& extra = "") {
    return "name=" + Enc(name) + "&email=" + Enc(email) + "&message=" + Enc(message) +
           "&form_token=" + Enc(Token()) + extra;
  }
  std::string GoodBody() {
    return MessageBody("Luisa <Pérez>", "luisa@example.net",
                       "Hello! I live near Sol & would like to help.\nThanks.");
  }
  int64_t Queued() { return outbox_->Count(std::nullopt).value(); }
  // Delivers everything queued to the recording transport.
  std::vector<Delivered> Deliver() {
    RecordingTransport t;
    EXPECT_TRUE(outbox_->DeliverDue(t).ok());
    return t.sent;
  }
  // The page must never show a staff user's address.
  void ExpectNoStaffAddress(const http::Response& r) {
    for (const char* a : {"lead1@", "lead2@", "disabled-lead@", "invited-lead@", "secretary@",
                          "editor@", "sevilla-lead-elsewhere@", "news@example.org",
                          "cadiz-invited@"}) {
      EXPECT_EQ(r.body.find(a), std::string::npos) << a;
    }
  }

  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> templates_;
  std::unique_ptr<app::AccountsLeaderDirectory> directory_;
  std::unique_ptr<app::OutboxChapterRelay> relay_;
  std::unique_ptr<members::ChapterContact> contact_;
  std::unique_ptr<SlidingWindowLimiter> chapter_limiter_;
  ChaptersDeps chapters_;
  int64_t madrid_ = 0, sevilla_ = 0;
};

TEST_F(ChaptersPagesTest, TheListShowsNamesRegionsAndContactLinksButNoAddress) {
  // A member of Madrid exists too: their address must not show either.
  ASSERT_EQ(Post("/join", JoinBody("member@example.com")).status, 200);
  http::Response r = Get("/chapters");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Madrid Centro"), std::string::npos);
  EXPECT_NE(r.body.find("Comunidad de Madrid"), std::string::npos);
  EXPECT_NE(r.body.find("Sevilla"), std::string::npos);
  EXPECT_NE(r.body.find("Andalucía"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/chapters/madrid-centro\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/chapters/sevilla\""), std::string::npos);
  EXPECT_EQ(r.body.find("280"), std::string::npos);  // the assignment rules stay private
  EXPECT_EQ(r.body.find("member@example.com"), std::string::npos);
  EXPECT_EQ(r.body.find("mailto:"), std::string::npos);
  ExpectNoStaffAddress(r);
}

TEST_F(ChaptersPagesTest, TheFormPageHasLabelledFieldsAndAFreshToken) {
  http::Response r = Get("/chapters/madrid-centro");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_NE(r.body.find("action=\"/chapters/madrid-centro\""), std::string::npos);
  for (const char* id : {"contact-name", "contact-email", "contact-message"}) {
    EXPECT_NE(r.body.find("<label for=\"" + std::string(id) + "\""), std::string::npos) << id;
    EXPECT_NE(r.body.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(r.body.find("name=\"form_token\" value=\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"website\""), std::string::npos);  // honeypot
  ExpectNoStaffAddress(r);
}

TEST_F(ChaptersPagesTest, UnknownChapterIs404) {
  EXPECT_EQ(Get("/chapters/atlantis").status, 404);
  EXPECT_EQ(Post("/chapters/atlantis", GoodBody()).status, 404);
  EXPECT_EQ(Queued(), 0);
}

TEST_F(ChaptersPagesTest, AGoodMessageGoesToEachLeaderOnlyWithReplyToTheSender) {
  http::Response r = Post("/chapters/madrid-centro", GoodBody());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_NE(r.body.find("Madrid Centro"), std::string::npos);
  ExpectNoStaffAddress(r);

  // Madrid has active leaders: the secretary is not needed.
  ASSERT_EQ(Queued(), 3);
  std::vector<Delivered> sent = Deliver();
  ASSERT_EQ(sent.size(), 3u);
  std::vector<std::string> to;
  for (const Delivered& d : sent) {
    to.push_back(d.to);
    const mail::testing::Entity e = mail::testing::ParseEntity(d.rfc5322);
    EXPECT_EQ(e.header("reply-to"), "luisa@example.net");
    EXPECT_NE(e.header("to").find(d.to), std::string::npos);
    EXPECT_EQ(e.header("cc"), "");
    EXPECT_EQ(e.header("bcc"), "");
    ASSERT_EQ(e.parts.size(), 2u);
    const std::string& text = e.parts[0].decoded;
    const std::string& html = e.parts[1].decoded;
    EXPECT_NE(text.find("Madrid Centro"), std::string::npos);
    EXPECT_NE(text.find("Luisa <Pérez>"), std::string::npos);  // plain text as typed
    EXPECT_NE(text.find("near Sol & would like"), std::string::npos);
    EXPECT_NE(html.find("Luisa &lt;Pérez&gt;"), std::string::npos);  // HTML escaped
    EXPECT_EQ(html.find("<Pérez>"), std::string::npos);
    EXPECT_NE(html.find("Sol &amp; would"), std::string::npos);
    // No other leader's address is in this message.
    for (const char* other : {"lead1@", "lead2@", "invited-lead@"}) {
      if (d.to.rfind(other, 0) == 0) continue;
      EXPECT_EQ(d.rfc5322.find(other), std::string::npos) << other;
    }
    EXPECT_EQ(text.find("membership secretary"), std::string::npos);
  }
  std::sort(to.begin(), to.end());
  EXPECT_EQ(to, (std::vector<std::string>{"invited-lead@example.org", "lead1@example.org",
                                          "lead2@example.org"}));
}

// A chapter whose only leader has not accepted the invitation: the leader
// is written to (they were named), and so is the secretary, who certainly
// reads the mail and is told why it came to them.
TEST_F(ChaptersPagesTest, AnInvitedOnlyLeaderAndTheSecretariesBothHear) {
  store::Chapter c;
  c.name = "Cádiz";
  c.slug = "cadiz";
  c.region = "Andalucía";
  auto cadiz = members_->SaveChapter(c);
  ASSERT_TRUE(cadiz.ok());
  Staff("cadiz-invited@example.org", accounts::Role::kChapterLeader, *cadiz, false,
        /*password=*/false);
  http::Response r = Post("/chapters/cadiz", GoodBody());
  ASSERT_EQ(r.status, 200) << r.body;
  ExpectNoStaffAddress(r);
  EXPECT_EQ(r.body.find("cadiz-invited@"), std::string::npos);
  std::vector<Delivered> sent = Deliver();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].to, "secretary@example.org");  // the certain reader first
  EXPECT_EQ(sent[1].to, "cadiz-invited@example.org");
  const mail::testing::Entity to_secretary = mail::testing::ParseEntity(sent[0].rfc5322);
  ASSERT_EQ(to_secretary.parts.size(), 2u);
  EXPECT_NE(to_secretary.parts[0].decoded.find("have not yet accepted their invitation"),
            std::string::npos)
      << to_secretary.parts[0].decoded;
  const mail::testing::Entity to_leader = mail::testing::ParseEntity(sent[1].rfc5322);
  ASSERT_EQ(to_leader.parts.size(), 2u);
  EXPECT_EQ(to_leader.parts[0].decoded.find("membership secretary"), std::string::npos);
  for (const Delivered& d : sent) {
    EXPECT_EQ(mail::testing::ParseEntity(d.rfc5322).header("reply-to"), "luisa@example.net");
  }
}

TEST_F(ChaptersPagesTest, AChapterWithoutLeadersWritesToTheSecretaries) {
  ASSERT_EQ(Post("/chapters/sevilla", GoodBody()).status, 200);
  std::vector<Delivered> sent = Deliver();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "secretary@example.org");
  const mail::testing::Entity e = mail::testing::ParseEntity(sent[0].rfc5322);
  EXPECT_EQ(e.header("reply-to"), "luisa@example.net");
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_NE(e.parts[0].decoded.find("Sevilla"), std::string::npos);
  EXPECT_NE(e.parts[0].decoded.find("has no leader on the website"), std::string::npos);
}

TEST_F(ChaptersPagesTest, NobodyToReceiveKeepsTheTextAndSendsNothing) {
  // Disable the secretary: Sevilla has nobody left.
  std::vector<store::User> users = store_->accounts().ListUsers().value();
  for (store::User& u : users) {
    if (u.email == "secretary@example.org") {
      u.disabled = true;
      ASSERT_TRUE(store_->accounts().UpdateUser(u).ok());
    }
  }
  http::Response r = Post("/chapters/sevilla", GoodBody());
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("luisa@example.net"), std::string::npos);
  EXPECT_EQ(Queued(), 0);
}

TEST_F(ChaptersPagesTest, BotsAreRefusedWithTheTextKept) {
  // A filled honeypot.
  http::Response r = Post("/chapters/madrid-centro", GoodBody() + "&website=x");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("luisa@example.net"), std::string::npos);
  EXPECT_NE(r.body.find("Luisa &lt;Pérez&gt;"), std::string::npos);
  // A form sent back at once.
  std::string quick = timer_->Issue().value();
  r = Post("/chapters/madrid-centro",
           "name=Ana&email=ana%40example.org&message=" + Enc("A long enough message") +
               "&form_token=" + Enc(quick));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("A long enough message"), std::string::npos);
  // No token at all.
  EXPECT_EQ(Post("/chapters/madrid-centro",
                 "name=Ana&email=ana%40example.org&message=" + Enc("A long enough message"))
                .status,
            422);
  EXPECT_EQ(Queued(), 0);
}

TEST_F(ChaptersPagesTest, BadInputIsRefusedPerFieldWithTheTextKept) {
  struct Case {
    std::string name, email, message, field, kept;
  };
  const std::vector<Case> cases = {
      {std::string(101, 'n'), "ana@example.org", "A message long enough.", "name",
       std::string(101, 'n')},
      {"Ana", "ana@@example", "A message long enough.", "email", "ana@@example"},
      {"Ana", "", "A message long enough.", "email", "A message long enough."},
      {"Ana", "ana@example.org", "too short", "message", "too short"},
      {"Ana", "ana@example.org", std::string(5001, 'm'), "message", std::string(5001, 'm')},
      {"Ana\x01", "ana@example.org", "A message long enough.", "name", "A message long enough."},
      {"Ana", "ana@example.org", "A bell \x07 in the message", "message", "ana@example.org"},
      {"Ana", "ana@example.org", "http://a www.b http://c http://d", "message",
       "http://a www.b http://c http://d"},
  };
  for (const Case& c : cases) {
    http::Response r = Post("/chapters/madrid-centro", MessageBody(c.name, c.email, c.message));
    EXPECT_EQ(r.status, 422) << c.field << " " << c.message.substr(0, 20);
    EXPECT_NE(r.body.find("href=\"#contact-" + c.field + "\""), std::string::npos) << c.field;
    EXPECT_NE(r.body.find("aria-invalid"), std::string::npos);
    EXPECT_NE(r.body.find(c.kept), std::string::npos) << c.field;
    ExpectNoStaffAddress(r);
  }
  // Not UTF-8 at all: refused before anything else, as on the Join form.
  EXPECT_EQ(Post("/chapters/madrid-centro", "name=%C3&email=a%40b.org&message=x").status, 400);
  EXPECT_EQ(Queued(), 0);
}

TEST_F(ChaptersPagesTest, RateLimitedPerAddressWithTheTextKept) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(Post("/chapters/madrid-centro", GoodBody()).status, 200) << i;
  }
  EXPECT_EQ(Queued(), 15);  // three leaders each time
  http::Response r = Post("/chapters/madrid-centro",
                          MessageBody("Ana", "ana.six@example.org", "The sixth message."));
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(test_support::HeaderOf(r, "Retry-After").empty());
  EXPECT_NE(r.body.find("ana.six@example.org"), std::string::npos);
  EXPECT_NE(r.body.find("The sixth message."), std::string::npos);
  EXPECT_EQ(Queued(), 15);
  // Another address is not affected.
  EXPECT_EQ(Post("/chapters/madrid-centro", GoodBody(), "", "198.51.100.7").status, 200);
}

TEST_F(ChaptersPagesTest, TheWelcomePageLinksToTheChapters) {
  ASSERT_EQ(Post("/join", JoinBody("ana@example.org")).status, 200);
  http::Response welcome = Post("/join/confirm", "token=" + Enc(LastToken("confirm")));
  ASSERT_EQ(welcome.status, 200);
  EXPECT_NE(welcome.body.find("href=\"/chapters\""), std::string::npos);
}

}  // namespace
}  // namespace web
