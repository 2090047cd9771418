// Contract tests for Mailbag Q&As in site search (SQLite, real database in a
// temp dir): only published Q&As are found, the index follows every write
// that changes what a reader sees, and `any_term` matches drafts that share
// only some words with an answer.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Time kT0 = Time(seconds(1'767'225'600));  // 2026-01-01T00:00:00Z
const Time kNow = kT0 + hours(24 * 30);

SearchTerm Word(std::string w, bool prefix = false) {
  SearchTerm t;
  t.words.push_back(std::move(w));
  t.prefix = prefix;
  return t;
}

class SearchQaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  MailbagStore& mb() { return store_->mailbag(); }

  int64_t Ask(const std::string& text, std::optional<int64_t> topic = {},
              const std::string& lang = "en") {
    Question q;
    q.question = text;
    q.dedupe_key = "key:" + text;
    q.created_at = kT0;
    q.topic_id = topic;
    q.lang = lang;
    q.consent = true;
    auto id = mb().CreateQuestion(q);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  void Answer(int64_t id, const std::string& markdown) {
    ASSERT_TRUE(mb().SaveAnswer(id, MailbagAnswer{markdown, "<p>x</p>", "", kT0, {}}, by_).ok());
  }
  // Answers (unless already answered) and publishes `id` under `slug`.
  void Publish(int64_t id, const std::string& slug, const std::string& answer) {
    Answer(id, answer);
    ASSERT_TRUE(mb().ChangeStatus(id, {QuestionStatus::kNew, QuestionStatus::kAnswered}, by_).ok());
    StatusChange c{QuestionStatus::kAnswered, QuestionStatus::kPublished};
    c.slug = slug;
    ASSERT_TRUE(mb().ChangeStatus(id, c, by_).ok());
  }
  int64_t NewByline(const std::string& slug, const std::string& name) {
    Byline b;
    b.slug = slug;
    b.name = name;
    auto id = store_->publishing().CreateByline(b);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  SearchQuery Q(std::vector<SearchTerm> terms, bool any = false) {
    SearchQuery q;
    q.terms = std::move(terms);
    q.visible_at = kNow;
    q.any_term = any;
    return q;
  }
  std::vector<std::string> Slugs(const SearchQuery& q) {
    search_result_ = store_->search().Search(q);
    const Result<SearchPage>& r = search_result_;
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& h : r->hits) out.push_back(h.type + ":" + h.slug);
    }
    return out;
  }
  std::vector<std::string> Slugs(const std::string& word) { return Slugs(Q({Word(word)})); }

  test_support::TempDir dir_{"bs-search-qa"};
  std::unique_ptr<Store> store_;
  Actor by_{std::nullopt, kT0};
  Result<SearchPage> search_result_ = Status::NotFound("no search yet");
};

using Slist = std::vector<std::string>;

TEST_F(SearchQaTest, OnlyPublishedQuestionsAreIndexed) {
  const int64_t pending = Ask("What about the pension reform?");
  Answer(pending, "The pension reform is bad.");
  const int64_t published = Ask("Is the pension fund safe?");
  Publish(published, "pension-fund", "Yes, the fund is safe.");

  EXPECT_EQ(Slugs("pension"), (Slist{"qa:pension-fund"}));
  // The answer is searchable, and the hit carries what a result shows.
  EXPECT_EQ(Slugs("safe"), (Slist{"qa:pension-fund"}));
  ASSERT_TRUE(search_result_.ok());
  const SearchHit& h = search_result_->hits[0];
  EXPECT_EQ(h.id, published);
  EXPECT_EQ(h.title, "Is the pension fund safe?");
  EXPECT_EQ(h.lang, "en");
  EXPECT_EQ(h.section_slug, "");
  ASSERT_TRUE(h.published_at.has_value());
  EXPECT_EQ(*h.published_at, kT0);
  // Unpublished text is not even in the index behind the visibility filter:
  // suggestions (titles) do not know it either.
  auto s = store_->search().Suggest({Word("reform", true)}, kNow, 5);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
}

TEST_F(SearchQaTest, UnpublishEditAnswerAndDeclineFollowAtOnce) {
  const int64_t id = Ask("Who pays for the strike fund?");
  Publish(id, "strike-fund", "Members pay dues.");
  EXPECT_EQ(Slugs("dues"), (Slist{"qa:strike-fund"}));

  // A new answer replaces the old text in the index.
  Answer(id, "Every member contributes monthly.");
  EXPECT_EQ(Slugs("dues"), Slist{});
  EXPECT_EQ(Slugs("monthly"), (Slist{"qa:strike-fund"}));

  // An editor removes a detail from the public question: the original words
  // are no longer found.
  ASSERT_TRUE(mb().EditQuestion(id, "Who pays for the fund?", std::nullopt, by_).ok());
  EXPECT_EQ(Slugs("strike"), Slist{});
  EXPECT_EQ(Slugs("fund"), (Slist{"qa:strike-fund"}));

  // Unpublished: gone; published again: back.
  ASSERT_TRUE(
      mb().ChangeStatus(id, {QuestionStatus::kPublished, QuestionStatus::kAnswered}, by_).ok());
  EXPECT_EQ(Slugs("fund"), Slist{});
  StatusChange again{QuestionStatus::kAnswered, QuestionStatus::kPublished};
  ASSERT_TRUE(mb().ChangeStatus(id, again, by_).ok());
  EXPECT_EQ(Slugs("fund"), (Slist{"qa:strike-fund"}));

  StatusChange decline{QuestionStatus::kPublished, QuestionStatus::kDeclined};
  decline.decline_reason = DeclineReason::kSpam;
  ASSERT_TRUE(mb().ChangeStatus(id, decline, by_).ok());
  EXPECT_EQ(Slugs("fund"), Slist{});
}

TEST_F(SearchQaTest, CoSignersAndTopicAreIndexedAndFollowRenames) {
  const int64_t topic = *mb().CreateTopic(MailbagTopic{0, "health", "Healthcare", 0});
  const int64_t ana = NewByline("ana", "Ana Ruiz");
  const int64_t ben = NewByline("ben", "Ben Ode");
  const int64_t id = Ask("Should care be free?", topic);
  ASSERT_TRUE(mb().SetBylines(id, {ana}, by_).ok());
  Publish(id, "free-care", "Yes.");

  EXPECT_EQ(Slugs("ruiz"), (Slist{"qa:free-care"}));
  EXPECT_EQ(Slugs("healthcare"), (Slist{"qa:free-care"}));
  EXPECT_EQ(Slugs("ode"), Slist{});

  ASSERT_TRUE(mb().SetBylines(id, {ben}, by_).ok());
  EXPECT_EQ(Slugs("ruiz"), Slist{});
  EXPECT_EQ(Slugs("ode"), (Slist{"qa:free-care"}));

  Byline renamed = *store_->publishing().GetBylineBySlug("ben");
  renamed.name = "Benjamin Odeh";
  ASSERT_TRUE(store_->publishing().UpdateByline(renamed).ok());
  EXPECT_EQ(Slugs("odeh"), (Slist{"qa:free-care"}));

  ASSERT_TRUE(mb().UpdateTopic(MailbagTopic{topic, "health", "Medicine", 0}).ok());
  EXPECT_EQ(Slugs("healthcare"), Slist{});
  EXPECT_EQ(Slugs("medicine"), (Slist{"qa:free-care"}));

  // Deleting the topic leaves the Q&A searchable without the topic's name.
  ASSERT_TRUE(mb().DeleteTopic(topic).ok());
  EXPECT_EQ(Slugs("medicine"), Slist{});
  EXPECT_EQ(Slugs("care"), (Slist{"qa:free-care"}));
}

TEST_F(SearchQaTest, TypeAndLanguageFiltersSeparateQasFromArticles) {
  ArticleDraft d;
  d.slug = "housing-article";
  d.title = "Housing for all";
  d.body_markdown = "Rent control now.";
  d.status = ArticleStatus::kPublished;
  d.published_at = kT0;
  ASSERT_TRUE(store_->publishing().CreateArticle(d, kT0).ok());
  Publish(Ask("¿Qué pasa con la vivienda y housing?", {}, "es"), "vivienda", "Alquiler justo.");

  EXPECT_EQ(Slugs("housing").size(), 2u);
  SearchQuery qa = Q({Word("housing")});
  qa.type = "qa";
  EXPECT_EQ(Slugs(qa), (Slist{"qa:vivienda"}));
  qa.type = "article";
  EXPECT_EQ(Slugs(qa), (Slist{"article:housing-article"}));
  SearchQuery es = Q({Word("housing")});
  es.lang = "es";
  EXPECT_EQ(Slugs(es), (Slist{"qa:vivienda"}));
  // Q&As have no section or tags: those filters leave them out.
  SearchQuery sec = Q({Word("housing")});
  sec.tag_slug = "anything";
  EXPECT_EQ(Slugs(sec), Slist{});
  // Accents fold in Q&As too.
  EXPECT_EQ(Slugs("que"), (Slist{"qa:vivienda"}));
}

TEST_F(SearchQaTest, AnyTermMatchesSomeWordsRankedByHowManyAndHowRare) {
  Publish(Ask("How do I join a union at work?"), "join-union", "Talk to a steward.");
  Publish(Ask("When is the next meeting?"), "meeting", "Tuesday.");
  Publish(Ask("Can students join?"), "students", "Yes, at a reduced rate.");

  std::vector<SearchTerm> draft = {Word("join"), Word("union"), Word("workplace")};
  // AND: no answered question has all three words.
  EXPECT_EQ(Slugs(Q(draft)), Slist{});
  // OR: both questions about joining; the one sharing more words first.
  EXPECT_EQ(Slugs(Q(draft, /*any=*/true)), (Slist{"qa:join-union", "qa:students"}));
  ASSERT_TRUE(search_result_.ok());
  EXPECT_EQ(search_result_->total, 2);
}

TEST(SearchQaMigrationTest, BackfillsQasPublishedBeforeIt) {
  test_support::TempDir dir{"bs-search-qa-migration"};
  SqliteOptions o;
  o.path = dir.File("old.db");
  std::vector<Migration> before;
  for (const Migration& m : kSqliteMigrations) {
    if (m.number < 9) before.push_back(m);
  }
  {
    auto old = sqlite::OpenSqliteStoreWith(o, before);
    ASSERT_TRUE(old.ok()) << old.status().ToString();
    MailbagStore& mb = (*old)->mailbag();
    Actor by{std::nullopt, kT0};
    for (const char* text : {"Old published question", "Old pending question"}) {
      Question q;
      q.question = text;
      q.dedupe_key = text;
      q.created_at = kT0;
      auto id = mb.CreateQuestion(q);
      ASSERT_TRUE(id.ok()) << id.status().ToString();
      if (std::string(text).find("published") == std::string::npos) continue;
      ASSERT_TRUE(mb.SaveAnswer(*id, MailbagAnswer{"An answer", "", "", kT0, {}}, by).ok());
      ASSERT_TRUE(
          mb.ChangeStatus(*id, {QuestionStatus::kNew, QuestionStatus::kAnswered}, by).ok());
      StatusChange c{QuestionStatus::kAnswered, QuestionStatus::kPublished};
      c.slug = "old";
      ASSERT_TRUE(mb.ChangeStatus(*id, c, by).ok());
    }
    (*old)->Close();
  }
  auto now = OpenSqliteStore(o);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  SearchQuery q;
  q.terms = {Word("old")};
  q.visible_at = kNow;
  auto r = (*now)->search().Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->hits[0].type, "qa");
  EXPECT_EQ(r->hits[0].slug, "old");
  (*now)->Close();
}

}  // namespace
}  // namespace store
