// The annual summary form (/donate/summary; see donate_pages.h and
// donations/annual_summary.h). Enumeration-safe: after the form's own checks
// every request gets the same page, and whether a mail went out is never
// shown nor timed by anything but the mail itself.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/form_text.h"
#include "base/text.h"
#include "http/form.h"
#include "web/donate_pages.h"
#include "web/mailbag_pages.h"  // kHoneypotField

namespace web {

using base::Status;
using render::Value;

namespace {

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

struct SummaryFields {
  std::string email, year, token, honeypot;
  // The value was not UTF-8: it is kept with U+FFFD for the bad bytes.
  bool email_not_utf8 = false, year_not_utf8 = false;
};

// `s` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD, so what was typed can be shown again.
std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // The sequence length its lead byte announces (0: not a lead byte).
    size_t n = 0;
    if (c < 0x80) {
      n = 1;
    } else if ((c >> 5) == 0x6) {
      n = 2;
    } else if ((c >> 4) == 0xE) {
      n = 3;
    } else if ((c >> 3) == 0x1E) {
      n = 4;
    }
    if (n > 0 && i + n <= s.size() && base::IsValidUtf8(s.substr(i, n))) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// http::ParseForm refuses a body with a value that is not UTF-8. This form
// answers such a value like any other bad input (the form again, 422), so
// an url-encoded body is read here leniently; a malformed escape or a NUL is
// still InvalidArgument (400).
base::Result<SummaryFields> ReadSummary(const http::Request& req) {
  SummaryFields f;
  base::Result<http::ParsedForm> parsed = http::ParseForm(req);
  if (parsed.ok()) {
    const http::Form& form = parsed->form;
    f.email = form.Value("email");
    f.year = form.Value("year");
    f.token = form.Value("form_token");
    f.honeypot = form.Value(kHoneypotField);
    return f;
  }
  const std::string type(req.Header("content-type").value_or(""));
  if (!base::StartsWithNoCase(type, "application/x-www-form-urlencoded")) return parsed.status();
  bool seen_email = false, seen_year = false, seen_token = false, seen_honeypot = false;
  for (std::string_view pair : base::Split(req.body, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::optional<std::string> name = http::PercentDecode(pair.substr(0, eq), true);
    std::optional<std::string> value =
        http::PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!name || !value) return parsed.status();
    const bool utf8 = base::IsValidUtf8(*value);
    auto take = [&](bool& seen, std::string& out, bool* not_utf8) {
      if (seen) return;  // the first value counts, as http::Form::Value
      seen = true;
      out = utf8 ? std::move(*value) : ToValidUtf8(*value);
      if (not_utf8 != nullptr) *not_utf8 = !utf8;
    };
    if (*name == "email") {
      take(seen_email, f.email, &f.email_not_utf8);
    } else if (*name == "year") {
      take(seen_year, f.year, &f.year_not_utf8);
    } else if (*name == "form_token") {
      take(seen_token, f.token, nullptr);
    } else if (*name == kHoneypotField) {
      take(seen_honeypot, f.honeypot, nullptr);
    }
  }
  return f;
}

struct SummaryView {
  int status = 200;
  std::string notice;                   // msgid for the whole form ("" = none)
  std::string email_error, year_error;  // msgids ("" = none)
  bool sent = false;                    // the "check your email" page
};

HandlerResult RenderSummary(const DonateDeps& d, const SummaryFields& f, const SummaryView& v) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  Value page = Value::MakeObject(10);
  page.Set("email", f.email);
  page.Set("year", f.year);
  if (v.sent) {
    page.Set("sent", true);
    page.Set("donate_url", "/donate");
    return RenderPrivatePage(s, "donate_summary", T(s, lang, "Check your email"), "/donate/summary",
                             "donate", std::move(page), 200);
  }
  BS_ASSIGN_OR_RETURN(std::string token, d.timer->Issue());
  page.Set("action", "/donate/summary");
  page.Set("token", token);
  page.Set("honeypot_name", kHoneypotField);
  if (!v.notice.empty()) page.Set("notice", T(s, lang, v.notice));
  if (!v.email_error.empty()) page.Set("error_email", T(s, lang, v.email_error));
  if (!v.year_error.empty()) page.Set("error_year", T(s, lang, v.year_error));
  return RenderPrivatePage(s, "donate_summary", T(s, lang, "Your donations in a year"),
                           "/donate/summary", "donate", std::move(page), v.status);
}

}  // namespace

HandlerResult DonateSummaryForm(const DonateDeps& d, const http::Request&, const Params&) {
  if (d.summaries == nullptr) return Status::NotFound("no annual summaries");
  SummaryFields f;
  f.year = std::to_string(d.summaries->CurrentYear());
  return RenderSummary(d, f, SummaryView{});
}

HandlerResult DonateSummarySubmit(const DonateDeps& d, const http::Request& req, const Params&) {
  if (d.summaries == nullptr) return Status::NotFound("no annual summaries");
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(SummaryFields f, ReadSummary(req));

  SummaryView v;
  v.status = 422;
  // A filled honeypot is a bot: refuse without saying why; nothing sent.
  if (!f.honeypot.empty()) {
    v.notice = "We could not accept this form. Please check it and send it again.";
    return RenderSummary(d, f, v);
  }
  if (Status timing = d.timer->Check(f.token); !timing.ok()) {
    v.notice = timing.code() == base::StatusCode::kRateLimited
                   ? "That was quicker than we expected. Please check the form and send it again."
                   : "This form was open for a long time. Please send it again.";
    return RenderSummary(d, f, v);
  }

  std::optional<std::string> email;
  if (f.email_not_utf8) {
    v.email_error = donations::kBadTextMsgid;
  } else if (base::Trim(f.email).empty()) {
    v.email_error = donations::kRequiredMsgid;
  } else if (email = base::NormalizeEmail(base::Trim(f.email)); !email) {
    v.email_error = donations::kBadEmailMsgid;
  }
  int year = 0;
  if (f.year_not_utf8) {
    v.year_error = donations::kBadTextMsgid;
  } else {
    std::string_view why;
    base::Result<int> parsed = d.summaries->ParseYear(f.year, &why);
    if (parsed.ok()) {
      year = *parsed;
    } else {
      v.year_error = std::string(why);
    }
  }
  if (!v.email_error.empty() || !v.year_error.empty()) return RenderSummary(d, f, v);
  // Counted for forms that reach the store (a typo costs nothing).
  if (d.summary_limiter != nullptr) {
    SlidingWindowLimiter::Verdict verdict = d.summary_limiter->Admit(req.remote_address);
    if (!verdict.admitted) {
      v.status = 429;
      v.notice =
          "Many forms have been sent from this connection in a short time. Please wait a while "
          "and send the form again; what you typed is kept below.";
      BS_ASSIGN_OR_RETURN(http::Response out, RenderSummary(d, f, v));
      out.Header("Retry-After", std::to_string(verdict.retry_after.count()));
      return out;
    }
  }

  // Past the form's checks every answer is the same page.
  v = SummaryView{};
  v.sent = true;
  f.email = *email;
  f.year = std::to_string(year);
  if (d.summary_address_limiter != nullptr && !d.summary_address_limiter->Admit(*email).admitted) {
    return RenderSummary(d, f, v);
  }
  if (Status st = d.summaries->RequestByEmail(*email, year); !st.ok() && s.log_error) {
    // Never the address: the log is not the place for donors' data.
    s.log_error("donate summary: " + st.ToString());
  }
  return RenderSummary(d, f, v);
}

}  // namespace web
