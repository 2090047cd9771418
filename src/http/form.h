#pragma once
// Request bodies from HTML forms, and cookies: the two things the back office
// reads from a request beyond its path. Pure functions over strings, so they
// are tested without a socket.
//
// Text values are always valid UTF-8 without NUL (else InvalidArgument): what
// a handler reads can go straight to the store and back into a page. Line
// breaks are normalized to "\n" (browsers send CRLF in textareas).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/request.h"

namespace http {

struct Form {
  std::vector<std::pair<std::string, std::string>> fields;  // in body order

  // First value for `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  // First value for `name`, or "" (absent and empty read the same).
  std::string Value(std::string_view name) const { return Get(name).value_or(""); }
  // Every value for `name` (checkbox groups, multi-selects), in order.
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
};

// An uploaded file from a multipart form. `data` is raw bytes; `filename` and
// `content_type` are what the client claimed — never trust them for anything
// but display.
struct FilePart {
  std::string field, filename, content_type, data;
};

struct ParsedForm {
  Form form;
  std::vector<FilePart> files;
  // The first file sent for `field` (a file input left empty sends a part with
  // an empty filename and no data: that is treated as no file).
  const FilePart* File(std::string_view field) const;
};

// application/x-www-form-urlencoded. InvalidArgument on a malformed escape or
// a value that is not UTF-8 / contains NUL.
base::Result<Form> ParseUrlEncoded(std::string_view body);

// multipart/form-data (RFC 7578) with the boundary from `content_type`.
// Limits: at most `max_parts` parts and header lines of 8 KiB; InvalidArgument
// for a missing or bad boundary, a part without a name, a missing final
// boundary, or a text field that is not UTF-8.
base::Result<ParsedForm> ParseMultipart(std::string_view body, std::string_view content_type,
                                        size_t max_parts = 200);

// Dispatches on the request's Content-Type: urlencoded, multipart, or an empty
// body as an empty form. Any other type is InvalidArgument.
base::Result<ParsedForm> ParseForm(const Request& req);

// The value of cookie `name` from the Cookie header(s), or nullopt.
std::optional<std::string> CookieValue(const Request& req, std::string_view name);

struct CookieOptions {
  std::string path = "/";
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";      // "Lax", "Strict" or "None"
  std::optional<long long> max_age;   // seconds; nullopt = session cookie; 0 = delete
};
// A Set-Cookie header value. `value` must be cookie-safe (token characters,
// e.g. from crypto::RandomToken); anything else is replaced by nothing and
// the cookie is set empty, so a bad value can never inject attributes.
std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& o);

}  // namespace http
