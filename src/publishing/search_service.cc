// Site search: query cleaning, Unicode-light word splitting and folding, and
// the visibility rule applied at query time.

#include "publishing/search_service.h"

#include <algorithm>

#include "base/text.h"
#include "publishing/publishing_service.h"
#include "publishing/stop_words.h"

namespace publishing {
namespace {

using base::Status;

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at `i` (advancing it); kInvalid for a malformed,
// overlong or surrogate sequence (one byte is skipped).
char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

// Part of a word: ASCII letters and digits, and every non-ASCII code point
// outside the punctuation and symbol blocks. Without Unicode tables this is
// an approximation; the store's tokenizer has the last word, and a word it
// finds empty only means no match.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;  // ª µ º
  if (c == 0xD7 || c == 0xF7) return false;                  // × ÷
  if (c >= 0x2000 && c <= 0x2BFF) return false;    // punctuation, symbols, arrows, dingbats
  if (c >= 0x3000 && c <= 0x303F) return false;    // CJK punctuation
  if (c >= 0xFE00 && c <= 0xFE0F) return false;    // variation selectors
  if (c >= 0xFF00 && c <= 0xFF0F) return false;    // full-width punctuation
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji and pictographs
  if (c >= 0xE000 && c <= 0xF8FF) return false;    // private use
  return true;
}

bool IsQuote(char32_t c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0xAB || c == 0xBB;
}

// Base letter of a Latin-1 / Latin Extended-A letter, lower-cased; 0 if none.
char32_t FoldLatin(char32_t c) {
  if (c >= 0xC0 && c <= 0xFF) {
    static constexpr char kLatin1[] =
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"   // U+00C0..U+00DF (\0 at ×)
        "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";  // U+00E0..U+00FF (\0 at ÷)
    if (c == 0xDF) return 0;                  // ß: leave it to the tokenizer
    if (c == 0xC6 || c == 0xE6) return 0;     // æ
    if (c == 0xDE || c == 0xFE) return 0;     // þ
    const char base = kLatin1[c - 0xC0];
    return base == '\0' ? 0 : static_cast<char32_t>(base);
  }
  if (c >= 0x100 && c <= 0x17F) {
    static constexpr char kExtA[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii\0\0jjkkklllllllllln"
        "nnnnnnnnoooooo\0\0rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    const char base = kExtA[c - 0x100];
    return base == '\0' ? 0 : static_cast<char32_t>(base);
  }
  return 0;
}

}  // namespace

std::string CutQuery(std::string_view text, size_t max_code_points) {
  std::string out;
  out.reserve(std::min(text.size(), max_code_points * 4));
  size_t i = 0, n = 0;
  while (i < text.size() && n < max_code_points) {
    const char32_t c = NextCodePoint(text, i);
    if (c == kInvalid || c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) continue;
    base::AppendUtf8(out, c);
    ++n;
  }
  return out;
}

std::string FoldWord(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    char32_t c = NextCodePoint(word, i);
    if (c == kInvalid) continue;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    } else if (char32_t base = FoldLatin(c); base != 0) {
      c = base;
    }
    base::AppendUtf8(out, c);
  }
  return out;
}

std::vector<store::SearchTerm> ParseQuery(std::string_view text) {
  std::vector<store::SearchTerm> terms;
  store::SearchTerm phrase;
  bool in_phrase = false;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return;
    std::string folded = FoldWord(word);
    word.clear();
    if (in_phrase) {
      phrase.words.push_back(std::move(folded));
    } else {
      store::SearchTerm t;
      t.words.push_back(std::move(folded));
      terms.push_back(std::move(t));
    }
  };
  auto end_phrase = [&] {
    if (!phrase.words.empty()) terms.push_back(std::move(phrase));
    phrase = store::SearchTerm();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = NextCodePoint(text, i);
    if (c == kInvalid) continue;
    if (IsWordChar(c)) {
      base::AppendUtf8(word, c);
      continue;
    }
    end_word();
    if (IsQuote(c)) {
      if (in_phrase) end_phrase();
      in_phrase = !in_phrase;
    }
  }
  end_word();
  end_phrase();  // an unbalanced quote closes here
  // Drop repeats (same words), keep the first kMaxQueryTerms.
  std::vector<store::SearchTerm> out;
  for (auto& t : terms) {
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const store::SearchTerm& o) { return o.words == t.words; });
    if (!seen) out.push_back(std::move(t));
    if (out.size() == kMaxQueryTerms) break;
  }
  return out;
}

std::string CleanSnippet(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    // "](target)" of a Markdown link: drop the target.
    if (c == ']' && i + 1 < s.size() && s[i + 1] == '(') {
      size_t close = s.find(')', i + 2);
      if (close != std::string_view::npos && close - i < 300) {
        i = close;
        continue;
      }
    }
    // An HTML tag: "<" then a letter or "/", up to ">".
    if (c == '<' && i + 1 < s.size() &&
        (s[i + 1] == '/' || std::isalpha(static_cast<unsigned char>(s[i + 1])))) {
      size_t close = s.find('>', i + 1);
      if (close != std::string_view::npos && close - i < 200) {
        i = close;
        space = !out.empty();
        continue;
      }
    }
    if (c == '*' || c == '`' || c == '#' || c == '[' || c == ']' || c == '|' ||
        (c == '_' && (i + 1 < s.size() && s[i + 1] == '_'))) {
      continue;
    }
    if (c == '_' || c == '>' || c == '~') {
      // Emphasis or quote marks at word edges; keep snake_case words intact.
      const bool word_before = i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]));
      const bool word_after =
          i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i + 1]));
      if (!(word_before && word_after)) continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// --- SearchService

SearchService::SearchService(store::SearchStore& store, const base::Clock& clock, int page_size,
                             int64_t rank_window)
    : store_(store),
      clock_(clock),
      page_size_(std::clamp(page_size, 1, 100)),
      rank_window_(std::max<int64_t>(rank_window, 0)) {}

base::Result<SearchResults> SearchService::Search(const SearchRequest& r) const {
  if (r.page < 1 || r.page > kMaxPage) return Status::InvalidArgument("page: out of range");
  if (!r.type.empty() && r.type != "article" && r.type != "page" && r.type != "qa")
    return Status::InvalidArgument("search: unknown type");
  if (r.year && (*r.year < 1000 || *r.year > 9999))
    return Status::InvalidArgument("search: year out of range");
  SearchResults out;
  out.page = r.page;
  std::string cut = CutQuery(r.text);
  // Trim the ends for display.
  const size_t b = cut.find_first_not_of(' ');
  const size_t e = cut.find_last_not_of(' ');
  out.query = b == std::string::npos ? "" : cut.substr(b, e - b + 1);
  std::vector<store::SearchTerm> terms = ParseQuery(out.query);
  if (terms.empty()) return out;

  store::SearchQuery q;
  q.terms = std::move(terms);
  q.visible_at = clock_.Now();
  if (!r.type.empty()) q.type = r.type;
  if (!r.section_slug.empty()) q.section_slug = r.section_slug;
  if (!r.tag_slug.empty()) q.tag_slug = r.tag_slug;
  if (!r.lang.empty()) q.lang = r.lang;
  q.year = r.year;
  q.limit = page_size_;
  q.offset = static_cast<int>(std::min<int64_t>(int64_t{r.page - 1} * page_size_, INT32_MAX));
  q.rank_window = rank_window_;
  BS_ASSIGN_OR_RETURN(store::SearchPage page, store_.Search(q));
  out.total = page.total;
  out.more = page.more;
  out.total_pages = static_cast<int>(
      std::clamp<int64_t>((page.total + page_size_ - 1) / page_size_, 1, kMaxPage));
  out.hits = std::move(page.hits);
  for (auto& h : out.hits) h.snippet = CleanSnippet(h.snippet);
  return out;
}

base::Result<std::vector<store::Suggestion>> SearchService::Suggest(std::string_view text,
                                                                    int limit) const {
  limit = std::clamp(limit, 1, kMaxSuggestions);
  const std::string cut = CutQuery(text);
  std::vector<store::SearchTerm> terms = ParseQuery(cut);
  size_t letters = 0;
  for (const auto& t : terms)
    for (const auto& w : t.words) letters += w.size();
  if (terms.empty() || letters < 2) return std::vector<store::Suggestion>();
  // The word being typed is a prefix, unless a space (or quote) ended it.
  const bool still_typing = !cut.empty() && cut.back() != ' ' && cut.back() != '"';
  if (still_typing) terms.back().prefix = true;
  return store_.Suggest(terms, clock_.Now(), limit);
}

std::vector<store::SearchTerm> SimilarTerms(std::string_view text) {
  struct Word {
    std::string folded;
    size_t code_points = 0;
    size_t position = 0;
  };
  std::vector<Word> words;
  std::string word;
  size_t code_points = 0;
  auto end_word = [&] {
    std::string folded = FoldWord(word);
    if (code_points > 1 && !IsStopWord(folded) &&
        std::none_of(words.begin(), words.end(),
                     [&](const Word& w) { return w.folded == folded; })) {
      words.push_back({std::move(folded), code_points, words.size()});
    }
    word.clear();
    code_points = 0;
  };
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = NextCodePoint(text, i);
    if (c == kInvalid) continue;
    if (IsWordChar(c)) {
      base::AppendUtf8(word, c);
      ++code_points;
    } else if (!word.empty()) {
      end_word();
    }
  }
  if (!word.empty()) end_word();
  if (words.size() > kMaxQueryTerms) {
    // The longest words, earlier first on ties, then back in text order.
    std::stable_sort(words.begin(), words.end(),
                     [](const Word& a, const Word& b) { return a.code_points > b.code_points; });
    words.resize(kMaxQueryTerms);
    std::sort(words.begin(), words.end(),
              [](const Word& a, const Word& b) { return a.position < b.position; });
  }
  std::vector<store::SearchTerm> terms(words.size());
  for (size_t k = 0; k < words.size(); ++k) terms[k].words.push_back(std::move(words[k].folded));
  return terms;
}

base::Result<std::vector<store::SearchHit>> SearchService::Similar(std::string_view text,
                                                                   std::string_view type,
                                                                   int limit) const {
  if (type != "article" && type != "page" && type != "qa")
    return Status::InvalidArgument("similar: unknown type");
  std::vector<store::SearchTerm> terms = SimilarTerms(CutQuery(text, kMaxSimilarCodePoints));
  if (terms.size() < kMinSimilarWords) return std::vector<store::SearchHit>();
  store::SearchQuery q;
  q.terms = std::move(terms);
  q.any_term = true;
  q.visible_at = clock_.Now();
  q.type = std::string(type);
  q.limit = std::clamp(limit, 1, kMaxSimilar);
  BS_ASSIGN_OR_RETURN(store::SearchPage page, store_.Search(q));
  for (auto& h : page.hits) h.snippet = CleanSnippet(h.snippet);
  return std::move(page.hits);
}

}  // namespace publishing
