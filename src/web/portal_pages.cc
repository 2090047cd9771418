// The member portal (see portal_pages.h).

#include "web/portal_pages.h"

#include <string>
#include <utility>
#include <vector>

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

namespace {

// The member's received gifts (completed, or refunded in whole or part),
// newest first: date, amount, one-time or monthly, and what happened.
// Sets `has_gifts` (whether there is any) beside.
base::Result<Value> GiftRows(const JoinDeps& d, const std::string& email_index,
                             const std::string& lang, bool* has_gifts) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(std::vector<store::Donation> gifts,
                      d.donations->GiftsByEmailIndex(email_index));
  Value rows = Value::MakeList(gifts.size());
  for (const store::Donation& g : gifts) {
    const char* state = nullptr;
    switch (g.status) {
      case store::DonationStatus::kCompleted:
        state = "Received";
        break;
      case store::DonationStatus::kRefunded:
        state = "Refunded";
        break;
      case store::DonationStatus::kPartiallyRefunded:
        state = "Partly refunded";
        break;
      default:
        continue;  // never paid: pending, expired, failed
    }
    base::Result<donations::Currency> currency = donations::FindCurrency(g.currency);
    const std::string amount = currency.ok()
                                   ? donations::FormatAmount(g.amount_minor, *currency, lang)
                                   : std::to_string(g.amount_minor) + " " + g.currency;
    Value row = Value::MakeObject(4);
    row.Set("date", LongDate(s, g.received_at.value_or(g.created_at), lang));
    row.Set("amount", amount);
    row.Set("kind", T(s, lang,
                      g.kind == store::DonationKind::kOneTime ? "One-time donation"
                                                              : "Monthly donation"));
    row.Set("state", T(s, lang, state));
    rows.Push(std::move(row));
    *has_gifts = true;
  }
  return rows;
}

}  // namespace

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
  if (d.donations != nullptr) {
    bool has_gifts = false;
    BS_ASSIGN_OR_RETURN(Value gifts, GiftRows(d, v.member.email_index, lang, &has_gifts));
    page.Set("has_gifts", has_gifts);
    page.Set("gifts", std::move(gifts));
  }
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

// ---------------------------------------------------------------------------
// Editing: details, preferences, the address (issue 5).

namespace {

struct DetailField {
  const char* name;
  const char* label;  // English msgid (the Join form's)
  std::string members::OwnDetails::*member;
  const char* type;
  const char* autocomplete;
  bool required;
};
constexpr DetailField kDetailFields[] = {
    {"first_name", "First name", &members::OwnDetails::first_name, "text", "given-name", true},
    {"last_name", "Last name", &members::OwnDetails::last_name, "text", "family-name", true},
    {"phone", "Phone (optional)", &members::OwnDetails::phone, "tel", "tel", false},
    {"postal_code", "Postal code", &members::OwnDetails::postal_code, "text", "postal-code", true},
    {"region", "Region or state", &members::OwnDetails::region, "text", "address-level1", true},
    {"country", "Country", &members::OwnDetails::country, "text", "country-name", true},
};


members::OwnDetails DetailsOf(const members::MemberView& v) {
  members::OwnDetails d;
  d.first_name = v.profile.first_name;
  d.last_name = v.profile.last_name;
  d.phone = v.profile.phone;
  d.postal_code = v.profile.postal_code;
  d.region = v.profile.region;
  d.country = v.profile.country;
  d.answers = v.profile.answers;
  d.version = v.member.version;
  return d;
}

members::OwnDetails ReadDetails(const http::Form& f, const members::JoinPolicy& policy) {
  members::OwnDetails d;
  for (const DetailField& t : kDetailFields) d.*t.member = f.Value(t.name);
  for (const std::string& key : policy.optional_questions) {
    std::string answer = f.Value("answer_" + key);
    if (!answer.empty()) d.answers.emplace_back(key, std::move(answer));
  }
  // A missing or garbled version can only be stale.
  const std::string version = f.Value("version");
  d.version = 0;
  for (char c : version) {
    if (c < '0' || c > '9' || d.version > 1'000'000'000'000) {
      d.version = 0;
      break;
    }
    d.version = d.version * 10 + (c - '0');
  }
  return d;
}

const char* QuestionLabel(const std::string& key) {
  for (const members::OptionalQuestion& q : members::kOptionalQuestions) {
    if (key == q.key) return q.label;
  }
  return nullptr;
}

// The edit form. `errors` point at fields; `latest`, after a conflict, is
// what is stored now (shown beside what was typed).
HandlerResult RenderEdit(const JoinDeps& d, const std::string& session,
                         const members::OwnDetails& shown,
                         const std::vector<members::JoinError>& errors,
                         const members::MemberView* latest, int status) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  auto error_for = [&](const std::string& field) -> std::string {
    for (const members::JoinError& e : errors) {
      if (e.field == field) return T(s, lang, JoinProblemText(e.problem));
    }
    return "";
  };
  Value page = Value::MakeObject(8);
  page.Set("csrf", CsrfFor(session));
  page.Set("version", std::to_string(shown.version));
  Value fields = Value::MakeList(std::size(kDetailFields));
  for (const DetailField& t : kDetailFields) {
    fields.Push(Value::MakeObject(7)
                    .Set("name", t.name)
                    .Set("label", T(s, lang, t.label))
                    .Set("value", shown.*t.member)
                    .Set("type", t.type)
                    .Set("autocomplete", t.autocomplete)
                    .Set("required", t.required)
                    .Set("error", error_for(t.name)));
  }
  page.Set("fields", std::move(fields));
  const members::JoinPolicy& policy = d.members->policy();
  Value questions = Value::MakeList(policy.optional_questions.size());
  for (const std::string& key : policy.optional_questions) {
    const char* label = QuestionLabel(key);
    if (label == nullptr) continue;
    std::string answer;
    for (const auto& [k, v] : shown.answers) {
      if (k == key) answer = v;
    }
    questions.Push(Value::MakeObject(4)
                       .Set("name", "answer_" + key)
                       .Set("label", T(s, lang, label))
                       .Set("value", answer)
                       .Set("error", error_for("answer:" + key)));
  }
  page.Set("questions", std::move(questions));
  std::string other_error;
  for (const members::JoinError& e : errors) {
    if (e.problem == members::JoinProblem::kUnknownQuestion) other_error = error_for(e.field);
  }
  page.Set("has_errors", !errors.empty());
  page.Set("other_error", other_error);
  if (latest != nullptr) {
    const members::OwnDetails now = DetailsOf(*latest);
    Value stored = Value::MakeList(std::size(kDetailFields));
    for (const DetailField& t : kDetailFields) {
      stored.Push(Value::MakeObject(2).Set("label", T(s, lang, t.label)).Set("value",
                                                                             now.*t.member));
    }
    page.Set("latest", std::move(stored));
    page.Set("conflict", true);
  }
  return Render(s, "portal_edit", T(s, lang, "Edit my details"), std::move(page), status);
}

// The address pages share one template; `mode` is "form", "sent",
// "confirm", "done", "expired" or "taken".
HandlerResult RenderEmail(const JoinDeps& d, const char* mode, int status, Value&& extra) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  extra.Set(mode, true);
  return Render(s, "portal_email", T(s, lang, "Change my email address"), std::move(extra),
                status);
}

}  // namespace

HandlerResult PortalEditForm(const JoinDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CurrentMember(d, req));
  if (!who) return ToSignIn();
  return RenderEdit(d, who->session, DetailsOf(who->view), {}, nullptr, 200);
}

HandlerResult PortalEditSubmit(const JoinDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CheckedPost(d, req, parsed.form));
  if (!who) return ToSignIn();
  members::OwnDetails typed = ReadDetails(parsed.form, d.members->policy());
  std::vector<members::JoinError> errors;
  Status saved = d.members->UpdateOwnDetails(who->session, typed, &errors);
  if (saved.IsInvalidArgument()) return RenderEdit(d, who->session, typed, errors, nullptr, 422);
  if (saved.IsConflict()) {
    // Changed elsewhere: show the latest, keep what was typed, and let the
    // next submission write over the version just shown.
    BS_ASSIGN_OR_RETURN(members::MemberView latest, d.members->SessionMember(who->session));
    typed.version = latest.member.version;
    return RenderEdit(d, who->session, typed, {}, &latest, 409);
  }
  if (saved.IsNotFound()) return ToSignIn();
  BS_RETURN_IF_ERROR(saved);
  return NoStore(http::Response::Redirect(303, "/members"));
}

HandlerResult PortalPreferences(const JoinDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CheckedPost(d, req, parsed.form));
  if (!who) return ToSignIn();
  BS_RETURN_IF_ERROR(
      d.members->SetEmailConsent(who->session, parsed.form.Value("email_consent") == "1"));
  return NoStore(http::Response::Redirect(303, "/members"));
}

HandlerResult PortalEmailForm(const JoinDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CurrentMember(d, req));
  if (!who) return ToSignIn();
  Value page = Value::MakeObject(4);
  page.Set("csrf", CsrfFor(who->session));
  page.Set("current", who->view.profile.email);
  return RenderEmail(d, "form", 200, std::move(page));
}

HandlerResult PortalEmailSubmit(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  BS_ASSIGN_OR_RETURN(std::optional<Signed> who, CheckedPost(d, req, parsed.form));
  if (!who) return ToSignIn();
  const std::string email = parsed.form.Value("email");
  auto again = [&](const char* msgid, int status) {
    Value page = Value::MakeObject(4);
    page.Set("csrf", CsrfFor(who->session));
    page.Set("current", who->view.profile.email);
    page.Set("email", email);
    page.Set("error", T(s, lang, msgid));
    return RenderEmail(d, "form", status, std::move(page));
  };
  // Each request sends email: the sign-in limit applies.
  if (d.sign_in_limiter != nullptr && !d.sign_in_limiter->Admit(req.remote_address).admitted) {
    return again("Too many requests from this connection. Please wait a while and try again.",
                 429);
  }
  Status asked = d.members->RequestEmailChange(who->session, email);
  if (asked.IsInvalidArgument()) return again("Please enter a valid email address.", 422);
  if (asked.IsNotFound()) return ToSignIn();
  BS_RETURN_IF_ERROR(asked);
  // The same page whoever the address belongs to.
  Value page = Value::MakeObject(1);
  page.Set("email", email);
  return RenderEmail(d, "sent", 200, std::move(page));
}

HandlerResult PortalEmailConfirmForm(const JoinDeps& d, const http::Request& req, const Params&) {
  Value page = Value::MakeObject(1);
  std::optional<std::string> token = req.QueryParam("token");
  if (!token || token->empty()) return RenderEmail(d, "expired", 410, std::move(page));
  page.Set("token", *token);
  return RenderEmail(d, "confirm", 200, std::move(page));
}

HandlerResult PortalEmailConfirmSubmit(const JoinDeps& d, const http::Request& req,
                                       const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  const std::string token = parsed.form.Value("token");
  Status changed = token.empty() ? Status::NotFound("no token")
                                 : d.members->ConfirmEmailChange(token);
  if (changed.IsNotFound() || changed.code() == base::StatusCode::kPermissionDenied) {
    return RenderEmail(d, "expired", 410, Value::MakeObject(1));
  }
  if (changed.IsConflict()) return RenderEmail(d, "taken", 409, Value::MakeObject(1));
  BS_RETURN_IF_ERROR(changed);
  // Every session ended with the change: this browser's cookie too.
  BS_ASSIGN_OR_RETURN(http::Response out, RenderEmail(d, "done", 200, Value::MakeObject(1)));
  out.Header("Set-Cookie", http::SetCookie(kPortalCookie, "", CookieFor(s, 0)));
  return out;
}

}  // namespace web
