// SQLite publishing store: article writes and status changes. Article reads
// are in sqlite_article_reads.cc; bylines, sections and tags in sqlite_taxonomy.cc.

#include "store/sqlite/sqlite_publishing.h"

#include <algorithm>

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;

// Drops repeated ids, keeping the first occurrence in place.
std::vector<int64_t> Unique(const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

Status CheckDraft(const ArticleDraft& d) {
  if (d.slug.empty()) return Status::InvalidArgument("article: empty slug");
  if (d.status != ArticleStatus::kDraft && !d.published_at)
    return Status::InvalidArgument("article: published_at required unless draft");
  if (d.image.width < 0 || d.image.height < 0)
    return Status::InvalidArgument("article: negative image size");
  return Status::Ok();
}

// The translation group a draft joins: that of `translation_of`, else `own_id`'s.
Result<int64_t> GroupFor(Connection& conn, const ArticleDraft& d, int64_t own_id) {
  if (!d.translation_of) return own_id;
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn.Prepare("SELECT translation_group FROM articles WHERE id = ?"));
  q->Bind(1, *d.translation_of);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::InvalidArgument("translation_of: no such article");
  return q->Int64(0);
}

// Binds the draft's columns as parameters 1..22 of kDraftColumns order.
void BindDraft(Statement& s, const ArticleDraft& d) {
  s.Bind(1, KindText(d.kind));
  s.Bind(2, d.slug);
  s.Bind(3, d.title);
  s.Bind(4, d.deck);
  s.Bind(5, d.body_markdown);
  s.Bind(6, d.body_html);
  s.Bind(7, d.excerpt);
  s.Bind(8, d.lang);
  s.Bind(9, d.section_id);
  s.Bind(10, d.image.path);
  s.Bind(11, d.image.alt);
  s.Bind(12, d.image.caption);
  s.Bind(13, d.image.credit);
  s.Bind(14, d.image.credit_url);
  s.Bind(15, d.image.width);
  s.Bind(16, d.image.height);
  s.Bind(17, StatusText(d.status));
  if (d.published_at) {
    s.Bind(18, TimeText(*d.published_at));
  } else {
    s.BindNull(18);
  }
  s.Bind(19, d.featured);
}

Status ReplaceRelations(Connection& conn, int64_t id, const ArticleDraft& d) {
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement del,
                        conn.Prepare("DELETE FROM article_bylines WHERE article_id = ?"));
    del->Bind(1, id);
    BS_RETURN_IF_ERROR(del->Run());
  }
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement del,
                        conn.Prepare("DELETE FROM article_tags WHERE article_id = ?"));
    del->Bind(1, id);
    BS_RETURN_IF_ERROR(del->Run());
  }
  const std::vector<int64_t> bylines = Unique(d.byline_ids);
  for (size_t i = 0; i < bylines.size(); ++i) {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn.Prepare("INSERT INTO article_bylines (article_id, byline_id, position)"
                     " VALUES (?, ?, ?)"));
    ins->Bind(1, id);
    ins->Bind(2, bylines[i]);
    ins->Bind(3, static_cast<int64_t>(i));
    BS_RETURN_IF_ERROR(ins->Run().WithContext("byline " + std::to_string(bylines[i])));
  }
  for (int64_t tag : Unique(d.tag_ids)) {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn.Prepare("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)"));
    ins->Bind(1, id);
    ins->Bind(2, tag);
    BS_RETURN_IF_ERROR(ins->Run().WithContext("tag " + std::to_string(tag)));
  }
  return Status::Ok();
}

// A live slug must not be shadowed by (or collide with) an old redirect.
Status DropRedirect(Connection& conn, ContentKind kind, const std::string& slug) {
  BS_ASSIGN_OR_RETURN(ScopedStatement del,
                      conn.Prepare("DELETE FROM slug_redirects WHERE kind = ? AND old_slug = ?"));
  del->Bind(1, KindText(kind));
  del->Bind(2, slug);
  return del->Run();
}

struct StoredKey {
  std::string kind, slug;
};

// Inside a write transaction: the article's current kind and slug, NotFound
// when it is missing, Conflict when it is not at `expected_version`.
Result<StoredKey> CheckVersion(Connection& conn, int64_t id, int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn.Prepare("SELECT kind, slug, version FROM articles WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound("article " + std::to_string(id));
  if (q->Int64(2) != expected_version) {
    return Status::Conflict("article " + std::to_string(id) + " is at version " +
                            std::to_string(q->Int64(2)) + ", not " +
                            std::to_string(expected_version));
  }
  return StoredKey{q->Text(0), q->Text(1)};
}

}  // namespace

// --- article writes

Result<int64_t> SqlitePublishing::CreateArticle(const ArticleDraft& d, Time now) {
  BS_RETURN_IF_ERROR(CheckDraft(d));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(int64_t group, GroupFor(*conn, d, 0));
  int64_t id = 0;
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn->Prepare("INSERT INTO articles (kind, slug, title, deck, body_markdown, body_html,"
                      " excerpt, lang, section_id, image_path, image_alt, image_caption,"
                      " image_credit, image_credit_url, image_width, image_height, status,"
                      " published_at, featured, created_at, updated_at, translation_group,"
                      " created_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"));
    BindDraft(*ins, d);
    const std::string now_text = TimeText(now);
    ins->Bind(20, now_text);
    ins->Bind(21, now_text);
    ins->Bind(22, group);
    ins->Bind(23, d.created_by);
    BS_RETURN_IF_ERROR(ins->Run().WithContext("create article " + d.slug));
    id = conn->LastInsertRowid();
  }
  if (group == 0) {  // its own group, keyed by its id
    BS_ASSIGN_OR_RETURN(ScopedStatement up,
                        conn->Prepare("UPDATE articles SET translation_group = id WHERE id = ?"));
    up->Bind(1, id);
    BS_RETURN_IF_ERROR(up->Run());
  }
  BS_RETURN_IF_ERROR(ReplaceRelations(*conn, id, d));
  BS_RETURN_IF_ERROR(DropRedirect(*conn, d.kind, d.slug));
  BS_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Status SqlitePublishing::UpdateArticle(int64_t id, const ArticleDraft& d,
                                       int64_t expected_version, Time now) {
  BS_RETURN_IF_ERROR(CheckDraft(d));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(StoredKey old, CheckVersion(*conn, id, expected_version));
  const std::string& old_kind = old.kind;
  const std::string& old_slug = old.slug;
  BS_ASSIGN_OR_RETURN(int64_t group, GroupFor(*conn, d, id));
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement up,
        conn->Prepare("UPDATE articles SET kind = ?, slug = ?, title = ?, deck = ?,"
                      " body_markdown = ?, body_html = ?, excerpt = ?, lang = ?, section_id = ?,"
                      " image_path = ?, image_alt = ?, image_caption = ?, image_credit = ?,"
                      " image_credit_url = ?, image_width = ?, image_height = ?, status = ?,"
                      " published_at = ?, featured = ?, updated_at = ?, translation_group = ?,"
                      " version = version + 1 WHERE id = ?"));
    BindDraft(*up, d);
    up->Bind(20, TimeText(now));
    up->Bind(21, group);
    up->Bind(22, id);
    BS_RETURN_IF_ERROR(up->Run().WithContext("update article " + d.slug));
  }
  BS_RETURN_IF_ERROR(ReplaceRelations(*conn, id, d));
  if (old_slug != d.slug || old_kind != KindText(d.kind)) {
    BS_RETURN_IF_ERROR(DropRedirect(*conn, d.kind, d.slug));
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn->Prepare("INSERT OR REPLACE INTO slug_redirects (kind, old_slug, article_id)"
                      " VALUES (?, ?, ?)"));
    ins->Bind(1, old_kind);
    ins->Bind(2, old_slug);
    ins->Bind(3, id);
    BS_RETURN_IF_ERROR(ins->Run());
  }
  return tx.Commit();
}

Status SqlitePublishing::DeleteArticle(int64_t id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement del, conn->Prepare("DELETE FROM articles WHERE id = ?"));
  del->Bind(1, id);
  BS_RETURN_IF_ERROR(del->Run());
  if (conn->Changes() == 0) return Status::NotFound("article " + std::to_string(id));
  return Status::Ok();
}

// --- back office: status changes

Status SqlitePublishing::SetArticleStatus(int64_t id, ArticleStatus status,
                                          std::optional<Time> published_at,
                                          int64_t expected_version, Time now) {
  if (status != ArticleStatus::kDraft && !published_at)
    return Status::InvalidArgument("article: published_at required unless draft");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(CheckVersion(*conn, id, expected_version).status());
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement up,
                        conn->Prepare("UPDATE articles SET status = ?, published_at = ?,"
                                      " updated_at = ?, version = version + 1 WHERE id = ?"));
    up->Bind(1, StatusText(status));
    if (published_at) {
      up->Bind(2, TimeText(*published_at));
    } else {
      up->BindNull(2);
    }
    up->Bind(3, TimeText(now));
    up->Bind(4, id);
    BS_RETURN_IF_ERROR(up->Run().WithContext("article " + std::to_string(id) + " status"));
  }
  return tx.Commit();
}

Status SqlitePublishing::DeleteArticleAtVersion(int64_t id, int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(CheckVersion(*conn, id, expected_version).status());
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement del, conn->Prepare("DELETE FROM articles WHERE id = ?"));
    del->Bind(1, id);
    BS_RETURN_IF_ERROR(del->Run());
  }
  return tx.Commit();
}

Result<int64_t> SqlitePublishing::PublishDue(Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare("UPDATE articles SET status = 'published'"
                                    " WHERE status = 'scheduled' AND published_at <= ?"));
  up->Bind(1, TimeText(now));
  BS_RETURN_IF_ERROR(up->Run().WithContext("publish due"));
  return int64_t{conn->Changes()};
}

}  // namespace store::sqlite
