#pragma once
// A parsed HTTP request as the application sees it: no sockets, no Beast types.
// The transport (server.cc) builds it after every limit has been checked.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

enum class Method { kGet, kHead, kPost, kOther };

struct Request {
  Method method = Method::kGet;
  std::string method_text;  // as sent, e.g. "PUT"
  std::string target;       // raw request-target, e.g. "/tag/x?page=2"
  std::string path;         // percent-decoded path, no query ("/tag/x"); valid UTF-8
  std::string query;        // raw query string without '?', not decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // peer IP as text
  std::string request_id;      // unique per request, for logs and X-Request-Id

  // First header value with this (lower-case) name.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // Decoded value of the first query parameter `name`; nullopt if absent or not valid UTF-8.
  std::optional<std::string> QueryParam(std::string_view name) const;
  bool IsHead() const { return method == Method::kHead; }
};

// Percent-decodes a URL component ('+' stays '+' unless `plus_is_space`).
// Returns nullopt on a malformed escape or a decoded NUL.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space = false);
// Percent-encodes everything but unreserved characters.
std::string PercentEncode(std::string_view s);

// A request-target split the way the transport fills Request::path/query.
struct ParsedTarget {
  std::string path;   // percent-decoded, valid UTF-8, no NUL
  std::string query;  // raw, without '?'
};
// Splits origin-form "/a%20b?x=1" into path "/a b" and query "x=1".
// Returns nullopt unless the target starts with '/' and the path decodes to
// valid UTF-8 without NUL (the transport answers those with 400).
std::optional<ParsedTarget> ParseTarget(std::string_view target);

}  // namespace http
