// The public Donate pages and Stripe's webhook (see donate_pages.h).

#include "web/donate_pages.h"

#include <string>
#include <utility>
#include <vector>

#include "http/form.h"
#include "web/mailbag_pages.h"  // kHoneypotField
#include "web/view_models.h"

namespace web {

using base::Status;
using donations::GiftForm;
using donations::GiftProblem;
using render::Value;

namespace {

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

// The form's text fields, in order, with their labels (English msgids).
struct TextField {
  const char* name;
  const char* label;
  std::string GiftForm::*member;
  const char* autocomplete;
  const char* type;
  bool required;   // always (employer/occupation: only when itemized)
  bool textarea;
};
constexpr TextField kTextFields[] = {
    {"name", "Full name", &GiftForm::name, "name", "text", true, false},
    {"email", "Email", &GiftForm::email, "email", "email", true, false},
    {"address_line1", "Street address", &GiftForm::address_line1, "address-line1", "text", true,
     false},
    {"address_line2", "Apartment, suite, etc. (optional)", &GiftForm::address_line2,
     "address-line2", "text", false, false},
    {"city", "City", &GiftForm::city, "address-level2", "text", true, false},
    {"region", "State or region", &GiftForm::region, "address-level1", "text", false, false},
    {"postal_code", "Postal code", &GiftForm::postal_code, "postal-code", "text", true, false},
    {"country", "Country", &GiftForm::country, "country-name", "text", true, false},
    {"employer", "Employer", &GiftForm::employer, "organization", "text", false, false},
    {"occupation", "Occupation", &GiftForm::occupation, "organization-title", "text", false,
     false},
    {"dedication", "In honor or memory of (optional)", &GiftForm::dedication, "off", "text", false,
     false},
    {"comment", "Comment (optional)", &GiftForm::comment, "off", "text", false, true},
};

struct DonateFields {
  GiftForm in;
  std::string token;     // FormTimer
  std::string honeypot;  // must stay empty
};

DonateFields ReadDonate(const http::Form& f) {
  DonateFields j;
  for (const TextField& t : kTextFields) j.in.*t.member = f.Value(t.name);
  j.in.preset = f.Value("preset");
  j.in.custom_amount = f.Value("custom_amount");
  j.in.monthly = f.Value("frequency") == "monthly";
  j.in.attested = f.GetAll("attest");
  j.token = f.Value("form_token");
  j.honeypot = f.Value(kHoneypotField);
  return j;
}

struct Refusal {
  int status = 422;
  std::string notice;                 // msgid for the whole form ("" = none)
  donations::GiftFeedback feedback;   // per field
};

// "12.50" for 1250 cents: what a donor would type, for the custom box.
std::string PlainAmount(int64_t minor, const donations::Currency& c) {
  int64_t unit = 1;
  for (int i = 0; i < c.exponent; ++i) unit *= 10;
  std::string out = std::to_string(minor / unit);
  if (c.exponent > 0) {
    std::string frac = std::to_string(minor % unit);
    frac.insert(0, static_cast<size_t>(c.exponent) - frac.size(), '0');
    out += "." + frac;
  }
  return out;
}

// A problem's text for the page: the msgid translated; the cap's message
// names the amount the donor may still give.
std::string ProblemText(const SiteDeps& s, const std::string& lang,
                        const donations::DonationsPolicy& policy, const GiftProblem& p,
                        const donations::GiftFeedback& fb) {
  std::string text = T(s, lang, p.msgid);
  if (p.msgid == donations::RuleProblemMsgid(donations::RuleProblem::kCapExceeded) &&
      fb.remaining_minor.has_value()) {
    std::string more = T(s, lang, donations::kCapRemainingMsgid);
    const size_t at = more.find("{amount}");
    if (at != std::string::npos) {
      more.replace(at, 8, donations::FormatAmount(*fb.remaining_minor, policy.currency, lang));
    }
    text += " " + more;
  }
  return text;
}

HandlerResult RenderDonate(const DonateDeps& d, const DonateFields& j, const Refusal* refusal) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  const donations::DonationsPolicy& policy = d.donations->policy();
  BS_ASSIGN_OR_RETURN(std::string token, d.timer->Issue());

  PageMeta meta;
  meta.title = T(s, lang, "Donate");
  meta.description = T(s, lang, "Support our work with a one-time or monthly donation.");
  meta.canonical_path = "/donate";
  meta.noindex = refusal != nullptr;
  Value data = LayoutData(s, lang, meta, "/donate");

  auto error_for = [&](const std::string& field) -> std::string {
    if (refusal == nullptr) return "";
    std::string out;
    for (const GiftProblem& p : refusal->feedback.problems) {
      if (p.field != field) continue;
      if (!out.empty()) out += " ";
      out += ProblemText(s, lang, policy, p, refusal->feedback);
    }
    return out;
  };

  Value form = Value::MakeObject(24);
  form.Set("action", "/donate");
  form.Set("token", token);
  form.Set("honeypot_name", kHoneypotField);

  // Amounts: the presets as radio buttons, then "other" with its box.
  bool preset_chosen = false;
  Value presets = Value::MakeList(policy.preset_amounts_minor.size());
  for (int64_t amount : policy.preset_amounts_minor) {
    const std::string value = std::to_string(amount);
    const bool checked = j.in.preset == value;
    preset_chosen = preset_chosen || checked;
    presets.Push(Value::MakeObject(3)
                     .Set("value", value)
                     .Set("label", donations::FormatAmount(amount, policy.currency, lang))
                     .Set("checked", checked));
  }
  form.Set("presets", std::move(presets));
  form.Set("other_checked", !preset_chosen);
  form.Set("custom_amount", j.in.custom_amount);
  form.Set("currency", policy.currency.code);
  form.Set("error_amount", error_for("amount"));
  form.Set("monthly", j.in.monthly);

  Value fields = Value::MakeList(std::size(kTextFields));
  for (const TextField& t : kTextFields) {
    const std::string name = t.name;
    const bool itemized_field = name == "employer" || name == "occupation";
    fields.Push(Value::MakeObject(9)
                    .Set("name", t.name)
                    .Set("label", T(s, lang, t.label))
                    .Set("value", j.in.*t.member)
                    .Set("type", t.type)
                    .Set("autocomplete", t.autocomplete)
                    .Set("required", t.required)
                    .Set("textarea", t.textarea)
                    .Set("hint", itemized_field
                                     ? T(s, lang,
                                         "Required by law when your donations this year add up "
                                         "to more than the reporting threshold.")
                                     : std::string())
                    .Set("error", error_for(name)));
  }
  form.Set("fields", std::move(fields));

  Value attestations = Value::MakeList(policy.rules.attestations.size());
  for (const donations::Attestation& a : policy.rules.attestations) {
    bool ticked = false;
    for (const std::string& k : j.in.attested) ticked = ticked || k == a.key;
    attestations.Push(Value::MakeObject(4)
                          .Set("key", a.key)
                          .Set("text", T(s, lang, a.text))
                          .Set("checked", ticked)
                          .Set("error", error_for("attestation:" + a.key)));
  }
  form.Set("has_attestations", !policy.rules.attestations.empty());
  form.Set("attestations", std::move(attestations));

  if (refusal != nullptr) {
    const auto& problems = refusal->feedback.problems;
    Value errors = Value::MakeList(problems.size());
    bool any = false;
    for (const GiftProblem& p : problems) {
      if (p.field.empty()) continue;  // whole-form problems show as the notice
      std::string label;
      for (const TextField& t : kTextFields) {
        if (p.field == t.name) label = T(s, lang, t.label);
      }
      if (p.field == "amount") label = T(s, lang, "Amount");
      std::string message = ProblemText(s, lang, policy, p, refusal->feedback);
      if (p.field.rfind("attestation:", 0) == 0) {
        for (const donations::Attestation& a : policy.rules.attestations) {
          if (p.field == "attestation:" + a.key) message = T(s, lang, a.text);
        }
        message = T(s, lang, "Please tick this box:") + " " + message;
      } else if (!label.empty()) {
        message = label + ": " + message;
      }
      std::string anchor = p.field;
      if (anchor.rfind("attestation:", 0) == 0) anchor = "attest-" + anchor.substr(12);
      errors.Push(Value::MakeObject(2).Set("field", anchor).Set("message", message));
      any = true;
    }
    form.Set("errors", std::move(errors));
    form.Set("has_errors", any);
    std::string notice = refusal->notice.empty() ? "" : T(s, lang, refusal->notice);
    for (const GiftProblem& p : problems) {
      if (!p.field.empty()) continue;
      notice += (notice.empty() ? "" : " ") + T(s, lang, p.msgid);
    }
    if (!notice.empty()) form.Set("notice", notice);
  }
  if (d.summaries != nullptr) form.Set("summary_url", "/donate/summary");
  data.Set("donate", std::move(form));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, "donate", std::move(data), lang));
  // A fresh one-off token and, after a refusal, what the person typed.
  out.cache_control = "no-store";
  out.etag = false;
  if (refusal != nullptr) out.status = refusal->status;
  return out;
}

// A page of its own, never cached.
HandlerResult RenderPrivate(const SiteDeps& s, std::string_view tmpl, const std::string& title,
                            Value&& section, int status = 200) {
  return RenderPrivatePage(s, tmpl, title, "/donate", "donate", std::move(section), status);
}

http::Response PlainText(int status, std::string body) {
  http::Response r = http::Response::Text(status, std::move(body));
  r.content_type = "text/plain; charset=utf-8";
  r.cache_control = "no-store";
  r.etag = false;
  return r;
}

}  // namespace

HandlerResult DonateForm(const DonateDeps& d, const http::Request& req, const Params&) {
  DonateFields j;
  j.in.monthly = req.QueryParam("frequency").value_or("") == "monthly";
  // The Join welcome page's dues link: choose the amount when it is a
  // plain decimal within the rules; anything else is ignored.
  const std::string typed = req.QueryParam("amount_minor").value_or("");
  const donations::DonationsPolicy& policy = d.donations->policy();
  if (!typed.empty() && typed.size() <= 13 &&
      typed.find_first_not_of("0123456789") == std::string::npos) {
    const int64_t amount = std::stoll(typed);
    if (amount >= policy.rules.min_minor && amount <= policy.rules.max_minor) {
      bool is_preset = false;
      for (int64_t p : policy.preset_amounts_minor) is_preset = is_preset || p == amount;
      if (is_preset) {
        j.in.preset = typed;
      } else {
        j.in.preset = "other";
        j.in.custom_amount = PlainAmount(amount, policy.currency);
      }
    }
  }
  if (j.in.preset.empty() && !policy.preset_amounts_minor.empty()) {
    // The second preset (a modest middle) is chosen by default, as donors expect.
    const auto& p = policy.preset_amounts_minor;
    j.in.preset = std::to_string(p.size() > 1 ? p[1] : p[0]);
  }
  return RenderDonate(d, j, nullptr);
}

HandlerResult DonateSubmit(const DonateDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  DonateFields j = ReadDonate(parsed.form);
  j.in.lang = s.site->default_language;

  // A filled honeypot is a bot: refuse without saying why; nothing sent.
  if (!j.honeypot.empty()) {
    Refusal r;
    r.notice = "We could not accept this form. Please check it and send it again.";
    return RenderDonate(d, j, &r);
  }
  Status timing = d.timer->Check(j.token);
  if (!timing.ok()) {
    Refusal r;
    r.notice = timing.code() == base::StatusCode::kRateLimited
                   ? "That was quicker than we expected. Please check the form and send it again."
                   : "This form was open for a long time. Please send it again.";
    return RenderDonate(d, j, &r);
  }
  // Counted for forms that reach the service (each may create a Stripe
  // session).
  if (d.limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = d.limiter->Admit(req.remote_address);
    if (!v.admitted) {
      Refusal r;
      r.status = 429;
      r.notice =
          "Many donation forms have been sent from this connection in a short time. Please "
          "wait a while and send the form again; what you typed is kept below.";
      BS_ASSIGN_OR_RETURN(http::Response out, RenderDonate(d, j, &r));
      out.Header("Retry-After", std::to_string(v.retry_after.count()));
      return out;
    }
  }
  Refusal r;
  base::Result<donations::StartedGift> started = d.donations->StartGift(j.in, &r.feedback);
  if (started.ok()) return http::Response::Redirect(303, started->checkout_url);
  if (started.status().IsInvalidArgument()) return RenderDonate(d, j, &r);
  if (started.status().code() == base::StatusCode::kUnavailable) {
    if (s.log_error) s.log_error("donate: " + started.status().ToString());
    r.status = 503;
    if (r.feedback.problems.empty()) {
      r.notice = std::string(donations::kPaymentUnavailableMsgid);
    }
    BS_ASSIGN_OR_RETURN(http::Response out, RenderDonate(d, j, &r));
    out.Header("Retry-After", "60");
    return out;
  }
  return started.status();
}

HandlerResult DonateThanks(const DonateDeps& d, const http::Request&, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  Value page = Value::MakeObject(1);
  page.Set("home_url", "/");
  return RenderPrivate(s, "donate_thanks", T(s, lang, "Thank you"), std::move(page));
}

HandlerResult DonateCancelForm(const DonateDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  const std::string token = req.QueryParam("token").value_or("");
  Value page = Value::MakeObject(6);
  // What the button would cancel, looked up without changing anything.
  base::Result<store::Plan> plan = d.donations->PlanForLink(token);
  if (plan.status().IsNotFound()) {
    page.Set("expired", true);
    return RenderPrivate(s, "donate_cancel", T(s, lang, "This link no longer works"),
                         std::move(page), 410);
  }
  if (plan.ok() && plan->status == store::PlanStatus::kCancelled) {
    page.Set("cancelled", true);
    page.Set("donate_url", "/donate");
    return RenderPrivate(s, "donate_cancel", T(s, lang, "Your monthly donation is cancelled"),
                         std::move(page));
  }
  if (plan.ok()) {
    page.Set("amount", donations::FormatAmount(plan->amount_minor,
                                               d.donations->policy().currency, lang));
  } else if (s.log_error) {
    // The button still works (and says so if the store is still down).
    s.log_error("donate cancel page: " + plan.status().ToString());
  }
  page.Set("token", token);
  page.Set("action", "/donate/cancel");
  page.Set("ask", true);
  if (d.portal != nullptr) page.Set("portal_action", "/donate/portal");
  return RenderPrivate(s, "donate_cancel", T(s, lang, "Cancel your monthly donation"),
                       std::move(page));
}

HandlerResult DonatePortalSubmit(const DonateDeps& d, const http::Request& req, const Params&) {
  if (d.portal == nullptr) return Status::NotFound("no customer portal");
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  const std::string token = parsed.form.Value("token");
  // Stripe sends the donor back to the front page: the link's token never
  // leaves the site.
  base::Result<std::string> url = d.portal->Open(token, s.site->base_url + "/");
  if (url.ok()) {
    http::Response out = http::Response::Redirect(303, *url);
    out.cache_control = "no-store";
    return out;
  }
  Value page = Value::MakeObject(5);
  if (url.status().IsNotFound()) {
    page.Set("expired", true);
    return RenderPrivate(s, "donate_cancel", T(s, lang, "This link no longer works"),
                         std::move(page), 410);
  }
  if (s.log_error) s.log_error("donate portal: " + url.status().ToString());
  // The cancel button still works with the same token.
  page.Set("ask", true);
  page.Set("portal_unavailable", true);
  page.Set("token", token);
  page.Set("action", "/donate/cancel");
  page.Set("portal_action", "/donate/portal");
  BS_ASSIGN_OR_RETURN(
      http::Response out,
      RenderPrivate(s, "donate_cancel", T(s, lang, "Cancel your monthly donation"),
                    std::move(page), 503));
  out.Header("Retry-After", "60");
  return out;
}

HandlerResult DonateCancelSubmit(const DonateDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  const std::string token = parsed.form.Value("token");
  base::Result<store::Plan> plan = d.donations->CancelMonthly(token);
  Value page = Value::MakeObject(5);
  if (plan.status().IsNotFound() || plan.status().IsInvalidArgument()) {
    page.Set("expired", true);
    return RenderPrivate(s, "donate_cancel", T(s, lang, "This link no longer works"),
                         std::move(page), 410);
  }
  if (!plan.ok()) {
    if (s.log_error) s.log_error("donate cancel: " + plan.status().ToString());
    page.Set("ask", true);
    page.Set("unavailable", true);
    page.Set("token", token);
    page.Set("action", "/donate/cancel");
    if (d.portal != nullptr) page.Set("portal_action", "/donate/portal");
    BS_ASSIGN_OR_RETURN(http::Response out,
                        RenderPrivate(s, "donate_cancel", T(s, lang, "Cancel your monthly donation"),
                                      std::move(page), 503));
    out.Header("Retry-After", "60");
    return out;
  }
  page.Set("cancelled", true);
  page.Set("donate_url", "/donate");
  return RenderPrivate(s, "donate_cancel", T(s, lang, "Your monthly donation is cancelled"),
                       std::move(page));
}

HandlerResult StripeWebhook(const DonateDeps& d, const http::Request& req, const Params&) {
  if (req.body.size() > kMaxWebhookBodyBytes) return PlainText(413, "payload too large\n");
  const std::string signature(req.Header("stripe-signature").value_or(""));
  base::Result<donations::WebhookOutcome> out = d.donations->HandleWebhook(signature, req.body);
  if (out.ok()) {
    if (!out->receipt_error.empty() && d.site->log_error) {
      d.site->log_error("stripe webhook " + out->event_id + ": receipt: " + out->receipt_error);
    }
    return PlainText(200, "ok\n");
  }
  const Status& st = out.status();
  if (st.IsInvalidArgument() || st.code() == base::StatusCode::kPermissionDenied) {
    return PlainText(400, "bad request\n");
  }
  if (d.site->log_error) d.site->log_error("stripe webhook: " + st.ToString());
  if (st.code() == base::StatusCode::kUnavailable) {
    http::Response r = PlainText(503, "try again later\n");
    r.Header("Retry-After", "30");
    return r;
  }
  return PlainText(500, "internal error\n");
}

}  // namespace web
