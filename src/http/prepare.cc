#include "http/prepare.h"

#include <cctype>

#include "base/hash.h"
#include "base/text.h"
#include "http/gzip.h"

namespace http {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Beast cannot hold a field longer than 64 KiB and no client wants one.
constexpr size_t kMaxHeaderValue = 16 * 1024;

bool HasForbiddenChar(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// RFC 9110 qvalue: "0", "0.", "0.0", "0.00", "0.000" are zero.
bool IsZeroQ(std::string_view q) {
  if (q.empty() || q[0] != '0') return false;
  if (q.size() == 1) return true;
  if (q[1] != '.') return false;
  for (char c : q.substr(2)) {
    if (c != '0') return false;
  }
  return true;
}

// A header token is "a token with no whitespace"; names must be non-empty tokens.
bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':') return false;
  }
  return true;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<bool> gzip, star;
  for (std::string_view item : base::Split(accept_encoding, ',')) {
    std::vector<std::string_view> parts = base::Split(item, ';');
    if (parts.empty()) continue;
    const std::string coding = Lower(base::Trim(parts[0]));
    bool accepted = true;
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view param = base::Trim(parts[i]);
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        accepted = !IsZeroQ(base::Trim(param.substr(2)));
      }
    }
    if (coding == "gzip" || coding == "x-gzip") {
      gzip = accepted;
    } else if (coding == "*") {
      star = accepted;
    }
  }
  if (gzip) return *gzip;
  return star.value_or(false);
}

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
  // Compare opaque tags only: strip our own quotes once.
  if (etag.size() < 2) return false;
  const std::string_view ours = etag.substr(1, etag.size() - 2);
  size_t i = 0;
  while (i < header.size()) {
    const char c = header[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    if (c == '*') return true;
    if (header.compare(i, 2, "W/") == 0) i += 2;
    if (i >= header.size() || header[i] != '"') return false;  // malformed: no match
    const size_t close = header.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    if (header.substr(i + 1, close - i - 1) == ours) return true;
    i = close + 1;
  }
  return false;
}

Response TransportError(int status, bool keep_open) {
  Response r = Response::Text(status, std::string(ReasonPhrase(status)) + "\n");
  r.cache_control = "no-store";
  r.etag = false;
  r.close = !keep_open;
  return r;
}

PreparedResponse PrepareResponse(Response response, const PrepareContext& ctx) {
  PreparedResponse out;
  out.status = (response.status >= 200 && response.status <= 599) ? response.status : 500;
  const bool no_body_status = out.status == 204 || out.status == 304;
  std::string body = no_body_status ? std::string() : std::move(response.body);

  bool handler_encoded = false;
  std::string vary;
  std::vector<std::pair<std::string, std::string>> extra;
  for (auto& [name, value] : response.headers) {
    if (!IsValidHeaderName(name) || name.size() > 256 || value.size() > kMaxHeaderValue ||
        HasForbiddenChar(value)) {
      continue;
    }
    const std::string lower = Lower(name);
    if (lower == "content-length" || lower == "transfer-encoding" || lower == "connection" ||
        lower == "date" || lower == "content-type" || lower == "cache-control") {
      continue;
    }
    if (lower == "content-encoding") handler_encoded = true;
    if (lower == "vary") {
      vary = value;
      continue;
    }
    extra.emplace_back(std::move(name), std::move(value));
  }

  const bool compressible =
      !no_body_status && !handler_encoded && IsCompressibleType(response.content_type);
  if (compressible) {
    vary = vary.empty() ? "Accept-Encoding" : vary + ", Accept-Encoding";
  }

  std::string etag;
  const bool want_etag = out.status == 200 && response.etag;
  if (want_etag) etag = base::Hex64(base::FastHash64(body));

  bool gzipped = false;
  if (compressible && body.size() >= ctx.gzip_min_bytes && AcceptsGzip(ctx.accept_encoding)) {
    std::string compressed = GzipCompress(body);
    if (!compressed.empty() && compressed.size() < body.size()) {
      body = std::move(compressed);
      gzipped = true;
    }
  }
  if (want_etag) etag = "\"" + etag + (gzipped ? "-gz" : "") + "\"";

  const bool not_modified = want_etag && ctx.is_get_or_head && !ctx.if_none_match.empty() &&
                            IfNoneMatchMatches(ctx.if_none_match, etag);
  if (not_modified) {
    out.status = 304;
    body.clear();
  }

  auto& h = out.headers;
  if (!HasForbiddenChar(response.content_type) && response.content_type.size() <= 256 &&
      out.status != 304 && !no_body_status) {
    h.emplace_back("Content-Type", std::move(response.content_type));
  }
  const bool cache_ok =
      !HasForbiddenChar(response.cache_control) && response.cache_control.size() <= 1024;
  h.emplace_back("Cache-Control", cache_ok ? response.cache_control : "no-store");
  if (!etag.empty()) h.emplace_back("ETag", etag);
  if (!vary.empty()) h.emplace_back("Vary", vary);
  if (gzipped && out.status != 304) h.emplace_back("Content-Encoding", "gzip");
  h.emplace_back("X-Content-Type-Options", "nosniff");
  for (auto& header : extra) h.push_back(std::move(header));

  const bool has_length = out.status != 304 && out.status != 204;
  out.content_length = body.size();
  if (has_length) h.emplace_back("Content-Length", std::to_string(out.content_length));
  if (!ctx.is_head) out.body = std::move(body);
  return out;
}

}  // namespace http
