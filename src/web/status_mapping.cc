#include "web/status_mapping.h"

#include "web/view_models.h"

namespace web {

int HttpStatusFor(const base::Status& status) {
  using base::StatusCode;
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kConflict: return 409;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kRateLimited: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

namespace {

// English msgids; the template translates them through the catalog.
const char* Headline(int code) {
  switch (code) {
    case 400: return "That request did not make sense to us";
    case 404: return "Page not found";
    case 405: return "Method not allowed";
    case 409: return "That changed while you were looking";
    case 429: return "Too many requests";
    case 503: return "We are briefly unavailable";
    default: return "Something went wrong on our side";
  }
}

}  // namespace

http::Response ErrorResponse(const SiteDeps& deps, const http::Request& req, int code) {
  const std::string lang = deps.site->default_language;
  PageMeta meta;
  meta.title = std::string(deps.catalog->Get(lang, Headline(code)));
  meta.canonical_path = req.path;
  meta.noindex = true;
  render::Value data = LayoutData(deps, lang, meta, "");
  data.Set("error", render::Value::MakeObject()
                        .Set("code", std::to_string(code))
                        .Set("headline", std::string(deps.catalog->Get(lang, Headline(code))))
                        .Set("is_404", code == 404)
                        .Set("request_id", req.request_id));
  http::Response res;
  res.status = code;
  res.cache_control = "no-store";
  res.etag = false;
  auto html = deps.theme->Render("error", data, lang);
  if (html.ok()) {
    res.body = std::move(html).value();
  } else {
    if (deps.log_error) deps.log_error("error page failed to render: " + html.status().ToString());
    res.content_type = "text/plain; charset=utf-8";
    res.body = std::to_string(code) + "\n";
  }
  return res;
}

http::Response ErrorResponse(const SiteDeps& deps, const http::Request& req,
                             const base::Status& status) {
  const int code = HttpStatusFor(status);
  if (code >= 500 && deps.log_error) {
    deps.log_error("request " + req.request_id + " " + req.method_text + " " + req.target +
                   " failed: " + status.ToString());
  }
  http::Response res = ErrorResponse(deps, req, code);
  if (code == 503) res.Header("Retry-After", "5");
  return res;
}

}  // namespace web
