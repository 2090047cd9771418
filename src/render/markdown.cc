#include "render/markdown.h"

#include <md4c-html.h>
#include <md4c.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/text.h"

namespace render {
namespace {

constexpr unsigned kParserFlags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;

void AppendOutput(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// True for a URL a reader may follow: relative, or http(s)/mailto. `url` is
// the attribute value exactly as md4c-html wrote it: md4c has already decoded
// entities in the Markdown source ("jav&#x61;script:" arrives as
// "javascript:") and percent-encoded everything outside a safe set, so the
// only character reference left is "&amp;" and no raw whitespace or control
// character remains for a browser to strip. Anything before a ':' that comes
// ahead of the first '/', '?' or '#' is a scheme (or an attempt to smuggle
// one, like "java%09script:") and must be one of the three we allow.
bool IsSafeUrl(std::string_view url) {
  const size_t end = url.find_first_of(":/?#");
  if (end == std::string_view::npos || url[end] != ':') return true;  // relative
  std::string scheme;
  for (char c : url.substr(0, end)) scheme.push_back(AsciiLower(c));
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// Removes every href="..." / src="..." attribute whose URL is unsafe, so a
// bad link becomes plain text in <a> and a bad image shows its alt text.
// md4c-html escapes '"' in all text and attribute values, so the literal
// sequences ` href="` and ` src="` only ever begin attributes it wrote.
std::string DropUnsafeUrls(std::string html) {
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t href = html.find(" href=\"", pos);
    const size_t src = html.find(" src=\"", pos);
    const size_t at = std::min(href, src);
    if (at == std::string::npos) break;
    const size_t value_start = at + (at == href ? 7 : 6);
    const size_t value_end = html.find('"', value_start);
    if (value_end == std::string::npos) break;  // cannot happen with md4c output
    out.append(html, pos, at - pos);
    const std::string_view value(html.data() + value_start, value_end - value_start);
    if (IsSafeUrl(value)) out.append(html, at, value_end + 1 - at);
    pos = value_end + 1;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

// --- Excerpts ---------------------------------------------------------------


// Decodes an entity md4c reported ("&amp;", "&#233;", "&#x41;"). Named
// entities beyond the common few are kept as written: an excerpt is escaped
// again when rendered, so the reader sees the source text, never markup.
void AppendEntity(std::string_view entity, std::string& out) {
  if (entity.size() > 3 && entity[1] == '#') {
    const bool hex = entity[2] == 'x' || entity[2] == 'X';
    uint32_t cp = 0;
    for (char c : entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3))) {
      const int digit = (c >= '0' && c <= '9')   ? c - '0'
                        : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                 : 99;
      if (digit >= (hex ? 16 : 10)) return out.append(entity), void();
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, never overflows
    }
    return base::AppendUtf8(out, cp);
  }
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"&amp;", "&"},  {"&lt;", "<"},     {"&gt;", ">"},    {"&quot;", "\""}, {"&apos;", "'"},
      {"&nbsp;", " "}, {"&hellip;", "…"}, {"&mdash;", "—"}, {"&ndash;", "–"}};
  for (const auto& [name, text] : kNamed) {
    if (entity == name) return out.append(text), void();
  }
  out.append(entity);
}

struct ExcerptState {
  std::string text;
  size_t limit = 0;   // stop collecting once text is this long
  int paragraph = 0;  // depth of MD_BLOCK_P
  int image = 0;      // depth of MD_SPAN_IMG (alt text is not prose)
  bool want_space = false;

  // Appends `s` collapsing whitespace runs (across calls too) to one space,
  // so text.size() tracks the excerpt's final length.
  void Append(std::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        want_space = true;
        continue;
      }
      if (want_space && !text.empty()) text.push_back(' ');
      want_space = false;
      text.push_back(c);
    }
  }
};

int EnterBlock(MD_BLOCKTYPE type, void*, void* userdata) {
  auto* state = static_cast<ExcerptState*>(userdata);
  if (type == MD_BLOCK_P) ++state->paragraph;
  return 0;
}

int LeaveBlock(MD_BLOCKTYPE type, void*, void* userdata) {
  auto* state = static_cast<ExcerptState*>(userdata);
  if (type == MD_BLOCK_P) {
    --state->paragraph;
    state->want_space = true;
    // Enough collected: stop parsing (the UTF-8 pass can only lengthen it).
    if (state->text.size() > state->limit) return 1;
  }
  return 0;
}

int EnterSpan(MD_SPANTYPE type, void*, void* userdata) {
  if (type == MD_SPAN_IMG) ++static_cast<ExcerptState*>(userdata)->image;
  return 0;
}

int LeaveSpan(MD_SPANTYPE type, void*, void* userdata) {
  if (type == MD_SPAN_IMG) --static_cast<ExcerptState*>(userdata)->image;
  return 0;
}

int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* state = static_cast<ExcerptState*>(userdata);
  if (state->paragraph == 0 || state->image > 0) return 0;
  const std::string_view s(text, size);
  switch (type) {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      state->want_space = true;
      break;
    case MD_TEXT_NULLCHAR:
      state->Append("\xEF\xBF\xBD");
      break;
    case MD_TEXT_ENTITY: {
      std::string decoded;
      AppendEntity(s, decoded);
      state->Append(decoded);
      break;
    }
    default:  // normal text and inline code
      state->Append(s);
      break;
  }
  return 0;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t n;
  uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  uint32_t cp = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Replaces invalid UTF-8 with U+FFFD (never shortens the text).
std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  std::string html;
  html.reserve(markdown.size() + markdown.size() / 4 + 64);
  if (md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), AppendOutput, &html,
              kParserFlags, 0) != 0) {
    return "";  // md4c fails only when out of memory
  }
  return DropUnsafeUrls(std::move(html));
}

std::string MarkdownExcerpt(std::string_view markdown, size_t max_bytes) {
  static constexpr std::string_view kEllipsis = "…";
  ExcerptState state;
  state.limit = max_bytes;
  MD_PARSER parser{};
  parser.flags = kParserFlags;
  parser.enter_block = EnterBlock;
  parser.leave_block = LeaveBlock;
  parser.enter_span = EnterSpan;
  parser.leave_span = LeaveSpan;
  parser.text = Text;
  md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &state);

  std::string text = SanitizeUtf8(state.text);
  if (text.size() <= max_bytes) return text;
  if (max_bytes < kEllipsis.size()) return "";
  // Cut at a character boundary leaving room for the ellipsis, then back up
  // to the last space if there is one, so no word is split.
  size_t cut = max_bytes - kEllipsis.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const size_t space = text.rfind(' ', cut);
  if (space != std::string::npos && space > 0) cut = space;
  text.resize(cut);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  text.append(kEllipsis);
  return text;
}

}  // namespace render
