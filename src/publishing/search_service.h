#pragma once
// Site search for readers: turns what a visitor typed into a safe,
// backend-neutral query (store::SearchTerm: words and phrases, never engine
// syntax), applies the visibility rule (what readers may see now) and pages
// the results. Indexing is not done here: the store keeps its index in step
// with every write.
//
// Whatever the input (quotes, FTS operators, control bytes, invalid UTF-8,
// 10 KB of it), Search and Suggest never fail because of the query text: the
// worst case is an empty result. Only a bad page or filter is an error.
//
// Thread-safe: holds no mutable state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/search_store.h"

namespace publishing {

// Longest query we look at, in code points; the rest is ignored.
inline constexpr size_t kMaxQueryCodePoints = 200;
// At most this many terms reach the store (bounds the work per query).
inline constexpr size_t kMaxQueryTerms = 12;
inline constexpr int kMaxSuggestions = 8;
// Similar() looks for nothing until the draft has this many significant words.
inline constexpr size_t kMinSimilarWords = 2;
// Similar() reads at most this much of a draft, in code points.
inline constexpr size_t kMaxSimilarCodePoints = 2000;
inline constexpr int kMaxSimilar = 20;

struct SearchRequest {
  std::string text;  // as typed
  // Filters; empty = any.
  std::string type;  // "article", "page" or "qa"
  std::string section_slug, tag_slug, lang;
  std::optional<int> year;
  int page = 1;  // 1-based
};

struct SearchResults {
  std::string query;  // the text actually searched (cut, trimmed); "" = nothing searched
  std::vector<store::SearchHit> hits;  // snippets cleaned of Markdown, markers kept
  int64_t total = 0;
  // More documents matched than were ranked: `total` is the rank window and
  // the page says "N+ results" and how to narrow the search.
  bool more = false;
  int page = 1;
  int total_pages = 1;  // >= 1
};

class SearchService {
 public:
  // `store` and `clock` must outlive this object. `page_size` is clamped to
  // 1..100. `rank_window` (>= 0; 0 = no window) bounds the matches Search
  // ranks, as store::SearchQuery::rank_window; Similar is never bounded: it
  // runs once per question asked, and an old answer is what it looks for.
  SearchService(store::SearchStore& store, const base::Clock& clock, int page_size,
                int64_t rank_window = 0);

  // Ranked visible matches. An empty or all-punctuation query gives an empty
  // result (OK). InvalidArgument for a page outside 1..kMaxPage, an unknown
  // type or a year outside 1000..9999.
  base::Result<SearchResults> Search(const SearchRequest& r) const;

  // Titles for as-you-type: every word must match, the last as a prefix
  // (unless the text ends in a space). Fewer than two letters typed: none.
  base::Result<std::vector<store::Suggestion>> Suggest(std::string_view text, int limit) const;

  // Visible documents of `type` ("qa" for the Mailbag's "already answered")
  // that look like `text`, a draft of several sentences: stop words (en, es)
  // and one-letter words are dropped and ANY remaining word may match, best
  // (BM25) first, at most `limit` (clamped to 1..kMaxSimilar). Fewer than
  // kMinSimilarWords significant words: none (no store call). Only the first
  // kMaxSimilarCodePoints are read; quotes make no phrases here; when more
  // than kMaxQueryTerms distinct words remain, the longest are kept (long
  // words say most about a text). Snippets are cleaned as in Search. Never
  // fails because of the text; InvalidArgument for an unknown type.
  base::Result<std::vector<store::SearchHit>> Similar(std::string_view text, std::string_view type,
                                                      int limit) const;

 private:
  store::SearchStore& store_;
  const base::Clock& clock_;
  int page_size_;
  int64_t rank_window_;
};

// --- the pieces, exposed for tests and for other domains (the mailbag's
// "similar questions").

// At most `max_code_points` code points of `text`, invalid UTF-8 sequences
// and control characters dropped.
std::string CutQuery(std::string_view text, size_t max_code_points = kMaxQueryCodePoints);

// Words (letters and digits, lower-cased, Latin accents folded) and "quoted
// phrases" of `text`. Every other character separates words; an unbalanced
// quote closes at the end. At most kMaxQueryTerms terms; none are prefixes.
std::vector<store::SearchTerm> ParseQuery(std::string_view text);

// The terms Similar() sends for a draft: its distinct folded words, stop
// words and one-letter words dropped, every term one word (quotes are
// separators), at most kMaxQueryTerms (the longest; ties: the first), in
// text order, none a prefix. Reads all of `text`: cut it first.
std::vector<store::SearchTerm> SimilarTerms(std::string_view text);

// Lower-cases and removes accents from Latin letters (á -> a, Ñ -> n, ß is
// kept), as the store's tokenizer does; other characters pass unchanged.
std::string FoldWord(std::string_view word);

// A snippet made readable: Markdown emphasis, headings, code ticks, link
// targets and HTML tags dropped, whitespace collapsed. Highlight markers kept.
std::string CleanSnippet(std::string_view snippet);

}  // namespace publishing
