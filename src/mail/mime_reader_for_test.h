#pragma once
// A small, strict MIME reader for the mail tests only (never linked into the
// product): splits what BuildMime writes into headers and parts and decodes
// them, independently of the encoder, so tests check bytes round-trip.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mail::testing {

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

inline std::string DecodeQuotedPrintable(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out.push_back(in[i]);
    } else if (in.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else if (i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.append("<BAD QP>");
    }
  }
  return out;
}

inline std::string DecodeBase64(std::string_view in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '\r' || c == '\n' || c == '=') continue;
    const size_t v = kAlphabet.find(c);
    if (v == std::string::npos) return "<BAD BASE64>";
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// Unfolds and decodes RFC 2047 encoded words (Q and B, UTF-8); whitespace
// between two encoded words is dropped, as §6.2 says.
inline std::string DecodeHeader(std::string_view value) {
  std::string unfolded;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.substr(i, 2) == "\r\n") {
      ++i;
      continue;
    }
    unfolded.push_back(value[i]);
  }
  std::string out;
  std::string pending_space;
  bool last_was_word = false;
  size_t i = 0;
  while (i < unfolded.size()) {
    const size_t start = unfolded.find("=?", i);
    if (start == std::string::npos) {
      out.append(pending_space).append(unfolded.substr(i));
      break;
    }
    std::string between = unfolded.substr(i, start - i);
    const bool blank = between.find_first_not_of(" \t") == std::string::npos;
    if (!(last_was_word && blank)) out.append(between);
    const size_t q1 = unfolded.find('?', start + 2);
    const size_t q2 = q1 == std::string::npos ? q1 : unfolded.find('?', q1 + 1);
    const size_t end = q2 == std::string::npos ? q2 : unfolded.find("?=", q2 + 1);
    if (end == std::string::npos) return out + "<BAD WORD>";
    const char enc = unfolded[q1 + 1];
    const std::string text = unfolded.substr(q2 + 1, end - q2 - 1);
    if (enc == 'Q' || enc == 'q') {
      std::string t;
      for (char c : text) t.push_back(c == '_' ? ' ' : c);
      out.append(DecodeQuotedPrintable(t));
    } else {
      out.append(DecodeBase64(text));
    }
    last_was_word = true;
    i = end + 2;
  }
  return out;
}

struct Entity {
  std::map<std::string, std::string> headers;  // lower-case names, raw (folded) values
  std::string body;                            // as transmitted
  std::string decoded;                         // body after Content-Transfer-Encoding
  std::vector<Entity> parts;                   // for multipart
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// Parses one entity (a message or a part) with CRLF line ends.
inline Entity ParseEntity(std::string_view in) {
  Entity e;
  const size_t split = in.find("\r\n\r\n");
  const std::string_view head = in.substr(0, split);
  e.body = split == std::string_view::npos ? "" : std::string(in.substr(split + 4));
  std::string name;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view line = head.substr(pos, eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      e.headers[name] += "\r\n" + std::string(line);
    } else {
      const size_t colon = line.find(':');
      name = Lower(std::string(line.substr(0, colon)));
      std::string_view v = line.substr(colon + 1);
      if (!v.empty() && v[0] == ' ') v.remove_prefix(1);
      e.headers[name] = std::string(v);
    }
    pos = eol + 2;
  }
  const std::string cte = Lower(e.header("content-transfer-encoding"));
  if (cte == "quoted-printable") {
    e.decoded = DecodeQuotedPrintable(e.body);
  } else if (cte == "base64") {
    e.decoded = DecodeBase64(e.body);
  } else {
    e.decoded = e.body;
  }
  const std::string type = e.header("content-type");
  const size_t b = type.find("boundary=\"");
  if (Lower(type).starts_with("multipart/") && b != std::string::npos) {
    const std::string boundary =
        "\r\n--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
    const std::string body = "\r\n" + e.body;
    size_t at = body.find(boundary);
    while (at != std::string::npos) {
      const size_t start = body.find("\r\n", at + boundary.size());
      if (body.compare(at + boundary.size(), 2, "--") == 0 || start == std::string::npos) break;
      const size_t next = body.find(boundary, start);
      if (next == std::string::npos) break;
      e.parts.push_back(ParseEntity(std::string_view(body).substr(start + 2, next - start - 2)));
      at = next;
    }
  }
  return e;
}

// The longest line (without its CRLF), and whether every line ends in CRLF.
inline size_t LongestLine(std::string_view in, bool* bare_lf) {
  size_t longest = 0, start = 0;
  *bare_lf = false;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\n') {
      const bool crlf = i > start && in[i - 1] == '\r';
      if (!crlf) *bare_lf = true;
      longest = std::max(longest, i - start - (crlf ? 1 : 0));
      start = i + 1;
    }
  }
  return std::max(longest, in.size() - start);
}

}  // namespace mail::testing
