// SQLite publishing store: bylines, sections and tags, for readers and for
// the back office.

#include <string>
#include <utility>

#include "store/sqlite/sqlite_publishing.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

using WriteLease = ConnectionPool::WriteLease;
using ReadLease = ConnectionPool::ReadLease;

constexpr char kBylineColumns[] =
    "SELECT id, slug, name, kind, title, bio_html, photo_path, bio_markdown FROM bylines";

Byline ReadByline(const Statement& r) {
  Byline b{r.Int64(0), r.Text(1), r.Text(2), BylineKindFrom(r.TextView(3)),
           r.Text(4),  r.Text(5), r.Text(6)};
  b.bio_markdown = r.Text(7);
  return b;
}

constexpr char kSectionColumns[] = "SELECT id, slug, name, description, position FROM sections";

Section ReadSection(const Statement& r) {
  return Section{r.Int64(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)};
}

constexpr char kTagColumns[] = "SELECT id, slug, name FROM tags";

Tag ReadTag(const Statement& r) { return Tag{r.Int64(0), r.Text(1), r.Text(2)}; }

// Runs `sql` (with `key` bound as ?1, if given) and reads every row with `read`.
template <typename T, typename Key, typename ReadFn>
Result<std::vector<T>> ReadAll(ConnectionPool& pool, const std::string& sql, const Key* key,
                               ReadFn read) {
  BS_ASSIGN_OR_RETURN(ReadLease conn, pool.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(sql));
  if (key != nullptr) q->Bind(1, *key);
  std::vector<T> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) return out;
    out.push_back(read(*q));
  }
}

template <typename T, typename ReadFn>
Result<std::vector<T>> ReadAll(ConnectionPool& pool, const std::string& sql, ReadFn read) {
  return ReadAll<T, int64_t>(pool, sql, nullptr, read);
}

// The one row `sql` finds by `key`, else NotFound naming `what`.
template <typename T, typename Key, typename ReadFn>
Result<T> ReadOne(ConnectionPool& pool, const std::string& sql, const Key& key, ReadFn read,
                  const std::string& what) {
  BS_ASSIGN_OR_RETURN(std::vector<T> all, ReadAll<T>(pool, sql, &key, read));
  if (all.empty()) return Status::NotFound(what);
  return std::move(all.front());
}

// Runs a write statement whose ?1.. are `bind`-ed, expecting to touch exactly
// one row; NotFound naming `what` when it touched none.
template <typename BindFn>
Status WriteOne(Connection& conn, const std::string& sql, BindFn bind, const std::string& what) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  bind(*q);
  BS_RETURN_IF_ERROR(q->Run().WithContext(what));
  if (conn.Changes() == 0) return Status::NotFound(what);
  return Status::Ok();
}

Result<int64_t> CountWhere(Connection& conn, const std::string& sql, int64_t id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::Internal("count returned no row");
  return q->Int64(0);
}

// Bumps version and updated_at of every article carrying tag ?2 (before the
// tag links change, so editors holding older copies get Conflict).
constexpr char kBumpTagged[] =
    "UPDATE articles SET version = version + 1, updated_at = ?1"
    " WHERE id IN (SELECT article_id FROM article_tags WHERE tag_id = ?2)";

Status RunWithIdAndTime(Connection& conn, const char* sql, Time now, int64_t id) {
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn.Prepare(sql));
  q->Bind(1, TimeText(now));
  q->Bind(2, id);
  return q->Run();
}

Status CheckByline(const Byline& b) {
  if (b.slug.empty() || b.name.empty())
    return Status::InvalidArgument("byline: slug and name required");
  return Status::Ok();
}

Status CheckSection(const Section& s) {
  if (s.slug.empty() || s.name.empty())
    return Status::InvalidArgument("section: slug and name required");
  return Status::Ok();
}

std::string Named(const char* what, int64_t id) { return what + (" " + std::to_string(id)); }

}  // namespace

// --- bylines

Result<int64_t> SqlitePublishing::CreateByline(const Byline& b) {
  BS_RETURN_IF_ERROR(CheckByline(b));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn->Prepare("INSERT INTO bylines (slug, name, kind, title, bio_html, photo_path,"
                    " bio_markdown) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  q->Bind(1, b.slug);
  q->Bind(2, b.name);
  q->Bind(3, BylineKindText(b.kind));
  q->Bind(4, b.title);
  q->Bind(5, b.bio_html);
  q->Bind(6, b.photo_path);
  q->Bind(7, b.bio_markdown);
  BS_RETURN_IF_ERROR(q->Run().WithContext("create byline " + b.slug));
  return conn->LastInsertRowid();
}

Result<Byline> SqlitePublishing::GetBylineBySlug(const std::string& slug) {
  return ReadOne<Byline>(pool_, std::string(kBylineColumns) + " WHERE slug = ?", slug, ReadByline,
                         "byline '" + slug + "'");
}

Result<Byline> SqlitePublishing::GetBylineById(int64_t id) {
  return ReadOne<Byline>(pool_, std::string(kBylineColumns) + " WHERE id = ?", id, ReadByline,
                         Named("byline", id));
}

Result<std::vector<Byline>> SqlitePublishing::ListBylines() {
  return ReadAll<Byline>(pool_, std::string(kBylineColumns) + " ORDER BY name, id", ReadByline);
}

Status SqlitePublishing::UpdateByline(const Byline& b) {
  BS_RETURN_IF_ERROR(CheckByline(b));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  return WriteOne(
      *conn,
      "UPDATE bylines SET slug = ?, name = ?, kind = ?, title = ?, bio_html = ?,"
      " photo_path = ?, bio_markdown = ? WHERE id = ?",
      [&](Statement& q) {
        q.Bind(1, b.slug);
        q.Bind(2, b.name);
        q.Bind(3, BylineKindText(b.kind));
        q.Bind(4, b.title);
        q.Bind(5, b.bio_html);
        q.Bind(6, b.photo_path);
        q.Bind(7, b.bio_markdown);
        q.Bind(8, b.id);
      },
      Named("byline", b.id));
}

Status SqlitePublishing::DeleteByline(int64_t id) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(
      int64_t signed_count,
      CountWhere(*conn, "SELECT COUNT(*) FROM article_bylines WHERE byline_id = ?", id));
  if (signed_count > 0) {
    return Status::Conflict(Named("byline", id) + " signs " + std::to_string(signed_count) +
                            (signed_count == 1 ? " article" : " articles"));
  }
  Status deleted = WriteOne(
      *conn, "DELETE FROM bylines WHERE id = ?", [&](Statement& q) { q.Bind(1, id); },
      Named("byline", id));
  // The only other references are from other domains (a staff account that
  // signs as this byline): still in use, not a bad argument.
  if (deleted.IsInvalidArgument()) {
    return Status::Conflict(Named("byline", id) + " is still linked from another record");
  }
  BS_RETURN_IF_ERROR(deleted);
  return tx.Commit();
}

// --- sections

Result<int64_t> SqlitePublishing::CreateSection(const Section& s) {
  BS_RETURN_IF_ERROR(CheckSection(s));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
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
                          ReadSection, "section '" + slug + "'");
}

Result<Section> SqlitePublishing::GetSectionById(int64_t id) {
  return ReadOne<Section>(pool_, std::string(kSectionColumns) + " WHERE id = ?", id, ReadSection,
                          Named("section", id));
}

Result<std::vector<Section>> SqlitePublishing::ListSections() {
  return ReadAll<Section>(pool_, std::string(kSectionColumns) + " ORDER BY position, name, id",
                          ReadSection);
}

Status SqlitePublishing::UpdateSection(const Section& s) {
  BS_RETURN_IF_ERROR(CheckSection(s));
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  return WriteOne(
      *conn, "UPDATE sections SET slug = ?, name = ?, description = ?, position = ? WHERE id = ?",
      [&](Statement& q) {
        q.Bind(1, s.slug);
        q.Bind(2, s.name);
        q.Bind(3, s.description);
        q.Bind(4, s.position);
        q.Bind(5, s.id);
      },
      Named("section", s.id));
}

Status SqlitePublishing::DeleteSection(int64_t id, Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(RunWithIdAndTime(*conn,
                                      "UPDATE articles SET section_id = NULL, version = version"
                                      " + 1, updated_at = ?1 WHERE section_id = ?2",
                                      now, id));
  BS_RETURN_IF_ERROR(WriteOne(
      *conn, "DELETE FROM sections WHERE id = ?", [&](Statement& q) { q.Bind(1, id); },
      Named("section", id)));
  return tx.Commit();
}

// --- tags

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
  return ReadOne<Tag>(pool_, std::string(kTagColumns) + " WHERE slug = ?", slug, ReadTag,
                      "tag '" + slug + "'");
}

Result<Tag> SqlitePublishing::GetTagById(int64_t id) {
  return ReadOne<Tag>(pool_, std::string(kTagColumns) + " WHERE id = ?", id, ReadTag,
                      Named("tag", id));
}

Result<std::vector<Tag>> SqlitePublishing::ListTags() {
  return ReadAll<Tag>(pool_, std::string(kTagColumns) + " ORDER BY name, id", ReadTag);
}

Result<std::vector<TagUsage>> SqlitePublishing::ListTagUsage() {
  return ReadAll<TagUsage>(pool_,
                           "SELECT t.id, t.slug, t.name, (SELECT COUNT(*) FROM article_tags at"
                           " WHERE at.tag_id = t.id) FROM tags t ORDER BY t.name, t.id",
                           [](const Statement& r) {
                             return TagUsage{ReadTag(r), r.Int64(3)};
                           });
}

Status SqlitePublishing::UpdateTag(const Tag& t, Time now) {
  if (t.slug.empty() || t.name.empty())
    return Status::InvalidArgument("tag: slug and name required");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(WriteOne(
      *conn, "UPDATE tags SET slug = ?, name = ? WHERE id = ?",
      [&](Statement& q) {
        q.Bind(1, t.slug);
        q.Bind(2, t.name);
        q.Bind(3, t.id);
      },
      Named("tag", t.id)));
  BS_RETURN_IF_ERROR(RunWithIdAndTime(*conn, kBumpTagged, now, t.id));
  return tx.Commit();
}

Status SqlitePublishing::MergeTags(int64_t from, int64_t into, Time now) {
  if (from == into) return Status::InvalidArgument("merge: a tag cannot be merged into itself");
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_ASSIGN_OR_RETURN(int64_t into_exists,
                      CountWhere(*conn, "SELECT COUNT(*) FROM tags WHERE id = ?", into));
  if (into_exists == 0) return Status::NotFound(Named("tag", into));
  BS_RETURN_IF_ERROR(RunWithIdAndTime(*conn, kBumpTagged, now, from));
  {
    // OR IGNORE: an article carrying both keeps a single link to `into`.
    BS_ASSIGN_OR_RETURN(
        ScopedStatement q,
        conn->Prepare("INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                      " SELECT article_id, ?2 FROM article_tags WHERE tag_id = ?1"));
    q->Bind(1, from);
    q->Bind(2, into);
    BS_RETURN_IF_ERROR(q->Run().WithContext("merge tags"));
  }
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("DELETE FROM article_tags WHERE tag_id = ?"));
    q->Bind(1, from);
    BS_RETURN_IF_ERROR(q->Run());
  }
  BS_RETURN_IF_ERROR(WriteOne(
      *conn, "DELETE FROM tags WHERE id = ?", [&](Statement& q) { q.Bind(1, from); },
      Named("tag", from)));
  return tx.Commit();
}

Status SqlitePublishing::DeleteTag(int64_t id, Time now) {
  BS_ASSIGN_OR_RETURN(WriteLease conn, pool_.AcquireWriter());
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(*conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(RunWithIdAndTime(*conn, kBumpTagged, now, id));
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("DELETE FROM article_tags WHERE tag_id = ?"));
    q->Bind(1, id);
    BS_RETURN_IF_ERROR(q->Run());
  }
  BS_RETURN_IF_ERROR(WriteOne(
      *conn, "DELETE FROM tags WHERE id = ?", [&](Statement& q) { q.Bind(1, id); },
      Named("tag", id)));
  return tx.Commit();
}

}  // namespace store::sqlite
