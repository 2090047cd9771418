// SQLite publishing store: article reads, listings (the readers' and the
// back office's), related articles, translations, archive and redirects.

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "store/sqlite/sqlite_publishing.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using ReadLease = ConnectionPool::ReadLease;

constexpr int kMaxLimit = 1000;

// Column of a.created_by when appended to kArticleColumns [+ kBodyColumns].
constexpr int kCreatedByAfterRelations = 28;
constexpr int kCreatedByAfterBodies = 30;

std::optional<int64_t> CreatedBy(const Statement& row, int col) {
  if (row.IsNull(col)) return std::nullopt;
  return row.Int64(col);
}

// Runs the article query `sql` (selecting kArticleColumns [+ bodies]) with
// `params` and returns the rows in order, relations filled. `expected` rows
// are reserved for.
Result<std::vector<Article>> QueryArticles(Connection& conn, const std::string& sql,
                                           const Params& params, int expected, bool with_body) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  params.BindTo(*q);
  std::vector<Article> out;
  out.reserve(static_cast<size_t>(expected));
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    BS_ASSIGN_OR_RETURN(Article a, ReadArticle(*q, with_body));
    out.push_back(std::move(a));
  }
}

// One article by a unique key, with bodies and relations. A single statement
// reads one snapshot, so no explicit transaction is needed.
Result<Article> GetOne(ConnectionPool& pool, const std::string& where, const Params& params,
                       const std::string& what) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool.AcquireReader());
  const std::string sql = std::string("SELECT ") + kArticleColumns + kBodyColumns +
                          ", a.created_by" + kArticleFrom + where;
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  params.BindTo(*q);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound(what);
  BS_ASSIGN_OR_RETURN(Article a, ReadArticle(*q, /*with_body=*/true));
  a.created_by = CreatedBy(*q, kCreatedByAfterBodies);
  return a;
}

// Candidates for ListRelated, ?1 = the article, ?2 = the moment of viewing,
// ?3 = the limit, as rows (id, published_at, shares_a_tag):
// - one row per tag each visible article shares with ?1 (so a candidate's
//   score is its number of rows), driven from ?1's tags through the tag index;
// - the ?3 newest visible articles, read in index order: however many of them
//   share tags, they hold the newest ?3 that do not, which is all the filler
//   a ranking of ?3 can need.
// Ranking happens in C++: in SQL it costs a GROUP BY and two sorts, each a
// temporary b-tree, which for a handful of rows cost more than the query.
// CROSS JOIN fixes the join order: from `me` (the article) outwards.
constexpr char kRelatedCandidates[] =
    "SELECT a.id, a.published_at, 1 FROM articles me CROSS JOIN article_tags mine"
    " CROSS JOIN article_tags t CROSS JOIN articles a"
    " WHERE me.id = ?1 AND mine.article_id = me.id AND t.tag_id = mine.tag_id"
    " AND a.id = t.article_id AND a.kind = me.kind AND a.id <> me.id"
    " AND a.translation_group <> me.translation_group"
    " AND a.status IN ('published', 'scheduled') AND a.published_at <= ?2"
    " UNION ALL SELECT * FROM (SELECT a.id, a.published_at, 0 FROM articles me"
    " CROSS JOIN articles a WHERE me.id = ?1 AND a.kind = me.kind AND a.id <> me.id"
    " AND a.translation_group <> me.translation_group"
    " AND a.status IN ('published', 'scheduled') AND a.published_at <= ?2"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3)";

// "[1,2,3]", for json_each(?): one cached statement for any number of ids.
std::string JsonIds(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

struct Candidate {
  int64_t id = 0;
  std::string published_at;  // stored text, which sorts as time does
  int score = 0;             // shared tags
};

// Collapses the rows of kRelatedCandidates into the best `limit` candidates,
// best first: most shared tags, then newest, then highest id.
void RankCandidates(std::vector<Candidate>& rows, int limit) {
  std::sort(rows.begin(), rows.end(),
            [](const Candidate& x, const Candidate& y) { return x.id < y.id; });
  size_t n = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (n > 0 && rows[n - 1].id == rows[i].id) {
      rows[n - 1].score += rows[i].score;
    } else {
      if (n != i) rows[n] = std::move(rows[i]);  // never move onto itself
      ++n;
    }
  }
  rows.resize(n);
  const auto better = [](const Candidate& x, const Candidate& y) {
    if (x.score != y.score) return x.score > y.score;
    if (x.published_at != y.published_at) return x.published_at > y.published_at;
    return x.id > y.id;
  };
  const size_t keep = std::min(rows.size(), static_cast<size_t>(limit));
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(),
                    better);
  rows.resize(keep);
}

// The filters public listings and the admin share: section, tag, byline.
template <typename Query>
void AddTaxonomyFilters(const Query& q, std::string& w, Params& params) {
  if (q.section_id) {
    w += " AND a.section_id = ?";
    params.Add(*q.section_id);
  }
  if (q.tag_id) {
    w += " AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?)";
    params.Add(*q.tag_id);
  }
  if (q.byline_id) {
    w += " AND a.id IN (SELECT article_id FROM article_bylines WHERE byline_id = ?)";
    params.Add(*q.byline_id);
  }
}

// " WHERE ..." for an ArticleQuery, adding its parameters to `params`.
std::string WhereFor(const ArticleQuery& q, Params& params) {
  std::string w = " WHERE a.kind = ?";
  params.Add(std::string(KindText(q.kind)));
  if (q.visible_at) {
    w += std::string(" AND ") + kVisible;
    params.Add(TimeText(*q.visible_at));
  }
  AddTaxonomyFilters(q, w, params);
  if (q.lang) {
    w += " AND a.lang = ?";
    params.Add(*q.lang);
  }
  if (q.published_from) {
    w += " AND a.published_at >= ?";
    params.Add(TimeText(*q.published_from));
  }
  if (q.published_before) {
    w += " AND a.published_at < ?";
    params.Add(TimeText(*q.published_before));
  }
  if (q.featured) {
    w += " AND a.featured = ?";
    params.Add(int64_t{*q.featured ? 1 : 0});
  }
  return w;
}

// `text` with LIKE's wildcards (and the escape character '\') escaped.
std::string EscapeLike(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// " WHERE ..." for the admin listing, adding its parameters to `params`.
std::string AdminWhere(const AdminArticleQuery& q, Params& params) {
  std::string w = " WHERE 1";
  if (q.kind) {
    w += " AND a.kind = ?";
    params.Add(std::string(KindText(*q.kind)));
  }
  if (q.status) {
    const std::string as_of = q.as_of ? TimeText(*q.as_of) : "";
    switch (*q.status) {
      case ArticleStatus::kDraft:
        w += " AND a.status = 'draft'";
        break;
      case ArticleStatus::kScheduled:
        w += " AND a.status = 'scheduled'";
        if (q.as_of) {
          w += " AND a.published_at > ?";
          params.Add(as_of);
        }
        break;
      case ArticleStatus::kPublished:
        if (q.as_of) {
          w += " AND (a.status = 'published' OR (a.status = 'scheduled' AND a.published_at <= ?))";
          params.Add(as_of);
        } else {
          w += " AND a.status = 'published'";
        }
        break;
    }
  }
  AddTaxonomyFilters(q, w, params);
  if (q.created_by) {
    w += " AND a.created_by = ?";
    params.Add(*q.created_by);
  }
  if (q.lang) {
    w += " AND a.lang = ?";
    params.Add(*q.lang);
  }
  if (!q.text.empty()) {
    w += " AND (a.title LIKE ? ESCAPE '\\' OR a.slug LIKE ? ESCAPE '\\'"
         " OR a.deck LIKE ? ESCAPE '\\')";
    const std::string pattern = "%" + EscapeLike(q.text) + "%";
    for (int i = 0; i < 3; ++i) params.Add(pattern);
  }
  return w;
}

}  // namespace

Result<Article> SqlitePublishing::GetArticle(int64_t id) {
  Params p;
  p.Add(id);
  return GetOne(pool_, " WHERE a.id = ?", p, "article " + std::to_string(id));
}

Result<Article> SqlitePublishing::GetArticleBySlug(ContentKind kind, const std::string& slug) {
  Params p;
  p.Add(std::string(KindText(kind)));
  p.Add(slug);
  return GetOne(pool_, " WHERE a.kind = ? AND a.slug = ?", p,
                std::string(KindText(kind)) + " '" + slug + "'");
}

Result<std::string> SqlitePublishing::FindRedirect(ContentKind kind, const std::string& old_slug) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id"
                    " WHERE r.kind = ?1 AND r.old_slug = ?2 AND NOT EXISTS"
                    " (SELECT 1 FROM articles l WHERE l.kind = ?1 AND l.slug = ?2)"));
  q->Bind(1, KindText(kind));
  q->Bind(2, old_slug);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("no redirect for '" + old_slug + "'");
  return q->Text(0);
}

Result<std::vector<Article>> SqlitePublishing::ListArticles(const ArticleQuery& q) {
  if (q.limit < 1 || q.limit > kMaxLimit) return Status::InvalidArgument("limit: 1..1000");
  if (q.offset < 0) return Status::InvalidArgument("offset: must be >= 0");
  Params p;
  std::string sql = std::string("SELECT ") + kArticleColumns + kArticleFrom + WhereFor(q, p) +
                    " ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?";
  p.Add(int64_t{q.limit});
  p.Add(int64_t{q.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  return QueryArticles(*conn, sql, p, q.limit, /*with_body=*/false);
}

Result<int64_t> SqlitePublishing::CountArticles(const ArticleQuery& q) {
  Params p;
  const std::string sql = "SELECT COUNT(*) FROM articles a" + WhereFor(q, p);
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement stmt, conn->Prepare(sql));
  p.BindTo(*stmt);
  BS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return Status::Internal("count returned no row");
  return stmt->Int64(0);
}

Result<std::vector<Article>> SqlitePublishing::ListRelated(int64_t article_id, Time visible_at,
                                                           int limit) {
  if (limit < 1 || limit > kMaxLimit) return Status::InvalidArgument("limit: 1..1000");
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  // Candidates and rows from one snapshot.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  std::vector<Candidate> ranked;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(kRelatedCandidates));
    q->Bind(1, article_id);
    q->Bind(2, TimeText(visible_at));
    q->Bind(3, limit);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      ranked.push_back(Candidate{q->Int64(0), q->Text(1), q->Int(2)});
    }
  }
  if (ranked.empty()) {  // nothing related, or no such article?
    BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("SELECT 1 FROM articles WHERE id = ?"));
    q->Bind(1, article_id);
    BS_ASSIGN_OR_RETURN(bool exists, q->Step());
    if (!exists) return Status::NotFound("article " + std::to_string(article_id));
  }
  RankCandidates(ranked, limit);
  std::vector<int64_t> ids;
  ids.reserve(ranked.size());
  for (const Candidate& c : ranked) ids.push_back(c.id);
  // json_each as the outer loop: rowid lookups, no temporary table (which
  // `a.id IN (SELECT value FROM json_each(?))` would build).
  Params p;
  p.Add(JsonIds(ids));
  BS_ASSIGN_OR_RETURN(std::vector<Article> rows,
                      QueryArticles(*conn,
                                    std::string("SELECT ") + kArticleColumns +
                                        " FROM json_each(?) j CROSS JOIN articles a"
                                        " ON a.id = j.value LEFT JOIN sections s"
                                        " ON s.id = a.section_id",
                                    p, limit, /*with_body=*/false));
  if (rows.size() != ids.size())
    return Status::Internal("related articles vanished inside a read transaction");
  // Back into rank order.
  std::unordered_map<int64_t, size_t> rank;
  for (size_t i = 0; i < ids.size(); ++i) rank[ids[i]] = i;
  std::vector<Article> out(rows.size());
  for (Article& a : rows) out[rank[a.id]] = std::move(a);
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<TranslationLink>> SqlitePublishing::ListTranslations(int64_t article_id) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("SELECT o.id, o.slug, o.lang, o.title, o.status, o.published_at FROM articles a"
                    " LEFT JOIN articles o ON o.translation_group = a.translation_group"
                    " AND o.id <> a.id WHERE a.id = ? ORDER BY o.lang, o.id"));
  q->Bind(1, article_id);
  std::vector<TranslationLink> out;
  bool found = false;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    found = true;
    if (q->IsNull(0)) continue;  // the article exists but has no translations
    TranslationLink link{q->Int64(0), q->Text(1), q->Text(2), q->Text(3)};
    link.status = StatusFrom(q->TextView(4));
    if (!q->IsNull(5)) {
      BS_ASSIGN_OR_RETURN(link.published_at, TimeFrom(q->TextView(5)));
    }
    out.push_back(std::move(link));
  }
  if (!found) return Status::NotFound("article " + std::to_string(article_id));
  return out;
}

Result<std::vector<MonthCount>> SqlitePublishing::ArchiveMonths(Time visible_at) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare(std::string("SELECT substr(a.published_at, 1, 7) AS month, COUNT(*)"
                                " FROM articles a WHERE a.kind = 'article' AND ") +
                    kVisible + " GROUP BY month ORDER BY month DESC"));
  q->Bind(1, TimeText(visible_at));
  std::vector<MonthCount> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    const std::string_view month = q->TextView(0);  // "YYYY-MM"
    MonthCount m;
    m.count = q->Int(1);
    if (month.size() != 7 ||
        std::from_chars(month.data(), month.data() + 4, m.year).ptr != month.data() + 4 ||
        std::from_chars(month.data() + 5, month.data() + 7, m.month).ptr != month.data() + 7) {
      return Status::Internal("stored time is malformed: " + std::string(month));
    }
    out.push_back(m);
  }
}

Result<std::optional<Time>> SqlitePublishing::LastModified(Time visible_at) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare(std::string("SELECT MAX(a.updated_at) FROM articles a WHERE ") + kVisible));
  q->Bind(1, TimeText(visible_at));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row || q->IsNull(0)) return std::optional<Time>();
  BS_ASSIGN_OR_RETURN(Time t, TimeFrom(q->TextView(0)));
  return std::optional<Time>(t);
}

// --- back office

Result<AdminArticleList> SqlitePublishing::ListArticlesForAdmin(const AdminArticleQuery& q) {
  if (q.limit < 1 || q.limit > kMaxLimit) return Status::InvalidArgument("limit: 1..1000");
  if (q.offset < 0) return Status::InvalidArgument("offset: must be >= 0");
  Params count_params;
  const std::string where = AdminWhere(q, count_params);
  Params list_params;
  AdminWhere(q, list_params);
  list_params.Add(int64_t{q.limit});
  list_params.Add(int64_t{q.offset});
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  // Items and total from one snapshot.
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  AdminArticleList out;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement count,
                        conn->Prepare("SELECT COUNT(*) FROM articles a" + where));
    count_params.BindTo(*count);
    BS_ASSIGN_OR_RETURN(bool row, count->Step());
    if (!row) return Status::Internal("count returned no row");
    out.total = count->Int64(0);
  }
  if (out.total > q.offset) {
    BS_ASSIGN_OR_RETURN(ScopedStatement list,
                        conn->Prepare(std::string("SELECT ") + kArticleColumns +
                                      ", a.created_by" + kArticleFrom + where +
                                      " ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?"));
    list_params.BindTo(*list);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, list->Step());
      if (!row) break;
      BS_ASSIGN_OR_RETURN(Article a, ReadArticle(*list, /*with_body=*/false));
      a.created_by = CreatedBy(*list, kCreatedByAfterRelations);
      if (q.as_of && a.status == ArticleStatus::kScheduled && a.published_at &&
          *a.published_at <= *q.as_of) {
        a.status = ArticleStatus::kPublished;  // as readers see it
      }
      out.items.push_back(std::move(a));
    }
  }
  BS_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<StatusCounts> SqlitePublishing::CountByStatus(std::optional<ContentKind> kind,
                                                     Time as_of) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  std::string sql =
      "SELECT COALESCE(SUM(status = 'draft'), 0),"
      " COALESCE(SUM(status = 'scheduled' AND published_at > ?1), 0),"
      " COALESCE(SUM(status = 'published' OR (status = 'scheduled' AND published_at <= ?1)), 0)"
      " FROM articles";
  if (kind) sql += " WHERE kind = ?2";
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  q->Bind(1, TimeText(as_of));
  if (kind) q->Bind(2, KindText(*kind));
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("count returned no row");
  return StatusCounts{q->Int64(0), q->Int64(1), q->Int64(2)};
}

}  // namespace store::sqlite
