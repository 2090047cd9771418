#pragma once
// Storage contract for site-wide full-text search. The index is kept in step
// with the content ON WRITE by the backend itself (SQLite: triggers, see
// migrations/sqlite/0007_search.sql), so no write path can forget it; this
// interface only reads. Each backend uses its own full-text engine (SQLite
// FTS5 now, PostgreSQL tsvector/tsquery later): the query arrives already
// reduced by the domain to plain words and phrases, never engine syntax.
//
// Documents carry a `type`: "article", "page", and "qa" for the Mailbag's
// published Q&As (migrations/sqlite/0009_mailbag_search.sql; only published
// ones are indexed at all, so an unpublished question's words never reach it).
//
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

// Snippet highlight markers: around each matched word. Control characters,
// never HTML, so the web layer escapes the snippet first and then turns them
// into <mark>; they never occur in stored text the tokenizer keeps.
inline constexpr char kHighlightOpen = '\x01';
inline constexpr char kHighlightClose = '\x02';

// One search term: a word, or a phrase of words that must appear in order.
// Words are letters and digits only (the domain strips everything else), so
// a backend may quote them without further escaping (it still must not trust
// that: quote characters are escaped anyway).
struct SearchTerm {
  std::vector<std::string> words;  // non-empty
  bool prefix = false;             // the last word matches as a prefix
};

// All terms must match (AND), or any of them when `any_term` (OR: for
// "looks like this text", where a draft question shares only some words with
// an answered one). Filters left unset match everything.
struct SearchQuery {
  std::vector<SearchTerm> terms;            // non-empty, else InvalidArgument
  bool any_term = false;                    // OR instead of AND
  Time visible_at{};                        // only content readers may see at this moment
  std::optional<std::string> type;          // "article", "page", "qa"
  std::optional<std::string> section_slug;  // articles in this section
  std::optional<std::string> tag_slug;      // articles carrying this tag
  std::optional<std::string> lang;
  std::optional<int> year;  // of published_at, in UTC
  int limit = 10;           // 1..100
  int offset = 0;           // >= 0
  // 0: rank every match. N > 0: when more than N visible documents pass the
  // terms and filters, only the N most recently indexed of them are ranked
  // and paged (SearchPage::more says so). Ranking costs CPU per match (BM25
  // must score every candidate before the first ten are known), so a word
  // found in most documents would otherwise cost tens of milliseconds; on a
  // news site the newest matches are the ones a reader of such a broad query
  // wants, and a narrower query reaches older ones. Negative: InvalidArgument.
  int64_t rank_window = 0;
};

struct SearchHit {
  std::string type;  // "article", "page", "qa"
  int64_t id = 0;    // id within its type (article id, ...)
  std::string slug, title, lang;
  std::string section_slug, section_name;  // empty when none
  std::string snippet;  // plain text with kHighlightOpen/Close markers; may be empty
  std::optional<Time> published_at;
};

struct SearchPage {
  std::vector<SearchHit> hits;  // best match first
  // All matches, ignoring limit/offset; with a rank window that was
  // exceeded, the window's size (and `more` is true).
  int64_t total = 0;
  bool more = false;  // more documents matched than were ranked (see rank_window)
};

struct Suggestion {
  std::string type, slug, title;
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;

  // Matching visible documents, ranked (BM25 or the backend's equivalent;
  // a title match outranks a body match), with a highlighted snippet.
  // InvalidArgument for no terms, an empty word, limit outside 1..100 or a
  // negative offset. A filter naming an unknown section/tag matches nothing.
  virtual Result<SearchPage> Search(const SearchQuery& q) = 0;

  // Titles of visible documents matching `terms` (the last usually a prefix),
  // best first, at most `limit` (1..20). Same errors as Search.
  virtual Result<std::vector<Suggestion>> Suggest(const std::vector<SearchTerm>& terms,
                                                  Time visible_at, int limit) = 0;

  // A number that changes whenever the index changes (any node's write), so
  // a cache can tell stale results with one cheap read. Only equality means
  // anything.
  virtual Result<int64_t> Generation() = 0;
};

}  // namespace store
