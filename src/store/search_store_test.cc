// Contract tests for the search store on SQLite (real database in a temp
// dir): the index follows every write, ranking, accent folding, visibility,
// filters, paging and snippets.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

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

class SearchStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  PublishingStore& ps() { return store_->publishing(); }
  SearchStore& search() { return store_->search(); }

  int64_t Create(const std::string& slug, const std::string& title, const std::string& body,
                 ArticleStatus status = ArticleStatus::kPublished,
                 std::optional<Time> published = kT0, const std::string& lang = "en",
                 ContentKind kind = ContentKind::kArticle) {
    ArticleDraft d;
    d.kind = kind;
    d.slug = slug;
    d.title = title;
    d.body_markdown = body;
    d.status = status;
    d.published_at = published;
    d.lang = lang;
    d.section_id = section_;
    d.tag_ids = tags_;
    auto id = ps().CreateArticle(d, kT0);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  SearchQuery Q(std::vector<SearchTerm> terms) {
    SearchQuery q;
    q.terms = std::move(terms);
    q.visible_at = kNow;
    return q;
  }
  std::vector<std::string> Slugs(const SearchQuery& q) {
    auto r = search().Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    if (r.ok()) {
      for (const auto& h : r->hits) out.push_back(h.slug);
    }
    return out;
  }
  std::vector<std::string> Slugs(const std::string& word) { return Slugs(Q({Word(word)})); }

  test_support::TempDir dir_{"bs-search-store"};
  std::unique_ptr<Store> store_;
  std::optional<int64_t> section_;
  std::vector<int64_t> tags_;
};

using Slist = std::vector<std::string>;

TEST_F(SearchStoreTest, TitleMatchOutranksBodyMatch) {
  Create("in-body", "Weekly notes", "The strike went on for a week, strike after strike.");
  Create("in-title", "Strike", "Nothing else here.");
  EXPECT_EQ(Slugs("strike"), (Slist{"in-title", "in-body"}));
}

TEST_F(SearchStoreTest, AccentsFoldBothWays) {
  Create("es", "La huelga general", "Convocada por los sindicatos.", ArticleStatus::kPublished, kT0,
         "es");
  Create("es2", "Otra Huélga", "Texto.", ArticleStatus::kPublished, kT0, "es");
  Slist both{"es", "es2"};
  Slist got = Slugs("huelga");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, both);
  got = Slugs("Huélga");
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, both);
  EXPECT_EQ(Slugs("SINDICATOS"), (Slist{"es"}));
}

TEST_F(SearchStoreTest, EnglishAndSpanishStems) {
  Create("en", "Workers are striking", "Organizing the union.");
  Create("es", "Los trabajadores", "Las huelgas de enero.", ArticleStatus::kPublished, kT0, "es");
  EXPECT_EQ(Slugs("strike"), (Slist{"en"}));
  EXPECT_EQ(Slugs("organized"), (Slist{"en"}));
  EXPECT_EQ(Slugs("huelga"), (Slist{"es"}));
  EXPECT_EQ(Slugs("trabajador"), (Slist{"es"}));
}

TEST_F(SearchStoreTest, DraftsAndFutureScheduledAreNeverFound) {
  Create("draft", "Secret plan", "x", ArticleStatus::kDraft, kT0);
  Create("later", "Secret future", "x", ArticleStatus::kScheduled, kNow + hours(1));
  Create("due", "Secret due", "x", ArticleStatus::kScheduled, kNow - hours(1));
  Create("pub-future", "Secret odd", "x", ArticleStatus::kPublished, kNow + hours(1));
  EXPECT_EQ(Slugs("secret"), (Slist{"due"}));
  auto s = search().Suggest({Word("secr", true)}, kNow, 10);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].slug, "due");
}

TEST_F(SearchStoreTest, UpdatesStatusChangesAndDeletesShowAtOnce) {
  int64_t id = Create("a", "Old words", "alpha");
  EXPECT_EQ(Slugs("alpha"), (Slist{"a"}));
  auto art = ps().GetArticle(id);
  ASSERT_TRUE(art.ok());
  ArticleDraft d;
  d.slug = "b";
  d.title = "New words";
  d.body_markdown = "beta";
  d.status = ArticleStatus::kPublished;
  d.published_at = kT0;
  ASSERT_TRUE(ps().UpdateArticle(id, d, art->version, kT0).ok());
  EXPECT_TRUE(Slugs("alpha").empty());
  EXPECT_EQ(Slugs("beta"), (Slist{"b"}));

  art = ps().GetArticle(id);
  ASSERT_TRUE(art.ok());
  ASSERT_TRUE(ps().SetArticleStatus(id, ArticleStatus::kDraft, kT0, art->version, kT0).ok());
  EXPECT_TRUE(Slugs("beta").empty());
  art = ps().GetArticle(id);
  ASSERT_TRUE(ps().SetArticleStatus(id, ArticleStatus::kPublished, kT0, art->version, kT0).ok());
  EXPECT_EQ(Slugs("beta"), (Slist{"b"}));

  ASSERT_TRUE(ps().DeleteArticle(id).ok());
  EXPECT_TRUE(Slugs("beta").empty());
  auto s = search().Suggest({Word("new", true)}, kNow, 5);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
}

TEST_F(SearchStoreTest, TagsAndBylinesAreIndexedAndFollowMergesAndRenames) {
  auto from = ps().EnsureTag("labour", "Labour");
  auto into = ps().EnsureTag("work", "Workplace");
  ASSERT_TRUE(from.ok() && into.ok());
  Byline b;
  b.slug = "ana";
  b.name = "Ana Zamorano";
  auto bid = ps().CreateByline(b);
  ASSERT_TRUE(bid.ok());
  ArticleDraft d;
  d.slug = "t";
  d.title = "Tagged";
  d.status = ArticleStatus::kPublished;
  d.published_at = kT0;
  d.tag_ids = {*from};
  d.byline_ids = {*bid};
  ASSERT_TRUE(ps().CreateArticle(d, kT0).ok());
  EXPECT_EQ(Slugs("labour"), (Slist{"t"}));
  EXPECT_EQ(Slugs("zamorano"), (Slist{"t"}));

  SearchQuery q = Q({Word("tagged")});
  q.tag_slug = "labour";
  EXPECT_EQ(Slugs(q), (Slist{"t"}));

  ASSERT_TRUE(ps().MergeTags(*from, *into, kT0).ok());
  EXPECT_TRUE(Slugs("labour").empty());
  EXPECT_EQ(Slugs("workplace"), (Slist{"t"}));
  EXPECT_TRUE(Slugs(q).empty());  // the merged-away tag filters nothing in
  q.tag_slug = "work";
  EXPECT_EQ(Slugs(q), (Slist{"t"}));

  b.id = *bid;
  b.name = "Ana Quintana";
  ASSERT_TRUE(ps().UpdateByline(b).ok());
  EXPECT_TRUE(Slugs("zamorano").empty());
  EXPECT_EQ(Slugs("quintana"), (Slist{"t"}));

  ASSERT_TRUE(ps().DeleteTag(*into, kT0).ok());
  EXPECT_TRUE(Slugs("workplace").empty());
}

TEST_F(SearchStoreTest, Filters) {
  Section s;
  s.slug = "news";
  s.name = "News";
  auto sid = ps().CreateSection(s);
  ASSERT_TRUE(sid.ok());
  section_ = *sid;
  Create("en-2026", "Common topic", "x", ArticleStatus::kPublished, kT0 + hours(1));
  section_.reset();
  Create("es-2025", "Common topic", "x", ArticleStatus::kPublished, kT0 - hours(1), "es");
  Create("page", "Common topic", "x", ArticleStatus::kPublished, kT0, "en", ContentKind::kPage);

  SearchQuery q = Q({Word("common")});
  EXPECT_EQ(Slugs(q).size(), 3u);
  q.lang = "es";
  EXPECT_EQ(Slugs(q), (Slist{"es-2025"}));
  q = Q({Word("common")});
  q.year = 2025;
  EXPECT_EQ(Slugs(q), (Slist{"es-2025"}));
  q.year = 2024;
  EXPECT_TRUE(Slugs(q).empty());
  q = Q({Word("common")});
  q.section_slug = "news";
  EXPECT_EQ(Slugs(q), (Slist{"en-2026"}));
  q.section_slug = "nope";
  EXPECT_TRUE(Slugs(q).empty());
  q = Q({Word("common")});
  q.type = "page";
  EXPECT_EQ(Slugs(q), (Slist{"page"}));
  q.type = "qa";
  EXPECT_TRUE(Slugs(q).empty());

  auto r = search().Search(Q({Word("common")}));
  ASSERT_TRUE(r.ok());
  for (const auto& h : r->hits) {
    if (h.slug == "en-2026") {
      EXPECT_EQ(h.section_slug, "news");
      EXPECT_EQ(h.section_name, "News");
      EXPECT_EQ(h.type, "article");
    }
  }
}

TEST_F(SearchStoreTest, PagingAndTotal) {
  for (int i = 0; i < 7; ++i) Create("p" + std::to_string(i), "Paged " + std::to_string(i), "x");
  SearchQuery q = Q({Word("paged")});
  q.limit = 3;
  q.offset = 6;
  auto r = search().Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 7);
  EXPECT_EQ(r->hits.size(), 1u);
  q.offset = 30;
  r = search().Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 7);
  EXPECT_TRUE(r->hits.empty());
}

TEST_F(SearchStoreTest, RankWindowRanksOnlyTheNewestMatches) {
  // Six matches; the oldest carries the word in its title, so unbounded it
  // ranks first.
  Create("oldest", "Strike strike strike", "strike");
  for (int i = 1; i <= 5; ++i) Create("w" + std::to_string(i), "Other " + std::to_string(i), "strike");
  SearchQuery q = Q({Word("strike")});
  auto all = search().Search(q);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 6);
  EXPECT_FALSE(all->more);
  ASSERT_FALSE(all->hits.empty());
  EXPECT_EQ(all->hits[0].slug, "oldest");

  q.rank_window = 3;
  auto windowed = search().Search(q);
  ASSERT_TRUE(windowed.ok());
  EXPECT_EQ(windowed->total, 3);
  EXPECT_TRUE(windowed->more);
  std::vector<std::string> got;
  for (const auto& h : windowed->hits) got.push_back(h.slug);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Slist{"w3", "w4", "w5"}));

  // Paging stays inside the window.
  q.limit = 2;
  q.offset = 2;
  auto second = search().Search(q);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->hits.size(), 1u);
  q.offset = 3;
  second = search().Search(q);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->hits.empty());
  EXPECT_TRUE(second->more);

  // A window no smaller than the matches changes nothing and counts exactly.
  q = Q({Word("strike")});
  q.rank_window = 6;
  auto exact = search().Search(q);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->total, 6);
  EXPECT_FALSE(exact->more);
  ASSERT_FALSE(exact->hits.empty());
  EXPECT_EQ(exact->hits[0].slug, "oldest");
}

TEST_F(SearchStoreTest, RankWindowAppliesAfterTheFilters) {
  // Only the oldest match is Spanish; a window of newer English matches must
  // not hide it from a Spanish-only search.
  Create("viejo", "Huelga general", "huelga", ArticleStatus::kPublished, kT0, "es");
  for (int i = 0; i < 4; ++i) Create("n" + std::to_string(i), "New " + std::to_string(i), "huelga");
  // A draft and a future article are newer still, and must not use up the window.
  Create("draft", "Draft", "huelga", ArticleStatus::kDraft, std::nullopt);
  Create("future", "Future", "huelga", ArticleStatus::kScheduled, kNow + hours(1));
  SearchQuery q = Q({Word("huelga")});
  q.rank_window = 2;
  q.lang = "es";
  auto r = search().Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 1);
  EXPECT_FALSE(r->more);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].slug, "viejo");

  q.lang.reset();
  r = search().Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2);
  EXPECT_TRUE(r->more);
  for (const auto& h : r->hits) {
    EXPECT_TRUE(h.slug == "n2" || h.slug == "n3") << h.slug;
  }
}

TEST_F(SearchStoreTest, SnippetsCarryMarkersAndPhrasesMatchInOrder) {
  Create("s", "Report", "Before the words. The general strike began at dawn in the port.");
  auto r = search().Search(Q({Word("dawn")}));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string& sn = r->hits[0].snippet;
  EXPECT_NE(sn.find(std::string(1, kHighlightOpen) + "dawn" + kHighlightClose), std::string::npos)
      << sn;

  SearchTerm phrase;
  phrase.words = {"general", "strike"};
  EXPECT_EQ(Slugs(Q({phrase})), (Slist{"s"}));
  phrase.words = {"strike", "general"};
  EXPECT_TRUE(Slugs(Q({phrase})).empty());
}

TEST_F(SearchStoreTest, QuotesAndOperatorsInWordsAreLiteral) {
  Create("x", "Plain", "and or not near");
  for (const char* w : {"\"", "a\"b", "NOT", "OR", "AND", "NEAR", "*", "(", "title:", "^x"}) {
    auto r = search().Search(Q({Word(w)}));
    EXPECT_TRUE(r.ok()) << w << ": " << r.status().ToString();
  }
  EXPECT_EQ(Slugs("NOT"), (Slist{"x"}));
}

TEST_F(SearchStoreTest, BadQueriesAreInvalidArgument) {
  EXPECT_TRUE(search().Search(Q({})).status().IsInvalidArgument());
  EXPECT_TRUE(search().Search(Q({Word("")})).status().IsInvalidArgument());
  SearchQuery q = Q({Word("x")});
  q.limit = 0;
  EXPECT_TRUE(search().Search(q).status().IsInvalidArgument());
  q.limit = 10;
  q.offset = -1;
  EXPECT_TRUE(search().Search(q).status().IsInvalidArgument());
  q.offset = 0;
  q.rank_window = -1;
  EXPECT_TRUE(search().Search(q).status().IsInvalidArgument());
  EXPECT_TRUE(search().Suggest({}, kNow, 5).status().IsInvalidArgument());
  EXPECT_TRUE(search().Suggest({Word("x")}, kNow, 0).status().IsInvalidArgument());
}

TEST_F(SearchStoreTest, SuggestMatchesTitlePrefixesUnstemmed) {
  Create("o", "Organizing the unorganized", "x");
  Create("b", "Body only", "organizing");
  auto s = search().Suggest({Word("organi", true)}, kNow, 5);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].slug, "o");
  EXPECT_EQ((*s)[0].title, "Organizing the unorganized");
  EXPECT_EQ((*s)[0].type, "article");
}

TEST(SearchMigrationTest, BackfillsContentWrittenBeforeIt) {
  test_support::TempDir dir{"bs-search-migration"};
  SqliteOptions o;
  o.path = dir.File("old.db");
  std::vector<Migration> before;
  for (const Migration& m : kSqliteMigrations) {
    if (m.number < 7) before.push_back(m);
  }
  {
    auto old = sqlite::OpenSqliteStoreWith(o, before);
    ASSERT_TRUE(old.ok()) << old.status().ToString();
    ArticleDraft d;
    d.slug = "old";
    d.title = "Written before search";
    d.body_markdown = "Antigua huelga";
    d.status = ArticleStatus::kPublished;
    d.published_at = kT0;
    ASSERT_TRUE((*old)->publishing().CreateArticle(d, kT0).ok());
    d.slug = "old-draft";
    d.status = ArticleStatus::kDraft;
    ASSERT_TRUE((*old)->publishing().CreateArticle(d, kT0).ok());
    (*old)->Close();
  }
  auto now = OpenSqliteStore(o);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  SearchQuery q;
  q.terms = {Word("huelga")};
  q.visible_at = kNow;
  auto r = (*now)->search().Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->total, 1);
  EXPECT_EQ(r->hits[0].slug, "old");
  auto s = (*now)->search().Suggest({Word("writ", true)}, kNow, 5);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 1u);
  (*now)->Close();
}

}  // namespace
}  // namespace store
