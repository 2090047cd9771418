#pragma once
// Shared between the SQLite publishing reads and writes: how enums and times
// are spelled in the database, and how article rows become Articles.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/publishing_store.h"
#include "store/sqlite/sqlite_db.h"

namespace store::sqlite {

const char* KindText(ContentKind k);
const char* StatusText(ArticleStatus s);
ArticleStatus StatusFrom(std::string_view text);
const char* BylineKindText(BylineKind k);
BylineKind BylineKindFrom(std::string_view text);

// Times are stored as "YYYY-MM-DDTHH:MM:SSZ", which sorts as time does.
std::string TimeText(Time t);
Result<Time> TimeFrom(std::string_view text);
// A nullable time column: NULL <-> nullopt.
void BindOptionalTime(Statement& s, int i, const std::optional<Time>& t);
Result<std::optional<Time>> OptionalTimeFrom(const Statement& row, int col);

// The visibility test, with one parameter for the moment of viewing.
inline constexpr char kVisible[] =
    "(a.status IN ('published', 'scheduled') AND a.published_at <= ?)";

// Columns read by ReadArticle, from `articles a LEFT JOIN sections s`. The
// last two are the article's bylines and tags as JSON arrays of arrays
// (correlated subqueries), so one statement reads an article with its
// relations from one snapshot, with no BEGIN/COMMIT and no second query:
//   bylines: [[id, slug, name, kind, title, bio_html, photo_path, position], ...]
//   tags:    [[id, slug, name], ...]
// SQLite 3.40 cannot order inside json_group_array; ReadArticle sorts.
inline constexpr char kArticleColumns[] =
    "a.id, a.kind, a.slug, a.title, a.deck, a.excerpt, a.lang, a.status, a.published_at,"
    " a.created_at, a.updated_at, a.featured, a.translation_group, a.version,"
    " a.image_path, a.image_alt, a.image_caption, a.image_credit, a.image_credit_url,"
    " a.image_width, a.image_height, s.id, s.slug, s.name, s.description, s.position,"
    " (SELECT json_group_array(json_array(b.id, b.slug, b.name, b.kind, b.title, b.bio_html,"
    " b.photo_path, ab.position)) FROM article_bylines ab JOIN bylines b ON b.id = ab.byline_id"
    " WHERE ab.article_id = a.id),"
    " (SELECT json_group_array(json_array(t.id, t.slug, t.name)) FROM article_tags at"
    " JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id)";
// Appended to kArticleColumns when the bodies are wanted.
inline constexpr char kBodyColumns[] = ", a.body_markdown, a.body_html";
inline constexpr char kArticleFrom[] =
    " FROM articles a LEFT JOIN sections s ON s.id = a.section_id";

// Reads the current row of a statement selecting kArticleColumns [+ kBodyColumns],
// relations included. Internal if a stored time or relation column is malformed.
Result<Article> ReadArticle(const Statement& row, bool with_body);

// Parse the relation columns of kArticleColumns into `out` (appending), in
// signing order and by name (then id) respectively. Internal unless `json` has
// exactly the documented shape.
Status ParseBylines(std::string_view json, std::vector<Byline>& out);
Status ParseTags(std::string_view json, std::vector<Tag>& out);

// Parameters collected while building SQL, bound in order.
class Params {
 public:
  void Add(int64_t v) { values_.emplace_back(v); }
  void Add(std::string v) { values_.emplace_back(std::move(v)); }
  void BindTo(Statement& stmt) const;

 private:
  std::vector<std::variant<int64_t, std::string>> values_;
};

}  // namespace store::sqlite
