// MembersNotifier with the real outbox, the default theme's email templates
// and a real SQLite store: every message renders, carries its link and is
// queued sealed (the outbox view opens it to check the recipient).

#include "app/members_notifier.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mail/mime_reader_for_test.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace app {
namespace {

class MembersNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("n.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    ring_ = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                             mail::Sender{"news@example.org", "News", ""});
    templates_ = std::make_unique<mail::MailTemplates>(*theme_);
    notifier_ = std::make_unique<MembersNotifier>(
        *outbox_, *templates_, [] { return std::string("Test & Org"); },
        [](const std::string& path) { return "https://example.org" + path; });
  }
  void TearDown() override { store_->Close(); }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  test_support::TempDir dir_{"bs-members-notify"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> templates_;
  std::unique_ptr<MembersNotifier> notifier_;
};

TEST_F(MembersNotifierTest, EveryMessageRendersWithItsLink) {
  render::Value data = render::Value::MakeObject();
  data.Set("site_name", "Test & Org")
      .Set("name", "Ana <Ruiz>")
      .Set("link", "https://example.org/join/confirm?token=abc")
      .Set("chapter", "Madrid")
      .Set("portal_link", "https://example.org/members");
  for (const char* name : {"member_confirm", "member_already", "member_approved",
                           "member_declined", "member_sign_in", "member_change_email",
                           "member_email_changed_notice"}) {
    auto m = templates_->Render(name, "en", data);
    ASSERT_TRUE(m.ok()) << name << ": " << m.status().ToString();
    EXPECT_NE(m->subject.find("Test & Org"), std::string::npos) << name;
    EXPECT_NE(m->text.find("Ana <Ruiz>"), std::string::npos) << name;      // plain text as is
    EXPECT_NE(m->html.find("Ana &lt;Ruiz&gt;"), std::string::npos) << name;  // HTML escaped
    EXPECT_EQ(m->html.find("<Ruiz>"), std::string::npos) << name;
  }
}

TEST_F(MembersNotifierTest, LinksCarryTheTokenAndGoToTheRightPages) {
  members::MemberNotice n{"ana@example.org", "Ana", "en", "tok+en/1", "Madrid"};
  ASSERT_TRUE(notifier_->ConfirmJoin(n).ok());
  ASSERT_TRUE(notifier_->AlreadyMember(n).ok());
  ASSERT_TRUE(notifier_->SignInLink(n).ok());
  ASSERT_TRUE(notifier_->Approved(n).ok());
  ASSERT_TRUE(notifier_->Declined(n).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 5u);
  for (const mail::OutboxView& v : *views) {
    EXPECT_EQ(v.to_address, "ana@example.org") << v.kind;
    EXPECT_EQ(v.kind.rfind("member_", 0), 0u) << v.kind;
  }
  // The sealed envelope is opened to read the bodies.
  auto item = store_->mail().GetOutboxItem((*views)[4].id);  // the first queued: confirm
  ASSERT_TRUE(item.ok());
  auto plain = ring_->Open(item->sealed_envelope, "outbox");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  const std::string decoded = mail::testing::DecodeQuotedPrintable(*plain);
  EXPECT_NE(decoded.find("https://example.org/join/confirm?token=tok%2Ben%2F1"),
            std::string::npos);
  // The confirmation page opens in the language they joined in.
  EXPECT_NE(decoded.find("tok%2Ben%2F1&lang=" + n.lang), std::string::npos) << decoded;
}

TEST_F(MembersNotifierTest, AnEmailChangeLinksToTheConfirmPageAndTheNoticeHasNoLink) {
  members::MemberNotice to_new{"new@example.org", "Ana", "en", "tok+1", ""};
  members::MemberNotice to_old{"old@example.org", "Ana", "en", "", ""};
  ASSERT_TRUE(notifier_->ConfirmNewEmail(to_new).ok());
  ASSERT_TRUE(notifier_->EmailChangeRequested(to_old).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 2u);
  auto body = [&](const mail::OutboxView& v) {
    auto item = store_->mail().GetOutboxItem(v.id);
    EXPECT_TRUE(item.ok());
    auto plain = ring_->Open(item->sealed_envelope, "outbox");
    EXPECT_TRUE(plain.ok());
    return plain.ok() ? mail::testing::DecodeQuotedPrintable(*plain) : std::string();
  };
  // Newest first: the notice, then the link.
  EXPECT_EQ((*views)[1].to_address, "new@example.org");
  EXPECT_NE(body((*views)[1]).find("https://example.org/members/email/confirm?token=tok%2B1"),
            std::string::npos);
  EXPECT_EQ((*views)[0].to_address, "old@example.org");
  EXPECT_EQ(body((*views)[0]).find("https://example.org/"), std::string::npos);
}

TEST_F(MembersNotifierTest, ABadAddressIsAnErrorAndQueuesNothing) {
  members::MemberNotice n{"not an address\r\nBcc: x@y", "Ana", "en", "t", ""};
  EXPECT_FALSE(notifier_->ConfirmJoin(n).ok());
  EXPECT_EQ(outbox_->Count(std::nullopt).value(), 0);
}

}  // namespace
}  // namespace app
