#pragma once
// What a handler returns. The transport adds Date, Content-Length, ETag/304,
// gzip, Connection and X-Request-Id; handlers set status, type, cache policy, body.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  // Every response carries an explicit Cache-Control; handlers choose it.
  std::string cache_control = "no-cache";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  // When false the transport does not compute an ETag (e.g. error pages).
  bool etag = true;
  // Closes the connection after sending (set by the transport for 400s etc.).
  bool close = false;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response Text(int status, std::string body);
  static Response Redirect(int status, std::string location);
};

// True for types worth gzipping (text/*, xml, json, javascript, svg).
bool IsCompressibleType(std::string_view content_type);

}  // namespace http
