// SQLite publishing store: bylines, sections, tags and article writes.
// Article reads are in sqlite_article_reads.cc.

#include "store/sqlite/sqlite_publishing.h"

#include <algorithm>

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

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

}  // namespace

// --- bylines, sections, tags

Result<int64_t> SqlitePublishing::CreateByline(const Byline& b) {
  if (b.slug.empty() || b.name.empty())
    return Status::InvalidArgument("byline: slug and name required");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO bylines (slug, name, kind, title, bio_html, photo_path)"
                    " VALUES (?, ?, ?, ?, ?, ?)"));
  q->Bind(1, b.slug);
  q->Bind(2, b.name);
  q->Bind(3, BylineKindText(b.kind));
  q->Bind(4, b.title);
  q->Bind(5, b.bio_html);
  q->Bind(6, b.photo_path);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create byline " + b.slug));
  return conn->LastInsertRowid();
}

namespace {

constexpr char kBylineColumns[] = "SELECT id, slug, name, kind, title, bio_html, photo_path"
                                  " FROM bylines";

Byline ReadByline(const Statement& r) {
  return Byline{r.Int64(0), r.Text(1), r.Text(2), BylineKindFrom(r.TextView(3)),
                r.Text(4),  r.Text(5), r.Text(6)};
}

constexpr char kSectionColumns[] = "SELECT id, slug, name, description, position FROM sections";

Section ReadSection(const Statement& r) {
  return Section{r.Int64(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)};
}

// Runs `sql` (with `slug` bound, if given) and reads every row with `read`.
template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(ConnectionPool& pool, const std::string& sql,
                               const std::string* slug, ReadFn read) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  if (slug != nullptr) q->Bind(1, *slug);
  std::vector<T> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    out.push_back(read(*q));
  }
}

template <typename T, typename ReadFn>
Result<T> ReadOne(ConnectionPool& pool, const std::string& sql, const std::string& slug,
                  ReadFn read, const char* what) {
  BS_ASSIGN_OR_RETURN(std::vector<T> all, ReadAll<T>(pool, sql, &slug, read));
  if (all.empty()) return Status::NotFound(std::string(what) + " '" + slug + "'");
  return std::move(all.front());
}

}  // namespace

Result<Byline> SqlitePublishing::GetBylineBySlug(const std::string& slug) {
  return ReadOne<Byline>(pool_, std::string(kBylineColumns) + " WHERE slug = ?", slug,
                         ReadByline, "byline");
}

Result<std::vector<Byline>> SqlitePublishing::ListBylines() {
  return ReadAll<Byline>(pool_, std::string(kBylineColumns) + " ORDER BY name, id", nullptr,
                         ReadByline);
}

Result<int64_t> SqlitePublishing::CreateSection(const Section& s) {
  if (s.slug.empty() || s.name.empty())
    return Status::InvalidArgument("section: slug and name required");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO sections (slug, name, description, position)"
                    " VALUES (?, ?, ?, ?)"));
  q->Bind(1, s.slug);
  q->Bind(2, s.name);
  q->Bind(3, s.description);
  q->Bind(4, s.position);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create section " + s.slug));
  return conn->LastInsertRowid();
}

Result<Section> SqlitePublishing::GetSectionBySlug(const std::string& slug) {
  return ReadOne<Section>(pool_, std::string(kSectionColumns) + " WHERE slug = ?", slug,
                          ReadSection, "section");
}

Result<std::vector<Section>> SqlitePublishing::ListSections() {
  return ReadAll<Section>(pool_, std::string(kSectionColumns) + " ORDER BY position, name, id",
                          nullptr, ReadSection);
}

Result<int64_t> SqlitePublishing::EnsureTag(const std::string& slug, const std::string& name) {
  if (slug.empty() || name.empty()) return Status::InvalidArgument("tag: slug and name required");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement ins,
        conn->Prepare("INSERT INTO tags (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING"));
    ins->Bind(1, slug);
    ins->Bind(2, name);
    BS_RETURN_IF_ERROR(ins->Run().WithContext("ensure tag " + slug));
  }
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare("SELECT id FROM tags WHERE slug = ?"));
  q->Bind(1, slug);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("ensure tag " + slug + ": vanished");
  return q->Int64(0);
}

Result<Tag> SqlitePublishing::GetTagBySlug(const std::string& slug) {
  return ReadOne<Tag>(
      pool_, "SELECT id, slug, name FROM tags WHERE slug = ?", slug,
      [](const Statement& r) { return Tag{r.Int64(0), r.Text(1), r.Text(2)}; }, "tag");
}

Result<std::vector<Tag>> SqlitePublishing::ListTags() {
  return ReadAll<Tag>(pool_, "SELECT id, slug, name FROM tags ORDER BY name, id", nullptr,
                      [](const Statement& r) { return Tag{r.Int64(0), r.Text(1), r.Text(2)}; });
}

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
                      " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?, ?, ?, 1)"));
    BindDraft(*ins, d);
    const std::string now_text = TimeText(now);
    ins->Bind(20, now_text);
    ins->Bind(21, now_text);
    ins->Bind(22, group);
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
  std::string old_kind, old_slug;
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("SELECT kind, slug, version FROM articles WHERE id = ?"));
    q->Bind(1, id);
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return Status::NotFound("article " + std::to_string(id));
    if (q->Int64(2) != expected_version) {
      return Status::Conflict("article " + std::to_string(id) + " is at version " +
                              std::to_string(q->Int64(2)) + ", not " +
                              std::to_string(expected_version));
    }
    old_kind = q->Text(0);
    old_slug = q->Text(1);
  }
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

}  // namespace store::sqlite
