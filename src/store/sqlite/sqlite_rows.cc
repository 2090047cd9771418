#include "store/sqlite/sqlite_rows.h"

#include <unordered_map>

#include "base/time_format.h"

namespace store::sqlite {

const char* KindText(ContentKind k) { return k == ContentKind::kPage ? "page" : "article"; }

const char* StatusText(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft: return "draft";
    case ArticleStatus::kScheduled: return "scheduled";
    case ArticleStatus::kPublished: return "published";
  }
  return "draft";
}

const char* BylineKindText(BylineKind k) { return k == BylineKind::kBody ? "body" : "person"; }

BylineKind BylineKindFrom(std::string_view text) {
  return text == "body" ? BylineKind::kBody : BylineKind::kPerson;
}

namespace {

ContentKind KindFrom(std::string_view text) {
  return text == "page" ? ContentKind::kPage : ContentKind::kArticle;
}

}  // namespace

ArticleStatus StatusFrom(std::string_view text) {
  if (text == "published") return ArticleStatus::kPublished;
  if (text == "scheduled") return ArticleStatus::kScheduled;
  return ArticleStatus::kDraft;
}

std::string TimeText(Time t) { return base::FormatRfc3339(t); }

Result<Time> TimeFrom(std::string_view text) {
  std::optional<Time> t = base::ParseRfc3339(text);
  if (!t) return Status::Internal("stored time is malformed: '" + std::string(text) + "'");
  return *t;
}

Result<Article> ReadArticle(const Statement& r, bool with_body) {
  Article a;
  a.id = r.Int64(0);
  a.kind = KindFrom(r.TextView(1));
  a.slug = r.Text(2);
  a.title = r.Text(3);
  a.deck = r.Text(4);
  a.excerpt = r.Text(5);
  a.lang = r.Text(6);
  a.status = StatusFrom(r.TextView(7));
  if (!r.IsNull(8)) {
    BS_ASSIGN_OR_RETURN(a.published_at, TimeFrom(r.TextView(8)));
  }
  BS_ASSIGN_OR_RETURN(a.created_at, TimeFrom(r.TextView(9)));
  BS_ASSIGN_OR_RETURN(a.updated_at, TimeFrom(r.TextView(10)));
  a.featured = r.Int64(11) != 0;
  a.translation_group = r.Int64(12);
  a.version = r.Int64(13);
  a.image.path = r.Text(14);
  a.image.alt = r.Text(15);
  a.image.caption = r.Text(16);
  a.image.credit = r.Text(17);
  a.image.credit_url = r.Text(18);
  a.image.width = r.Int(19);
  a.image.height = r.Int(20);
  if (!r.IsNull(21)) {
    Section s;
    s.id = r.Int64(21);
    s.slug = r.Text(22);
    s.name = r.Text(23);
    s.description = r.Text(24);
    s.position = r.Int(25);
    a.section = std::move(s);
  }
  if (with_body) {
    a.body_markdown = r.Text(26);
    a.body_html = r.Text(27);
  }
  return a;
}

std::string JsonIds(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

Status FillRelations(Connection& conn, std::vector<Article>& articles) {
  if (articles.empty()) return Status::Ok();
  std::unordered_map<int64_t, Article*> by_id;
  std::vector<int64_t> ids;
  for (Article& a : articles) {
    by_id[a.id] = &a;
    ids.push_back(a.id);
  }
  const std::string json = JsonIds(ids);
  {
    BS_ASSIGN_OR_RETURN(
        ScopedStatement q,
        conn.Prepare("SELECT ab.article_id, b.id, b.slug, b.name, b.kind, b.title, b.bio_html,"
                     " b.photo_path FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id"
                     " WHERE ab.article_id IN (SELECT value FROM json_each(?))"
                     " ORDER BY ab.article_id, ab.position"));
    q->Bind(1, json);
    for (;;) {
      BS_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      Byline b;
      b.id = q->Int64(1);
      b.slug = q->Text(2);
      b.name = q->Text(3);
      b.kind = BylineKindFrom(q->TextView(4));
      b.title = q->Text(5);
      b.bio_html = q->Text(6);
      b.photo_path = q->Text(7);
      by_id[q->Int64(0)]->bylines.push_back(std::move(b));
    }
  }
  BS_ASSIGN_OR_RETURN(
      ScopedStatement q,
      conn.Prepare("SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at"
                   " JOIN tags t ON t.id = at.tag_id"
                   " WHERE at.article_id IN (SELECT value FROM json_each(?))"
                   " ORDER BY at.article_id, t.name, t.id"));
  q->Bind(1, json);
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    by_id[q->Int64(0)]->tags.push_back(Tag{q->Int64(1), q->Text(2), q->Text(3)});
  }
  return Status::Ok();
}

void Params::BindTo(Statement& stmt) const {
  int i = 1;
  for (const auto& v : values_) {
    if (const auto* n = std::get_if<int64_t>(&v)) {
      stmt.Bind(i++, *n);
    } else {
      stmt.Bind(i++, std::get<std::string>(v));
    }
  }
}

}  // namespace store::sqlite
