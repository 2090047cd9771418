#pragma once
// SearchStore on SQLite FTS5 (schema and the triggers that keep the index in
// step with the content: migrations/sqlite/0007_search.sql).

#include "store/search_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqliteSearch final : public SearchStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteSearch(ConnectionPool& pool) : pool_(pool) {}

  Result<SearchPage> Search(const SearchQuery& q) override;
  Result<std::vector<Suggestion>> Suggest(const std::vector<SearchTerm>& terms, Time visible_at,
                                          int limit) override;
  Result<int64_t> Generation() override;

 private:
  ConnectionPool& pool_;
};

// The FTS5 MATCH expression for `terms`: each term a quoted phrase (quotes
// doubled), a trailing * when it is a prefix, all joined by AND (or by OR
// when `any_term`). InvalidArgument for no terms or an empty word.
Result<std::string> Fts5MatchExpression(const std::vector<SearchTerm>& terms,
                                        bool any_term = false);

}  // namespace store::sqlite
