// Dispatch for /admin: route lookup, sign-in, the role check, CSRF and the
// headers every admin response carries. Handlers in the *_pages.cc files
// assume all of this has happened.

#include <memory>
#include <utility>

#include "admin/admin.h"
#include "admin/routes.h"
#include "admin/view.h"
#include "web/router.h"

namespace admin {
namespace {

using accounts::AccountsService;

void AddSecurityHeaders(http::Response& res) {
  // Nothing in the back office is cacheable or frameable; scripts and styles
  // come only from our own origin (the admin theme's assets).
  if (res.cache_control != "public, max-age=31536000, immutable") res.cache_control = "no-store";
  res.etag = false;
  res.Header("X-Frame-Options", "DENY");
  res.Header("Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
             "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  res.Header("Referrer-Policy", "same-origin");
  res.Header("X-Content-Type-Options", "nosniff");
}

// Where to send a visitor who is not signed in: GETs come back to the page
// they asked for after signing in.
http::Response ToSignIn(const http::Request& req) {
  std::string next = req.method == http::Method::kPost ? "/admin" : req.target;
  return SeeOther("/admin/login?next=" + http::PercentEncode(SafeNext(next)));
}

http::Response Serve(const AdminDeps& d, const AdminRoute& route, const http::Request& req,
                     const web::Params& params) {
  Ctx c{d, req, params, {}, std::nullopt, {}, d.site->site->default_language};
  if (route.permission) {
    const std::optional<std::string> token = http::CookieValue(req, kSessionCookie);
    if (!token || token->empty()) return ToSignIn(req);
    base::Result<accounts::SessionInfo> session = d.accounts->Authenticate(*token);
    if (!session.ok()) {
      if (session.status().code() != base::StatusCode::kUnauthenticated)
        return ErrorPage(c, session.status());
      http::Response res = ToSignIn(req);
      http::CookieOptions gone;
      gone.secure = d.secure_cookies;
      gone.max_age = 0;
      res.Header("Set-Cookie", http::SetCookie(kSessionCookie, "", gone));
      return res;
    }
    c.session = std::move(session).value();
    c.session_token = *token;
    if (!accounts::Allows(c.session->user.roles, *route.permission)) return ErrorPage(c, 403);
  }
  if (req.method == http::Method::kPost) {
    base::Result<http::ParsedForm> form = http::ParseForm(req);
    if (!form.ok()) return ErrorPage(c, form.status());
    c.form = std::move(form).value();
    // Synchronizer token: bound to the session, or to the pre-session cookie
    // on the forms a visitor posts before signing in.
    const std::string presented = c.form.form.Value("csrf");
    const std::string bound =
        c.session ? c.session_token
                  : http::CookieValue(req, kPreSessionCookie).value_or(std::string());
    if (bound.empty() || !AccountsService::CheckCsrf(bound, presented)) return ErrorPage(c, 403);
  }
  AdminResult result = route.fn(c);
  if (!result.ok()) return ErrorPage(c, result.status());
  return std::move(result).value();
}

}  // namespace

accounts::Actor Ctx::actor() const {
  if (!session) return {std::nullopt, "visitor", req.remote_address};
  return {session->user.id, session->user.email, req.remote_address};
}

bool Ctx::Can(accounts::Permission p) const {
  return session && accounts::Allows(session->user.roles, p);
}

base::Result<int64_t> Ctx::IdParam(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty() || it->second.size() > 18)
    return base::Status::NotFound("no id");
  int64_t id = 0;
  for (char ch : it->second) {
    if (ch < '0' || ch > '9') return base::Status::NotFound("bad id " + it->second);
    id = id * 10 + (ch - '0');
  }
  if (id <= 0) return base::Status::NotFound("bad id " + it->second);
  return id;
}

http::Handler MakeAdminHandler(const AdminDeps& deps) {
  auto router = std::make_shared<web::Router>();
  for (const AdminRoute& route : AdminRoutes()) {
    const AdminRoute* r = &route;  // the table is static: the pointer stays valid
    router->Add({route.method}, route.pattern,
                [&deps, r](const http::Request& req, const web::Params& params) {
                  return Serve(deps, *r, req, params);
                });
  }
  return [router, &deps](const http::Request& req) -> http::Response {
    web::Params none;
    Ctx c{deps, req, none, {}, std::nullopt, {}, deps.site->site->default_language};
    http::Response res;
    if (req.method == http::Method::kOther) {
      res = ErrorPage(c, 405);
      res.Header("Allow", "GET, HEAD, POST");
    } else {
      web::Router::Match m = router->Find(req.method, req.path);
      if (m.handler != nullptr) {
        res = (*m.handler)(req, m.params);
      } else if (!m.method_allowed) {
        res = ErrorPage(c, 405);
        res.Header("Allow", m.allow);
      } else {
        res = ErrorPage(c, 404);
      }
    }
    AddSecurityHeaders(res);
    return res;
  };
}

}  // namespace admin
