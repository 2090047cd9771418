#include "store/sqlite/sqlite_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <system_error>
#include <utility>

#include "base/text.h"
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

void BindOptionalTime(Statement& s, int i, const std::optional<Time>& t) {
  if (t) {
    s.Bind(i, TimeText(*t));
  } else {
    s.BindNull(i);
  }
}

Result<std::optional<Time>> OptionalTimeFrom(const Statement& row, int col) {
  if (row.IsNull(col)) return std::optional<Time>();
  BS_ASSIGN_OR_RETURN(Time t, TimeFrom(row.TextView(col)));
  return std::optional<Time>(t);
}

namespace {

// A cursor over JSON text as SQLite's json functions write it: no whitespace,
// integers in decimal, strings with `"`, `\` and control characters escaped.
// Whitespace is tolerated anyway; nothing beyond what the relation columns
// use (arrays, integers, strings) is understood.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text) : s_(text) {}

  bool Eat(char c) {
    SkipSpace();
    if (i_ == s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool Int(int64_t& v) {
    SkipSpace();
    const char* end = s_.data() + s_.size();
    auto [p, ec] = std::from_chars(s_.data() + i_, end, v);
    if (ec != std::errc()) return false;
    i_ = static_cast<size_t>(p - s_.data());
    return true;
  }
  bool Int(int& v) {
    int64_t wide = 0;
    if (!Int(wide) || wide < INT32_MIN || wide > INT32_MAX) return false;
    v = static_cast<int>(wide);
    return true;
  }
  // Replaces `out` with the decoded string.
  bool String(std::string& out) {
    if (!Eat('"')) return false;
    out.clear();
    for (;;) {
      size_t stop = i_;
      while (stop < s_.size() && s_[stop] != '"' && s_[stop] != '\\') ++stop;
      if (stop == s_.size()) return false;
      out.append(s_.data() + i_, stop - i_);
      i_ = stop + 1;
      if (s_[stop] == '"') return true;
      if (!Escape(out)) return false;
    }
  }
  bool AtEnd() {
    SkipSpace();
    return i_ == s_.size();
  }

 private:
  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  // After a backslash: appends the escaped character.
  bool Escape(std::string& out) {
    if (i_ == s_.size()) return false;
    const char c = s_[i_++];
    switch (c) {
      case '"': case '\\': case '/': out += c; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    uint32_t cp = 0;
    if (!Hex4(cp)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
      uint32_t low = 0;
      if (!Eat('\\') || !Eat('u') || !Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    base::AppendUtf8(out, cp);
    return true;
  }
  bool Hex4(uint32_t& v) {
    if (s_.size() - i_ < 4) return false;
    auto [p, ec] = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, v, 16);
    if (ec != std::errc() || p != s_.data() + i_ + 4) return false;
    i_ += 4;
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// Parses `json`, an array of arrays, calling `row(cursor)` for each inner
// array once its '[' is consumed; `row` reads the elements and their commas.
template <typename RowFn>
Status ParseRows(std::string_view json, const char* what, RowFn row) {
  JsonCursor c(json);
  bool ok = c.Eat('[');
  if (ok && !c.Eat(']')) {
    do {
      ok = c.Eat('[') && row(c) && c.Eat(']');
    } while (ok && c.Eat(','));
    ok = ok && c.Eat(']');
  }
  if (!ok || !c.AtEnd()) return Status::Internal(std::string("malformed ") + what + " column");
  return Status::Ok();
}

}  // namespace

Status ParseBylines(std::string_view json, std::vector<Byline>& out) {
  const size_t first = out.size();
  std::vector<int> positions;
  std::string kind;
  BS_RETURN_IF_ERROR(ParseRows(json, "bylines", [&](JsonCursor& c) {
    Byline b;
    int position = 0;
    const bool ok = c.Int(b.id) && c.Eat(',') && c.String(b.slug) && c.Eat(',') &&
                    c.String(b.name) && c.Eat(',') && c.String(kind) && c.Eat(',') &&
                    c.String(b.title) && c.Eat(',') && c.String(b.bio_html) && c.Eat(',') &&
                    c.String(b.photo_path) && c.Eat(',') && c.Int(position);
    if (!ok) return false;
    b.kind = BylineKindFrom(kind);
    out.push_back(std::move(b));
    positions.push_back(position);
    return true;
  }));
  // Signing order. Usually already in order (and tiny), so a plain insertion sort.
  for (size_t i = 1; i < positions.size(); ++i) {
    for (size_t j = i; j > 0 && positions[j - 1] > positions[j]; --j) {
      std::swap(positions[j - 1], positions[j]);
      std::swap(out[first + j - 1], out[first + j]);
    }
  }
  return Status::Ok();
}

Status ParseTags(std::string_view json, std::vector<Tag>& out) {
  const size_t first = out.size();
  BS_RETURN_IF_ERROR(ParseRows(json, "tags", [&](JsonCursor& c) {
    Tag t;
    if (!(c.Int(t.id) && c.Eat(',') && c.String(t.slug) && c.Eat(',') && c.String(t.name)))
      return false;
    out.push_back(std::move(t));
    return true;
  }));
  // By name, then id, as the SQL used to sort: std::string compares bytes as
  // unsigned, which is SQLite's BINARY collation.
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const Tag& x, const Tag& y) {
              const int c = x.name.compare(y.name);
              return c != 0 ? c < 0 : x.id < y.id;
            });
  return Status::Ok();
}

Result<Article> ReadArticle(const Statement& r, bool with_body) {
  Article a;
  a.id = r.Int64(0);
  a.kind = KindFrom(r.TextView(1));
  a.slug = r.TextView(2);
  a.title = r.TextView(3);
  a.deck = r.TextView(4);
  a.excerpt = r.TextView(5);
  a.lang = r.TextView(6);
  a.status = StatusFrom(r.TextView(7));
  if (!r.IsNull(8)) {
    BS_ASSIGN_OR_RETURN(a.published_at, TimeFrom(r.TextView(8)));
  }
  BS_ASSIGN_OR_RETURN(a.created_at, TimeFrom(r.TextView(9)));
  BS_ASSIGN_OR_RETURN(a.updated_at, TimeFrom(r.TextView(10)));
  a.featured = r.Int64(11) != 0;
  a.translation_group = r.Int64(12);
  a.version = r.Int64(13);
  a.image.path = r.TextView(14);
  a.image.alt = r.TextView(15);
  a.image.caption = r.TextView(16);
  a.image.credit = r.TextView(17);
  a.image.credit_url = r.TextView(18);
  a.image.width = r.Int(19);
  a.image.height = r.Int(20);
  if (!r.IsNull(21)) {
    Section s;
    s.id = r.Int64(21);
    s.slug = r.TextView(22);
    s.name = r.TextView(23);
    s.description = r.TextView(24);
    s.position = r.Int(25);
    a.section = std::move(s);
  }
  BS_RETURN_IF_ERROR(ParseBylines(r.TextView(26), a.bylines));
  BS_RETURN_IF_ERROR(ParseTags(r.TextView(27), a.tags));
  if (with_body) {
    a.body_markdown = r.TextView(28);
    a.body_html = r.TextView(29);
  }
  return a;
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
