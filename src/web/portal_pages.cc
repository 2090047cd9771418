// The member portal (see portal_pages.h).

#include "web/portal_pages.h"

#include <string>
#include <utility>

#include "base/form_text.h"
#include "crypto/token.h"
#include "http/form.h"
#include "web/view_models.h"

namespace web {

using base::Status;
using render::Value;

namespace {

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

std::string SessionToken(const http::Request& req) {
  return http::CookieValue(req, kPortalCookie).value_or("");
}

// The portal's forms carry this, derived from the session: a page from
// another site cannot know it.
std::string CsrfFor(const std::string& session) {
  return crypto::HashToken("member-csrf:" + session);
}

http::CookieOptions CookieFor(const SiteDeps& s, std::optional<long long> max_age) {
  http::CookieOptions o;
  o.path = "/members";
  o.http_only = true;
  o.secure = s.site->base_url.rfind("https://", 0) == 0;
  o.same_site = "Lax";
  o.max_age = max_age;
  return o;
}

http::Response NoStore(http::Response r) {
  r.cache_control = "no-store";
  r.etag = false;
  return r;
}

HandlerResult Render(const SiteDeps& s, std::string_view tmpl, const std::string& title,
                     Value&& section, int status = 200) {
  const std::string& lang = s.site->default_language;
  PageMeta meta;
  meta.title = title;
  meta.canonical_path = "/members";
  meta.noindex = true;
  Value data = LayoutData(s, lang, meta, "/members");
  data.Set("portal", std::move(section));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, tmpl, std::move(data), lang));
  out.status = status;
  return NoStore(std::move(out));
}

http::Response ToSignIn() { return NoStore(http::Response::Redirect(303, "/members/sign-in")); }

// The signed-in member and the session token, or nullopt (no or stale session).
struct Signed {
  std::string session;
  members::MemberView view;
};
base::Result<std::optional<Signed>> CurrentMember(const JoinDeps& d, const http::Request& req) {
  std::string session = SessionToken(req);
  if (session.empty()) return std::optional<Signed>();
  base::Result<members::MemberView> v = d.members->SessionMember(session);
  if (v.status().IsNotFound()) return std::optional<Signed>();
  if (!v.ok()) return v.status();
  return std::optional<Signed>(Signed{std::move(session), std::move(v).value()});
}

// A POST inside the portal: a session and its CSRF token, else 403 / sign-in.
base::Result<std::optional<Signed>> CheckedPost(const JoinDeps& d, const http::Request& req,
                                                const http::Form& form) {
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CurrentMember(d, req));
  if (!who) return who;
  if (!crypto::ConstantTimeEquals(form.Value("csrf"), CsrfFor(who->session))) {
    return Status::PermissionDenied("portal: bad or missing CSRF token");
  }
  return who;
}

}  // namespace

HandlerResult PortalSignInForm(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  Value page = Value::MakeObject(3);
  page.Set("action", "/members/sign-in");
  // From the email: one button spends the link (mail scanners only GET).
  if (std::optional<std::string> token = req.QueryParam("token")) page.Set("token", *token);
  return Render(s, "portal_sign_in", T(s, lang, "Sign in"), std::move(page));
}

HandlerResult PortalSignInSubmit(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  const std::string token = parsed.form.Value("token");
  if (!token.empty()) {
    base::Result<std::string> session = d.members->SignIn(token);
    if (session.status().IsNotFound() ||
        session.status().code() == base::StatusCode::kPermissionDenied) {
      Value page = Value::MakeObject(2);
      page.Set("action", "/members/sign-in");
      page.Set("expired", true);
      return Render(s, "portal_sign_in", T(s, lang, "This link no longer works"), std::move(page),
                    410);
    }
    BS_RETURN_IF_ERROR(session.status());
    http::Response out = NoStore(http::Response::Redirect(303, "/members"));
    const long long life =
        std::chrono::duration_cast<std::chrono::seconds>(members::kSessionLife).count();
    out.Header("Set-Cookie", http::SetCookie(kPortalCookie, *session, CookieFor(s, life)));
    return out;
  }

  // Asking for a link. The same page for every address, member or not.
  const std::string email = parsed.form.Value("email");
  if (d.sign_in_limiter != nullptr && !d.sign_in_limiter->Admit(req.remote_address).admitted) {
    Value page = Value::MakeObject(3);
    page.Set("action", "/members/sign-in");
    page.Set("email", email);
    page.Set("notice", T(s, lang, "Too many requests from this connection. Please wait a while "
                                  "and try again."));
    return Render(s, "portal_sign_in", T(s, lang, "Sign in"), std::move(page), 429);
  }
  Status asked = d.members->RequestSignIn(email);
  if (asked.IsInvalidArgument()) {
    Value page = Value::MakeObject(3);
    page.Set("action", "/members/sign-in");
    page.Set("email", email);
    page.Set("error", T(s, lang, "Please enter a valid email address."));
    return Render(s, "portal_sign_in", T(s, lang, "Sign in"), std::move(page), 422);
  }
  BS_RETURN_IF_ERROR(asked);
  Value page = Value::MakeObject(1);
  page.Set("sent", true);
  return Render(s, "portal_sign_in", T(s, lang, "Check your email"), std::move(page));
}

HandlerResult PortalHome(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CurrentMember(d, req));
  if (!who) return ToSignIn();
  const members::MemberView& v = who->view;
  Value page = Value::MakeObject(16);
  page.Set("first_name", v.profile.first_name);
  page.Set("last_name", v.profile.last_name);
  page.Set("email", v.profile.email);
  page.Set("phone", v.profile.phone);
  page.Set("postal_code", v.profile.postal_code);
  page.Set("region", v.profile.region);
  page.Set("country", v.profile.country);
  page.Set("chapter", v.chapter ? v.chapter->name : "");
  page.Set("applicant", v.member.status == members::MemberStatus::kApplicant);
  page.Set("email_updates", v.member.email_consent);
  page.Set("deletion_scheduled", v.member.erase_after.has_value());
  page.Set("since", v.member.activated_at ? LongDate(s, *v.member.activated_at, lang) : "");
  page.Set("csrf", CsrfFor(who->session));
  page.Set("data_url", "/members/data.json");
  return Render(s, "portal", T(s, lang, "Your membership"), std::move(page));
}

HandlerResult PortalData(const JoinDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CurrentMember(d, req));
  if (!who) return ToSignIn();
  BS_ASSIGN_OR_RETURN(std::string json, d.members->ExportOwnData(who->session));
  http::Response out;
  out.content_type = "application/json; charset=utf-8";
  out.body = std::move(json);
  out.Header("Content-Disposition", "attachment; filename=\"my-membership-data.json\"");
  return NoStore(std::move(out));
}

HandlerResult PortalDelete(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CheckedPost(d, req, parsed.form));
  if (!who) return ToSignIn();
  if (parsed.form.Value("confirm") != "1") {
    Value page = Value::MakeObject(3);
    page.Set("csrf", CsrfFor(who->session));
    page.Set("need_confirm", true);
    return Render(s, "portal_deleted", T(s, lang, "Delete my data"), std::move(page), 422);
  }
  BS_RETURN_IF_ERROR(d.members->RequestDeletion(who->session));
  Value page = Value::MakeObject(1);
  page.Set("done", true);
  BS_ASSIGN_OR_RETURN(http::Response out,
                      Render(s, "portal_deleted", T(s, lang, "Delete my data"), std::move(page)));
  out.Header("Set-Cookie", http::SetCookie(kPortalCookie, "", CookieFor(s, 0)));
  return out;
}

HandlerResult PortalSignOut(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CheckedPost(d, req, parsed.form));
  if (who) BS_RETURN_IF_ERROR(d.members->SignOut(who->session));
  http::Response out = ToSignIn();
  out.Header("Set-Cookie", http::SetCookie(kPortalCookie, "", CookieFor(s, 0)));
  return out;
}

}  // namespace web
