// The search cache in front of the real SQLite search store: hits, and that
// no write, clock step or different query is ever answered from stale memory.

#include "store/caching_search_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'767'225'600));

// An inner store whose searches wait at a gate until the test opens it, so
// the test can hold a computation in flight and see who joins it.
class GatedSearchStore final : public SearchStore {
 public:
  explicit GatedSearchStore(SearchStore& inner) : inner_(inner) {}
  Result<SearchPage> Search(const SearchQuery& q) override {
    {
      std::unique_lock<std::mutex> lock(mu_);
      ++calls_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return open_; });
      if (throw_next_) {
        throw_next_ = false;
        throw std::runtime_error("out of memory, say");
      }
    }
    return inner_.Search(q);
  }
  Result<std::vector<Suggestion>> Suggest(const std::vector<SearchTerm>& terms, Time at,
                                          int limit) override {
    return inner_.Suggest(terms, at, limit);
  }
  Result<int64_t> Generation() override { return inner_.Generation(); }

  void WaitForCalls(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return calls_ >= n; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    changed_.notify_all();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  void ThrowNext() {
    std::lock_guard<std::mutex> lock(mu_);
    throw_next_ = true;
  }

 private:
  SearchStore& inner_;
  std::mutex mu_;
  std::condition_variable changed_;
  int calls_ = 0;
  bool open_ = false;
  bool throw_next_ = false;
};

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
  // The rank window is part of the question.
  SearchQuery windowed = plain;
  windowed.rank_window = 100;
  EXPECT_EQ(Total(windowed), 1);
  EXPECT_EQ(cache_->stats().hits, 1);
  // Bad queries are the inner store's errors, not cached.
  SearchQuery bad = plain;
  bad.limit = 0;
  EXPECT_TRUE(cache_->Search(bad).status().IsInvalidArgument());
}

TEST_F(CachingSearchStoreTest, ReadersMissingTogetherShareOneComputation) {
  Publish("a", "Strike news");
  GatedSearchStore gate(store_->search());
  CachingSearchStore cache(gate, seconds(30), 16);
  const SearchQuery q = Q("strike", kT0 + seconds(100));
  constexpr int kReaders = 4;
  std::vector<int64_t> totals(kReaders, -1);
  std::vector<std::thread> readers;
  readers.emplace_back([&] { totals[0] = cache.Search(q).value().total; });
  gate.WaitForCalls(1);  // the first reader is computing
  for (int i = 1; i < kReaders; ++i) {
    readers.emplace_back([&, i] { totals[i] = cache.Search(q).value().total; });
  }
  // Every later reader has joined the flight before the gate opens (no
  // timing: we wait until the cache has counted them).
  while (cache.stats().shared < kReaders - 1) std::this_thread::yield();
  gate.Open();
  for (auto& t : readers) t.join();
  EXPECT_EQ(gate.calls(), 1);
  for (int64_t total : totals) EXPECT_EQ(total, 1);
  EXPECT_EQ(cache.stats().misses, kReaders);
  EXPECT_EQ(cache.stats().shared, kReaders - 1);
  // The page is cached as usual afterwards.
  EXPECT_EQ(cache.Search(q).value().total, 1);
  EXPECT_EQ(cache.stats().hits, 1);
  EXPECT_EQ(gate.calls(), 1);
}

TEST_F(CachingSearchStoreTest, AReaderThatThrowsLeavesNoOneWaitingForever) {
  Publish("a", "Strike news");
  GatedSearchStore gate(store_->search());
  CachingSearchStore cache(gate, seconds(30), 16);
  const SearchQuery q = Q("strike", kT0 + seconds(100));
  gate.ThrowNext();
  bool first_threw = false;
  int64_t joined = -1;
  std::thread first([&] {
    try {
      (void)cache.Search(q);
    } catch (const std::runtime_error&) {
      first_threw = true;
    }
  });
  gate.WaitForCalls(1);
  std::thread second([&] { joined = cache.Search(q).value().total; });
  while (cache.stats().shared < 1) std::this_thread::yield();
  gate.Open();
  first.join();
  second.join();
  EXPECT_TRUE(first_threw);
  EXPECT_EQ(joined, 1);  // answered by asking the inner store itself
  // No broken flight is left behind: the next reader computes and caches.
  EXPECT_EQ(cache.Search(q).value().total, 1);
  EXPECT_EQ(cache.Search(q).value().total, 1);
  EXPECT_EQ(cache.stats().hits, 1);
}

TEST_F(CachingSearchStoreTest, AFlightOfAnOlderGenerationIsNotJoined) {
  Publish("a", "Strike news");
  GatedSearchStore gate(store_->search());
  CachingSearchStore cache(gate, seconds(30), 16);
  const SearchQuery q = Q("strike", kT0 + seconds(100));
  int64_t before = -1, after = -1;
  std::thread first([&] { before = cache.Search(q).value().total; });
  gate.WaitForCalls(1);
  Publish("b", "Strike again");  // moves the generation while the first computes
  std::thread second([&] { after = cache.Search(q).value().total; });
  gate.WaitForCalls(2);  // the second computed on its own instead of joining
  gate.Open();
  first.join();
  second.join();
  EXPECT_EQ(after, 2);
  EXPECT_GE(before, 1);
  EXPECT_EQ(cache.stats().shared, 0);
}

}  // namespace
}  // namespace store
