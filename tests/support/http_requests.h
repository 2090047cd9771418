#pragma once
// Requests and response lookups for tests that call handlers in-process,
// without a socket: the fields the transport would fill, filled the same way.

#include <string>

#include "http/request.h"
#include "http/response.h"

namespace test_support {

// A GET (or HEAD) for `target` ("/path?query") from `ip`, split into path and
// raw query as the transport does.
inline http::Request GetRequest(const std::string& target, const std::string& ip = "192.0.2.1",
                                http::Method method = http::Method::kGet) {
  http::Request req;
  req.method = method;
  req.method_text = method == http::Method::kHead ? "HEAD" : "GET";
  req.target = target;
  const auto q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  req.remote_address = ip;
  req.request_id = "test-1";
  return req;
}

// The first value of response header `name` (as the handler spelled it), or "".
inline std::string HeaderOf(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

}  // namespace test_support
