// The public handler in-process, over a real SQLite store and the default
// theme: what integration tests cannot reach without an editor (slug changes,
// a failing store) is exercised here.

#include <gtest/gtest.h>

#include <filesystem>

#include "base/time_format.h"
#include "base/time_zone.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "settings/site_settings.h"
#include "store/store.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/site.h"

namespace web {
namespace {

using publishing::ArticleInput;
using store::ArticleStatus;
using store::ContentKind;

class PublicSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    catalog_.AddForTest("es", "Page not found", "Página no encontrada");
    auto theme = render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    service_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    site_.name = "Test <Org>";
    site_.base_url = "https://example.org";
    deps_.site = &site_;
    deps_.theme = theme_.get();
    deps_.catalog = &catalog_;
    deps_.time_zone = &tz_;
    deps_.publishing = service_.get();
    deps_.health = [this] { return store_->Ping(); };
    deps_.log_error = [this](const std::string& m) { errors_.push_back(m); };
    deps_.media_dir = dir_.File("media");
    handler_ = MakePublicHandler(deps_);

    publishing::BylineInput b;
    b.name = "Ana Ruiz";
    ASSERT_TRUE(service_->CreateByline(b).ok());
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  int64_t Publish(const std::string& title, ContentKind kind = ContentKind::kArticle) {
    ArticleInput in;
    in.kind = kind;
    in.title = title;
    in.body_markdown = "Body with <b>raw</b> html.";
    if (kind == ContentKind::kArticle) in.byline_slugs = {"ana-ruiz"};
    in.status = ArticleStatus::kPublished;
    in.published_at = clock_.Now() - std::chrono::hours(1);
    auto id = service_->CreateArticle(in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  void Rename(int64_t id, const std::string& title, ContentKind kind = ContentKind::kArticle) {
    auto current = store_->publishing().GetArticle(id);
    ASSERT_TRUE(current.ok());
    ArticleInput in;
    in.kind = kind;
    in.title = title;
    in.body_markdown = current->body_markdown;
    if (kind == ContentKind::kArticle) in.byline_slugs = {"ana-ruiz"};
    in.status = ArticleStatus::kPublished;
    in.published_at = current->published_at;
    ASSERT_TRUE(service_->UpdateArticle(id, in, current->version).ok());
  }

  http::Response Get(const std::string& path, http::Method method = http::Method::kGet) {
    return handler_(test_support::GetRequest(path, "192.0.2.1", method));
  }

  static std::string HeaderOf(const http::Response& r, const std::string& name) {
    return test_support::HeaderOf(r, name);
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  base::TimeZone tz_ = base::TimeZone::Utc();
  test_support::TempDir dir_{"bs-web"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<publishing::PublishingService> service_;
  config::SiteConfig site_;
  SiteDeps deps_;
  http::Handler handler_;
  std::vector<std::string> errors_;
};

TEST_F(PublicSiteTest, ChangedArticleSlugRedirectsPermanently) {
  int64_t id = Publish("Old name");
  Rename(id, "New name");
  http::Response r = Get("/articles/old-name");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/articles/new-name");
  EXPECT_EQ(Get("/articles/new-name").status, 200);
}

TEST_F(PublicSiteTest, ChangedPageSlugRedirectsPermanently) {
  int64_t id = Publish("Who we are", ContentKind::kPage);
  Rename(id, "About", ContentKind::kPage);
  http::Response r = Get("/who-we-are");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(HeaderOf(r, "Location"), "/about");
}

TEST_F(PublicSiteTest, TitlesAreEscapedAndRawHtmlInMarkdownIsNot) {
  Publish("Peace <script>alert(1)</script>");
  http::Response r = Get("/articles/peace-script-alert-1-script");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>raw</b>"), std::string::npos);
  EXPECT_NE(r.body.find("Test &lt;Org&gt;"), std::string::npos);
}

TEST_F(PublicSiteTest, LibraryImagesGetAPictureWithSrcsetAndSize) {
  ArticleInput in;
  in.title = "With a photo";
  in.body_markdown = "Text.";
  in.byline_slugs = {"ana-ruiz"};
  in.status = ArticleStatus::kPublished;
  in.published_at = clock_.Now() - std::chrono::hours(1);
  in.image.path = "lib/0123456789abcdef/960.jpg";
  in.image.alt = "A crowd";
  in.image.width = 960;
  in.image.height = 640;
  ASSERT_TRUE(service_->CreateArticle(in).ok());
  http::Response r = Get("/articles/with-a-photo");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<source type=\"image/webp\" srcset=\"/media/lib/0123456789abcdef/480.webp "
                        "480w, /media/lib/0123456789abcdef/960.webp 960w\""),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<img src=\"/media/lib/0123456789abcdef/960.jpg\" srcset=\"/media/lib/"
                        "0123456789abcdef/480.jpg 480w, /media/lib/0123456789abcdef/960.jpg 960w\""),
            std::string::npos);
  EXPECT_NE(r.body.find("alt=\"A crowd\" width=\"960\" height=\"640\""), std::string::npos);
  // The home page card uses the same variants.
  http::Response home = Get("/");
  EXPECT_NE(home.body.find("/media/lib/0123456789abcdef/480.webp 480w"), std::string::npos);
}

TEST_F(PublicSiteTest, DraftsAreNotFound) {
  ArticleInput in;
  in.title = "Secret draft";
  in.byline_slugs = {"ana-ruiz"};
  ASSERT_TRUE(service_->CreateArticle(in).ok());
  http::Response r = Get("/articles/secret-draft");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.cache_control, "no-store");
}

TEST_F(PublicSiteTest, StoreFailureIsA503PageWithoutDetails) {
  Publish("Something");
  store_->Close();
  http::Response r = Get("/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("Unavailable"), std::string::npos) << "no Status text to clients";
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_FALSE(errors_.empty()) << "the operator log gets the details";
  EXPECT_EQ(Get("/healthz").status, 503);
}

TEST_F(PublicSiteTest, EveryDynamicResponseHasExplicitCacheControl) {
  Publish("Cached");
  for (const char* path : {"/", "/articles/cached", "/feed.xml", "/atom.xml", "/sitemap.xml",
                           "/robots.txt", "/healthz", "/archive", "/nope", "/by/ana-ruiz"}) {
    http::Response r = Get(path);
    EXPECT_FALSE(r.cache_control.empty()) << path;
  }
}

TEST_F(PublicSiteTest, UnknownMethodIs405WithAllow) {
  http::Request req;
  req.method = http::Method::kOther;
  req.method_text = "BREW";
  req.target = req.path = "/";
  http::Response r = handler_(req);
  EXPECT_EQ(r.status, 405);
  EXPECT_FALSE(HeaderOf(r, "Allow").empty());
}

// Settings saved in the back office show on the very next request, with no
// restart and no new handler.
TEST_F(PublicSiteTest, EditedSiteSettingsShowAtOnce) {
  settings::SiteSettings live(site_, store_->settings(), clock_);
  ASSERT_TRUE(live.Load().ok());
  deps_.site = &live;
  handler_ = MakePublicHandler(deps_);
  http::Response before = Get("/");
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(before.body.find("Test &lt;Org&gt;"), std::string::npos);
  EXPECT_EQ(before.body.find("Mastodon"), std::string::npos);

  settings::SiteEdit e = live.Editable();
  e.name = "Comité Renamed";
  e.tagline = "A brand new tagline";
  e.nav = {{"Our campaigns", "/campaigns"}};
  e.social = {{"Mastodon", "https://social.example/@org"}};
  e.footer_statement = "Published by its members.";
  ASSERT_TRUE(live.Update(e, 0, "ana@example.org").ok());

  http::Response after = Get("/");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("Comité Renamed"), std::string::npos);
  EXPECT_EQ(after.body.find("Test &lt;Org&gt;"), std::string::npos);
  EXPECT_NE(after.body.find("A brand new tagline"), std::string::npos);
  EXPECT_NE(after.body.find("href=\"/campaigns\""), std::string::npos);
  EXPECT_NE(after.body.find("Our campaigns"), std::string::npos);
  EXPECT_NE(after.body.find("href=\"https://social.example/@org\""), std::string::npos);
  EXPECT_NE(after.body.find("Published by its members."), std::string::npos);
  EXPECT_NE(before.body, after.body);
}

}  // namespace
}  // namespace web
