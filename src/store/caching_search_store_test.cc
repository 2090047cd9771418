// The search cache in front of the real SQLite search store: hits, and that
// no write, clock step or different query is ever answered from stale memory.

#include "store/caching_search_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'767'225'600));

class CachingSearchStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    store_ = std::move(OpenSqliteStore(o)).value();
    cache_ = std::make_unique<CachingSearchStore>(store_->search(), seconds(30), 3);
  }
  int64_t Publish(const std::string& slug, const std::string& title) {
    ArticleDraft d;
    d.slug = slug;
    d.title = title;
    d.body_markdown = "Body.";
    d.status = ArticleStatus::kPublished;
    d.published_at = kT0;
    return store_->publishing().CreateArticle(d, kT0).value();
  }
  SearchQuery Q(const std::string& word, Time at) {
    SearchQuery q;
    q.terms = {SearchTerm{{word}, false}};
    q.visible_at = at;
    return q;
  }
  int64_t Total(const SearchQuery& q) {
    auto r = cache_->Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->total : -1;
  }

  test_support::TempDir dir_{"bs-search-cache"};
  std::unique_ptr<Store> store_;
  std::unique_ptr<CachingSearchStore> cache_;
};

TEST_F(CachingSearchStoreTest, RepeatsAreServedFromMemoryUntilTheIndexChanges) {
  Publish("a", "Strike news");
  const Time now = kT0 + seconds(100);
  EXPECT_EQ(Total(Q("strike", now)), 1);
  EXPECT_EQ(Total(Q("strike", now + seconds(5))), 1);
  EXPECT_EQ(cache_->stats().hits, 1);
  EXPECT_EQ(cache_->stats().misses, 1);

  // Any index write, here a new article, makes the next answer fresh.
  const int64_t b = Publish("b", "Another strike");
  EXPECT_EQ(Total(Q("strike", now + seconds(6))), 2);
  EXPECT_EQ(cache_->stats().misses, 2);
  // A deletion too.
  ASSERT_TRUE(store_->publishing().DeleteArticle(b).ok());
  EXPECT_EQ(Total(Q("strike", now + seconds(7))), 1);
  EXPECT_EQ(cache_->stats().misses, 3);
}

TEST_F(CachingSearchStoreTest, EntriesExpireWithTheClockAndNeverServeThePast) {
  Publish("a", "Strike news");
  const Time now = kT0 + seconds(100);
  EXPECT_EQ(Total(Q("strike", now)), 1);
  EXPECT_EQ(Total(Q("strike", now + seconds(29))), 1);
  EXPECT_EQ(cache_->stats().hits, 1);
  EXPECT_EQ(Total(Q("strike", now + seconds(31))), 1);  // past the TTL: recomputed
  EXPECT_EQ(cache_->stats().misses, 2);
  EXPECT_EQ(Total(Q("strike", now)), 1);  // an earlier moment than the entry's
  EXPECT_EQ(cache_->stats().misses, 3);
}

TEST_F(CachingSearchStoreTest, DifferentQueriesNeverShareAnEntryAndTheSizeIsBounded) {
  Publish("a", "Strike news");
  const Time now = kT0 + seconds(100);
  SearchQuery plain = Q("strike", now);
  SearchQuery typed = plain;
  typed.type = "qa";
  SearchQuery paged = plain;
  paged.offset = 10;
  SearchQuery any = plain;
  any.any_term = true;
  EXPECT_EQ(Total(plain), 1);
  EXPECT_EQ(Total(typed), 0);
  EXPECT_EQ(cache_->Search(paged).value().hits.size(), 0u);
  EXPECT_EQ(Total(any), 1);
  EXPECT_EQ(cache_->stats().hits, 0);
  EXPECT_EQ(cache_->stats().entries, 3u);  // bounded at 3
  EXPECT_EQ(Total(any), 1);                // the newest stayed
  EXPECT_EQ(cache_->stats().hits, 1);
  // Bad queries are the inner store's errors, not cached.
  SearchQuery bad = plain;
  bad.limit = 0;
  EXPECT_TRUE(cache_->Search(bad).status().IsInvalidArgument());
}

}  // namespace
}  // namespace store
