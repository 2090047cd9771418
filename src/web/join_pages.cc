// The public Join pages (see join_pages.h).

#include "web/join_pages.h"

#include <string>
#include <utility>
#include <vector>

#include "http/form.h"
#include "web/mailbag_pages.h"  // kHoneypotField
#include "web/view_models.h"

namespace web {

using base::Status;
using members::JoinError;
using members::JoinProblem;
using render::Value;

namespace {

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

// The form's text fields, in order, with their labels (English msgids).
struct TextField {
  const char* name;
  const char* label;
  std::string members::JoinInput::*member;
  const char* autocomplete;
  bool required;
};
constexpr TextField kTextFields[] = {
    {"first_name", "First name", &members::JoinInput::first_name, "given-name", true},
    {"last_name", "Last name", &members::JoinInput::last_name, "family-name", true},
    {"email", "Email", &members::JoinInput::email, "email", true},
    {"phone", "Phone (optional)", &members::JoinInput::phone, "tel", false},
    {"postal_code", "Postal code", &members::JoinInput::postal_code, "postal-code", true},
    {"region", "Region or state", &members::JoinInput::region, "address-level1", true},
    {"country", "Country", &members::JoinInput::country, "country-name", true},
};


struct JoinFields {
  members::JoinInput in;
  std::string token;     // FormTimer
  std::string honeypot;  // must stay empty
};

JoinFields ReadJoin(const http::Form& f, const members::JoinPolicy& policy) {
  JoinFields j;
  for (const TextField& t : kTextFields) j.in.*t.member = f.Value(t.name);
  j.in.membership_type = f.Value("membership_type");
  for (const std::string& key : policy.optional_questions) {
    std::string answer = f.Value("answer_" + key);
    if (!answer.empty()) j.in.answers.emplace_back(key, std::move(answer));
  }
  j.in.privacy_consent = f.Value("privacy_consent") == "1";
  j.in.email_consent = f.Value("email_consent") == "1";
  j.token = f.Value("form_token");
  j.honeypot = f.Value(kHoneypotField);
  return j;
}

struct Refusal {
  int status = 422;
  std::string notice;              // msgid for the whole form ("" = none)
  std::vector<JoinError> errors;   // per field
};

const char* QuestionLabel(const std::string& key) {
  for (const members::OptionalQuestion& q : members::kOptionalQuestions) {
    if (key == q.key) return q.label;
  }
  return nullptr;
}

HandlerResult RenderJoin(const JoinDeps& d, const JoinFields& j, const Refusal* refusal) {
  const SiteDeps& s = *d.site;
  const std::string lang = PageLanguage(*s.site, j.in.lang);
  const members::JoinPolicy& policy = d.members->policy();
  BS_ASSIGN_OR_RETURN(std::string token, d.timer->Issue());

  PageMeta meta;
  meta.title = T(s, lang, "Join us");
  meta.description = T(s, lang, "Become a member: it takes two minutes.");
  meta.canonical_path = "/join";
  meta.noindex = refusal != nullptr;
  Value data = LayoutData(s, lang, meta, "/join");

  auto error_for = [&](const std::string& field) -> std::string {
    if (refusal == nullptr) return "";
    for (const JoinError& e : refusal->errors) {
      if (e.field == field) return T(s, lang, JoinProblemText(e.problem));
    }
    return "";
  };

  Value form = Value::MakeObject(16);
  form.Set("action", "/join");
  form.Set("token", token);
  form.Set("honeypot_name", kHoneypotField);
  Value fields = Value::MakeList(std::size(kTextFields));
  for (const TextField& t : kTextFields) {
    const std::string error = error_for(t.name);
    fields.Push(Value::MakeObject(7)
                    .Set("name", t.name)
                    .Set("label", T(s, lang, t.label))
                    .Set("value", j.in.*t.member)
                    .Set("type", std::string_view(t.name) == "email"   ? "email"
                                 : std::string_view(t.name) == "phone" ? "tel"
                                                                       : "text")
                    .Set("autocomplete", t.autocomplete)
                    .Set("required", t.required)
                    .Set("error", error));
  }
  form.Set("fields", std::move(fields));

  if (policy.membership_types.size() > 1) {
    Value types = Value::MakeList(policy.membership_types.size());
    const std::string chosen =
        j.in.membership_type.empty() ? policy.membership_types.front().slug : j.in.membership_type;
    for (const members::MembershipType& t : policy.membership_types) {
      types.Push(Value::MakeObject(3)
                     .Set("value", t.slug)
                     .Set("label", t.name)
                     .Set("selected", t.slug == chosen));
    }
    form.Set("types", std::move(types));
    form.Set("has_types", true);
    form.Set("error_membership_type", error_for("membership_type"));
  }

  Value questions = Value::MakeList(policy.optional_questions.size());
  for (const std::string& key : policy.optional_questions) {
    const char* label = QuestionLabel(key);
    if (label == nullptr) continue;
    std::string answer;
    for (const auto& [k, v] : j.in.answers) {
      if (k == key) answer = v;
    }
    questions.Push(Value::MakeObject(4)
                       .Set("name", "answer_" + key)
                       .Set("label", T(s, lang, label))
                       .Set("value", answer)
                       .Set("error", error_for("answer:" + key)));
  }
  form.Set("has_questions", !policy.optional_questions.empty());
  form.Set("questions", std::move(questions));
  form.Set("privacy_consent", j.in.privacy_consent);
  form.Set("email_consent", j.in.email_consent);
  form.Set("error_privacy_consent", error_for("privacy_consent"));

  if (refusal != nullptr) {
    Value errors = Value::MakeList(refusal->errors.size());
    for (const JoinError& e : refusal->errors) {
      std::string label;
      for (const TextField& t : kTextFields) {
        if (e.field == t.name) label = T(s, lang, t.label);
      }
      std::string message = T(s, lang, JoinProblemText(e.problem));
      if (!label.empty()) message = label + ": " + message;
      // Anchors point at the field; optional answers use their input's id.
      std::string anchor = e.field;
      if (anchor.rfind("answer:", 0) == 0) anchor = "answer_" + anchor.substr(7);
      errors.Push(Value::MakeObject(2).Set("field", anchor).Set("message", message));
    }
    form.Set("errors", std::move(errors));
    form.Set("has_errors", !refusal->errors.empty());
    if (!refusal->notice.empty()) form.Set("notice", T(s, lang, refusal->notice));
  }
  data.Set("join", std::move(form));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, "join", std::move(data), lang));
  // A fresh one-off token and, after a refusal, what the person typed.
  out.cache_control = "no-store";
  out.etag = false;
  if (refusal != nullptr) out.status = refusal->status;
  return out;
}

// A page of its own, never cached (it may say what happened to a person).
HandlerResult RenderPrivate(const SiteDeps& s, std::string_view tmpl, const std::string& title,
                            Value&& section, std::string_view lang, int status = 200) {
  return RenderPrivatePage(s, tmpl, title, "/join", "join", std::move(section), status, lang);
}

}  // namespace

const char* JoinProblemText(JoinProblem p) {
  switch (p) {
    case JoinProblem::kRequired:
      return "Please fill in this field.";
    case JoinProblem::kTooLong:
      return "This is longer than we can keep.";
    case JoinProblem::kInvalidText:
      return "This contains characters we cannot accept.";
    case JoinProblem::kInvalidEmail:
      return "Please enter a valid email address.";
    case JoinProblem::kNoConsent:
      return "Please agree to the privacy policy to join.";
    case JoinProblem::kUnknownType:
      return "Please choose a membership type from the list.";
    case JoinProblem::kUnknownQuestion:
      return "Please answer only the questions shown.";
  }
  return "Please check this field.";
}

HandlerResult JoinForm(const JoinDeps& d, const http::Request& req, const Params&) {
  JoinFields j;
  j.in.lang = PageLanguage(*d.site->site, req.QueryParam("lang").value_or(""));
  return RenderJoin(d, j, nullptr);
}

HandlerResult JoinSubmit(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  JoinFields j = ReadJoin(parsed.form, d.members->policy());
  // The language of the form they filled: their emails come in it too.
  j.in.lang = PageLanguage(*s.site, parsed.form.Value("lang"));

  // A filled honeypot is a bot: refuse without saying why; nothing stored.
  if (!j.honeypot.empty()) {
    Refusal r;
    r.notice = "We could not accept this form. Please check it and send it again.";
    return RenderJoin(d, j, &r);
  }
  Status timing = d.timer->Check(j.token);
  if (!timing.ok()) {
    Refusal r;
    r.notice = timing.code() == base::StatusCode::kRateLimited
                   ? "That was quicker than we expected. Please check the form and send it again."
                   : "This form was open for a long time. Please send it again.";
    return RenderJoin(d, j, &r);
  }
  std::vector<JoinError> errors = members::CheckJoin(j.in, d.members->policy());
  if (!errors.empty()) {
    Refusal r;
    r.errors = std::move(errors);
    return RenderJoin(d, j, &r);
  }
  // Counted only for forms that reach the service (and queue an email).
  if (d.join_limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = d.join_limiter->Admit(req.remote_address);
    if (!v.admitted) {
      Refusal r;
      r.status = 429;
      r.notice =
          "Several people have joined from this connection in a short time. Please wait a "
          "while and send the form again; what you typed is kept below.";
      BS_ASSIGN_OR_RETURN(http::Response out, RenderJoin(d, j, &r));
      out.Header("Retry-After", std::to_string(v.retry_after.count()));
      return out;
    }
  }
  std::vector<JoinError> service_errors;
  Status joined = d.members->Join(j.in, &service_errors);
  if (joined.IsInvalidArgument()) {
    Refusal r;
    r.errors = std::move(service_errors);
    return RenderJoin(d, j, &r);
  }
  BS_RETURN_IF_ERROR(joined);

  const std::string& lang = j.in.lang;
  Value sent = Value::MakeObject(2);
  sent.Set("email", members::CleanJoin(j.in, d.members->policy()).email);
  return RenderPrivate(s, "join_sent", T(s, lang, "Check your email"), std::move(sent), lang);
}

HandlerResult JoinConfirmForm(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  // The emailed link names the joiner's language (MembersNotifier).
  const std::string lang = PageLanguage(*s.site, req.QueryParam("lang").value_or(""));
  Value page = Value::MakeObject(2);
  page.Set("token", req.QueryParam("token").value_or(""));
  page.Set("action", "/join/confirm");
  return RenderPrivate(s, "join_confirm", T(s, lang, "Confirm your membership"), std::move(page),
                       lang);
}

HandlerResult JoinConfirmSubmit(const JoinDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  const std::string lang = PageLanguage(*s.site, parsed.form.Value("lang"));
  base::Result<members::Confirmation> c = d.members->ConfirmJoin(parsed.form.Value("token"));
  if (c.status().IsNotFound() || c.status().code() == base::StatusCode::kPermissionDenied) {
    Value page = Value::MakeObject(2);
    page.Set("expired", true);
    page.Set("join_url", lang == s.site->default_language ? "/join" : "/join?lang=" + lang);
    return RenderPrivate(s, "join_confirm", T(s, lang, "This link no longer works"),
                         std::move(page), lang, 410);
  }
  BS_RETURN_IF_ERROR(c.status());
  Value page = Value::MakeObject(6);
  page.Set("name", c->first_name);
  page.Set("active", c->status == members::MemberStatus::kActive);
  page.Set("applicant", c->status == members::MemberStatus::kApplicant);
  page.Set("chapter", c->chapter ? c->chapter->name : "");
  page.Set("donate_url", s.site->donate_url);
  if (c->monthly_dues_minor > 0 && !s.site->donate_url.empty()) {
    // Dues are a monthly gift: the donation page opens with the amount and
    // "monthly" chosen (it reads these two parameters; an external donation
    // page ignores them).
    const std::string& url = s.site->donate_url;
    page.Set("dues_url", url + (url.find('?') == std::string::npos ? "?" : "&") +
                             "frequency=monthly&amount_minor=" +
                             std::to_string(c->monthly_dues_minor));
  }
  page.Set("portal_url", "/members/sign-in");
  return RenderPrivate(s, "join_welcome", T(s, lang, "Welcome"), std::move(page), lang);
}

}  // namespace web
