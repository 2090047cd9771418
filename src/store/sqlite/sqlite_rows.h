#pragma once
// Shared between the SQLite publishing reads and writes: how enums and times
// are spelled in the database, and how article rows become Articles.

#include <cstdint>
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

// The visibility test, with one parameter for the moment of viewing.
inline constexpr char kVisible[] =
    "(a.status IN ('published', 'scheduled') AND a.published_at <= ?)";

// Columns read by ReadArticle, from `articles a LEFT JOIN sections s`.
inline constexpr char kArticleColumns[] =
    "a.id, a.kind, a.slug, a.title, a.deck, a.excerpt, a.lang, a.status, a.published_at,"
    " a.created_at, a.updated_at, a.featured, a.translation_group, a.version,"
    " a.image_path, a.image_alt, a.image_caption, a.image_credit, a.image_credit_url,"
    " a.image_width, a.image_height, s.id, s.slug, s.name, s.description, s.position";
// Appended to kArticleColumns when the bodies are wanted.
inline constexpr char kBodyColumns[] = ", a.body_markdown, a.body_html";
inline constexpr char kArticleFrom[] =
    " FROM articles a LEFT JOIN sections s ON s.id = a.section_id";

// Reads the current row of a statement selecting kArticleColumns [+ kBodyColumns].
Result<Article> ReadArticle(const Statement& row, bool with_body);

// Fills bylines and tags of `articles` with one query each.
Status FillRelations(Connection& conn, std::vector<Article>& articles);

// "[1,2,3]": a list of ids for `IN (SELECT value FROM json_each(?))`, which
// keeps one cached statement for any number of ids.
std::string JsonIds(const std::vector<int64_t>& ids);

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
