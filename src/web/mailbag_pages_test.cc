// The public Mailbag pages in-process: real SQLite store in a temp dir, the
// default theme, a real sealing key and a fake clock; handlers called directly.

#include "web/mailbag_pages.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "base/time_format.h"
#include "base/time_zone.h"
#include "publishing/publishing_service.h"
#include "publishing/search_service.h"
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
    email_key_ = crypto::Keyring::Of(std::move(k1).value());
    timer_key_ = std::make_unique<crypto::FieldKey>(std::move(k2).value());
    publishing_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    mailbag_ =
        std::make_unique<mailbag::MailbagService>(store_->mailbag(), *email_key_, clock_, nullptr);
    timer_ = std::make_unique<mailbag::FormTimer>(*timer_key_, clock_, seconds(3),
                                                  std::chrono::hours(12));
    limiter_ = std::make_unique<SlidingWindowLimiter>(clock_, 3, std::chrono::hours(1), 100);
    search_ = std::make_unique<publishing::SearchService>(store_->search(), clock_, 10);
    suggest_limiter_ =
        std::make_unique<SlidingWindowLimiter>(clock_, 100, std::chrono::hours(1), 100);
    site_.name = "Test Org";
    site_.base_url = "https://example.org";
    site_deps_.site = &site_;
    site_deps_.theme = theme_.get();
    site_deps_.catalog = &catalog_;
    site_deps_.time_zone = &tz_;
    site_deps_.publishing = publishing_.get();
    site_deps_.search = search_.get();
    site_deps_.suggest_limiter = suggest_limiter_.get();
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

  // A post of a raw urlencoded body, as a browser would send a form.
  HandlerResult PostBody(const std::string& body, const std::string& ip = "192.0.2.1") {
    http::Request req = GetReq("/mailbag/ask");
    req.method = http::Method::kPost;
    req.method_text = "POST";
    req.remote_address = ip;
    req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    req.body = body;
    return MailbagAskSubmit(deps_, req, {});
  }

  // The hidden fields of `html`, unescaped, as a urlencoded body: what a
  // browser sends back when a button of that form is pressed.
  static std::string HiddenFieldsBody(const std::string& html) {
    std::string body;
    const std::string open = "<input type=\"hidden\" name=\"";
    for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
      const size_t name_end = html.find('"', at + open.size());
      const std::string name = html.substr(at + open.size(), name_end - at - open.size());
      const std::string value_open = " value=\"";
      if (html.compare(name_end + 1, value_open.size(), value_open) != 0) continue;
      const size_t v = name_end + 1 + value_open.size();
      const std::string escaped = html.substr(v, html.find('"', v) - v);
      if (!body.empty()) body += "&";
      body += Enc(name) + "=" + Enc(Unescape(escaped));
    }
    return body;
  }

  static std::string Unescape(std::string s) {
    const std::pair<const char*, const char*> entities[] = {
        {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
        {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};  // last, so "&amp;lt;" stays "&lt;"
    for (const auto& [from, to] : entities) {
      for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
        s.replace(at, std::strlen(from), to);
      }
    }
    return s;
  }

  static size_t Count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
      ++n;
    }
    return n;
  }

  http::Response GetSimilar(const std::string& query, const std::string& ip = "192.0.2.1") {
    http::Request req = GetReq("/mailbag/similar" + query);
    req.remote_address = ip;
    auto r = MailbagSimilar(deps_, req, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : http::Response();
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  base::TimeZone tz_ = base::TimeZone::Utc();
  test_support::TempDir dir_{"bs-mbweb"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> email_key_;
  std::unique_ptr<crypto::FieldKey> timer_key_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  std::unique_ptr<mailbag::FormTimer> timer_;
  std::unique_ptr<SlidingWindowLimiter> limiter_;
  std::unique_ptr<publishing::SearchService> search_;
  std::unique_ptr<SlidingWindowLimiter> suggest_limiter_;
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

TEST_F(MailbagPagesTest, TheAskFormSpeaksTheLanguageAskedFor) {
  site_.languages = {"en", "es"};
  auto es = MailbagAskForm(deps_, GetReq("/mailbag/ask?lang=es"), {});
  ASSERT_TRUE(es.ok()) << es.status().ToString();
  EXPECT_NE(es->body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(es->body.find("<option value=\"es\" selected>"), std::string::npos) << es->body;
  auto unknown = MailbagAskForm(deps_, GetReq("/mailbag/ask?lang=fr"), {});
  ASSERT_TRUE(unknown.ok());
  EXPECT_NE(unknown->body.find("<html lang=\"en\">"), std::string::npos);
  // A refused Spanish question is drawn again in Spanish.
  http::Request req = GetReq("/mailbag/ask");
  req.method = http::Method::kPost;
  req.method_text = "POST";
  req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  req.body = "question=" + Enc("corta") + "&consent=1&lang=es&form_token=" + Enc(FreshToken());
  auto refused = MailbagAskSubmit(deps_, req, {});
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  EXPECT_EQ(refused->status, 422);
  EXPECT_NE(refused->body.find("<html lang=\"es\">"), std::string::npos);
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
    EXPECT_NE(r->body.find("tenants"), std::string::npos);        // the question is there...
    EXPECT_EQ(r->body.find("private.asker"), std::string::npos);  // ...its asker's address not
  }
}

// --- "Already answered?": the confirmation step and /mailbag/similar.

constexpr char kJoinQuestion[] = "How do I join the union at my workplace?";
constexpr char kJoinDraft[] = "Can I join the union if my workplace has no union rep yet?";

TEST_F(MailbagPagesTest, ConfirmationListsSimilarAnsweredQuestionsAndStoresNothing) {
  const std::string slug = PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  ASSERT_FALSE(slug.empty());
  const int64_t before = QueueSize();
  const std::string token = FreshToken();
  auto r = Post(kJoinDraft, token, "&email=" + Enc("visitor@example.org") + "&notify=1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->cache_control, "no-store");
  EXPECT_NE(r->body.find("href=\"/mailbag/" + slug + "\""), std::string::npos);
  EXPECT_NE(r->body.find(kJoinQuestion), std::string::npos);
  EXPECT_NE(r->body.find("Join page"), std::string::npos);  // the answer's snippet, Markdown gone
  EXPECT_NE(r->body.find("name=\"confirmed\" value=\"1\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"edit\" value=\"1\""), std::string::npos);
  // The same token, not a fresh one, so "send anyway" needs no new wait.
  EXPECT_NE(r->body.find("name=\"form_token\" value=\"" + token + "\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"notify\" value=\"1\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"consent\" value=\"1\""), std::string::npos);
  EXPECT_NE(r->body.find("noindex"), std::string::npos);
  EXPECT_EQ(QueueSize(), before);
}

TEST_F(MailbagPagesTest, NothingSimilarStoresAtOnce) {
  PublishOne("Where can I read the minutes of the annual congress?", "On the archive page.");
  const int64_t before = QueueSize();
  auto r = Post(kQuestion, FreshToken());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("What happens next"), std::string::npos);
  EXPECT_EQ(QueueSize(), before + 1);
}

TEST_F(MailbagPagesTest, SendAnywayRepostsTheKeptFieldsAndStores) {
  PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  const int64_t before = QueueSize();
  const std::string question = std::string(kJoinDraft) + " Is <script>alert(1)</script> \"ok\"?";
  auto confirm = Post(question, FreshToken(), "&email=" + Enc("visitor@example.org"));
  ASSERT_TRUE(confirm.ok()) << confirm.status().ToString();
  ASSERT_NE(confirm->body.find("name=\"confirmed\""), std::string::npos);
  // Shown escaped, never as markup.
  EXPECT_EQ(confirm->body.find("<script>alert"), std::string::npos);
  EXPECT_NE(confirm->body.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;ok&quot;"),
            std::string::npos);
  EXPECT_NE(confirm->body.find("value=\"Ana &lt;b&gt;\""), std::string::npos);

  // "Edit my question": the form, filled, nothing stored.
  const std::string kept = HiddenFieldsBody(confirm->body);
  auto edit = PostBody(kept + "&edit=1");
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->status, 200);
  EXPECT_NE(edit->body.find("&lt;script&gt;alert(1)&lt;/script&gt; &quot;ok&quot;?</textarea>"),
            std::string::npos);
  EXPECT_NE(edit->body.find("value=\"visitor@example.org\""), std::string::npos);
  EXPECT_EQ(QueueSize(), before);

  // "Send my question anyway": the same fields plus confirmed=1 are stored as typed.
  auto sent = PostBody(kept + "&confirmed=1");
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->status, 200);
  EXPECT_NE(sent->body.find("What happens next"), std::string::npos);
  ASSERT_EQ(QueueSize(), before + 1);
  store::QueueFilter f;
  f.status = store::QuestionStatus::kNew;
  auto queue = mailbag_->Queue(f);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->items.size(), 1u);
  EXPECT_EQ(queue->items[0].question, question);
  EXPECT_EQ(queue->items[0].asker_name, "Ana <b>");
}

TEST_F(MailbagPagesTest, ConfirmedPostIsCheckedAgain) {
  PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  const int64_t before = QueueSize();
  const std::string token = FreshToken();
  // A filled honeypot, a forged token, a bad field: refused as without the step.
  auto bot = Post(kJoinDraft, token, std::string("&confirmed=1&") + kHoneypotField + "=x");
  ASSERT_TRUE(bot.ok());
  EXPECT_EQ(bot->status, 422);
  auto forged = Post(kJoinDraft, "forged", "&confirmed=1");
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->status, 422);
  auto bad = Post(kJoinDraft, token, "&confirmed=1&email=nope");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(QueueSize(), before);
  // A token too young is refused before any search.
  auto young = timer_->Issue();
  ASSERT_TRUE(young.ok());
  auto fast = Post(kJoinDraft, *young);
  ASSERT_TRUE(fast.ok());
  EXPECT_EQ(fast->status, 422);
  EXPECT_EQ(fast->body.find("name=\"confirmed\""), std::string::npos);
}

TEST_F(MailbagPagesTest, TheStepDoesNotCountAgainstTheAskLimitButSkippingItGainsNothing) {
  PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  for (int i = 0; i < 6; ++i) {  // the limit is 3 stored per hour
    auto r = Post(kJoinDraft, FreshToken());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("name=\"confirmed\""), std::string::npos);
  }
  for (int i = 0; i < 3; ++i) {
    auto r =
        Post(std::string(kJoinDraft) + " Part " + std::to_string(i), FreshToken(), "&confirmed=1");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
  }
  auto limited = Post(std::string(kJoinDraft) + " Part 4", FreshToken(), "&confirmed=1");
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->status, 429);
  EXPECT_FALSE(HeaderOf(*limited, "Retry-After").empty());
}

TEST_F(MailbagPagesTest, SpentSearchBudgetOrNoSearchSkipsTheStep) {
  PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  SlidingWindowLimiter tight(clock_, 1, std::chrono::hours(1), 10);
  site_deps_.suggest_limiter = &tight;
  auto first = Post(kJoinDraft, FreshToken());
  ASSERT_TRUE(first.ok());
  EXPECT_NE(first->body.find("name=\"confirmed\""), std::string::npos);
  const int64_t before = QueueSize();
  auto second = Post(kJoinDraft, FreshToken());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(QueueSize(), before + 1);  // stored straight away

  site_deps_.search = nullptr;
  auto form = MailbagAskForm(deps_, GetReq("/mailbag/ask"), {});
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->body.find("data-similar-url"), std::string::npos);
  EXPECT_EQ(form->body.find("/assets/mailbag."), std::string::npos);
  auto r = Post(std::string(kJoinDraft) + " Again", FreshToken());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(QueueSize(), before + 2);
}

TEST_F(MailbagPagesTest, AskFormLoadsTheOptionalScript) {
  auto r = MailbagAskForm(deps_, GetReq("/mailbag/ask"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->body.find("data-similar-url=\"/mailbag/similar\""), std::string::npos);
  EXPECT_NE(r->body.find("aria-live=\"polite\""), std::string::npos);
  EXPECT_NE(r->body.find("<script src=\"/assets/mailbag."), std::string::npos);
}

TEST_F(MailbagPagesTest, ConfirmationShowsOnlyTheVisitorsOwnEmailInItsField) {
  mailbag::AskInput in;
  in.question = kJoinQuestion;
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
  ASSERT_TRUE(mailbag_->SaveAnswer(asked->question_id, "Fill in the join form.", "", 0).ok());
  ASSERT_TRUE(mailbag_->SetBylines(asked->question_id, {*bid}, 0).ok());
  ASSERT_TRUE(mailbag_->Publish(asked->question_id, 0).ok());
  clock_.Advance(seconds(60));

  auto r = Post(kJoinDraft, FreshToken(), "&email=" + Enc("visitor@example.org"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_NE(r->body.find("name=\"confirmed\""), std::string::npos);
  EXPECT_EQ(r->body.find("private.asker"), std::string::npos);
  EXPECT_EQ(Count(r->body, "visitor@example.org"), 1u);
  EXPECT_NE(r->body.find("name=\"email\" value=\"visitor@example.org\""), std::string::npos);
  http::Response json = GetSimilar("?q=" + Enc(kJoinDraft));
  EXPECT_EQ(json.body.find("private.asker"), std::string::npos);
}

TEST_F(MailbagPagesTest, SimilarJsonListsTitlesAndLinksEscaped) {
  const std::string slug =
      PublishOne("Does the union pay \"strike\" money & <b>legal</b> costs?", "Yes, both.");
  http::Response r = GetSimilar("?q=" + Enc("Will the union pay my legal costs?"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_EQ(r.body.find('<'), std::string::npos);  // \u003c: safe even if sniffed as HTML
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  const auto& list = v.at("similar").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("title").as_string(),
            "Does the union pay \"strike\" money & <b>legal</b> costs?");
  EXPECT_EQ(list[0].at("url").as_string(), "/mailbag/" + slug);
}

TEST_F(MailbagPagesTest, SimilarJsonEmptyAndGarbage) {
  PublishOne(kJoinQuestion, "Fill in the form on the **Join** page.");
  for (const char* q : {"", "?q=", "?q=union", "?q=%22*%28%29+NOT+OR", "?other=1",
                        "?q=%E2%80%9C%C2%BF%F0%9F%98%80"}) {
    http::Response r = GetSimilar(q);
    EXPECT_EQ(r.status, 200) << q;
    EXPECT_EQ(r.body, R"({"similar":[]})") << q;
  }
  for (const char* q : {"?q=%FF%FE", "?q=%ZZ", "?q=%C3"}) {
    http::Response r = GetSimilar(q);
    EXPECT_EQ(r.status, 400) << q;
  }
  std::string big = "?q=";
  for (int i = 0; i < 2000; ++i) big += "join%22%28*union+";
  EXPECT_EQ(GetSimilar(big).status, 200);
}

TEST_F(MailbagPagesTest, SimilarJsonIsRateLimitedPerIp) {
  SlidingWindowLimiter tight(clock_, 2, std::chrono::minutes(1), 10);
  site_deps_.suggest_limiter = &tight;
  EXPECT_EQ(GetSimilar("?q=union+join", "198.51.100.7").status, 200);
  EXPECT_EQ(GetSimilar("?q=union+join", "198.51.100.7").status, 200);
  http::Response r = GetSimilar("?q=union+join", "198.51.100.7");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(HeaderOf(r, "Retry-After").empty());
  EXPECT_EQ(GetSimilar("?q=union+join", "198.51.100.8").status, 200);
}

TEST_F(MailbagPagesTest, UnknownOrUnpublishedSlugIsNotFound) {
  EXPECT_TRUE(
      MailbagQuestion(deps_, GetReq("/mailbag/nope"), {{"slug", "nope"}}).status().IsNotFound());
}

}  // namespace
}  // namespace web
