#include "http/response.h"

#include <cctype>

#include "base/text.h"

namespace http {

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.etag = false;
  r.Header("Location", std::move(location));
  return r;
}

bool IsCompressibleType(std::string_view content_type) {
  std::string type(base::Trim(content_type.substr(0, content_type.find(';'))));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type.starts_with("text/")) return true;
  // application/json, application/ld+json, application/atom+xml, image/svg+xml,
  // application/javascript, text/javascript…
  return type.find("json") != std::string::npos || type.find("xml") != std::string::npos ||
         type.find("javascript") != std::string::npos ||
         type.find("ecmascript") != std::string::npos;
}

}  // namespace http
