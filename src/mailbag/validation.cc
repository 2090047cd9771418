#include "mailbag/validation.h"

#include <cctype>

#include "base/text.h"

namespace mailbag {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsLabelChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; }

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (Lower(s[i]) != prefix[i]) return false;
  return true;
}

}  // namespace

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\t' || ((c == '\n' || c == '\r') && allow_newlines)) continue;
    if (c < 0x20 || c == 0x7F) return true;
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

int CountLinks(std::string_view s) {
  int links = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !IsAsciiSpace(s[j])) ++j;
    std::string_view word = s.substr(i, j - i);
    if (!word.empty() &&
        (word.find("://") != std::string_view::npos || StartsWithNoCase(word, "www."))) {
      ++links;
    }
    i = j;
  }
  return links;
}

std::optional<std::string> NormalizeEmail(std::string_view email) {
  std::string_view e = base::Trim(email);
  if (e.empty() || e.size() > 254) return std::nullopt;
  const size_t at = e.find('@');
  if (at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  std::string_view local = e.substr(0, at), domain = e.substr(at + 1);
  if (local.empty() || local.size() > 64) return std::nullopt;
  for (char c : local) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' ||
        c == '\\')
      return std::nullopt;
  }
  if (domain.find('.') == std::string_view::npos) return std::nullopt;
  for (std::string_view label : base::Split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return std::nullopt;
    for (char c : label)
      if (!IsLabelChar(c)) return std::nullopt;
  }
  std::string out(local);
  out += '@';
  for (char c : domain) out += Lower(c);
  return out;
}

std::string NormalizeForDuplicates(std::string_view question) {
  const std::string folded = base::FoldAccentsLower(question);
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    const auto u = static_cast<unsigned char>(c);
    // U+0080..U+00BF (C2 xx) are controls, punctuation and symbols: "¿", "¡", "«".
    if (u == 0xC2 && i + 1 < folded.size()) {
      ++i;
      pending_space = !out.empty();
      continue;
    }
    // ASCII letters and digits, and other non-ASCII bytes (letters of other
    // scripts), are kept; ASCII punctuation and spaces separate words.
    const bool keep = u >= 0x80 || std::isalnum(u) != 0;
    if (!keep) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool IsHttpUrl(std::string_view url) {
  if (url.size() > 2000) return false;
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;  // no host
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>') return false;
  }
  return base::IsValidUtf8(url);
}

bool IsLangCode(std::string_view lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang)
    if (c < 'a' || c > 'z') return false;
  return true;
}

}  // namespace mailbag
