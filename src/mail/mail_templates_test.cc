#include "mail/mail_templates.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "mail/mime.h"
#include "mail/mime_reader_for_test.h"

namespace mail {
namespace {

std::string ThemeDir() {
  const char* src = std::getenv("BROADSIDE_SOURCE_DIR");
  return std::string(src != nullptr ? src : BROADSIDE_SOURCE_DIR_DEFAULT) + "/themes/default";
}

class MailTemplatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddForTest("es", "Hello", "Hola");
    catalog_.AddForTest("es", "Your invitation to join", "Su invitación para unirse a");
    auto theme = render::Theme::Load(ThemeDir(), catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    templates_ = std::make_unique<MailTemplates>(*theme_);
  }
  render::Value Invitation() {
    return render::Value::MakeObject()
        .Set("site_name", "Worker's <Paper> & Co")
        .Set("display_name", "Ana \"La Roja\" Pérez")
        .Set("link", "https://example.org/accept?token=abc&x=1")
        .Set("expires_hours", "48");
  }

  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<MailTemplates> templates_;
};

TEST_F(MailTemplatesTest, InvitationTextIsPlainAndHtmlIsEscaped) {
  auto m = templates_->Render("invitation", "en", Invitation());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->subject, "Your invitation to join Worker's <Paper> & Co");
  EXPECT_TRUE(m->text.starts_with("Hello Ana \"La Roja\" Pérez,\n")) << m->text;
  EXPECT_NE(m->text.find("\nhttps://example.org/accept?token=abc&x=1\n"), std::string::npos);
  EXPECT_NE(m->text.find("48"), std::string::npos);
  EXPECT_EQ(m->text.find("&amp;"), std::string::npos);
  EXPECT_EQ(m->text.find("{{"), std::string::npos);
  EXPECT_TRUE(m->text.ends_with("\n"));
  EXPECT_FALSE(m->text.ends_with("\n\n"));
  EXPECT_NE(m->html.find("href=\"https://example.org/accept?token=abc&amp;x=1\""),
            std::string::npos);
  EXPECT_NE(m->html.find("Worker&apos;s &lt;Paper&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(m->html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(m->html.find("<Paper>"), std::string::npos);
}

TEST_F(MailTemplatesTest, TranslatesIntoTheLanguage) {
  auto m = templates_->Render("invitation", "es", Invitation());
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->subject, "Su invitación para unirse a Worker's <Paper> & Co");
  EXPECT_TRUE(m->text.starts_with("Hola ")) << m->text;
  EXPECT_NE(m->html.find("<html lang=\"es\">"), std::string::npos);
}

TEST_F(MailTemplatesTest, PasswordResetBuildsIntoAValidMessage) {
  auto m = templates_->Render("password_reset", "en",
                              render::Value::MakeObject()
                                  .Set("site_name", "Broadside")
                                  .Set("link", "https://example.org/reset?t=1")
                                  .Set("expires_minutes", "30"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->subject, "Reset your password for Broadside");
  m->to_address = "ana@example.net";
  auto mime = BuildMime(*m, Sender{"news@example.org", "Broadside", ""},
                        base::Time(std::chrono::seconds(0)), "<x@example.org>");
  ASSERT_TRUE(mime.ok()) << mime.status().ToString();
  const testing::Entity e = testing::ParseEntity(*mime);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_NE(e.parts[0].decoded.find("https://example.org/reset?t=1"), std::string::npos);
}

TEST_F(MailTemplatesTest, UnknownOrBadNamesAndData) {
  EXPECT_TRUE(templates_->Render("nope", "en", Invitation()).status().IsNotFound());
  EXPECT_TRUE(templates_->Render("../home", "en", Invitation()).status().IsInvalidArgument());
  EXPECT_TRUE(templates_->Render("", "en", Invitation()).status().IsInvalidArgument());
  EXPECT_TRUE(
      templates_->Render("invitation", "en", render::Value("str")).status().IsInvalidArgument());
}

TEST(UnescapeThemeTextTest, UndoesExactlyTheThemesEscaping) {
  EXPECT_EQ(UnescapeThemeText("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"),
            "a & b <c> \"d\" 'e'");
  EXPECT_EQ(UnescapeThemeText("&amp;lt;"), "&lt;");  // one pass
  EXPECT_EQ(UnescapeThemeText("&nbsp; & &amp"), "&nbsp; & &amp");
}

}  // namespace
}  // namespace mail
