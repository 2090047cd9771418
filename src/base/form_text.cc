#include "base/form_text.h"

#include <cctype>

#include "base/text.h"

namespace base {
namespace {

bool IsLabelChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; }

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (Lower(s[i]) != prefix[i]) return false;
  return true;
}

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

std::optional<std::string> NormalizeEmail(std::string_view email) {
  std::string_view e = Trim(email);
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
  for (std::string_view label : Split(domain, '.')) {
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
  return IsValidUtf8(url);
}

}  // namespace base
