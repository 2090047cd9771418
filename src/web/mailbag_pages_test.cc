// The public Mailbag pages in-process: real SQLite store in a temp dir, the
// default theme, a real sealing key and a fake clock; handlers called directly.

#include "web/mailbag_pages.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "base/time_format.h"
#include "base/time_zone.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"

namespace web {
namespace {

using std::chrono::seconds;

class MailbagPagesTest : public ::testing::Test {
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
    auto k1 = crypto::FieldKey::Generate();
    auto k2 = crypto::FieldKey::Generate();
    ASSERT_TRUE(k1.ok() && k2.ok());
    email_key_ = std::make_unique<crypto::FieldKey>(std::move(k1).value());
    timer_key_ = std::make_unique<crypto::FieldKey>(std::move(k2).value());
    publishing_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    mailbag_ =
        std::make_unique<mailbag::MailbagService>(store_->mailbag(), *email_key_, clock_, nullptr);
    timer_ = std::make_unique<mailbag::FormTimer>(*timer_key_, clock_, seconds(3),
                                                  std::chrono::hours(12));
    limiter_ = std::make_unique<SlidingWindowLimiter>(clock_, 3, std::chrono::hours(1), 100);
    site_.name = "Test Org";
    site_.base_url = "https://example.org";
    site_deps_.site = &site_;
    site_deps_.theme = theme_.get();
    site_deps_.catalog = &catalog_;
    site_deps_.time_zone = &tz_;
    site_deps_.publishing = publishing_.get();
    deps_.site = &site_deps_;
    deps_.mailbag = mailbag_.get();
    deps_.timer = timer_.get();
    deps_.ask_limiter = limiter_.get();
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  static http::Request GetReq(const std::string& path) { return test_support::GetRequest(path); }

  // A token issued now and a clock moved past the minimum fill time.
  std::string FreshToken() {
    auto t = timer_->Issue();
    EXPECT_TRUE(t.ok());
    clock_.Advance(seconds(10));
    return t.ok() ? *t : "";
  }

  static std::string Enc(const std::string& s) { return http::PercentEncode(s); }

  HandlerResult Post(const std::string& question, const std::string& token,
                     const std::string& extra = "", const std::string& ip = "192.0.2.1") {
    http::Request req = GetReq("/mailbag/ask");
    req.method = http::Method::kPost;
    req.method_text = "POST";
    req.remote_address = ip;
    req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    req.body = "question=" + Enc(question) + "&name=" + Enc("Ana <b>") +
               "&consent=1&lang=en&form_token=" + Enc(token) + extra;
    return MailbagAskSubmit(deps_, req, {});
  }

  int64_t QueueSize() {
    store::QueueFilter f;
    auto page = mailbag_->Queue(f);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }

  // Asks, answers, signs and publishes; returns the slug.
  std::string PublishOne(const std::string& question, const std::string& answer) {
    mailbag::AskInput in;
    in.question = question;
    in.name = "Ana";
    in.consent = true;
    auto asked = mailbag_->Ask(in);
    EXPECT_TRUE(asked.ok()) << asked.status().ToString();
    if (!asked.ok()) return "";
    const int64_t id = asked->question_id;
    if (byline_ == 0) {
      publishing::BylineInput b;
      b.name = "Rosa Díaz";
      auto bid = publishing_->CreateByline(b);
      EXPECT_TRUE(bid.ok());
      byline_ = bid.ok() ? *bid : 0;
    }
    EXPECT_TRUE(mailbag_->SaveAnswer(id, answer, "", 0).ok());
    EXPECT_TRUE(mailbag_->SetBylines(id, {byline_}, 0).ok());
    auto pub = mailbag_->Publish(id, 0);
    EXPECT_TRUE(pub.ok()) << pub.status().ToString();
    clock_.Advance(seconds(60));
    return pub.ok() ? pub->question.slug : "";
  }

  static std::string HeaderOf(const http::Response& r, const std::string& name) {
    return test_support::HeaderOf(r, name);
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  base::TimeZone tz_ = base::TimeZone::Utc();
  test_support::TempDir dir_{"bs-mbweb"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::FieldKey> email_key_, timer_key_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  std::unique_ptr<mailbag::FormTimer> timer_;
  std::unique_ptr<SlidingWindowLimiter> limiter_;
  config::SiteConfig site_;
  SiteDeps site_deps_;
  MailbagDeps deps_;
  int64_t byline_ = 0;
};

constexpr char kQuestion[] = "Why does the council meet on Tuesdays?";

TEST_F(MailbagPagesTest, FormHasTokenHoneypotAndNoStore) {
  auto r = MailbagAskForm(deps_, GetReq("/mailbag/ask"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->cache_control, "no-store");
  EXPECT_NE(r->body.find("name=\"form_token\" value=\""), std::string::npos);
  const size_t hp = r->body.find(std::string("name=\"") + kHoneypotField + "\"");
  ASSERT_NE(hp, std::string::npos);
  EXPECT_NE(r->body.find("tabindex=\"-1\" autocomplete=\"off\"", hp), std::string::npos);
  EXPECT_NE(r->body.find("aria-hidden=\"true\""), std::string::npos);
}

TEST_F(MailbagPagesTest, AskSucceedsShowsThanksAndQueuesTheQuestion) {
  auto r = Post(kQuestion, FreshToken());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("What happens next"), std::string::npos);
  EXPECT_EQ(QueueSize(), 1);
}

TEST_F(MailbagPagesTest, HoneypotRefusesAndStoresNothing) {
  auto r = Post(kQuestion, FreshToken(), std::string("&") + kHoneypotField + "=http%3A%2F%2Fspam");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(QueueSize(), 0);
  EXPECT_NE(r->body.find(kQuestion), std::string::npos);  // the text is kept
}

TEST_F(MailbagPagesTest, TooFastKeepsTheTextAndStoresNothing) {
  auto token = timer_->Issue();
  ASSERT_TRUE(token.ok());
  auto r = Post(kQuestion, *token);  // no time has passed
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find(kQuestion), std::string::npos);
  EXPECT_NE(r->body.find("Ana &lt;b&gt;"), std::string::npos);  // kept, and escaped
  EXPECT_NE(r->body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(QueueSize(), 0);
  // A forged token is refused the same way.
  auto forged = Post(kQuestion, "not-a-token");
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->status, 422);
  EXPECT_EQ(QueueSize(), 0);
}

TEST_F(MailbagPagesTest, RateLimitIs429WithRetryAfterPerAddress) {
  for (int i = 0; i < 5; ++i) {  // refusals for bad input do not use up the limit
    auto bad = Post("short", FreshToken());
    ASSERT_TRUE(bad.ok());
    EXPECT_EQ(bad->status, 422);
  }
  for (int i = 0; i < 3; ++i) {
    auto r = Post(std::string(kQuestion) + " Part " + std::to_string(i), FreshToken());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
  }
  auto r = Post("Yet another question about Tuesdays", FreshToken());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 429);
  EXPECT_FALSE(HeaderOf(*r, "Retry-After").empty());
  EXPECT_NE(r->body.find("Yet another question about Tuesdays"), std::string::npos);
  EXPECT_EQ(QueueSize(), 3);
  auto other = Post("Yet another question about Tuesdays", FreshToken(), "", "192.0.2.77");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->status, 200);
}

TEST_F(MailbagPagesTest, BadInputNamesTheFieldAndKeepsTheText) {
  auto r = Post("Too short", FreshToken(), "&email=not-an-address");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 422);
  EXPECT_NE(r->body.find("id=\"ask-question-error\""), std::string::npos);
  EXPECT_NE(r->body.find("id=\"ask-email-error\""), std::string::npos);
  EXPECT_EQ(r->body.find("id=\"ask-name-error\""), std::string::npos);
  EXPECT_NE(r->body.find(">Too short</textarea>"), std::string::npos);
  EXPECT_NE(r->body.find("value=\"not-an-address\""), std::string::npos);
  EXPECT_EQ(QueueSize(), 0);

  auto links = Post("See http://a.example http://b.example http://c.example now", FreshToken());
  ASSERT_TRUE(links.ok());
  EXPECT_EQ(links->status, 422);
  EXPECT_NE(links->body.find("id=\"ask-question-error\""), std::string::npos);
  EXPECT_EQ(QueueSize(), 0);
}

TEST_F(MailbagPagesTest, UndecodableBodyIsAnError) {
  http::Request req = GetReq("/mailbag/ask");
  req.method = http::Method::kPost;
  req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  req.body = "question=%FF%FE";
  auto r = MailbagAskSubmit(deps_, req, {});
  EXPECT_TRUE(r.status().IsInvalidArgument());
}

TEST_F(MailbagPagesTest, DuplicateIsExplainedPolitely) {
  auto first = Post(kQuestion, FreshToken());
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->status, 200);
  auto again = Post("why does the COUNCIL meet on tuesdays", FreshToken());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->status, 409);
  EXPECT_NE(again->body.find("already been asked"), std::string::npos);
  EXPECT_NE(again->body.find("href=\"/mailbag\""), std::string::npos);
  EXPECT_EQ(QueueSize(), 1);
}

TEST_F(MailbagPagesTest, ArchiveListsOnlyPublishedNewestFirst) {
  const std::string older = PublishOne("What is the oldest question here?", "The **first** one.");
  const std::string newer = PublishOne("What is the newest question here?", "The second one.");
  mailbag::AskInput unpublished;
  unpublished.question = "This one is still waiting in the queue";
  unpublished.consent = true;
  ASSERT_TRUE(mailbag_->Ask(unpublished).ok());

  auto r = MailbagArchive(deps_, GetReq("/mailbag"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  const size_t a = r->body.find("/mailbag/" + newer);
  const size_t b = r->body.find("/mailbag/" + older);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_EQ(r->body.find("still waiting"), std::string::npos);
  EXPECT_NE(r->body.find("Rosa Díaz"), std::string::npos);
  EXPECT_NE(r->body.find("href=\"/mailbag/ask\""), std::string::npos);
}

TEST_F(MailbagPagesTest, ArchiveBadPageAndUnknownTopic) {
  EXPECT_TRUE(MailbagArchive(deps_, GetReq("/mailbag?page=0"), {}).status().IsInvalidArgument());
  EXPECT_TRUE(MailbagArchive(deps_, GetReq("/mailbag?page=x"), {}).status().IsInvalidArgument());
  EXPECT_TRUE(MailbagArchive(deps_, GetReq("/mailbag?topic=nope"), {}).status().IsNotFound());
  EXPECT_TRUE(MailbagArchive(deps_, GetReq("/mailbag?page=2"), {}).status().IsNotFound());
  auto empty = MailbagArchive(deps_, GetReq("/mailbag"), {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->status, 200);
}

TEST_F(MailbagPagesTest, QuestionPageHasSafeJsonLd) {
  const std::string slug = PublishOne(
      "Can a question hold </script><script>alert(1)</script> safely?", "Yes, *it* can.");
  ASSERT_FALSE(slug.empty());
  auto r = MailbagQuestion(deps_, GetReq("/mailbag/" + slug), {{"slug", slug}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(r->body.find("<em>it</em>"), std::string::npos);
  EXPECT_NE(r->body.find("href=\"/by/"), std::string::npos);
  EXPECT_NE(r->body.find("og:type\" content=\"article\""), std::string::npos);

  const std::string open = "<script type=\"application/ld+json\">";
  const size_t start = r->body.find(open);
  ASSERT_NE(start, std::string::npos);
  const size_t end = r->body.find("</script>", start);
  ASSERT_NE(end, std::string::npos);
  const std::string json = r->body.substr(start + open.size(), end - start - open.size());
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  ASSERT_FALSE(ec) << json;
  EXPECT_EQ(v.at("@type").as_string(), "QAPage");
  const auto& q = v.at("mainEntity");
  EXPECT_NE(std::string(q.at("text").as_string()).find("</script>"), std::string::npos);
  EXPECT_EQ(q.at("acceptedAnswer").at("author").as_array().at(0).at("name").as_string(),
            "Rosa Díaz");
}

TEST_F(MailbagPagesTest, TopicFilterListsOnlyThatTopic) {
  ASSERT_TRUE(mailbag_->CreateTopic("Housing", "housing", 1).ok());
  const std::string plain = PublishOne("A question without any topic at all?", "Answer one.");
  mailbag::AskInput in;
  in.question = "Who fixes the broken heating in our building?";
  in.topic_slug = "housing";
  in.consent = true;
  auto asked = mailbag_->Ask(in);
  ASSERT_TRUE(asked.ok());
  ASSERT_TRUE(mailbag_->SaveAnswer(asked->question_id, "The landlord.", "", 0).ok());
  ASSERT_TRUE(mailbag_->SetBylines(asked->question_id, {byline_}, 0).ok());
  auto pub = mailbag_->Publish(asked->question_id, 0);
  ASSERT_TRUE(pub.ok());

  auto r = MailbagArchive(deps_, GetReq("/mailbag?topic=housing"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->body.find("/mailbag/" + pub->question.slug), std::string::npos);
  EXPECT_EQ(r->body.find("/mailbag/" + plain + "\""), std::string::npos);
  EXPECT_NE(r->body.find("aria-current=\"page\">Housing"), std::string::npos);
}

TEST_F(MailbagPagesTest, FeedsListPublishedQuestions) {
  const std::string slug = PublishOne("Is there a feed for the Mailbag & friends?", "Yes.");
  auto rss = MailbagRss(deps_, GetReq("/mailbag/feed.xml"), {});
  ASSERT_TRUE(rss.ok()) << rss.status().ToString();
  EXPECT_EQ(rss->content_type, "application/rss+xml; charset=utf-8");
  EXPECT_NE(rss->body.find("https://example.org/mailbag/" + slug), std::string::npos);
  EXPECT_NE(rss->body.find("Mailbag &amp; friends"), std::string::npos);
  auto atom = MailbagAtom(deps_, GetReq("/mailbag/atom.xml"), {});
  ASSERT_TRUE(atom.ok());
  EXPECT_NE(atom->body.find("https://example.org/mailbag/" + slug), std::string::npos);
  auto page = MailbagArchive(deps_, GetReq("/mailbag"), {});
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page->body.find("href=\"/mailbag/feed.xml\""), std::string::npos);
}

TEST_F(MailbagPagesTest, TheAskersEmailIsNeverInAPublicPageOrFeed) {
  mailbag::AskInput in;
  in.question = "Will the union support the tenants' strike this winter?";
  in.name = "Ana";
  in.email = "private.asker@example.org";
  in.notify = true;
  in.consent = true;
  auto asked = mailbag_->Ask(in);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  publishing::BylineInput b;
  b.name = "Luis Vega";
  auto bid = publishing_->CreateByline(b);
  ASSERT_TRUE(bid.ok());
  ASSERT_TRUE(mailbag_->SaveAnswer(asked->question_id, "Yes, fully.", "", 0).ok());
  ASSERT_TRUE(mailbag_->SetBylines(asked->question_id, {*bid}, 0).ok());
  auto pub = mailbag_->Publish(asked->question_id, 0);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  const std::string slug = pub->question.slug;
  const std::vector<HandlerResult> pages = {
      MailbagArchive(deps_, GetReq("/mailbag"), {}),
      MailbagQuestion(deps_, GetReq("/mailbag/" + slug), {{"slug", slug}}),
      MailbagRss(deps_, GetReq("/mailbag/feed.xml"), {}),
      MailbagAtom(deps_, GetReq("/mailbag/atom.xml"), {}),
  };
  for (const HandlerResult& r : pages) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_NE(r->body.find("tenants"), std::string::npos);  // the question is there...
    EXPECT_EQ(r->body.find("private.asker"), std::string::npos);  // ...its asker's address not
  }
}

TEST_F(MailbagPagesTest, UnknownOrUnpublishedSlugIsNotFound) {
  EXPECT_TRUE(
      MailbagQuestion(deps_, GetReq("/mailbag/nope"), {{"slug", "nope"}}).status().IsNotFound());
}

}  // namespace
}  // namespace web
