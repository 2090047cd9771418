#include "http/form.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace http {
namespace {

using base::Result;
using base::Status;

// "\r\n" and lone "\r" become "\n".
std::string NormalizeNewlines(std::string s) {
  if (s.find('\r') == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool IsCleanText(std::string_view s) {
  return base::IsValidUtf8(s) && s.find('\0') == std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Value of parameter `name` in a header like `form-data; name="a"; filename="b"`.
// Handles quoted strings with backslash escapes and bare tokens.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view name) {
  size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string_view key = Trim(header.substr(i, eq - i));
    size_t j = eq + 1;
    std::string value;
    if (j < header.size() && header[j] == '"') {
      ++j;
      while (j < header.size() && header[j] != '"') {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value.push_back(header[j++]);
      }
      if (j >= header.size()) return std::nullopt;  // unterminated quote
      ++j;
    } else {
      const size_t end = header.find(';', j);
      value = std::string(Trim(header.substr(j, end == std::string_view::npos ? end : end - j)));
      j = end == std::string_view::npos ? header.size() : end;
    }
    if (IEquals(key, name)) return value;
    i = header.find(';', j);
  }
  return std::nullopt;
}

std::string_view MediaType(std::string_view content_type) {
  return Trim(content_type.substr(0, content_type.find(';')));
}

}  // namespace

std::optional<std::string> Form::Get(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return std::nullopt;
}

std::vector<std::string> Form::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields)
    if (k == name) out.push_back(v);
  return out;
}

const FilePart* ParsedForm::File(std::string_view field) const {
  for (const FilePart& f : files)
    if (f.field == field && !(f.filename.empty() && f.data.empty())) return &f;
  return nullptr;
}

Result<Form> ParseUrlEncoded(std::string_view body) {
  Form form;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::optional<std::string> key = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    std::optional<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                      /*plus_is_space=*/true);
    if (!key || !value) return Status::InvalidArgument("form: malformed percent-escape");
    if (!IsCleanText(*key) || !IsCleanText(*value))
      return Status::InvalidArgument("form: field is not valid UTF-8");
    form.fields.emplace_back(std::move(*key), NormalizeNewlines(std::move(*value)));
  }
  return form;
}

Result<ParsedForm> ParseMultipart(std::string_view body, std::string_view content_type,
                                  size_t max_parts) {
  std::optional<std::string> boundary = HeaderParam(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70)
    return Status::InvalidArgument("multipart: missing or bad boundary");
  const std::string delimiter = "--" + *boundary;
  const std::string next_delimiter = "\r\n" + delimiter;

  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Status::InvalidArgument("multipart: no boundary");
  pos += delimiter.size();
  ParsedForm out;
  size_t parts = 0;
  while (true) {
    if (body.substr(pos, 2) == "--") return out;  // final boundary
    if (body.substr(pos, 2) != "\r\n") return Status::InvalidArgument("multipart: bad boundary line");
    pos += 2;
    if (++parts > max_parts) return Status::InvalidArgument("multipart: too many parts");

    // Part headers, up to an empty line.
    std::string name, filename, type;
    bool has_name = false, has_filename = false;
    while (true) {
      const size_t eol = body.find("\r\n", pos);
      if (eol == std::string_view::npos || eol - pos > 8192)
        return Status::InvalidArgument("multipart: bad part header");
      const std::string_view line = body.substr(pos, eol - pos);
      pos = eol + 2;
      if (line.empty()) break;
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos)
        return Status::InvalidArgument("multipart: bad part header");
      const std::string_view key = Trim(line.substr(0, colon));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (IEquals(key, "content-disposition")) {
        if (!IEquals(MediaType(value), "form-data"))
          return Status::InvalidArgument("multipart: part is not form-data");
        if (auto n = HeaderParam(value, "name")) {
          name = std::move(*n);
          has_name = true;
        }
        if (auto f = HeaderParam(value, "filename")) {
          filename = std::move(*f);
          has_filename = true;
        }
      } else if (IEquals(key, "content-type")) {
        type = std::string(value);
      }
    }
    if (!has_name || !IsCleanText(name))
      return Status::InvalidArgument("multipart: part without a usable name");

    const size_t end = body.find(next_delimiter, pos);
    if (end == std::string_view::npos)
      return Status::InvalidArgument("multipart: missing final boundary");
    std::string_view data = body.substr(pos, end - pos);
    pos = end + next_delimiter.size();

    if (has_filename) {
      // Browsers may send a path ("C:\\fakepath\\x.jpg"); keep the last segment.
      const size_t slash = filename.find_last_of("/\\");
      if (slash != std::string::npos) filename.erase(0, slash + 1);
      if (!IsCleanText(filename)) filename.clear();
      out.files.push_back({std::move(name), std::move(filename), std::move(type),
                           std::string(data)});
    } else {
      if (!IsCleanText(data)) return Status::InvalidArgument("multipart: field is not valid UTF-8");
      out.form.fields.emplace_back(std::move(name), NormalizeNewlines(std::string(data)));
    }
  }
}

Result<ParsedForm> ParseForm(const Request& req) {
  const std::string_view type = req.Header("content-type").value_or("");
  const std::string_view media = MediaType(type);
  if (IEquals(media, "application/x-www-form-urlencoded") || (media.empty() && req.body.empty())) {
    BS_ASSIGN_OR_RETURN(Form form, ParseUrlEncoded(req.body));
    ParsedForm out;
    out.form = std::move(form);
    return out;
  }
  if (IEquals(media, "multipart/form-data")) return ParseMultipart(req.body, type);
  return Status::InvalidArgument("form: unsupported content type");
}

std::optional<std::string> CookieValue(const Request& req, std::string_view name) {
  for (const auto& [key, value] : req.headers) {
    if (key != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      const std::string_view pair = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (Trim(pair.substr(0, eq)) != name) continue;
      std::string_view v = Trim(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& o) {
  const bool safe = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == '~';
  });
  std::string out(name);
  out += '=';
  if (safe) out += value;
  out += "; Path=" + o.path;
  if (o.max_age) out += "; Max-Age=" + std::to_string(*o.max_age);
  if (o.http_only) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  if (!o.same_site.empty()) out += "; SameSite=" + o.same_site;
  return out;
}

}  // namespace http
