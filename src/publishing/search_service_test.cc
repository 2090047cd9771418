// Search service: hostile input never becomes an error, query cleaning and
// folding, paging; against a fake store (contract checks) and a real one.

#include "publishing/search_service.h"

#include <gtest/gtest.h>

#include <string>

#include "base/time_format.h"
#include "publishing/publishing_service.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace publishing {
namespace {

using store::SearchTerm;

// Records what reaches the store and checks the contract the real store
// would enforce (no empty term or word).
class FakeSearchStore final : public store::SearchStore {
 public:
  base::Result<store::SearchPage> Search(const store::SearchQuery& q) override {
    ++calls;
    last = q;
    if (auto s = Check(q.terms); !s.ok()) return s;
    store::SearchPage p;
    p.total = q.rank_window > 0 ? std::min(total, q.rank_window) : total;
    p.more = q.rank_window > 0 && total > q.rank_window;
    for (int i = 0; i < std::min<int64_t>(q.limit, std::max<int64_t>(total - q.offset, 0)); ++i) {
      store::SearchHit h;
      h.slug = "s" + std::to_string(q.offset + i);
      h.snippet = "a **bold** \x01word\x02 [link](http://x.org/y) <b>tag</b>";
      p.hits.push_back(h);
    }
    return p;
  }
  base::Result<std::vector<store::Suggestion>> Suggest(const std::vector<SearchTerm>& terms,
                                                       base::Time, int limit) override {
    ++calls;
    last.terms = terms;
    if (limit < 1 || limit > 20) return base::Status::InvalidArgument("limit");
    if (auto s = Check(terms); !s.ok()) return s;
    return std::vector<store::Suggestion>{{"article", "x", "X"}};
  }
  base::Result<int64_t> Generation() override { return int64_t{0}; }
  static base::Status Check(const std::vector<SearchTerm>& terms) {
    if (terms.empty()) return base::Status::InvalidArgument("no terms");
    for (const auto& t : terms) {
      if (t.words.empty()) return base::Status::InvalidArgument("empty term");
      for (const auto& w : t.words)
        if (w.empty()) return base::Status::InvalidArgument("empty word");
    }
    return base::Status::Ok();
  }

  int calls = 0;
  int64_t total = 25;
  store::SearchQuery last;
};

class SearchServiceTest : public ::testing::Test {
 protected:
  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  FakeSearchStore store_;
  SearchService service_{store_, clock_, 10};

  base::Result<SearchResults> Run(const std::string& text, int page = 1) {
    SearchRequest r;
    r.text = text;
    r.page = page;
    return service_.Search(r);
  }
};

TEST_F(SearchServiceTest, HostileInputIsNeverAnError) {
  std::vector<std::string> inputs = {
      "",      " ",    "\"", "\"\"\"",   "'",        "*",         "^",     ":",
      "(",     ")",    "()", "a OR b",   "NOT",      "NEAR(a b)", "a AND", "title: x",
      "{a b}", "-x",   "+",  "a\"b",     "\"open",   "x*",        "\\",    "%_",
      "¿?¡!",  "«»“”", "😀",  "\x01\x02", "\xff\xfe", "\xc3",      "a\0b",  "<script>",
  };
  inputs.push_back(std::string(10 * 1024, '"'));
  inputs.push_back(std::string(10 * 1024, 'a'));
  std::string mixed;
  for (int i = 0; i < 2000; ++i) mixed += "h\xC3\xA9\"(*^: ";
  inputs.push_back(mixed);
  for (const std::string& in : inputs) {
    auto r = Run(in);
    EXPECT_TRUE(r.ok()) << "input: " << in.substr(0, 40) << " -> " << r.status().ToString();
    auto s = service_.Suggest(in, 5);
    EXPECT_TRUE(s.ok()) << "input: " << in.substr(0, 40) << " -> " << s.status().ToString();
  }
}

TEST_F(SearchServiceTest, EmptyOrPunctuationOnlyQueryIsAnEmptyResultWithoutAStoreCall) {
  for (const char* in : {"", "   ", "\"\"", "*:^()", "¿¡«»"}) {
    auto r = Run(in);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->hits.empty());
    EXPECT_EQ(r->total, 0);
  }
  EXPECT_EQ(store_.calls, 0);
}

TEST_F(SearchServiceTest, LongInputIsCutAt200CodePoints) {
  std::string in;
  for (int i = 0; i < 300; ++i) in += "é";  // two bytes each
  auto r = Run(in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->query.size(), 400u);  // 200 code points, not 200 bytes
  ASSERT_EQ(store_.last.terms.size(), 1u);
  EXPECT_EQ(store_.last.terms[0].words[0], std::string(200, 'e'));
}

TEST_F(SearchServiceTest, WordsArePhrasesAreFoldedAndOperatorsAreLiteral) {
  auto terms = ParseQuery("Huélga \"General  STRIKE\" NOT o*r (x) ÑANDÚ");
  ASSERT_EQ(terms.size(), 7u);
  EXPECT_EQ(terms[0].words, std::vector<std::string>{"huelga"});
  EXPECT_EQ(terms[1].words, (std::vector<std::string>{"general", "strike"}));
  EXPECT_EQ(terms[2].words, std::vector<std::string>{"not"});
  EXPECT_EQ(terms[3].words, std::vector<std::string>{"o"});
  EXPECT_EQ(terms[4].words, std::vector<std::string>{"r"});
  EXPECT_EQ(terms[5].words, std::vector<std::string>{"x"});
  EXPECT_EQ(terms[6].words, std::vector<std::string>{"nandu"});
  for (const auto& t : terms) EXPECT_FALSE(t.prefix);
  // Unbalanced quote closes at the end; repeats are dropped.
  terms = ParseQuery("a a \"b c");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[1].words, (std::vector<std::string>{"b", "c"}));
  EXPECT_LE(ParseQuery("a b c d e f g h i j k l m n o p q r").size(), kMaxQueryTerms);
}

TEST_F(SearchServiceTest, BadPageTypeOrYearIsInvalidArgument) {
  EXPECT_TRUE(Run("x", 0).status().IsInvalidArgument());
  EXPECT_TRUE(Run("x", kMaxPage + 1).status().IsInvalidArgument());
  SearchRequest r;
  r.text = "x";
  r.type = "video";
  EXPECT_TRUE(service_.Search(r).status().IsInvalidArgument());
  r.type = "";
  r.year = 99999;
  EXPECT_TRUE(service_.Search(r).status().IsInvalidArgument());
}

TEST_F(SearchServiceTest, PagesFiltersAndVisibility) {
  SearchRequest r;
  r.text = "x";
  r.page = 3;
  r.type = "article";
  r.lang = "es";
  r.year = 2026;
  r.section_slug = "news";
  r.tag_slug = "t";
  auto res = service_.Search(r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->total, 25);
  EXPECT_EQ(res->total_pages, 3);
  EXPECT_EQ(res->hits.size(), 5u);
  EXPECT_EQ(store_.last.offset, 20);
  EXPECT_EQ(store_.last.limit, 10);
  EXPECT_EQ(store_.last.visible_at, clock_.Now());
  EXPECT_EQ(store_.last.type, "article");
  EXPECT_EQ(store_.last.lang, "es");
  EXPECT_EQ(store_.last.year, 2026);
  EXPECT_EQ(store_.last.section_slug, "news");
  EXPECT_EQ(store_.last.tag_slug, "t");
  // Snippets come back readable, markers kept.
  EXPECT_EQ(res->hits[0].snippet, "a bold \x01word\x02 link tag");
}

TEST_F(SearchServiceTest, TheRankWindowReachesTheStoreAndBoundsThePages) {
  EXPECT_EQ(store_.last.rank_window, 0);
  SearchService windowed(store_, clock_, 10, 12);
  SearchRequest r;
  r.text = "x";
  auto res = windowed.Search(r);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(store_.last.rank_window, 12);
  EXPECT_EQ(res->total, 12);
  EXPECT_TRUE(res->more);
  EXPECT_EQ(res->total_pages, 2);
  // Similar is never windowed.
  ASSERT_TRUE(windowed.Similar("general strike workers", "qa", 5).ok());
  EXPECT_EQ(store_.last.rank_window, 0);
  // A negative window is no window.
  SearchService negative(store_, clock_, 10, -5);
  ASSERT_TRUE(negative.Search(r).ok());
  EXPECT_EQ(store_.last.rank_window, 0);
  EXPECT_FALSE(negative.Search(r)->more);
}

TEST_F(SearchServiceTest, SuggestPrefixesTheWordBeingTyped) {
  ASSERT_TRUE(service_.Suggest("general stri", 5).ok());
  ASSERT_EQ(store_.last.terms.size(), 2u);
  EXPECT_FALSE(store_.last.terms[0].prefix);
  EXPECT_TRUE(store_.last.terms[1].prefix);
  ASSERT_TRUE(service_.Suggest("general strike ", 5).ok());
  EXPECT_FALSE(store_.last.terms[1].prefix);
  const int before = store_.calls;
  auto s = service_.Suggest("a", 5);  // too short to be useful
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
  EXPECT_EQ(store_.calls, before);
  EXPECT_TRUE(service_.Suggest("abc", 1000).ok());  // limit clamped
}

TEST_F(SearchServiceTest, SimilarDropsStopWordsAndMatchesAnyWord) {
  auto r = service_.Similar("¿Qué es la HUELGA general? What is a strike, and why?", "qa", 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 5u);
  EXPECT_TRUE(store_.last.any_term);
  EXPECT_EQ(store_.last.type, "qa");
  EXPECT_EQ(store_.last.limit, 5);
  EXPECT_EQ(store_.last.visible_at, clock_.Now());
  std::vector<std::string> words;
  for (const SearchTerm& t : store_.last.terms) {
    ASSERT_EQ(t.words.size(), 1u);
    EXPECT_FALSE(t.prefix);
    words.push_back(t.words[0]);
  }
  EXPECT_EQ(words, (std::vector<std::string>{"huelga", "general", "strike"}));
  // Snippets come back readable, as in Search.
  EXPECT_EQ((*r)[0].snippet, "a bold \x01word\x02 link tag");
}

TEST_F(SearchServiceTest, SimilarNeedsTwoSignificantWords) {
  for (const char* in : {"", "What is the?", "¿Qué es lo que hay?", "a b c d e", "strike",
                         "\"strike\" ¿¡«»", "x y z strike"}) {
    auto r = service_.Similar(in, "qa", 5);
    ASSERT_TRUE(r.ok()) << in;
    EXPECT_TRUE(r->empty()) << in;
  }
  EXPECT_EQ(store_.calls, 0);
  ASSERT_TRUE(service_.Similar("strike wages", "qa", 5).ok());
  EXPECT_EQ(store_.calls, 1);
}

TEST_F(SearchServiceTest, SimilarTypeAndLimit) {
  EXPECT_TRUE(service_.Similar("strike wages", "video", 5).status().IsInvalidArgument());
  EXPECT_TRUE(service_.Similar("strike wages", "", 5).status().IsInvalidArgument());
  ASSERT_TRUE(service_.Similar("strike wages", "article", 0).ok());
  EXPECT_EQ(store_.last.limit, 1);
  ASSERT_TRUE(service_.Similar("strike wages", "page", 1000).ok());
  EXPECT_EQ(store_.last.limit, kMaxSimilar);
}

TEST_F(SearchServiceTest, SimilarHostileInputIsNeverAnError) {
  std::vector<std::string> inputs = {"\"a b\" NOT c OR d*", "NEAR(strike wages)",
                                     "\xff\xfe strike",     "strike\x01wages",
                                     "😀 strike 😀 wages",    "<script>x</script>"};
  std::string big;
  for (int i = 0; i < 3000; ++i) big += "huélga\"(*^: word" + std::to_string(i) + " ";
  inputs.push_back(big);
  for (const std::string& in : inputs) {
    auto r = service_.Similar(in, "qa", 5);
    EXPECT_TRUE(r.ok()) << in.substr(0, 40) << " -> " << r.status().ToString();
    EXPECT_LE(store_.last.terms.size(), kMaxQueryTerms);
  }
}

TEST(SimilarTermsTest, KeepsTheLongestWordsInTextOrder) {
  // 14 significant words; the two shortest ("tax", "pay") go.
  auto terms = SimilarTerms(
      "tax collective bargaining agreements pay negotiated between unions employers covering "
      "wages hours holidays pensions overtime");
  ASSERT_EQ(terms.size(), kMaxQueryTerms);
  EXPECT_EQ(terms[0].words[0], "collective");
  EXPECT_EQ(terms.back().words[0], "overtime");
  for (const SearchTerm& t : terms) {
    EXPECT_NE(t.words[0], "tax");
    EXPECT_NE(t.words[0], "pay");
  }
  // Repeats and case/accent variants count once; digits are words.
  terms = SimilarTerms("Huelga huelga HUÉLGA 2026 x");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].words[0], "huelga");
  EXPECT_EQ(terms[1].words[0], "2026");
}

TEST(CutQueryTest, DropsInvalidUtf8AndControls) {
  EXPECT_EQ(CutQuery("a\xff"
                     "b\x01"
                     "c\xc3"),
            "abc");
  EXPECT_EQ(CutQuery("\xed\xa0\x80x"), "x");  // a surrogate
  EXPECT_EQ(CutQuery("\xc0\xaf"
                     "y"),
            "y");  // overlong
  EXPECT_EQ(CutQuery("ñandú", 3), "ñan");
}

TEST(SearchServiceRealStoreTest, HostileInputAgainstSqlite) {
  test_support::TempDir dir{"bs-search-service"};
  store::SqliteOptions o;
  o.path = dir.File("t.db");
  auto st = store::OpenSqliteStore(o);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  base::FakeClock clock{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  store::ArticleDraft d;
  d.slug = "h";
  d.title = "La huelga NOT \"quoted\"";
  d.body_markdown = "Texto con (paréntesis) y * asteriscos.";
  d.status = store::ArticleStatus::kPublished;
  d.published_at = clock.Now() - std::chrono::hours(1);
  ASSERT_TRUE((*st)->publishing().CreateArticle(d, clock.Now()).ok());
  SearchService service((*st)->search(), clock, 10);
  for (const char* in :
       {"\"", "NOT", "huelga NOT", "*", "(paréntesis)", "a\"b\"c", "NEAR(", "title:huelga",
        "^huelga", "\"la huelga", "x OR", "😀 huelga", "¿", "HUÉLGA"}) {
    SearchRequest r;
    r.text = in;
    auto res = service.Search(r);
    EXPECT_TRUE(res.ok()) << in << ": " << res.status().ToString();
    auto sug = service.Suggest(in, 5);
    EXPECT_TRUE(sug.ok()) << in << ": " << sug.status().ToString();
  }
  SearchRequest r;
  r.text = "HUÉLGA";
  auto res = service.Search(r);
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res->total, 1);
  EXPECT_EQ(res->hits[0].slug, "h");
  (*st)->Close();
}

TEST(SearchServiceRealStoreTest, SimilarFindsAnArticleSharingOnlySomeWords) {
  test_support::TempDir dir{"bs-search-similar"};
  store::SqliteOptions o;
  o.path = dir.File("t.db");
  auto st = store::OpenSqliteStore(o);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  base::FakeClock clock{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  auto add = [&](const std::string& slug, const std::string& title, const std::string& body) {
    store::ArticleDraft d;
    d.slug = slug;
    d.title = title;
    d.body_markdown = body;
    d.status = store::ArticleStatus::kPublished;
    d.published_at = clock.Now() - std::chrono::hours(1);
    ASSERT_TRUE((*st)->publishing().CreateArticle(d, clock.Now()).ok());
  };
  add("rent", "Tenants organise against rent rises", "The tenants' union met on Tuesday.");
  add("bus", "Bus drivers vote on the new timetable", "Drivers want longer breaks.");
  SearchService service((*st)->search(), clock, 10);
  // "winter", "heating" appear nowhere: with AND this would find nothing.
  auto r =
      service.Similar("Will the union help tenants whose heating fails this winter?", "article", 5);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].slug, "rent");
  r = service.Similar("\"NOT\" OR * NEAR( ¿qué? tenants", "article", 5);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  (*st)->Close();
}

}  // namespace
}  // namespace publishing

namespace publishing {
namespace {

TEST(CleanSnippetTest, DropsMarkdownKeepsMarkersAndWords) {
  EXPECT_EQ(CleanSnippet("## Heading\n\nsome *em* and __strong__ `code`"),
            "Heading some em and strong code");
  EXPECT_EQ(CleanSnippet("see [the \x01port\x02](https://x.org/a_b) now"),
            "see the \x01port\x02 now");
  EXPECT_EQ(CleanSnippet("snake_case stays; _em_ goes"), "snake_case stays; em goes");
  EXPECT_EQ(CleanSnippet("a <b>bold</b> word"), "a bold word");
  EXPECT_EQ(CleanSnippet("x < y and 3 > 2"), "x < y and 3 2");
}

}  // namespace
}  // namespace publishing
