#include "mailbag/validation.h"

#include <cctype>

#include "base/text.h"

namespace mailbag {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

int CountLinks(std::string_view s) {
  int links = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsAsciiSpace(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !IsAsciiSpace(s[j])) ++j;
    std::string_view word = s.substr(i, j - i);
    if (!word.empty() &&
        (word.find("://") != std::string_view::npos || base::StartsWithNoCase(word, "www."))) {
      ++links;
    }
    i = j;
  }
  return links;
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

bool IsLangCode(std::string_view lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang)
    if (c < 'a' || c > 'z') return false;
  return true;
}

}  // namespace mailbag
