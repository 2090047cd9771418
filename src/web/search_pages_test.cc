// /search and /search/suggest in-process, over a real SQLite store and the
// default theme.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "base/time_format.h"
#include "base/time_zone.h"
#include "publishing/publishing_service.h"
#include "publishing/search_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/site.h"

namespace web {
namespace {

using publishing::ArticleInput;
using store::ArticleStatus;

class SearchPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    service_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    search_ = std::make_unique<publishing::SearchService>(store_->search(), clock_, 2);
    limiter_ = std::make_unique<SlidingWindowLimiter>(clock_, 3, std::chrono::seconds(60), 100);
    site_.name = "Test Org";
    site_.base_url = "https://example.org";
    deps_.site = &site_;
    deps_.theme = theme_.get();
    deps_.catalog = &catalog_;
    deps_.time_zone = &tz_;
    deps_.publishing = service_.get();
    deps_.search = search_.get();
    deps_.suggest_limiter = limiter_.get();
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

  void Publish(const std::string& title, const std::string& body,
               ArticleStatus status = ArticleStatus::kPublished) {
    ArticleInput in;
    in.title = title;
    in.body_markdown = body;
    in.byline_slugs = {"ana-ruiz"};
    in.status = status;
    in.published_at = clock_.Now() - std::chrono::hours(1);
    auto id = service_->CreateArticle(in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }

  http::Response Get(const std::string& target, const std::string& ip = "192.0.2.1") {
    return handler_(test_support::GetRequest(target, ip));
  }
  static std::string HeaderOf(const http::Response& r, const std::string& name) {
    return test_support::HeaderOf(r, name);
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  base::TimeZone tz_ = base::TimeZone::Utc();
  test_support::TempDir dir_{"bs-web-search"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<publishing::PublishingService> service_;
  std::unique_ptr<publishing::SearchService> search_;
  std::unique_ptr<SlidingWindowLimiter> limiter_;
  config::SiteConfig site_;
  SiteDeps deps_;
  http::Handler handler_;
  std::vector<std::string> errors_;
};

TEST_F(SearchPagesTest, ResultsAreHighlightedAndEscaped) {
  Publish("The <script>alert(1)</script> strike", "A long strike at the <i>port</i> & docks.");
  Publish("Unrelated", "Nothing to see.");
  Publish("Secret strike draft", "strike", ArticleStatus::kDraft);
  http::Response r = Get("/search?q=strike");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<mark>strike</mark>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("Secret strike draft"), std::string::npos);
  EXPECT_EQ(r.body.find("Unrelated"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/articles/"), std::string::npos);
  EXPECT_NE(r.body.find("noindex"), std::string::npos);
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_NE(r.body.find("<script src=\"/assets/search."), std::string::npos);  // optional JS
}

TEST_F(SearchPagesTest, TheQueryIsEchoedEscaped) {
  http::Response r = Get("/search?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>x"), std::string::npos);
  EXPECT_NE(r.body.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
}

TEST_F(SearchPagesTest, EmptyAndHostileQueriesNeverFail) {
  for (const char* q :
       {"", "%22", "*", "NOT", "a%20OR", "(", "%5E", "%3A", "NEAR(x", "%F0%9F%98%80", "%C2%BF"}) {
    http::Response r = Get(std::string("/search?q=") + q);
    EXPECT_EQ(r.status, 200) << q;
  }
  EXPECT_EQ(Get("/search").status, 200);
  EXPECT_EQ(Get("/search?q=" + std::string(10000, 'x')).status, 200);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(SearchPagesTest, NoResultsState) {
  http::Response r = Get("/search?q=zzzz");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("search-empty"), std::string::npos);
  EXPECT_NE(r.body.find("0 results"), std::string::npos);
}

TEST_F(SearchPagesTest, BadParametersAre400) {
  EXPECT_EQ(Get("/search?q=x&page=0").status, 400);
  EXPECT_EQ(Get("/search?q=x&page=abc").status, 400);
  EXPECT_EQ(Get("/search?q=x&year=20x6").status, 400);
  EXPECT_EQ(Get("/search?q=x&type=video").status, 400);
  EXPECT_EQ(Get("/search?q=%ff").status, 400);  // invalid UTF-8
}

TEST_F(SearchPagesTest, PaginationKeepsTheQueryAndFilters) {
  for (int i = 0; i < 5; ++i) Publish("Paged story " + std::to_string(i), "x");
  http::Response r = Get("/search?q=paged&type=article");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("5 results"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/search?q=paged&amp;type=article&amp;page=2\""), std::string::npos)
      << r.body;
  r = Get("/search?q=paged&type=article&page=3");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(r.body.find("rel=\"next\""), std::string::npos);
  r = Get("/search?q=paged&year=2025");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("0 results"), std::string::npos);
}

TEST_F(SearchPagesTest, ABroadQueryPastTheRankWindowSaysSoAndHowToNarrowIt) {
  for (int i = 0; i < 5; ++i) Publish("Broad story " + std::to_string(i), "x");
  search_ = std::make_unique<publishing::SearchService>(store_->search(), clock_, 2, 3);
  deps_.search = search_.get();
  handler_ = MakePublicHandler(deps_);
  http::Response r = Get("/search?q=broad");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("3+ results"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("search-more"), std::string::npos);
  // Two pages of two cover the window of three.
  EXPECT_NE(r.body.find("Page 1 / 2"), std::string::npos) << r.body;
  // Within the window, the count is exact and nothing is said.
  r = Get("/search?q=story+0");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("1 result"), std::string::npos);
  EXPECT_EQ(r.body.find("search-more"), std::string::npos);
}

TEST_F(SearchPagesTest, MastheadHasASearchForm) {
  http::Response r = Get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("action=\"/search\""), std::string::npos);
}

TEST_F(SearchPagesTest, SuggestReturnsJson) {
  Publish("Organizing the port", "x");
  http::Response r = Get("/search/suggest?q=organi");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.cache_control, "no-store");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  const auto& list = v.at("suggestions").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("title").as_string(), "Organizing the port");
  EXPECT_EQ(list[0].at("url").as_string(), "/articles/organizing-the-port");

  r = Get("/search/suggest?q=%22*(");
  ASSERT_EQ(r.status, 200);
  v = boost::json::parse(r.body, ec);
  ASSERT_FALSE(ec);
  EXPECT_TRUE(v.at("suggestions").as_array().empty());
}

TEST_F(SearchPagesTest, SuggestIsRateLimitedPerIp) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("/search/suggest?q=ab", "198.51.100.7").status, 200);
  http::Response r = Get("/search/suggest?q=ab", "198.51.100.7");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(HeaderOf(r, "Retry-After").empty());
  boost::system::error_code ec;
  boost::json::parse(r.body, ec);
  EXPECT_FALSE(ec);
  EXPECT_EQ(Get("/search/suggest?q=ab", "198.51.100.8").status, 200);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Get("/search/suggest?q=ab", "198.51.100.7").status, 200);
}

TEST_F(SearchPagesTest, PublishedQasAreFoundLinkedAndFilterable) {
  Publish("Dockers win", "The dockworkers strike ended.");
  store::MailbagStore& mb = store_->mailbag();
  const std::string question =
      "Why did the dockworkers <b>strike</b> last year, and what did they win in the end? " +
      std::string(200, 'x');
  store::Question q;
  q.question = question;
  q.dedupe_key = "k";
  q.created_at = clock_.Now() - std::chrono::hours(2);
  auto id = mb.CreateQuestion(q);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  store::Actor by{std::nullopt, clock_.Now() - std::chrono::hours(1)};
  ASSERT_TRUE(mb.SaveAnswer(*id, {"They won.", "<p>They won.</p>", "", by.at, {}}, by).ok());
  ASSERT_TRUE(
      mb.ChangeStatus(*id, {store::QuestionStatus::kNew, store::QuestionStatus::kAnswered}, by)
          .ok());
  store::StatusChange c{store::QuestionStatus::kAnswered, store::QuestionStatus::kPublished};
  c.slug = "dockworkers";
  ASSERT_TRUE(mb.ChangeStatus(*id, c, by).ok());

  http::Response r = Get("/search?q=dockworkers");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/articles/dockers-win\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/mailbag/dockworkers\""), std::string::npos);
  // The question is escaped and shortened, never shown whole as a title.
  EXPECT_NE(r.body.find("&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>strike"), std::string::npos);
  EXPECT_EQ(r.body.find(std::string(200, 'x')), std::string::npos);
  EXPECT_NE(r.body.find("value=\"qa\""), std::string::npos);  // the type filter offers Q&As

  r = Get("/search?q=dockworkers&type=qa");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/mailbag/dockworkers\""), std::string::npos);
  EXPECT_EQ(r.body.find("href=\"/articles/dockers-win\""), std::string::npos);

  r = Get("/search/suggest?q=why%20did");
  ASSERT_EQ(r.status, 200);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  const auto& list = v.at("suggestions").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("url").as_string(), "/mailbag/dockworkers");
  EXPECT_LT(list[0].at("title").as_string().size(), question.size());
}

}  // namespace
}  // namespace web
