// SQLite search: FTS5 MATCH, ranked by bm25() with per-column weights, and
// snippet() for the highlighted extract.

#include "store/sqlite/sqlite_search.h"

#include <cstdio>
#include <string>

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
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement count, conn->Prepare("SELECT count(*)" + from + where));
    params.BindTo(*count);
    BS_ASSIGN_OR_RETURN(bool row, count->Step());
    page.total = row ? count->Int64(0) : 0;
  }
  if (page.total > q.offset) {
    const std::string snippet = std::to_string(kSnippetTokens) + ")";
    // The page's rowids are ranked first, and only then are snippets made:
    // a sort would otherwise compute snippet() for every match.
    BS_ASSIGN_OR_RETURN(
        ScopedStatement rows,
        conn->Prepare("SELECT d.type, d.ref_id, d.slug, d.title, d.lang, d.visible_from,"
                      " coalesce(s.slug, ''), coalesce(s.name, ''),"
                      " snippet(search_fts, 2, char(1), char(2), '…', " +
                      snippet +
                      ","
                      " snippet(search_fts, 1, char(1), char(2), '…', " +
                      snippet + from +
                      " WHERE search_fts.rowid IN"
                      " (SELECT d.doc_id" +
                      from + where + " ORDER BY " + kRank +
                      ", d.doc_id LIMIT ? OFFSET ?) AND search_fts MATCH ?"
                      " ORDER BY " +
                      kRank + ", d.doc_id"));
    // In text order: the inner query's parameters, limit, offset, the outer MATCH.
    Params paged = params;
    paged.Add(int64_t{q.limit});
    paged.Add(int64_t{q.offset});
    paged.Add(match);
    paged.BindTo(*rows);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, rows->Step());
      if (!row) break;
      SearchHit h;
      h.type = rows->Text(0);
      h.id = rows->Int64(1);
      h.slug = rows->Text(2);
      h.title = rows->Text(3);
      h.lang = rows->Text(4);
      if (!rows->IsNull(5)) {
        BS_ASSIGN_OR_RETURN(Time t, TimeFrom(rows->TextView(5)));
        h.published_at = t;
      }
      h.section_slug = rows->Text(6);
      h.section_name = rows->Text(7);
      // The body's extract, unless only the deck/excerpt matched.
      std::string body = rows->Text(8);
      std::string summary = rows->Text(9);
      const bool body_hit = body.find(kHighlightOpen) != std::string::npos;
      const bool summary_hit = summary.find(kHighlightOpen) != std::string::npos;
      if (!body_hit && summary_hit) {
        h.snippet = std::move(summary);
      } else if (body.empty() && !summary.empty()) {
        h.snippet = std::move(summary);
      } else {
        h.snippet = std::move(body);
      }
      page.hits.push_back(std::move(h));
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
