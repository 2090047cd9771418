#pragma once
// A SearchStore that remembers recent result pages in memory, in front of
// another one. Full-text ranking of a common word over tens of thousands of
// documents costs milliseconds of CPU per query (bench/README.md, "Search and
// Mailbag"); when an article goes viral, many people search the same few
// words, and answering them from memory keeps the site up.
//
// Freshness: an entry is used only while the inner store's Generation() is
// the one it was computed at (any index write, on any node, moves it), and
// for at most `ttl` of query time after it was computed, because visibility
// also changes with the clock (a scheduled article appears at its time, up
// to `ttl` late in search; the same order as the publish-due job).
//
// One computation per query at a time: when many readers miss on the same
// query at once (the first seconds of a viral story, or just after an index
// write moved the generation), one of them asks the inner store and the
// others wait for its page instead of each running the same ranking.
//
// Bounded: at most `max_entries` pages, least recently used evicted first.
// Suggest is passed through (prefix lookups on titles are cheap).
// Thread-safe.

#include <chrono>
#include <cstddef>
#include <future>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/search_store.h"

namespace store {

class CachingSearchStore final : public SearchStore {
 public:
  // `inner` must outlive this object.
  CachingSearchStore(SearchStore& inner, std::chrono::seconds ttl = std::chrono::seconds(30),
                     size_t max_entries = 1024)
      : inner_(inner), ttl_(ttl), max_entries_(max_entries) {}

  Result<SearchPage> Search(const SearchQuery& q) override;
  Result<std::vector<Suggestion>> Suggest(const std::vector<SearchTerm>& terms, Time visible_at,
                                          int limit) override {
    return inner_.Suggest(terms, visible_at, limit);
  }
  Result<int64_t> Generation() override { return inner_.Generation(); }

  struct Stats {
    int64_t hits = 0, misses = 0;
    int64_t shared = 0;  // misses answered by another caller's computation
    size_t entries = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    int64_t generation = 0;
    Time computed_for{};  // the query's visible_at when it was computed
    SearchPage page;
  };
  // A computation in progress, which callers missing on the same key join.
  struct Flight {
    int64_t generation = 0;
    Time computed_for{};
    std::shared_future<Result<SearchPage>> page;
  };
  // Everything in `q` but visible_at, unambiguously.
  static std::string Key(const SearchQuery& q);

  SearchStore& inner_;
  const std::chrono::seconds ttl_;
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first; guarded by mu_
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // guarded by mu_
  std::unordered_map<std::string, Flight> flights_;                    // guarded by mu_
  int64_t hits_ = 0, misses_ = 0, shared_ = 0;                         // guarded by mu_
};

}  // namespace store
