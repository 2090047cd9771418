#pragma once
// The transport's last step before the wire, kept free of Beast so it is
// cheap to compile and to test: ETag and conditional GET, gzip, Vary,
// Content-Length and the security headers every response carries.
// server.cc adds only what depends on the connection (Date, Server,
// Connection, X-Request-Id).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/response.h"

namespace http {

// What PrepareResponse needs to know about the request.
struct PrepareContext {
  bool is_head = false;
  bool is_get_or_head = true;        // conditional GET applies only to these
  std::string_view accept_encoding;  // "" when absent
  std::string_view if_none_match;    // "" when absent
  size_t gzip_min_bytes = 512;
};

struct PreparedResponse {
  int status = 200;
  // Every header to send except Date, Server, Connection and X-Request-Id.
  // Includes Content-Length when the status allows one.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;           // exactly the bytes to send (empty for HEAD and 304)
  size_t content_length = 0;  // the GET body length (what Content-Length says)
};

// Turns a handler's Response into what goes on the wire. A status outside
// 200..599 becomes 500. Handler headers with CR, LF or NUL, values over
// 16 KiB, and headers the transport owns (Content-Length, Transfer-Encoding,
// Connection, Date, Content-Type, Cache-Control: set those through the
// Response fields) are dropped so a handler cannot split or desynchronise
// the response. A Vary header is merged with Accept-Encoding.
PreparedResponse PrepareResponse(Response response, const PrepareContext& ctx);

// True when an Accept-Encoding value admits gzip (explicitly or via "*"),
// honouring q=0.
bool AcceptsGzip(std::string_view accept_encoding);

// True when an If-None-Match value matches `etag` (a quoted entity tag)
// under weak comparison: "*", lists, and W/ prefixes are understood.
bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

// A small text/plain error the transport itself sends (400, 413, 414, 431,
// 503): Cache-Control: no-store, no ETag, connection closed after it unless
// `keep_open`.
Response TransportError(int status, bool keep_open = false);

}  // namespace http
