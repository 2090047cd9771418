// The public Mailbag pages (see mailbag_pages.h).

#include "web/mailbag_pages.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/text.h"
#include "base/time_format.h"
#include "http/form.h"
#include "render/markdown.h"
#include "web/feed_xml.h"
#include "web/urls.h"
#include "web/view_models.h"

namespace web {

using base::Status;
using render::Value;

namespace {

constexpr size_t kExcerptBytes = 280;
constexpr int kFeedItems = 20;

std::string T(const SiteDeps& s, std::string_view lang, std::string_view msgid) {
  return std::string(s.catalog->Get(lang, msgid));
}

// "<" ">" "&" as \u escapes: the JSON cannot close its <script> element.
std::string ScriptSafeJson(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

Value BylinesData(const std::vector<store::Byline>& bylines) {
  Value list = Value::MakeList(bylines.size());
  for (size_t i = 0; i < bylines.size(); ++i) {
    list.Push(Value::MakeObject(3)
                  .Set("name", bylines[i].name)
                  .Set("url", urls::Byline(bylines[i].slug))
                  .Set("sep", i + 1 < bylines.size() ? ", " : ""));
  }
  return list;
}

Value QaSummary(const SiteDeps& s, const store::PublishedQuestion& q, std::string_view lang) {
  Value v = Value::MakeObject(10);
  v.Set("url", "/mailbag/" + q.slug);
  v.Set("question_excerpt", base::TruncateText(q.question, kExcerptBytes));
  v.Set("answer_excerpt", render::MarkdownExcerpt(q.answer_markdown, kExcerptBytes));
  v.Set("asker_name", q.asker_name);
  v.Set("lang", q.lang);
  v.Set("date", LongDate(s, q.published_at, lang));
  v.Set("datetime", base::FormatRfc3339(q.published_at));
  v.Set("bylines", BylinesData(q.bylines));
  if (q.topic) {
    v.Set("topic", Value::MakeObject(2)
                       .Set("name", q.topic->name)
                       .Set("url", "/mailbag?topic=" + http::PercentEncode(q.topic->slug)));
  }
  return v;
}

// schema.org QAPage: the question with its accepted answer.
std::string QaPageJsonLd(const SiteDeps& s, const store::PublishedQuestion& q) {
  namespace json = boost::json;
  json::object answer;
  answer["@type"] = "Answer";
  answer["text"] = q.answer_html;  // schema.org allows HTML here
  answer["url"] = AbsoluteUrl(s, "/mailbag/" + q.slug);
  answer["datePublished"] = base::FormatRfc3339(q.published_at);
  json::array authors;
  for (const store::Byline& b : q.bylines) {
    json::object a;
    a["@type"] = b.kind == store::BylineKind::kBody ? "Organization" : "Person";
    a["name"] = b.name;
    a["url"] = AbsoluteUrl(s, urls::Byline(b.slug));
    authors.push_back(std::move(a));
  }
  answer["author"] = std::move(authors);
  json::object question;
  question["@type"] = "Question";
  question["name"] = base::TruncateText(q.question, 110);
  question["text"] = q.question;
  question["answerCount"] = 1;
  question["datePublished"] = base::FormatRfc3339(q.published_at);
  if (!q.asker_name.empty()) {
    question["author"] = json::object{{"@type", "Person"}, {"name", q.asker_name}};
  }
  question["acceptedAnswer"] = std::move(answer);
  json::object o;
  o["@context"] = "https://schema.org";
  o["@type"] = "QAPage";
  o["inLanguage"] = q.lang;
  o["mainEntity"] = std::move(question);
  return ScriptSafeJson(json::serialize(o));
}

// What the visitor typed, kept across refusals.
struct AskFields {
  mailbag::AskInput in;
  std::string honeypot;
  std::string token;
};

AskFields ReadAsk(const http::Form& f) {
  AskFields a;
  a.in.question = f.Value("question");
  a.in.name = f.Value("name");
  a.in.email = f.Value("email");
  a.in.notify = f.Has("notify");
  a.in.topic_slug = f.Value("topic");
  a.in.lang = f.Value("lang");
  a.in.consent = f.Has("consent");
  a.honeypot = f.Value(kHoneypotField);
  a.token = f.Value("form_token");
  return a;
}

// (field, message) per problem, in form order.
std::pair<std::string, std::string> ProblemText(mailbag::AskProblem p) {
  using mailbag::AskProblem;
  switch (p) {
    case AskProblem::kQuestionTooShort:
      return {"question", "Please write at least 10 characters."};
    case AskProblem::kQuestionTooLong:
      return {"question", "Please keep your question under 5,000 characters."};
    case AskProblem::kQuestionInvalidText:
      return {"question", "Your question contains characters we cannot store."};
    case AskProblem::kTooManyLinks:
      return {"question", "Please include at most two links."};
    case AskProblem::kNameTooLong:
      return {"name", "Please keep your name under 100 characters."};
    case AskProblem::kNameInvalidText:
      return {"name", "Your name contains characters we cannot store."};
    case AskProblem::kEmailInvalid:
      return {"email", "This email address does not look right."};
    case AskProblem::kNotifyWithoutEmail:
      return {"email", "To be told when it is answered, give an email address."};
    case AskProblem::kLangInvalid:
      return {"lang", "Please choose a language from the list."};
  }
  return {"question", "Please check your question."};
}

struct Refusal {
  int status = 422;
  std::string notice;  // a message for the whole form ("" = none)
  bool duplicate = false;
  std::vector<std::pair<std::string, std::string>> field_errors;
};

HandlerResult RenderAsk(const MailbagDeps& d, const AskFields& a, const Refusal* refusal) {
  const SiteDeps& s = *d.site;
  // The page speaks the language chosen for the question (or asked for by
  // ?lang=), so a Spanish-speaking asker reads the form and its messages in
  // Spanish.
  const std::string lang = PageLanguage(*s.site, a.in.lang);
  BS_ASSIGN_OR_RETURN(std::string token, d.timer->Issue());
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, d.mailbag->Topics());

  PageMeta meta;
  meta.title = T(s, lang, "Ask a question");
  meta.canonical_path = "/mailbag/ask";
  meta.noindex = refusal != nullptr;
  Value data = LayoutData(s, lang, meta, "/mailbag");

  Value form = Value::MakeObject(24);
  form.Set("action", "/mailbag/ask");
  form.Set("token", token);
  form.Set("honeypot_name", kHoneypotField);
  form.Set("question", a.in.question);
  form.Set("name", a.in.name);
  form.Set("email", a.in.email);
  form.Set("notify", a.in.notify);
  form.Set("consent", a.in.consent);
  Value topic_options = Value::MakeList(topics.size() + 1);
  topic_options.Push(Value::MakeObject(3)
                         .Set("value", "")
                         .Set("label", T(s, lang, "No topic"))
                         .Set("selected", a.in.topic_slug.empty()));
  for (const store::MailbagTopic& t : topics) {
    topic_options.Push(Value::MakeObject(3)
                           .Set("value", t.slug)
                           .Set("label", t.name)
                           .Set("selected", a.in.topic_slug == t.slug));
  }
  form.Set("topics", std::move(topic_options));
  form.Set("has_topics", !topics.empty());
  const std::string& chosen_lang = a.in.lang.empty() ? lang : a.in.lang;
  Value languages = Value::MakeList(s.site->languages.size());
  for (const std::string& l : s.site->languages) {
    languages.Push(Value::MakeObject(3)
                       .Set("value", l)
                       .Set("label", l == "es"   ? "Español"
                                     : l == "en" ? "English"
                                                 : l)
                       .Set("selected", l == chosen_lang));
  }
  form.Set("languages", std::move(languages));
  form.Set("has_languages", s.site->languages.size() > 1);
  form.Set("default_lang", lang);
  if (s.search != nullptr) form.Set("similar_url", "/mailbag/similar");
  if (refusal != nullptr) {
    Value errors = Value::MakeList(refusal->field_errors.size());
    for (const auto& [field, msg] : refusal->field_errors) {
      std::string text = T(s, lang, msg);
      errors.Push(Value::MakeObject(2).Set("field", field).Set("message", text));
    }
    // Backwards, so the first problem of each field is the one shown beside it.
    for (auto it = refusal->field_errors.rbegin(); it != refusal->field_errors.rend(); ++it) {
      form.Set("error_" + it->first, T(s, lang, it->second));
    }
    form.Set("errors", std::move(errors));
    form.Set("has_errors", !refusal->field_errors.empty());
    if (!refusal->notice.empty()) form.Set("notice", T(s, lang, refusal->notice));
    form.Set("duplicate", refusal->duplicate);
    form.Set("archive_url", "/mailbag");
  }
  data.Set("ask", std::move(form));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, "mailbag_ask", std::move(data), lang));
  // Holds a fresh one-off token and, after a refusal, the visitor's words.
  out.cache_control = "no-store";
  out.etag = false;
  if (refusal != nullptr) out.status = refusal->status;
  return out;
}

HandlerResult Refuse(const MailbagDeps& d, const AskFields& a, Refusal r) {
  return RenderAsk(d, a, &r);
}

constexpr size_t kSimilarTitleBytes = 140;
constexpr size_t kSimilarExcerptBytes = 200;

// A search snippet as plain text: the highlight markers dropped (the page
// escapes it like any text).
std::string PlainSnippet(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size());
  for (char c : snippet) {
    if (c != store::kHighlightOpen && c != store::kHighlightClose) out += c;
  }
  return out;
}

// Published Q&As that look like the draft, for the confirmation step. Empty
// when there is no search, its per-IP budget is spent or it fails (logged):
// the step helps avoid duplicates and must never block a question.
std::vector<store::SearchHit> SimilarAnswered(const MailbagDeps& d, const http::Request& req,
                                              std::string_view question) {
  const SiteDeps& s = *d.site;
  if (s.search == nullptr) return {};
  if (s.suggest_limiter != nullptr && !s.suggest_limiter->Admit(req.remote_address).admitted) {
    return {};
  }
  base::Result<std::vector<store::SearchHit>> found =
      s.search->Similar(question, "qa", kSimilarShown);
  if (!found.ok()) {
    if (s.log_error) s.log_error("mailbag: similar questions: " + found.status().ToString());
    return {};
  }
  return std::move(found).value();
}

// The "already answered?" page: the similar Q&As and the visitor's form in
// hidden fields with its original token (see MailbagAskSubmit).
HandlerResult RenderConfirm(const MailbagDeps& d, const AskFields& a,
                            const std::vector<store::SearchHit>& hits) {
  const SiteDeps& s = *d.site;
  const std::string lang = PageLanguage(*s.site, a.in.lang);
  PageMeta meta;
  meta.title = T(s, lang, "Has your question already been answered?");
  meta.canonical_path = "/mailbag/ask";
  meta.noindex = true;
  Value data = LayoutData(s, lang, meta, "/mailbag");

  Value similar = Value::MakeList(hits.size());
  for (const store::SearchHit& h : hits) {
    similar.Push(
        Value::MakeObject(3)
            .Set("title", base::TruncateText(h.title, kSimilarTitleBytes))
            .Set("url", "/mailbag/" + h.slug)
            .Set("excerpt", base::TruncateText(PlainSnippet(h.snippet), kSimilarExcerptBytes)));
  }
  Value c = Value::MakeObject(12);
  c.Set("action", "/mailbag/ask");
  c.Set("token", a.token);
  c.Set("question", a.in.question);
  c.Set("name", a.in.name);
  c.Set("email", a.in.email);
  c.Set("notify", a.in.notify);
  c.Set("topic", a.in.topic_slug);
  c.Set("lang", a.in.lang);
  c.Set("consent", a.in.consent);
  c.Set("similar", std::move(similar));
  data.Set("confirm", std::move(c));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, "mailbag_confirm", std::move(data), lang));
  // Carries the visitor's words (and email) in its fields: never cached.
  out.cache_control = "no-store";
  out.etag = false;
  return out;
}

http::Response JsonReply(int status, std::string body) {
  http::Response res;
  res.status = status;
  res.content_type = "application/json";
  res.cache_control = "no-store";
  res.etag = false;
  res.body = std::move(body);
  return res;
}

HandlerResult MailbagFeed(const MailbagDeps& d, bool atom) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(mailbag::ArchivePage ap, d.mailbag->Archive("", "", 1, kFeedItems));
  FeedInfo info;
  info.title = s.site->name + ": " + T(s, s.site->default_language, "Mailbag");
  info.site_url = AbsoluteUrl(s, "/mailbag");
  info.self_url = AbsoluteUrl(s, atom ? "/mailbag/atom.xml" : "/mailbag/feed.xml");
  info.description = T(s, s.site->default_language, "Your questions, answered by our team.");
  info.lang = s.site->default_language;
  std::vector<FeedEntry> entries;
  entries.reserve(ap.items.size());
  for (const store::PublishedQuestion& q : ap.items) {
    FeedEntry e;
    e.title = base::TruncateText(q.question, 110);
    e.url = AbsoluteUrl(s, "/mailbag/" + q.slug);
    e.summary = render::MarkdownExcerpt(q.answer_markdown, kExcerptBytes);
    for (const store::Byline& b : q.bylines) e.authors.push_back(b.name);
    if (q.topic) e.categories.push_back(q.topic->name);
    e.published = e.updated = q.published_at;
    info.updated = std::max(info.updated, e.updated);
    entries.push_back(std::move(e));
  }
  if (entries.empty()) info.updated = s.publishing->Now();
  http::Response res;
  res.content_type =
      atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8";
  res.body = atom ? BuildAtom(info, entries) : BuildRss(info, entries);
  res.cache_control = "public, max-age=300";
  return res;
}

}  // namespace

HandlerResult MailbagArchive(const MailbagDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  const std::string& lang = s.site->default_language;
  BS_ASSIGN_OR_RETURN(int page, PageParam(req));
  std::string topic;
  if (auto t = req.QueryParam("topic")) topic = std::move(*t);
  BS_ASSIGN_OR_RETURN(mailbag::ArchivePage ap, d.mailbag->Archive(topic, "", page));
  if (page > 1 && page > ap.pages) return Status::NotFound("mailbag: past the last page");
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, d.mailbag->Topics());

  const std::string base =
      topic.empty() ? "/mailbag" : "/mailbag?topic=" + http::PercentEncode(topic);
  auto page_url = [&](int n) {
    if (n <= 1) return base;
    return base + (topic.empty() ? "?" : "&") + "page=" + std::to_string(n);
  };
  PageMeta meta;
  meta.title = T(s, lang, "Mailbag");
  std::string topic_name;
  for (const store::MailbagTopic& t : topics) {
    if (t.slug == topic) topic_name = t.name;
  }
  if (!topic_name.empty()) meta.title += ": " + topic_name;
  if (ap.page > 1) meta.title += " (" + std::to_string(ap.page) + ")";
  meta.description = T(s, lang, "Your questions, answered by our team.");
  meta.canonical_path = page_url(ap.page);
  if (ap.page > 1) meta.prev_path = page_url(ap.page - 1);
  if (ap.page < ap.pages) meta.next_path = page_url(ap.page + 1);
  meta.feeds = {{T(s, lang, "Mailbag") + " (RSS)", "/mailbag/feed.xml"},
                {T(s, lang, "Mailbag") + " (Atom)", "/mailbag/atom.xml"}};
  Value data = LayoutData(s, lang, meta, "/mailbag");

  Value items = Value::MakeList(ap.items.size());
  for (const store::PublishedQuestion& q : ap.items) items.Push(QaSummary(s, q, lang));
  Value topic_list = Value::MakeList(topics.size());
  for (const store::MailbagTopic& t : topics) {
    topic_list.Push(Value::MakeObject(3)
                        .Set("name", t.name)
                        .Set("url", "/mailbag?topic=" + http::PercentEncode(t.slug))
                        .Set("current", t.slug == topic));
  }
  Value mb = Value::MakeObject(8);
  mb.Set("items", std::move(items));
  mb.Set("has_items", !ap.items.empty());
  mb.Set("topics", std::move(topic_list));
  mb.Set("has_topics", !topics.empty());
  mb.Set("topic_name", topic_name);
  mb.Set("filtered", !topic.empty());
  mb.Set("all_url", "/mailbag");
  mb.Set("ask_url", "/mailbag/ask");
  data.Set("mailbag", std::move(mb));

  Value pagination = Value::MakeObject(5);
  pagination.Set("page", std::to_string(ap.page));
  pagination.Set("total_pages", std::to_string(ap.pages));
  pagination.Set("show", ap.pages > 1);
  if (ap.page > 1) pagination.Set("prev_url", page_url(ap.page - 1));
  if (ap.page < ap.pages) pagination.Set("next_url", page_url(ap.page + 1));
  data.Set("pagination", std::move(pagination));
  return RenderHtml(s, "mailbag", std::move(data), lang);
}

HandlerResult MailbagQuestion(const MailbagDeps& d, const http::Request&, const Params& p) {
  const SiteDeps& s = *d.site;
  auto it = p.find("slug");
  if (it == p.end()) return Status::NotFound("mailbag: no slug");
  BS_ASSIGN_OR_RETURN(mailbag::QAPage qa, d.mailbag->BySlug(it->second));
  const store::PublishedQuestion& q = qa.qa;
  const std::string lang = q.lang.empty() ? s.site->default_language : q.lang;

  PageMeta meta;
  meta.title = base::TruncateText(q.question, 110);
  meta.description = render::MarkdownExcerpt(q.answer_markdown, 200);
  meta.canonical_path = "/mailbag/" + q.slug;
  meta.og_type = "article";
  meta.json_ld = QaPageJsonLd(s, q);
  Value data = LayoutData(s, lang, meta, "/mailbag");

  Value v = QaSummary(s, q, lang);
  v.Set("question", q.question);
  v.Set("answer_html", q.answer_html);
  v.Set("link_url", q.link_url);
  Value related = Value::MakeList(qa.related.size());
  for (const store::PublishedQuestion& r : qa.related) related.Push(QaSummary(s, r, lang));
  v.Set("related", std::move(related));
  v.Set("has_related", !qa.related.empty());
  v.Set("archive_url", "/mailbag");
  v.Set("ask_url", "/mailbag/ask");
  data.Set("qa", std::move(v));
  return RenderHtml(s, "mailbag_question", std::move(data), lang);
}

HandlerResult MailbagAskForm(const MailbagDeps& d, const http::Request& req, const Params&) {
  AskFields empty;
  if (auto wanted = req.QueryParam("lang")) empty.in.lang = PageLanguage(*d.site->site, *wanted);
  return RenderAsk(d, empty, nullptr);
}

HandlerResult MailbagAskSubmit(const MailbagDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  BS_ASSIGN_OR_RETURN(http::ParsedForm parsed, http::ParseForm(req));
  AskFields a = ReadAsk(parsed.form);
  // "Edit my question" on the confirmation page: the form again, filled.
  if (parsed.form.Value("edit") == "1") return RenderAsk(d, a, nullptr);

  // A filled honeypot is a bot: refuse without saying why, store nothing.
  if (!a.honeypot.empty()) {
    Refusal r;
    r.notice = "We could not accept this submission. Please check the form and send it again.";
    return Refuse(d, a, std::move(r));
  }
  Status timing = d.timer->Check(a.token);
  if (!timing.ok()) {
    Refusal r;
    r.notice = timing.code() == base::StatusCode::kRateLimited
                   ? "That was quicker than we expected. Please check your question and send it "
                     "again."
                   : "This form was open for a long time. Please send it again.";
    return Refuse(d, a, std::move(r));
  }
  std::vector<mailbag::AskProblem> problems = d.mailbag->Validate(a.in);
  if (!problems.empty()) {
    Refusal r;
    for (mailbag::AskProblem p : problems) r.field_errors.push_back(ProblemText(p));
    return Refuse(d, a, std::move(r));
  }
  // Already answered? Asked once per draft; "send anyway" skips it.
  if (parsed.form.Value("confirmed") != "1") {
    std::vector<store::SearchHit> similar = SimilarAnswered(d, req, a.in.question);
    if (!similar.empty()) return RenderConfirm(d, a, similar);
  }
  // Counted only for submissions that would be stored, so a person fixing
  // typos (or seeing the step above) is not locked out; refusals above store
  // nothing and cost little.
  if (d.ask_limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = d.ask_limiter->Admit(req.remote_address);
    if (!v.admitted) {
      Refusal r;
      r.status = 429;
      r.notice =
          "You have sent several questions in a short time. Please wait a while and send "
          "again; your text is kept below.";
      BS_ASSIGN_OR_RETURN(http::Response out, Refuse(d, a, std::move(r)));
      out.Header("Retry-After", std::to_string(v.retry_after.count()));
      return out;
    }
  }
  base::Result<mailbag::AskResult> asked = d.mailbag->Ask(a.in);
  if (!asked.ok()) {
    Refusal r;
    if (asked.status().IsConflict()) {
      r.status = 409;
      r.duplicate = true;
      r.notice = "This question has already been asked. Its answer may already be in the archive.";
      return Refuse(d, a, std::move(r));
    }
    if (asked.status().IsInvalidArgument()) {  // e.g. a topic deleted meanwhile
      r.field_errors.push_back({"topic", "Please choose a topic from the list."});
      return Refuse(d, a, std::move(r));
    }
    return asked.status();
  }

  const std::string lang = PageLanguage(*s.site, a.in.lang);
  PageMeta meta;
  meta.title = T(s, lang, "Thank you for your question");
  meta.canonical_path = "/mailbag/ask";
  meta.noindex = true;
  Value data = LayoutData(s, lang, meta, "/mailbag");
  data.Set("thanks", Value::MakeObject(4)
                         .Set("email_given", !a.in.email.empty())
                         .Set("confirmation_sent", asked->confirmation_sent)
                         .Set("notify", a.in.notify)
                         .Set("archive_url", "/mailbag"));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(s, "mailbag_thanks", std::move(data), lang));
  out.cache_control = "no-store";
  out.etag = false;
  return out;
}

HandlerResult MailbagSimilar(const MailbagDeps& d, const http::Request& req, const Params&) {
  const SiteDeps& s = *d.site;
  if (s.suggest_limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = s.suggest_limiter->Admit(req.remote_address);
    if (!v.admitted) {
      http::Response res = JsonReply(429, R"({"error":"rate_limited"})");
      res.Header("Retry-After", std::to_string(v.retry_after.count()));
      return res;
    }
  }
  std::optional<std::string> q = req.QueryParam("q");
  if (!q) {
    // Absent is an empty draft; present but undecodable is the client's error.
    for (std::string_view pair : base::Split(req.query, '&')) {
      if (pair == "q" || pair.starts_with("q=")) return JsonReply(400, R"({"error":"bad_query"})");
    }
    q.emplace();
  }
  boost::json::array list;
  if (s.search != nullptr) {
    base::Result<std::vector<store::SearchHit>> found = s.search->Similar(*q, "qa", kSimilarShown);
    if (!found.ok()) {
      if (s.log_error) s.log_error("mailbag: similar questions: " + found.status().ToString());
      return JsonReply(503, R"({"error":"unavailable"})");
    }
    for (const store::SearchHit& h : *found) {
      boost::json::object o;
      o["title"] = base::TruncateText(h.title, kSimilarTitleBytes);
      o["url"] = "/mailbag/" + h.slug;
      list.push_back(std::move(o));
    }
  }
  boost::json::object body;
  body["similar"] = std::move(list);
  return JsonReply(200, ScriptSafeJson(boost::json::serialize(body)));
}

HandlerResult MailbagRss(const MailbagDeps& d, const http::Request&, const Params&) {
  return MailbagFeed(d, false);
}
HandlerResult MailbagAtom(const MailbagDeps& d, const http::Request&, const Params&) {
  return MailbagFeed(d, true);
}

}  // namespace web
