// RFC 5322 / MIME message building: header encoding (RFC 2047), bodies in
// quoted-printable or base64 (RFC 2045), multipart/alternative (RFC 2046).

#include "mail/mime.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "base/hash.h"
#include "base/text.h"
#include "base/time_format.h"

namespace mail {
namespace {

constexpr size_t kMaxLine = 78;        // RFC 5322 §2.1.1 "SHOULD"
constexpr size_t kMaxEncodedLine = 76; // RFC 2045 (bodies) and RFC 2047 (encoded words)
constexpr size_t kMaxEncodedWord = 75; // RFC 2047 §2
constexpr size_t kMaxHeaderText = 1000;
constexpr char kHex[] = "0123456789ABCDEF";

bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// Header text from callers: valid UTF-8 with no control characters at all
// (CR/LF would end the header and start one of the caller's choosing).
base::Status CheckHeaderText(std::string_view what, std::string_view s) {
  if (s.size() > kMaxHeaderText) return base::Status::InvalidArgument(std::string(what) + " too long");
  if (!base::IsValidUtf8(s)) return base::Status::InvalidArgument(std::string(what) + " is not UTF-8");
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) {
      return base::Status::InvalidArgument(std::string(what) + " has a control character");
    }
  }
  return base::Status::Ok();
}

// Length of the UTF-8 sequence starting with `lead` (1 for continuation bytes,
// which valid input never starts with).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// RFC 2047 "Q" text for one character, using only the characters allowed in
// a phrase (§5(3)), which are safe in unstructured text too.
void AppendQ(std::string_view ch, std::string* out) {
  for (unsigned char c : ch) {
    if (c == ' ') {
      out->push_back('_');
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '!' || c == '*' || c == '+' || c == '-' || c == '/') {
      out->push_back(static_cast<char>(c));
    } else {
      out->push_back('=');
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
    }
  }
}

// `text` as encoded words, each on its own line (folded with CRLF SP), never
// splitting a UTF-8 character. The first line already holds `prefix_len`
// characters. Sets `*last_line_len` to the length of the last line.
std::string EncodeWords(std::string_view text, size_t prefix_len, size_t* last_line_len) {
  static constexpr std::string_view kOpen = "=?UTF-8?Q?";
  static constexpr std::string_view kClose = "?=";
  const size_t overhead = kOpen.size() + kClose.size();
  std::string out;
  std::string word;
  size_t line_start = prefix_len;  // characters before the word on its line
  auto limit = [&] {
    const size_t room = line_start < kMaxEncodedLine ? kMaxEncodedLine - line_start : 0;
    return std::max(std::min(room, kMaxEncodedWord), overhead + 12);  // at least one character
  };
  auto flush = [&] {
    out.append(kOpen).append(word).append(kClose);
    *last_line_len = line_start + overhead + word.size();
    word.clear();
  };
  std::string piece;
  for (size_t i = 0; i < text.size();) {
    const size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
    piece.clear();
    AppendQ(text.substr(i, n), &piece);
    i += n;
    if (!word.empty() && overhead + word.size() + piece.size() > limit()) {
      flush();
      out.append("\r\n ");
      line_start = 1;
    }
    word.append(piece);
  }
  if (!word.empty() || out.empty()) flush();
  return out;
}

// Plain ASCII folded at spaces so lines stay within 78 characters.
std::string FoldAscii(std::string_view text, size_t prefix_len) {
  std::string out;
  size_t line = prefix_len;
  bool first = true;
  for (std::string_view word : base::Split(text, ' ')) {
    if (!first) {
      if (line + 1 + word.size() > kMaxLine && line > 1) {
        out.append("\r\n ");
        line = 1;
      } else {
        out.push_back(' ');
        ++line;
      }
    }
    out.append(word);
    line += word.size();
    first = false;
  }
  return out;
}

// Plain ASCII is written as is when it folds into lines of 78 characters and
// cannot be mistaken for an encoded word.
bool CanWritePlain(std::string_view text) {
  if (!IsPrintableAscii(text) || text.find("=?") != std::string_view::npos) return false;
  for (std::string_view word : base::Split(text, ' ')) {
    if (word.size() > 60) return false;
  }
  return true;
}

base::Status CheckMessageId(std::string_view id) {
  if (id.size() < 5 || id.size() > 250 || id.front() != '<' || id.back() != '>' ||
      id.find('@') == std::string_view::npos) {
    return base::Status::InvalidArgument("malformed Message-ID");
  }
  for (char c : id.substr(1, id.size() - 2)) {
    if (c <= 0x20 || c > 0x7E || c == '<' || c == '>') {
      return base::Status::InvalidArgument("malformed Message-ID");
    }
  }
  return base::Status::Ok();
}

// Bytes a quoted-printable encoding would have to escape.
size_t CountUnsafe(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((c < 0x20 || c > 0x7E) && c != '\n' && c != '\r' && c != '\t') ++n;
  }
  return n;
}

std::string NormalizeCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.append("\r\n");
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      out.append("\r\n");
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// A part's headers, blank line and encoded body, without a final CRLF (the
// CRLF before a boundary belongs to the boundary, RFC 2046 §5.1.1).
void AppendPart(std::string_view content_type, std::string_view body, std::string* out) {
  out->append("Content-Type: ").append(content_type).append("; charset=utf-8\r\n");
  // Mostly non-ASCII text (Greek, Cyrillic, ...) would triple in quoted-printable.
  if (CountUnsafe(body) * 3 > body.size()) {
    out->append("Content-Transfer-Encoding: base64\r\n\r\n");
    out->append(EncodeBase64Lines(NormalizeCrlf(body)));
  } else {
    out->append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    out->append(EncodeQuotedPrintable(body));
  }
}

}  // namespace

bool IsValidAddress(std::string_view address) {
  if (address.size() > 254) return false;
  const size_t at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (c != '.' && !IsAtext(c)) return false;
  }
  if (domain.empty()) return false;
  for (std::string_view label : base::Split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      const bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '-';
      if (!ldh) return false;
    }
  }
  return true;
}

std::string MakeMessageId(std::string_view random, std::string_view from_address) {
  const size_t at = from_address.rfind('@');
  std::string_view domain = "broadside.invalid";
  if (at != std::string_view::npos && IsValidAddress(from_address)) {
    domain = from_address.substr(at + 1);
  }
  std::string id = "<";
  id.append(random).append("@").append(domain).append(">");
  return id;
}

std::string FormatMailDate(base::Time t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const base::CivilTime c = base::ToCivil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[c.weekday], c.day,
                kMonths[c.month - 1], c.year, c.hour, c.minute, c.second);
  return buf;
}

std::string EncodeQuotedPrintable(std::string_view text) {
  const std::string normalized = NormalizeCrlf(text);
  std::string out;
  out.reserve(normalized.size() + normalized.size() / 8);
  bool first_line = true;
  for (std::string_view line : base::Split(normalized, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first_line) out.append("\r\n");
    first_line = false;
    size_t len = 0;  // of the output line so far
    char token[3];
    for (size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool blank = c == ' ' || c == '\t';
      const bool last = i + 1 == line.size();
      auto make = [&](bool at_line_start) -> size_t {
        const bool literal = (c > 0x20 && c < 0x7F && c != '=' && !(c == '.' && at_line_start)) ||
                             (blank && !last);
        if (literal) {
          token[0] = static_cast<char>(c);
          return 1;
        }
        token[0] = '=';
        token[1] = kHex[c >> 4];
        token[2] = kHex[c & 0xF];
        return 3;
      };
      size_t n = make(len == 0);
      // Keep room for the soft break's '=' unless this is the line's end.
      const size_t room = last ? kMaxEncodedLine : kMaxEncodedLine - 1;
      if (len + n > room) {
        out.append("=\r\n");
        len = 0;
        n = make(true);
      }
      out.append(token, n);
      len += n;
    }
  }
  return out;
}

std::string EncodeBase64Lines(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(bytes.size() * 4 / 3 + bytes.size() / 38 + 8);
  size_t line = 0;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (n > 1) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (n > 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    if (line == kMaxEncodedLine) {
      out.append("\r\n");
      line = 0;
    }
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(n > 1 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back(n > 2 ? kAlphabet[v & 63] : '=');
    line += 4;
  }
  return out;
}

std::string EncodeUnstructured(std::string_view text, size_t prefix_len) {
  if (CanWritePlain(text)) return FoldAscii(text, prefix_len);
  size_t last = 0;
  return EncodeWords(text, prefix_len, &last);
}

std::string EncodeMailbox(std::string_view name, std::string_view address, size_t prefix_len) {
  if (name.empty()) return std::string(address);
  std::string out;
  size_t line = 0;
  if (CanWritePlain(name) && prefix_len + name.size() + address.size() + 5 <= kMaxLine) {
    bool atoms = true;
    for (char c : name) atoms = atoms && (c == ' ' || IsAtext(c));
    if (atoms) {
      out.append(name);
    } else {
      out.push_back('"');
      for (char c : name) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      out.push_back('"');
    }
    line = prefix_len + out.size();
  } else {
    out = EncodeWords(name, prefix_len, &line);
  }
  if (line + 3 + address.size() > kMaxLine) {
    out.append("\r\n");
    line = 0;
  }
  out.append(" <").append(address).append(">");
  return out;
}

base::Result<std::string> BuildMime(const Message& m, const Sender& from, base::Time date,
                                    std::string_view message_id) {
  const std::string& reply_to = m.reply_to.empty() ? from.reply_to : m.reply_to;
  if (!IsValidAddress(m.to_address)) return base::Status::InvalidArgument("bad recipient address");
  if (!IsValidAddress(from.address)) return base::Status::InvalidArgument("bad sender address");
  if (!reply_to.empty() && !IsValidAddress(reply_to)) {
    return base::Status::InvalidArgument("bad Reply-To address");
  }
  BS_RETURN_IF_ERROR(CheckHeaderText("recipient name", m.to_name));
  BS_RETURN_IF_ERROR(CheckHeaderText("sender name", from.name));
  BS_RETURN_IF_ERROR(CheckHeaderText("subject", m.subject));
  BS_RETURN_IF_ERROR(CheckMessageId(message_id));
  if (m.text.empty()) return base::Status::InvalidArgument("empty text part");
  if (!base::IsValidUtf8(m.text) || !base::IsValidUtf8(m.html)) {
    return base::Status::InvalidArgument("body is not UTF-8");
  }

  std::string out;
  out.reserve(1024 + m.text.size() * 5 / 4 + m.html.size() * 5 / 4);
  out.append("Date: ").append(FormatMailDate(date)).append("\r\n");
  out.append("From: ").append(EncodeMailbox(from.name, from.address, 6)).append("\r\n");
  if (!reply_to.empty()) out.append("Reply-To: ").append(reply_to).append("\r\n");
  out.append("To: ").append(EncodeMailbox(m.to_name, m.to_address, 4)).append("\r\n");
  out.append("Subject: ").append(EncodeUnstructured(m.subject, 9)).append("\r\n");
  out.append("Message-ID: ").append(message_id).append("\r\n");
  out.append("MIME-Version: 1.0\r\n");
  if (m.html.empty()) {
    AppendPart("text/plain", m.text, &out);
    out.append("\r\n");
    return out;
  }
  // "=_" cannot occur in quoted-printable or base64 output, so the boundary
  // cannot occur in a body.
  const std::string boundary = "=_bs" + base::Hex64(base::Fnv1a64(message_id));
  out.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n");
  out.append("\r\nThis is a multi-part message in MIME format.\r\n");
  out.append("\r\n--").append(boundary).append("\r\n");
  AppendPart("text/plain", m.text, &out);
  out.append("\r\n--").append(boundary).append("\r\n");
  AppendPart("text/html", m.html, &out);
  out.append("\r\n--").append(boundary).append("--\r\n");
  return out;
}

}  // namespace mail
