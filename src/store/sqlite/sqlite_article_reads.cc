// SQLite publishing store: article reads, listings, related articles,
// translations, archive and redirects.

#include <charconv>
#include <string>
#include <unordered_map>

#include "store/sqlite/sqlite_publishing.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using ReadLease = ConnectionPool::ReadLease;

constexpr int kMaxLimit = 1000;

// Runs the article query `sql` (selecting kArticleColumns [+ bodies]) with
// `params` and returns the rows in order, relations not yet filled.
Result<std::vector<Article>> QueryArticles(Connection& conn, const std::string& sql,
                                           const Params& params, bool with_body) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  params.BindTo(*q);
  std::vector<Article> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    BS_ASSIGN_OR_RETURN(Article a, ReadArticle(*q, with_body));
    out.push_back(std::move(a));
  }
}

// One article by a unique key, with bodies and relations, in one snapshot.
Result<Article> GetOne(ConnectionPool& pool, const std::string& where, const Params& params,
                       const std::string& what) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool.AcquireReader());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  const std::string sql =
      std::string("SELECT ") + kArticleColumns + kBodyColumns + kArticleFrom + where;
  BS_ASSIGN_OR_RETURN(std::vector<Article> rows, QueryArticles(*conn, sql, params, true));
  if (rows.empty()) return Status::NotFound(what);
  BS_RETURN_IF_ERROR(FillRelations(*conn, rows));
  BS_RETURN_IF_ERROR(tx.Commit());
  return std::move(rows.front());
}

// " WHERE ..." for an ArticleQuery, adding its parameters to `params`.
std::string WhereFor(const ArticleQuery& q, Params& params) {
  std::string w = " WHERE a.kind = ?";
  params.Add(std::string(KindText(q.kind)));
  if (q.visible_at) {
    w += std::string(" AND ") + kVisible;
    params.Add(TimeText(*q.visible_at));
  }
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
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  BS_ASSIGN_OR_RETURN(std::vector<Article> rows, QueryArticles(*conn, sql, p, false));
  BS_RETURN_IF_ERROR(FillRelations(*conn, rows));
  BS_RETURN_IF_ERROR(tx.Commit());
  return rows;
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
  const std::string at = TimeText(visible_at);
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kRead));
  std::string kind;
  int64_t group = 0;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("SELECT kind, translation_group FROM articles WHERE id = ?"));
    q->Bind(1, article_id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound("article " + std::to_string(article_id));
    kind = q->Text(0);
    group = q->Int64(1);
  }
  std::vector<int64_t> ids;
  {  // Candidates sharing tags. CROSS JOIN makes SQLite start from the tag
     // index rather than scan every visible article.
    BS_ASSIGN_OR_RETURN(
        ScopedStatement q,
        conn->Prepare(std::string("SELECT a.id FROM article_tags t CROSS JOIN articles a"
                                  " ON a.id = t.article_id"
                                  " WHERE t.tag_id IN (SELECT tag_id FROM article_tags"
                                  " WHERE article_id = ?) AND a.kind = ? AND a.id <> ?"
                                  " AND a.translation_group <> ? AND ") +
                      kVisible +
                      " GROUP BY a.id ORDER BY COUNT(*) DESC, a.published_at DESC, a.id DESC"
                      " LIMIT ?"));
    q->Bind(1, article_id);
    q->Bind(2, kind);
    q->Bind(3, article_id);
    q->Bind(4, group);
    q->Bind(5, at);
    q->Bind(6, limit);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      ids.push_back(q->Int64(0));
    }
  }
  if (static_cast<int>(ids.size()) < limit) {  // fill with the newest of the rest
    BS_ASSIGN_OR_RETURN(
        ScopedStatement q,
        conn->Prepare(std::string("SELECT a.id FROM articles a WHERE a.kind = ? AND a.id <> ?"
                                  " AND a.translation_group <> ? AND ") +
                      kVisible +
                      " AND a.id NOT IN (SELECT value FROM json_each(?))"
                      " ORDER BY a.published_at DESC, a.id DESC LIMIT ?"));
    q->Bind(1, kind);
    q->Bind(2, article_id);
    q->Bind(3, group);
    q->Bind(4, at);
    q->Bind(5, JsonIds(ids));
    q->Bind(6, limit - static_cast<int>(ids.size()));
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      ids.push_back(q->Int64(0));
    }
  }
  Params p;
  p.Add(JsonIds(ids));
  BS_ASSIGN_OR_RETURN(
      std::vector<Article> rows,
      QueryArticles(*conn,
                    std::string("SELECT ") + kArticleColumns + kArticleFrom +
                        " WHERE a.id IN (SELECT value FROM json_each(?))",
                    p, false));
  BS_RETURN_IF_ERROR(FillRelations(*conn, rows));
  BS_RETURN_IF_ERROR(tx.Commit());
  // Back into rank order.
  std::unordered_map<int64_t, size_t> rank;
  for (size_t i = 0; i < ids.size(); ++i) rank[ids[i]] = i;
  std::vector<Article> out(rows.size());
  for (Article& a : rows) out[rank[a.id]] = std::move(a);
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

}  // namespace store::sqlite
