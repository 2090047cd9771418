// MailbagNotifier with the real outbox, the default theme's email templates
// and a real SQLite store: both notices render and are queued, sealed.

#include "app/mailbag_notifier.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "base/time_format.h"
#include "mailbag/mailbag_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace app {
namespace {

class MailbagNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("n.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    ring_ = crypto::Keyring::Of(std::move(key).value());
    outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                             mail::Sender{"news@example.org", "News", ""});
    templates_ = std::make_unique<mail::MailTemplates>(*theme_);
    notifier_ = std::make_unique<MailbagNotifier>(
        *outbox_, *templates_, [] { return std::string("Test & Org"); },
        [](const std::string& path) { return "https://example.org" + path; });
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  test_support::TempDir dir_{"bs-mbnotify"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> templates_;
  std::unique_ptr<MailbagNotifier> notifier_;
};

TEST_F(MailbagNotifierTest, TemplatesRenderPlainTextUnescaped) {
  render::Value data = render::Value::MakeObject();
  data.Set("site_name", "Test & Org")
      .Set("question", "Is 1 < 2?")
      .Set("link", "https://x/y")
      .Set("archive_link", "https://x/mailbag")
      .Set("name", "");
  for (const char* name : {"mailbag_received", "mailbag_answered"}) {
    auto m = templates_->Render(name, "en", data);
    ASSERT_TRUE(m.ok()) << name << ": " << m.status().ToString();
    EXPECT_NE(m->subject.find("Test & Org"), std::string::npos) << name;
    EXPECT_NE(m->text.find("Is 1 < 2?"), std::string::npos) << name;
    EXPECT_NE(m->html.find("Is 1 &lt; 2?"), std::string::npos) << name;
  }
}

TEST_F(MailbagNotifierTest, BothNoticesAreQueued) {
  mailbag::AskerNotice n;
  n.question_id = 1;
  n.email = "asker@example.org";
  n.lang = "en";
  n.question = "Why Tuesdays?";
  ASSERT_TRUE(notifier_->QuestionReceived(n).ok());
  n.slug = "why-tuesdays";
  ASSERT_TRUE(notifier_->AnswerPublished(n).ok());
  auto count = outbox_->Count(std::nullopt);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
}

TEST_F(MailbagNotifierTest, BadAddressIsAnErrorNotACrash) {
  mailbag::AskerNotice n;
  n.email = "not an address\r\nBcc: x@y";
  n.question = "Why Tuesdays?";
  EXPECT_FALSE(notifier_->QuestionReceived(n).ok());
  auto count = outbox_->Count(std::nullopt);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
}

TEST_F(MailbagNotifierTest, ServiceReportsConfirmationSent) {
  mailbag::MailbagService svc(store_->mailbag(), *ring_, clock_, notifier_.get());
  mailbag::AskInput in;
  in.question = "Why does the council meet on Tuesdays?";
  in.email = "asker@example.org";
  in.consent = true;
  auto r = svc.Ask(in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->confirmation_sent);
}

}  // namespace
}  // namespace app
