// SQLite search: FTS5 MATCH, ranked by bm25() with per-column weights, and
// snippet() for the highlighted extract.

#include "store/sqlite/sqlite_search.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

// bm25 weights for (title, summary, body, names); see the migration.
constexpr char kRank[] = "bm25(search_fts, 10.0, 4.0, 1.0, 3.0)";
// Visible at the bound moment; NULL (a draft) never compares true.
constexpr char kVisibleDoc[] = "d.visible_from <= ?";
constexpr int kSnippetTokens = 24;

// UTC year boundaries as stored times ("2026-01-01T00:00:00Z").
std::string YearStart(int year) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-01-01T00:00:00Z", year);
  return buf;
}

}  // namespace

Result<std::string> Fts5MatchExpression(const std::vector<SearchTerm>& terms, bool any_term) {
  if (terms.empty()) return Status::InvalidArgument("search: no terms");
  std::string out;
  for (const SearchTerm& t : terms) {
    if (t.words.empty()) return Status::InvalidArgument("search: empty term");
    if (!out.empty()) out += any_term ? " OR " : " AND ";
    out += '"';
    bool first = true;
    for (const std::string& w : t.words) {
      if (w.empty()) return Status::InvalidArgument("search: empty word");
      if (!first) out += ' ';
      first = false;
      for (char c : w) {
        if (c == '"') out += '"';  // FTS5 escapes a quote inside a string by doubling it
        out += c;
      }
    }
    out += '"';
    if (t.prefix) out += '*';
  }
  return out;
}

Result<SearchPage> SqliteSearch::Search(const SearchQuery& q) {
  if (q.limit < 1 || q.limit > 100) return Status::InvalidArgument("search: limit must be 1..100");
  if (q.offset < 0) return Status::InvalidArgument("search: negative offset");
  if (q.rank_window < 0) return Status::InvalidArgument("search: negative rank window");
  BS_ASSIGN_OR_RETURN(std::string match, Fts5MatchExpression(q.terms, q.any_term));

  // The filters, as SQL and as the parameters it binds, in order.
  std::string where = " WHERE search_fts MATCH ? AND ";
  where += kVisibleDoc;
  Params params;
  params.Add(match);
  params.Add(TimeText(q.visible_at));
  if (q.type) {
    where += " AND d.type = ?";
    params.Add(*q.type);
  }
  if (q.section_slug) {
    where += " AND d.section_id = (SELECT id FROM sections WHERE slug = ?)";
    params.Add(*q.section_slug);
  }
  if (q.tag_slug) {
    // An unknown tag makes the subquery NULL, and instr() with it NULL: no match.
    where += " AND instr(d.tag_ids, ',' || (SELECT id FROM tags WHERE slug = ?) || ',') > 0";
    params.Add(*q.tag_slug);
  }
  if (q.lang) {
    where += " AND d.lang = ?";
    params.Add(*q.lang);
  }
  if (q.year) {
    where += " AND d.visible_from >= ? AND d.visible_from < ?";
    params.Add(YearStart(*q.year));
    params.Add(YearStart(*q.year + 1));
  }
  const std::string from =
      " FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid"
      " LEFT JOIN sections s ON s.id = d.section_id";

  BS_ASSIGN_OR_RETURN(ConnectionPool::ReadLease conn, pool_.AcquireReader());
  // Count and page from one snapshot.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  SearchPage page;
  if (q.rank_window > 0) {
    // The newest matches first, straight from FTS5's doclists in rowid order
    // (no scoring), stopping one past the window: both the count and, when
    // the window is exceeded, the lowest rowid the ranking may consider.
    BS_ASSIGN_OR_RETURN(ScopedStatement newest,
                        conn->Prepare("SELECT search_fts.rowid" + from + where +
                                      " ORDER BY search_fts.rowid DESC LIMIT ?"));
    Params bound = params;
    bound.Add(q.rank_window + 1);
    bound.BindTo(*newest);
    int64_t seen = 0, lowest = 0;
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, newest->Step());
      if (!row) break;
      if (++seen <= q.rank_window) lowest = newest->Int64(0);
    }
    page.total = std::min(seen, q.rank_window);
    page.more = seen > q.rank_window;
    if (page.more) {
      // FTS5 honours a rowid range on the MATCH scan, so only the window's
      // documents are joined and scored below.
      where += " AND search_fts.rowid >= ?";
      params.Add(lowest);
    }
  } else {
    BS_ASSIGN_OR_RETURN(ScopedStatement count, conn->Prepare("SELECT count(*)" + from + where));
    params.BindTo(*count);
    BS_ASSIGN_OR_RETURN(bool row, count->Step());
    page.total = row ? count->Int64(0) : 0;
  }
  if (page.total > q.offset) {
    // First the page's documents, in rank order, without snippets: a sort
    // would otherwise compute snippet() for every match.
    std::vector<int64_t> ranked;
    {
      BS_ASSIGN_OR_RETURN(ScopedStatement ids,
                          conn->Prepare("SELECT d.doc_id" + from + where + " ORDER BY " + kRank +
                                        ", d.doc_id LIMIT ? OFFSET ?"));
      Params paged = params;
      paged.Add(int64_t{q.limit});
      paged.Add(int64_t{q.offset});
      paged.BindTo(*ids);
      for (;;) {
        BS_ASSIGN_OR_RETURN(bool row, ids->Step());
        if (!row) break;
        ranked.push_back(ids->Int64(0));
      }
    }
    if (!ranked.empty()) {
      // Then their rows and snippets, in ONE pass of the MATCH over the
      // rowid range the page spans. Not "rowid IN (...)" as FTS5's
      // constraint: FTS5 would run the whole full-text query again for each
      // id (about 2 ms apiece for common words); the unary + keeps the IN a
      // plain filter on the range scan.
      const auto [lo, hi] = std::minmax_element(ranked.begin(), ranked.end());
      std::string in = "?";
      for (size_t i = 1; i < ranked.size(); ++i) in += ",?";
      const std::string snippet = std::to_string(kSnippetTokens) + ")";
      BS_ASSIGN_OR_RETURN(
          ScopedStatement rows,
          conn->Prepare("SELECT search_fts.rowid, d.type, d.ref_id, d.slug, d.title, d.lang,"
                        " d.visible_from, coalesce(s.slug, ''), coalesce(s.name, ''),"
                        " snippet(search_fts, 2, char(1), char(2), '…', " +
                        snippet +
                        ","
                        " snippet(search_fts, 1, char(1), char(2), '…', " +
                        snippet + from +
                        " WHERE search_fts MATCH ? AND search_fts.rowid BETWEEN ? AND ?"
                        " AND +search_fts.rowid IN (" +
                        in + ")"));
      Params p;
      p.Add(match);
      p.Add(*lo);
      p.Add(*hi);
      for (int64_t id : ranked) p.Add(id);
      p.BindTo(*rows);
      std::vector<std::optional<SearchHit>> hits(ranked.size());
      for (;;) {
        BS_ASSIGN_OR_RETURN(bool row, rows->Step());
        if (!row) break;
        const auto at = std::find(ranked.begin(), ranked.end(), rows->Int64(0));
        if (at == ranked.end()) continue;
        SearchHit h;
        h.type = rows->Text(1);
        h.id = rows->Int64(2);
        h.slug = rows->Text(3);
        h.title = rows->Text(4);
        h.lang = rows->Text(5);
        if (!rows->IsNull(6)) {
          BS_ASSIGN_OR_RETURN(Time t, TimeFrom(rows->TextView(6)));
          h.published_at = t;
        }
        h.section_slug = rows->Text(7);
        h.section_name = rows->Text(8);
        // The body's extract, unless only the deck/excerpt matched.
        std::string body = rows->Text(9);
        std::string summary = rows->Text(10);
        const bool body_hit = body.find(kHighlightOpen) != std::string::npos;
        const bool summary_hit = summary.find(kHighlightOpen) != std::string::npos;
        if (!body_hit && summary_hit) {
          h.snippet = std::move(summary);
        } else if (body.empty() && !summary.empty()) {
          h.snippet = std::move(summary);
        } else {
          h.snippet = std::move(body);
        }
        hits[at - ranked.begin()] = std::move(h);
      }
      // Same snapshot, so every ranked id is found; keep the rank order.
      for (auto& h : hits) {
        if (h) page.hits.push_back(std::move(*h));
      }
    }
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return page;
}

Result<std::vector<Suggestion>> SqliteSearch::Suggest(const std::vector<SearchTerm>& terms,
                                                      Time visible_at, int limit) {
  if (limit < 1 || limit > 20) return Status::InvalidArgument("suggest: limit must be 1..20");
  BS_ASSIGN_OR_RETURN(std::string match, Fts5MatchExpression(terms));
  BS_ASSIGN_OR_RETURN(ConnectionPool::ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare(std::string("SELECT d.type, d.slug, d.title FROM search_suggest"
                                " JOIN search_docs d ON d.doc_id = search_suggest.rowid"
                                " WHERE search_suggest MATCH ? AND ") +
                    kVisibleDoc +
                    " ORDER BY bm25(search_suggest), d.visible_from DESC, d.doc_id LIMIT ?"));
  q->Bind(1, match);
  q->Bind(2, TimeText(visible_at));
  q->Bind(3, limit);
  std::vector<Suggestion> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(Suggestion{q->Text(0), q->Text(1), q->Text(2)});
  }
  return out;
}

Result<int64_t> SqliteSearch::Generation() {
  BS_ASSIGN_OR_RETURN(ConnectionPool::ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT n FROM search_generation WHERE id = 1"));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("search: no generation row");
  return q->Int64(0);
}

}  // namespace store::sqlite
