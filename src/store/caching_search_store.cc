#include "store/caching_search_store.h"

#include <optional>

namespace store {
namespace {

// Length-prefixed, so no two different queries share a key.
void Put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}
void PutOpt(std::string& out, const std::optional<std::string>& s) {
  if (s) {
    out += '+';
    Put(out, *s);
  } else {
    out += '-';
  }
}

}  // namespace

std::string CachingSearchStore::Key(const SearchQuery& q) {
  std::string k;
  k += q.any_term ? "any;" : "all;";
  for (const SearchTerm& t : q.terms) {
    k += t.prefix ? 'p' : 'w';
    k += std::to_string(t.words.size());
    for (const std::string& w : t.words) Put(k, w);
  }
  k += ';';
  PutOpt(k, q.type);
  PutOpt(k, q.section_slug);
  PutOpt(k, q.tag_slug);
  PutOpt(k, q.lang);
  k += q.year ? std::to_string(*q.year) : "-";
  k += ';' + std::to_string(q.limit) + ';' + std::to_string(q.offset);
  k += ';' + std::to_string(q.rank_window);
  return k;
}

Result<SearchPage> CachingSearchStore::Search(const SearchQuery& q) {
  BS_ASSIGN_OR_RETURN(int64_t generation, inner_.Generation());
  const std::string key = Key(q);
  std::promise<Result<SearchPage>> promise;
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it != index_.end()) {
      const Entry& e = *it->second;
      // A query asked for an earlier moment (a clock stepped back) is not
      // served from a later one's results.
      if (e.generation == generation && q.visible_at >= e.computed_for &&
          q.visible_at < e.computed_for + ttl_) {
        lru_.splice(lru_.begin(), lru_, it->second);
        ++hits_;
        return e.page;
      }
      lru_.erase(it->second);
      index_.erase(it);
    }
    ++misses_;
    auto flight = flights_.find(key);
    if (flight != flights_.end() && flight->second.generation == generation &&
        q.visible_at >= flight->second.computed_for &&
        q.visible_at < flight->second.computed_for + ttl_) {
      std::shared_future<Result<SearchPage>> page = flight->second.page;
      ++shared_;
      lock.unlock();
      try {
        return page.get();
      } catch (const std::future_error&) {
        // The computing reader left by an exception (out of memory) without
        // an answer: ask the inner store directly rather than fail too.
        return inner_.Search(q);
      }
    }
    // Ours now (a stale flight, from an older generation, is left to finish
    // on its own: its owner removes it only if it is still its own).
    flights_[key] = Flight{generation, q.visible_at, promise.get_future().share()};
  }
  // Ours only: a newer flight for the key (another generation, or a clock
  // stepped back) is left to its own owner. Called with mu_ held.
  auto land = [&] {
    auto flight = flights_.find(key);
    if (flight != flights_.end() && flight->second.generation == generation &&
        flight->second.computed_for == q.visible_at) {
      flights_.erase(flight);
    }
  };
  // Computed outside the lock: a slow query must not hold up cached ones.
  std::optional<Result<SearchPage>> computed;
  try {
    computed.emplace(inner_.Search(q));
  } catch (...) {
    // Waiters see a broken promise and ask the inner store themselves.
    std::lock_guard<std::mutex> lock(mu_);
    land();
    throw;
  }
  Result<SearchPage> page = std::move(*computed);
  {
    std::lock_guard<std::mutex> lock(mu_);
    land();
    if (page.ok() && index_.count(key) == 0 && max_entries_ > 0) {
      lru_.push_front(Entry{key, generation, q.visible_at, *page});
      index_[key] = lru_.begin();
      while (lru_.size() > max_entries_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
      }
    }
  }
  // Waiters get the same answer, an error included: they asked the same
  // question of the same index at the same moment.
  promise.set_value(page);
  return page;
}

CachingSearchStore::Stats CachingSearchStore::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Stats{hits_, misses_, shared_, lru_.size()};
}

}  // namespace store
