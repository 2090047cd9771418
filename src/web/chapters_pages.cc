// The public chapter pages (see chapters_pages.h).

#include "web/chapters_pages.h"

#include <string>
#include <utility>
#include <vector>

#include "http/form.h"
#include "web/mailbag_pages.h"  // kHoneypotField
#include "web/view_models.h"

namespace web {

using base::Status;
using members::ContactError;
using members::ContactProblem;
using render::Value;

namespace {

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

struct ContactFields {
  members::ChapterMessage in;
  std::string token;     // FormTimer
  std::string honeypot;  // must stay empty
};

struct Refusal {
  int status = 422;
  std::string notice;                // msgid for the whole form ("" = none)
  std::vector<ContactError> errors;  // per field
};

// The form's fields, in order, with their labels (English msgids).
struct FieldSpec {
  const char* name;
  const char* label;
};
constexpr FieldSpec kFields[] = {
    {"name", "Your name"},
    {"email", "Your email address"},
    {"message", "Your message"},
};

const std::string& FieldValue(const members::ChapterMessage& in, std::string_view name) {
  if (name == "name") return in.sender_name;
  if (name == "email") return in.sender_email;
  return in.message;
}

std::string ChapterPath(const store::Chapter& c) { return "/chapters/" + c.slug; }

// What every chapter page shows of a chapter: never its rules or its people.
Value Section(const store::Chapter& c) {
  return Value::MakeObject(4)
      .Set("name", c.name)
      .Set("region", c.region)
      .Set("url", ChapterPath(c))
      .Set("list_url", "/chapters");
}

HandlerResult RenderContact(const ChaptersDeps& d, const store::Chapter& chapter,
                            const ContactFields& f, const Refusal* refusal) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(std::string token, d.timer->Issue());

  PageMeta meta;
  meta.title = T(s, lang, "Contact this chapter") + ": " + chapter.name;
  meta.canonical_path = ChapterPath(chapter);
  meta.noindex = refusal != nullptr;
  Value data = LayoutData(s, lang, meta, "/chapters");

  auto error_for = [&](std::string_view field) -> std::string {
    if (refusal == nullptr) return "";
    for (const ContactError& e : refusal->errors) {
      if (e.field == field) return T(s, lang, ContactProblemText(e.problem));
    }
    return "";
  };

  Value page = Section(chapter);
  page.Set("action", ChapterPath(chapter));
  page.Set("token", token);
  page.Set("honeypot_name", kHoneypotField);
  for (const FieldSpec& spec : kFields) {
    const std::string error = error_for(spec.name);
    page.Set(std::string(spec.name) + "_value", FieldValue(f.in, spec.name));
    page.Set(std::string(spec.name) + "_error", error);
  }
  if (refusal != nullptr) {
    Value errors = Value::MakeList(refusal->errors.size());
    for (const ContactError& e : refusal->errors) {
      std::string label;
      for (const FieldSpec& spec : kFields) {
        if (e.field == spec.name) label = T(s, lang, spec.label);
      }
      std::string message = T(s, lang, ContactProblemText(e.problem));
      if (!label.empty()) message = label + ": " + message;
      errors.Push(Value::MakeObject(2).Set("field", e.field).Set("message", message));
    }
    page.Set("errors", std::move(errors));
    page.Set("has_errors", !refusal->errors.empty());
    if (!refusal->notice.empty()) page.Set("notice", T(s, lang, refusal->notice));
  }
  data.Set("chapter", std::move(page));
  BS_ASSIGN_OR_RETURN(http::Response out,
                      RenderHtml(s, "chapter_contact", std::move(data), lang));
  // A fresh one-off token and, after a refusal, what the person typed.
  out.cache_control = "no-store";
  out.etag = false;
  if (refusal != nullptr) out.status = refusal->status;
  return out;
}

base::Result<store::Chapter> ChapterOf(const ChaptersDeps& d, const Params& p) {
  auto it = p.find("slug");
  if (it == p.end()) return Status::NotFound("chapters: no slug");
  return d.contact->Find(it->second);
}

}  // namespace

const char* ContactProblemText(ContactProblem p) {
  switch (p) {
    case ContactProblem::kRequired:
      return "Please fill in this field.";
    case ContactProblem::kTooShort:
      return "Please write a little more.";
    case ContactProblem::kTooLong:
      return "This is longer than we can keep.";
    case ContactProblem::kInvalidText:
      return "This contains characters we cannot accept.";
    case ContactProblem::kInvalidEmail:
      return "Please enter a valid email address.";
    case ContactProblem::kTooManyLinks:
      return "Please include no more than three links.";
  }
  return "Please check this field.";
}

HandlerResult ChaptersList(const ChaptersDeps& d, const http::Request&, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, d.contact->Chapters());
  PageMeta meta;
  meta.title = T(s, lang, "Our chapters");
  meta.description = T(s, lang, "Local chapters of the organization, and how to contact them.");
  meta.canonical_path = "/chapters";
  Value data = LayoutData(s, lang, meta, "/chapters");
  // Names and regions only: a chapter's rules and its people stay in the back office.
  Value list = Value::MakeList(chapters.size());
  for (const store::Chapter& c : chapters) list.Push(Section(c));
  Value page = Value::MakeObject(3);
  page.Set("has_chapters", !chapters.empty());
  page.Set("list", std::move(list));
  page.Set("join_url", s.join != nullptr ? "/join" : "");
  data.Set("chapters", std::move(page));
  return RenderHtml(s, "chapters", std::move(data), lang);
}

HandlerResult ChapterContactForm(const ChaptersDeps& d, const http::Request&, const Params& p) {
  BS_ASSIGN_OR_RETURN(store::Chapter chapter, ChapterOf(d, p));
  return RenderContact(d, chapter, ContactFields{}, nullptr);
}

HandlerResult ChapterContactSubmit(const ChaptersDeps& d, const http::Request& req,
                                   const Params& p) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(store::Chapter chapter, ChapterOf(d, p));
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));  // 400: not UTF-8
  ContactFields f;
  f.in.chapter_slug = chapter.slug;
  f.in.sender_name = parsed.form.Value("name");
  f.in.sender_email = parsed.form.Value("email");
  f.in.message = parsed.form.Value("message");
  f.in.lang = lang;
  f.token = parsed.form.Value("form_token");
  f.honeypot = parsed.form.Value(kHoneypotField);

  // A filled honeypot is a bot: refuse without saying why; nothing sent.
  if (!f.honeypot.empty()) {
    Refusal r;
    r.notice = "We could not accept this form. Please check it and send it again.";
    return RenderContact(d, chapter, f, &r);
  }
  Status timing = d.timer->Check(f.token);
  if (!timing.ok()) {
    Refusal r;
    r.notice = timing.code() == base::StatusCode::kRateLimited
                   ? "That was quicker than we expected. Please check the form and send it again."
                   : "This form was open for a long time. Please send it again.";
    return RenderContact(d, chapter, f, &r);
  }
  std::vector<ContactError> errors = members::CheckChapterMessage(f.in);
  if (!errors.empty()) {
    Refusal r;
    r.errors = std::move(errors);
    return RenderContact(d, chapter, f, &r);
  }
  // Counted only for messages that reach the service (and queue emails).
  if (d.limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = d.limiter->Admit(req.remote_address);
    if (!v.admitted) {
      Refusal r;
      r.status = 429;
      r.notice =
          "Several messages have been sent from this connection in a short time. Please wait "
          "a while and send it again; what you typed is kept below.";
      BS_ASSIGN_OR_RETURN(http::Response out, RenderContact(d, chapter, f, &r));
      out.Header("Retry-After", std::to_string(v.retry_after.count()));
      return out;
    }
  }
  std::vector<ContactError> service_errors;
  Status sent = d.contact->Send(f.in, &service_errors);
  if (sent.IsInvalidArgument()) {
    Refusal r;
    r.errors = std::move(service_errors);
    return RenderContact(d, chapter, f, &r);
  }
  if (sent.IsUnavailable()) {
    Refusal r;
    r.status = 503;
    r.notice =
        "This chapter cannot receive messages at the moment. Please try again later; what you "
        "typed is kept below.";
    return RenderContact(d, chapter, f, &r);
  }
  BS_RETURN_IF_ERROR(sent);

  PageMeta meta;
  meta.title = T(s, lang, "Thank you for your message");
  meta.canonical_path = ChapterPath(chapter);
  meta.noindex = true;
  Value data = LayoutData(s, lang, meta, "/chapters");
  data.Set("chapter", Section(chapter));
  BS_ASSIGN_OR_RETURN(http::Response out,
                      RenderHtml(s, "chapter_thanks", std::move(data), lang));
  out.cache_control = "no-store";
  out.etag = false;
  return out;
}

}  // namespace web
