// Signing in and out, forgotten passwords and invitation links: the only
// admin routes a visitor without a session can reach.

#include <chrono>
#include <string>

#include "admin/handlers.h"
#include "admin/view.h"
#include "crypto/token.h"

namespace admin {
namespace {

constexpr std::chrono::seconds kPreSessionLifetime{24 * 3600};

// The token this visitor's pre-session forms are bound to: the cookie's, or a
// new one (set on the response by the caller).
std::string PreSessionToken(const Ctx& c, bool* is_new) {
  std::optional<std::string> existing = http::CookieValue(c.req, kPreSessionCookie);
  // RandomToken makes 43 URL-safe characters; anything else was not ours.
  if (existing && existing->size() == 43) {
    *is_new = false;
    return *existing;
  }
  *is_new = true;
  return crypto::RandomToken();
}

// Renders a pre-session form page, setting the pre-session cookie if needed.
AdminResult PreSessionPage(Ctx& c, std::string_view tmpl, render::Value data, int status = 200) {
  bool is_new = false;
  const std::string pre = PreSessionToken(c, &is_new);
  data.Set("csrf", accounts::AccountsService::CsrfTokenFor(pre));
  BS_ASSIGN_OR_RETURN(http::Response res, Page(c, tmpl, std::move(data), status));
  if (is_new) {
    http::CookieOptions o;
    o.path = "/admin";
    o.secure = c.d.secure_cookies;
    o.same_site = "Strict";
    o.max_age = kPreSessionLifetime.count();
    res.Header("Set-Cookie", http::SetCookie(kPreSessionCookie, pre, o));
  }
  return res;
}

std::string SetPasswordLink(const Ctx& c, const std::string& token) {
  return c.d.site->site->base_url + "/admin/set-password?token=" + token;
}

}  // namespace

AdminResult LoginForm(Ctx& c) {
  // Already signed in: straight to the dashboard.
  if (auto token = http::CookieValue(c.req, kSessionCookie)) {
    if (c.d.accounts->Authenticate(*token).ok()) return SeeOther("/admin");
  }
  render::Value data = render::Value::MakeObject()
                           .Set("next", SafeNext(c.req.QueryParam("next").value_or("/admin")))
                           .Set("email", "");
  return PreSessionPage(c, "login", std::move(data));
}

AdminResult LoginSubmit(Ctx& c) {
  const std::string email = c.form.form.Value("email");
  const std::string next = SafeNext(c.form.form.Value("next"));
  std::chrono::seconds retry_after{0};
  const std::string ua(c.req.Header("user-agent").value_or(""));
  base::Result<accounts::LoginResult> login = c.d.accounts->Login(
      email, c.form.form.Value("password"), c.req.remote_address, ua, &retry_after);
  if (login.ok()) {
    http::Response res = SeeOther(next);
    http::CookieOptions o;  // Path=/, HttpOnly, SameSite=Lax: see ADR and ROLES.md
    o.secure = c.d.secure_cookies;
    res.Header("Set-Cookie", http::SetCookie(kSessionCookie, login->session_token, o));
    return res;
  }
  render::Value data = render::Value::MakeObject().Set("next", next).Set("email", email);
  const base::StatusCode code = login.status().code();
  if (code == base::StatusCode::kRateLimited) {
    const long long wait = std::max<long long>(1, retry_after.count());
    data.Set("error", T(c, "Too many sign-in attempts. Please wait and try again.") + " (" +
                          std::to_string(wait) + " s)");
    BS_ASSIGN_OR_RETURN(http::Response res, PreSessionPage(c, "login", std::move(data), 429));
    res.Header("Retry-After", std::to_string(wait));
    return res;
  }
  if (code == base::StatusCode::kUnauthenticated) {
    data.Set("error", T(c, "That email and password do not match an account."));
    return PreSessionPage(c, "login", std::move(data), 401);
  }
  return login.status();
}

AdminResult Logout(Ctx& c) {
  BS_RETURN_IF_ERROR(c.d.accounts->Logout(c.session_token, c.actor()));
  http::Response res = SeeOther("/admin/login", "signed_out");
  http::CookieOptions o;
  o.secure = c.d.secure_cookies;
  o.max_age = 0;
  res.Header("Set-Cookie", http::SetCookie(kSessionCookie, "", o));
  return res;
}

AdminResult ForgotForm(Ctx& c) {
  return PreSessionPage(c, "forgot", render::Value::MakeObject().Set("email", ""));
}

AdminResult ForgotSubmit(Ctx& c) {
  const std::string email = c.form.form.Value("email");
  if (!accounts::AccountsService::NormalizeEmail(email).ok()) {
    render::Value data = render::Value::MakeObject().Set("email", email).Set(
        "error", T(c, "Please enter the email address you sign in with."));
    return PreSessionPage(c, "forgot", std::move(data), 400);
  }
  BS_ASSIGN_OR_RETURN(std::optional<std::string> token,
                      c.d.accounts->RequestPasswordReset(email, c.actor()));
  if (token && c.d.send_mail) {
    const int minutes = 30;
    render::Value mail = render::Value::MakeObject()
                             .Set("site_name", c.d.site->site->name)
                             .Set("link", SetPasswordLink(c, *token))
                             .Set("expires_minutes", std::to_string(minutes));
    BS_RETURN_IF_ERROR(
        c.d.send_mail("password_reset", "password_reset", email, "", c.lang, mail));
  }
  // The same page whether or not the address has an account.
  return Page(c, "message",
              render::Value::MakeObject()
                  .Set("title", T(c, "Check your email"))
                  .Set("text", T(c, "If that address belongs to an account, we have sent it a "
                                    "link to choose a new password. The link works once, for "
                                    "30 minutes.")));
}

AdminResult SetPasswordForm(Ctx& c) {
  const std::string token = c.req.QueryParam("token").value_or("");
  base::Status usable = c.d.accounts->CheckToken(token);
  if (!usable.ok()) {
    if (usable.code() != base::StatusCode::kNotFound &&
        usable.code() != base::StatusCode::kPermissionDenied)
      return usable;
    return Page(c, "message",
                render::Value::MakeObject()
                    .Set("title", T(c, "This link no longer works"))
                    .Set("text", T(c, "Links to set a password work once and expire. Ask for a "
                                      "new one on the sign-in page."))
                    .Set("forgot_link", true),
                410);
  }
  return PreSessionPage(c, "set_password", render::Value::MakeObject().Set("token", token));
}

AdminResult SetPasswordSubmit(Ctx& c) {
  const std::string token = c.form.form.Value("token");
  const std::string password = c.form.form.Value("password");
  render::Value data = render::Value::MakeObject().Set("token", token);
  if (password != c.form.form.Value("confirm")) {
    data.Set("error", T(c, "The two passwords are not the same."));
    return PreSessionPage(c, "set_password", std::move(data), 400);
  }
  base::Result<int64_t> set = c.d.accounts->SetPasswordWithToken(token, password, c.actor());
  if (set.ok()) return SeeOther("/admin/login", "password_set");
  switch (set.status().code()) {
    case base::StatusCode::kInvalidArgument:
      data.Set("error", T(c, "Please choose a longer or less common password: at least 12 "
                             "characters, and not one of the passwords everybody uses."));
      return PreSessionPage(c, "set_password", std::move(data), 400);
    case base::StatusCode::kNotFound:
    case base::StatusCode::kPermissionDenied:
      return Page(c, "message",
                  render::Value::MakeObject()
                      .Set("title", T(c, "This link no longer works"))
                      .Set("text", T(c, "Links to set a password work once and expire. Ask for "
                                        "a new one on the sign-in page."))
                      .Set("forgot_link", true),
                  410);
    default:
      return set.status();
  }
}

AdminResult AdminAsset(Ctx& c) {
  const render::Asset* asset = c.d.theme->FindAsset(c.req.path);
  if (asset == nullptr) return base::Status::NotFound("no admin asset " + c.req.path);
  http::Response res;
  res.content_type = asset->content_type;
  res.cache_control = "public, max-age=31536000, immutable";
  res.body = asset->body;
  return res;
}

}  // namespace admin
