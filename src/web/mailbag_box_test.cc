// The "Mailbag" box on the home page and beside articles, and the Mailbag nav
// link: real SQLite store in a temp dir, the default theme, handlers called
// in-process.

#include "web/mailbag_box.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/time_format.h"
#include "base/time_zone.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/handlers.h"
#include "web/mailbag_pages.h"
#include "web/view_models.h"

namespace web {
namespace {

using std::chrono::seconds;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

class MailbagBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    catalog_.AddForTest("es", "Mailbag", "Buzón");
    catalog_.AddForTest("es", "See all answers", "Ver todas las respuestas");
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    email_key_ = crypto::Keyring::Of(std::move(key).value());
    publishing_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    mailbag_ =
        std::make_unique<mailbag::MailbagService>(store_->mailbag(), *email_key_, clock_, nullptr);
    site_.name = "Test Org";
    site_.base_url = "https://example.org";
    site_.languages = {"en", "es"};
    site_.default_language = "en";
    deps_.site = &site_;
    deps_.theme = theme_.get();
    deps_.catalog = &catalog_;
    deps_.time_zone = &tz_;
    deps_.publishing = publishing_.get();
    deps_.log_error = [this](const std::string& m) { errors_.push_back(m); };
    deps_.mailbag = &mailbag_deps_;
    mailbag_deps_.site = &deps_;
    mailbag_deps_.mailbag = mailbag_.get();

    publishing::BylineInput b;
    b.name = "Rosa Díaz";
    auto bid = publishing_->CreateByline(b);
    ASSERT_TRUE(bid.ok());
    rosa_ = *bid;
    b.name = "Ben <Ode>";
    bid = publishing_->CreateByline(b);
    ASSERT_TRUE(bid.ok());
    ben_ = *bid;
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  // Asks a question in `lang` and, unless `stop_at` says otherwise, answers,
  // signs and publishes it. Returns the question id.
  int64_t Ask(const std::string& question, const std::string& lang = "en",
              store::QuestionStatus stop_at = store::QuestionStatus::kPublished) {
    mailbag::AskInput in;
    in.question = question;
    in.name = "Asker";
    in.lang = lang;
    in.consent = true;
    auto asked = mailbag_->Ask(in);
    EXPECT_TRUE(asked.ok()) << asked.status().ToString();
    if (!asked.ok()) return 0;
    const int64_t id = asked->question_id;
    clock_.Advance(seconds(60));
    if (stop_at == store::QuestionStatus::kNew) return id;
    if (stop_at == store::QuestionStatus::kDeclined) {
      EXPECT_TRUE(mailbag_->Decline(id, store::DeclineReason::kSpam, 0).ok());
      return id;
    }
    EXPECT_TRUE(mailbag_->SaveAnswer(id, "The **answer** is yes.", "", 0).ok());
    EXPECT_TRUE(mailbag_->SetBylines(id, {rosa_, ben_}, 0).ok());
    if (stop_at == store::QuestionStatus::kAnswered) return id;
    auto pub = mailbag_->Publish(id, 0);
    EXPECT_TRUE(pub.ok()) << pub.status().ToString();
    clock_.Advance(seconds(60));
    return id;
  }

  std::string Slug(int64_t id) {
    auto detail = mailbag_->Get(id);
    EXPECT_TRUE(detail.ok());
    return detail.ok() ? detail->question.slug : "";
  }

  std::string Home(const std::string& target = "/") {
    auto res = HomePage(deps_, test_support::GetRequest(target), {});
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res->body : "";
  }

  std::string SpanishHome() {
    auto res = LanguageHome(deps_, test_support::GetRequest("/es"), "es");
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res->body : "";
  }

  // Publishes an article and returns its page.
  std::string Article(const std::string& lang = "en") {
    publishing::ArticleInput in;
    in.title = "An article in " + lang;
    in.body_markdown = "Body.";
    in.lang = lang;
    in.byline_slugs = {"rosa-diaz"};
    in.status = store::ArticleStatus::kPublished;
    in.published_at = clock_.Now() - std::chrono::hours(1);
    auto id = publishing_->CreateArticle(in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    auto a = store_->publishing().GetArticle(id.ok() ? *id : 0);
    EXPECT_TRUE(a.ok());
    if (!a.ok()) return "";
    auto res =
        ArticlePage(deps_, test_support::GetRequest("/articles/" + a->slug), {{"slug", a->slug}});
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? res->body : "";
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  base::TimeZone tz_ = base::TimeZone::Utc();
  test_support::TempDir dir_{"bs-mbbox"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> email_key_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  config::SiteConfig site_;
  SiteDeps deps_;
  MailbagDeps mailbag_deps_;
  std::vector<std::string> errors_;
  int64_t rosa_ = 0, ben_ = 0;
};

TEST_F(MailbagBoxTest, HomeShowsLatestAnswersEscapedWithLinks) {
  const int64_t id = Ask("Is <script>alert(1)</script> & co. allowed at meetings?");
  const std::string html = Home();
  EXPECT_NE(html.find("class=\"mailbag-box\""), std::string::npos);
  EXPECT_NE(html.find("aria-labelledby=\"mailbag-box-title\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/mailbag/" + Slug(id) + "\""), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co."), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("Rosa Díaz and Ben &lt;Ode&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"/mailbag\">See all answers"), std::string::npos);
  EXPECT_NE(html.find("href=\"/mailbag/ask\">Ask a question"), std::string::npos);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(MailbagBoxTest, ListsOnlyTheThreeNewest) {
  for (int i = 1; i <= 5; ++i) Ask("Question number " + std::to_string(i) + " about dues?");
  const std::string html = Home();
  for (int i = 3; i <= 5; ++i)
    EXPECT_NE(html.find("Question number " + std::to_string(i)), std::string::npos) << i;
  EXPECT_EQ(html.find("Question number 1 "), std::string::npos);
  EXPECT_EQ(html.find("Question number 2 "), std::string::npos);
}

TEST_F(MailbagBoxTest, AbsentWhenNothingIsPublished) {
  std::string html = Home();
  EXPECT_EQ(html.find("mailbag-box"), std::string::npos);
  EXPECT_EQ(html.find("See all answers"), std::string::npos);
  html = Article();
  EXPECT_EQ(html.find("mailbag-box"), std::string::npos);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(MailbagBoxTest, NeverShowsUnpublishedOrDeclinedQuestions) {
  Ask("A brand new question nobody answered?", "en", store::QuestionStatus::kNew);
  Ask("A spam question that was declined?", "en", store::QuestionStatus::kDeclined);
  Ask("An answered question not yet published?", "en", store::QuestionStatus::kAnswered);
  const int64_t pulled = Ask("A question published then pulled back?");
  ASSERT_TRUE(mailbag_->Unpublish(pulled, 0).ok());
  EXPECT_EQ(Home().find("mailbag-box"), std::string::npos);

  Ask("The one published question here?");
  const std::string html = Home();
  EXPECT_NE(html.find("The one published question here?"), std::string::npos);
  EXPECT_EQ(html.find("brand new question"), std::string::npos);
  EXPECT_EQ(html.find("spam question"), std::string::npos);
  EXPECT_EQ(html.find("not yet published"), std::string::npos);
  EXPECT_EQ(html.find("pulled back"), std::string::npos);
}

TEST_F(MailbagBoxTest, ArticlePageHasTheBoxAfterTheArticle) {
  Ask("What do the dues pay for, exactly?");
  const std::string html = Article();
  const size_t box = html.find("<aside class=\"mailbag-box\"");
  ASSERT_NE(box, std::string::npos);
  EXPECT_GT(box, html.find("</article>"));
  EXPECT_LT(box, html.find("</main>"));
  EXPECT_NE(html.find("What do the dues pay for, exactly?"), std::string::npos);
}

TEST_F(MailbagBoxTest, OnlyTheFirstHomePage) {
  for (int i = 0; i < 12; ++i) {
    publishing::ArticleInput in;
    in.title = "Story " + std::to_string(i);
    in.body_markdown = "Body.";
    in.byline_slugs = {"rosa-diaz"};
    in.status = store::ArticleStatus::kPublished;
    in.published_at = clock_.Now() - std::chrono::hours(1 + i);
    ASSERT_TRUE(publishing_->CreateArticle(in).ok());
  }
  Ask("Does the box show on page two as well?");
  EXPECT_NE(Home().find("mailbag-box"), std::string::npos);
  EXPECT_EQ(Home("/?page=2").find("mailbag-box"), std::string::npos);
}

TEST_F(MailbagBoxTest, PrefersTheReadersLanguageThenFallsBackToOthers) {
  Ask("An English question about strikes?", "en");
  std::string es = SpanishHome();
  // No Spanish answers yet: the English one, marked as English.
  EXPECT_NE(es.find("lang=\"en\" hreflang=\"en\">An English question"), std::string::npos);
  EXPECT_NE(es.find("Ver todas las respuestas"), std::string::npos);

  for (int i = 1; i <= 3; ++i)
    Ask("¿Pregunta número " + std::to_string(i) + " sobre cuotas?", "es");
  Ask("A newer English question about pay?", "en");
  es = SpanishHome();
  for (int i = 1; i <= 3; ++i)
    EXPECT_NE(es.find("¿Pregunta número " + std::to_string(i)), std::string::npos) << i;
  EXPECT_EQ(es.find("English question"), std::string::npos);
  // The English home page: both English answers first, then the newest Spanish one.
  const std::string en = Home();
  EXPECT_NE(en.find("A newer English question"), std::string::npos);
  EXPECT_NE(en.find("An English question about strikes?"), std::string::npos);
  EXPECT_NE(en.find("lang=\"es\" hreflang=\"es\">¿Pregunta número 3"), std::string::npos);
  EXPECT_EQ(en.find("¿Pregunta número 2"), std::string::npos);
}

TEST_F(MailbagBoxTest, HiddenWithoutTheMailbag) {
  Ask("Is anyone reading this at all?");
  deps_.mailbag = nullptr;
  const std::string html = Home();
  EXPECT_EQ(html.find("mailbag-box"), std::string::npos);
  EXPECT_EQ(html.find("href=\"/mailbag\""), std::string::npos);  // nor the nav link
}

TEST_F(MailbagBoxTest, NavLinksTheMailbagInTheReadersLanguage) {
  const std::string en = Home();
  EXPECT_NE(en.find("<li><a href=\"/mailbag\">Mailbag</a></li>"), std::string::npos);
  const std::string es = SpanishHome();
  EXPECT_NE(es.find("<li><a href=\"/mailbag\">Buzón</a></li>"), std::string::npos);
}

TEST_F(MailbagBoxTest, NavMarksTheMailbagCurrentOnItsPages) {
  PageMeta meta;
  render::Value data = LayoutData(deps_, "en", meta, "/mailbag");
  const render::Value* nav = data.Find("nav");
  ASSERT_NE(nav, nullptr);
  ASSERT_TRUE(nav->is_list());
  int found = 0;
  for (const render::Value& link : nav->as_list()) {
    if (link.Find("url")->as_string() != "/mailbag") continue;
    ++found;
    EXPECT_EQ(link.Find("label")->as_string(), "Mailbag");
    EXPECT_TRUE(link.Find("current")->as_bool());
  }
  EXPECT_EQ(found, 1);
}

TEST_F(MailbagBoxTest, AnAdminsOwnMailbagLinkReplacesTheBuiltInOne) {
  site_.nav = {{"Questions & answers", "/mailbag"}, {"Shop", "/shop"}};
  const std::string html = Home();
  EXPECT_EQ(Count(html, "href=\"/mailbag\""), 1u);
  EXPECT_NE(html.find("href=\"/mailbag\">Questions &amp; answers</a>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/shop\">Shop</a>"), std::string::npos);
}

TEST_F(MailbagBoxTest, AStoreFailureHidesTheBoxAndIsLogged) {
  Ask("Will this survive a closed database?");
  store_->Close();
  render::Value box = MailbagBox(deps_, "en");
  EXPECT_TRUE(box.is_bool());
  EXPECT_FALSE(box.as_bool());
  EXPECT_EQ(errors_.size(), 1u);
  store_.reset();
}

}  // namespace
}  // namespace web
