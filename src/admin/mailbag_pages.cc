// The Mailbag in the back office: the queue of questions, one question with
// its answer editor and moderation buttons, and the topics. Questions and
// answers need Permission::kAnswerMailbag; topics need kManageTaxonomy.
//
// Privacy: the asker's email never reaches a page, sealed or not; staff see
// only whether one was given and whether the asker wants to be told.
// A refused save or transition draws the question page again from what was
// posted (never from the store), with 400 for bad input and 409 for a state
// that does not allow it.

#include <algorithm>
#include <map>

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "mailbag/mailbag_service.h"
#include "publishing/editorial_service.h"

namespace admin {
namespace {

using mailbag::PublishBlocker;
using store::DeclineReason;
using store::Question;
using store::QuestionStatus;

constexpr int kPerPage = 50;

base::Status NeedMailbag(const Ctx& c) {
  if (c.d.mailbag == nullptr) return base::Status::Unavailable("no mailbag service");
  return base::Status::Ok();
}

struct StatusInfo {
  QuestionStatus status;
  const char* name;   // in URLs
  const char* label;  // English msgid
};

constexpr StatusInfo kStatuses[] = {
    {QuestionStatus::kNew, "new", "New"},
    {QuestionStatus::kAssigned, "assigned", "Assigned"},
    {QuestionStatus::kAnswered, "answered", "Answered"},
    {QuestionStatus::kPublished, "published", "Published"},
    {QuestionStatus::kDeclined, "declined", "Declined"},
};

const StatusInfo& InfoFor(QuestionStatus s) {
  for (const StatusInfo& i : kStatuses)
    if (i.status == s) return i;
  return kStatuses[0];
}

std::optional<QuestionStatus> ParseStatus(std::string_view name) {
  for (const StatusInfo& i : kStatuses)
    if (name == i.name) return i.status;
  return std::nullopt;
}

int64_t CountOf(const store::QuestionCounts& n, QuestionStatus s) {
  switch (s) {
    case QuestionStatus::kNew: return n.new_;
    case QuestionStatus::kAssigned: return n.assigned;
    case QuestionStatus::kAnswered: return n.answered;
    case QuestionStatus::kPublished: return n.published;
    case QuestionStatus::kDeclined: return n.declined;
  }
  return 0;
}

const char* BlockerText(PublishBlocker b) {
  switch (b) {
    case PublishBlocker::kNotAnswered: return "It must be answered (and not declined) first.";
    case PublishBlocker::kNoAnswer: return "There is no answer yet.";
    case PublishBlocker::kNoConsent: return "The asker did not agree to publication.";
    case PublishBlocker::kNoBylines: return "Choose at least one byline to sign the answer.";
  }
  return "";
}

const char* DeclineText(DeclineReason r) {
  switch (r) {
    case DeclineReason::kSpam: return "Spam";
    case DeclineReason::kAnsweredPrivately: return "Answered privately";
    case DeclineReason::kNone: break;
  }
  return "";
}

const char* YesNo(bool b) { return b ? "yes" : "no"; }

std::string Id(int64_t id) { return std::to_string(id); }

// User id -> display name, for assignees and the history.
base::Result<std::map<int64_t, std::string>> UserNames(Ctx& c) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, c.d.accounts->ListUsers());
  std::map<int64_t, std::string> out;
  for (const store::User& u : users) out[u.id] = u.display_name;
  return out;
}

std::string NameOf(const Ctx& c, const std::map<int64_t, std::string>& names,
                   std::optional<int64_t> id) {
  if (!id) return T(c, "(the asker or the system)");
  auto it = names.find(*id);
  return it == names.end() ? "#" + Id(*id) : it->second;
}

// What the answer form posted, as typed.
struct AnswerForm {
  std::string published_question;
  std::string topic_slug;
  std::string answer;
  std::string link;
  std::vector<int64_t> byline_ids;  // signing order
  // The question's revision when the form was drawn (stale-edit check), and
  // after a stale refusal the newer revision the editor chose to replace.
  std::string version;
  bool overwrite = false;
  std::string overwrite_version;
  bool stale = false;  // drawing: someone else saved in between
};

AnswerForm FormFrom(const Question& q, const std::vector<store::MailbagTopic>& topics) {
  AnswerForm f;
  f.published_question = q.published_question;
  for (const store::MailbagTopic& t : topics)
    if (q.topic_id && t.id == *q.topic_id) f.topic_slug = t.slug;
  if (q.answer) {
    f.answer = q.answer->body_markdown;
    f.link = q.answer->link_url;
  }
  for (const store::Byline& b : q.bylines) f.byline_ids.push_back(b.id);
  f.version = std::to_string(q.revision);
  return f;
}

AnswerForm ReadAnswerForm(const Ctx& c) {
  const http::Form& in = c.form.form;
  AnswerForm f;
  f.published_question = in.Value("published_question");
  f.topic_slug = std::string(base::Trim(in.Value("topic")));
  f.answer = in.Value("answer");
  f.link = in.Value("link_url");
  f.version = in.Value("version");
  f.overwrite = in.Value("overwrite") == "1";
  f.overwrite_version = in.Value("overwrite_version");
  for (const std::string& v : in.GetAll("bylines")) {
    std::optional<int64_t> id = base::ParseInt64(v);
    if (id && std::find(f.byline_ids.begin(), f.byline_ids.end(), *id) == f.byline_ids.end())
      f.byline_ids.push_back(*id);
  }
  return f;
}

// Bylines as checkboxes: the chosen first, in signing order, then the rest —
// the order listed is the order signed, as in the article editor.
base::Result<render::Value> BylineOptions(Ctx& c, const std::vector<int64_t>& chosen) {
  render::Value list = render::Value::MakeList();
  if (c.d.editorial == nullptr) return list;
  BS_ASSIGN_OR_RETURN(std::vector<store::Byline> all, c.d.editorial->ListBylines());
  auto item = [](const store::Byline& b, bool checked) {
    return render::Value::MakeObject().Set("id", Id(b.id)).Set("name", b.name).Set("checked",
                                                                                   checked);
  };
  for (int64_t id : chosen)
    for (const store::Byline& b : all)
      if (b.id == id) list.Push(item(b, true));
  for (const store::Byline& b : all)
    if (std::find(chosen.begin(), chosen.end(), b.id) == chosen.end()) list.Push(item(b, false));
  return list;
}

render::Value TopicOptions(const std::vector<store::MailbagTopic>& topics,
                           const std::string& selected_slug) {
  render::Value list = render::Value::MakeList(topics.size());
  for (const store::MailbagTopic& t : topics) {
    list.Push(render::Value::MakeObject()
                  .Set("slug", t.slug)
                  .Set("name", t.name)
                  .Set("selected", t.slug == selected_slug));
  }
  return list;
}

// Draws the question page. `f` fills the editable fields.
AdminResult RenderQuestion(Ctx& c, const mailbag::QuestionDetail& d, const AnswerForm& f,
                           const std::string& error, int status) {
  const Question& q = d.question;
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, c.d.mailbag->Topics());
  BS_ASSIGN_OR_RETURN(auto names, UserNames(c));
  const bool mine =
      std::find(q.assignees.begin(), q.assignees.end(), c.user().id) != q.assignees.end();

  render::Value data = render::Value::MakeObject()
                           .Set("id", Id(q.id))
                           .Set("status_label", T(c, InfoFor(q.status).label))
                           .Set("question", q.question)
                           .Set("asker_name", q.asker_name)
                           .Set("has_asker_name", !q.asker_name.empty())
                           .Set("email_given", T(c, YesNo(!q.asker_email_sealed.empty())))
                           .Set("wants_notice", T(c, YesNo(q.notify)))
                           .Set("consent", T(c, YesNo(q.consent)))
                           .Set("q_lang", q.lang)
                           .Set("created_at", FormatTime(c, q.created_at))
                           .Set("published_question", f.published_question)
                           .Set("answer", f.answer)
                           .Set("link_url", f.link)
                           .Set("version", f.version)
                           .Set("mine", mine)
                           .Set("can_assign", q.status != QuestionStatus::kDeclined && !mine)
                           .Set("can_publish", d.blockers.empty())
                           .Set("is_published", q.status == QuestionStatus::kPublished)
                           .Set("is_declined", q.status == QuestionStatus::kDeclined)
                           .Set("can_decline", q.status == QuestionStatus::kNew ||
                                                   q.status == QuestionStatus::kAssigned ||
                                                   q.status == QuestionStatus::kAnswered)
                           .Set("topics", TopicOptions(topics, f.topic_slug))
                           .Set("no_topic", f.topic_slug.empty());
  if (!error.empty()) data.Set("error", error);
  if (f.stale) data.Set("stale", true).Set("stale_version", std::to_string(q.revision));
  if (q.status == QuestionStatus::kDeclined)
    data.Set("decline_reason", T(c, DeclineText(q.decline_reason)));
  if (q.status == QuestionStatus::kPublished && !q.slug.empty())
    data.Set("public_url", "/mailbag/" + q.slug);

  render::Value assignees = render::Value::MakeList(q.assignees.size());
  for (int64_t u : q.assignees)
    assignees.Push(render::Value::MakeObject().Set("name", NameOf(c, names, u)));
  data.Set("has_assignees", !q.assignees.empty());
  data.Set("assignees", std::move(assignees));

  render::Value blockers = render::Value::MakeList(d.blockers.size());
  for (PublishBlocker b : d.blockers)
    blockers.Push(render::Value::MakeObject().Set("text", T(c, BlockerText(b))));
  data.Set("blockers", std::move(blockers));

  render::Value history = render::Value::MakeList(d.history.size());
  for (const store::QuestionEvent& e : d.history) {
    std::string what = e.kind;
    if (e.from && e.to)
      what += ": " + T(c, InfoFor(*e.from).label) + " → " + T(c, InfoFor(*e.to).label);
    history.Push(render::Value::MakeObject()
                     .Set("at", FormatTime(c, e.at))
                     .Set("actor", NameOf(c, names, e.actor_id))
                     .Set("what", what)
                     .Set("detail", e.detail));
  }
  data.Set("history", std::move(history));

  BS_ASSIGN_OR_RETURN(render::Value bylines, BylineOptions(c, f.byline_ids));
  data.Set("has_bylines", !bylines.as_list().empty());
  data.Set("bylines", std::move(bylines));
  return Page(c, "mailbag_question", std::move(data), status);
}

bool IsFormError(const base::Status& s) {
  return s.code() == base::StatusCode::kInvalidArgument || s.IsConflict();
}

int HttpFor(const base::Status& s) { return s.IsConflict() ? 409 : 400; }

// Draws the question again after `s` refused what was posted, keeping the
// typed text (or the stored text when the form had none: the buttons post
// only the action). Anything but a form error is passed on.
AdminResult Refused(Ctx& c, int64_t id, const base::Status& s, const std::string& message,
                    const std::optional<AnswerForm>& typed) {
  if (!IsFormError(s)) return s;
  BS_ASSIGN_OR_RETURN(mailbag::QuestionDetail d, c.d.mailbag->Get(id));
  AnswerForm f;
  if (typed) {
    f = *typed;
  } else {
    BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, c.d.mailbag->Topics());
    f = FormFrom(d.question, topics);
  }
  return RenderQuestion(c, d, f, message, HttpFor(s));
}

std::string ConflictText(const Ctx& c) {
  return T(c, "Not done: the question's state does not allow it (someone may have changed it). "
              "Reload the page and try again.");
}

base::Status AuditQuestion(Ctx& c, std::string_view action, int64_t id,
                           const std::string& detail = "") {
  return c.d.accounts->Audit(c.actor(), action, "question", Id(id), detail);
}

std::string QueueQuery(const std::string& status, const std::string& topic,
                       const std::string& lang, bool mine, const std::string& text) {
  std::string q;
  auto add = [&q](const char* k, const std::string& v) {
    if (v.empty()) return;
    q += (q.empty() ? "?" : "&") + std::string(k) + "=" + http::PercentEncode(v);
  };
  add("status", status);
  add("topic", topic);
  add("lang", lang);
  add("mine", mine ? "1" : "");
  add("q", text);
  return q;
}

}  // namespace

AdminResult MailbagQueue(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  const std::string status = c.req.QueryParam("status").value_or("");
  const std::string topic = c.req.QueryParam("topic").value_or("");
  const std::string lang = c.req.QueryParam("lang").value_or("");
  const bool mine = c.req.QueryParam("mine").value_or("") == "1";
  const std::string text = std::string(base::Trim(c.req.QueryParam("q").value_or("")));
  int page = 1;
  if (std::optional<std::string> p = c.req.QueryParam("page")) {
    std::optional<int64_t> n = base::ParseInt64(*p);
    if (!n || *n < 1 || *n > 100000) return base::Status::InvalidArgument("page out of range");
    page = static_cast<int>(*n);
  }

  store::QueueFilter filter;
  if (!status.empty()) {
    filter.status = ParseStatus(status);
    if (!filter.status) return base::Status::InvalidArgument("unknown status");
  }
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, c.d.mailbag->Topics());
  std::map<int64_t, std::string> topic_names;
  for (const store::MailbagTopic& t : topics) {
    topic_names[t.id] = t.name;
    if (t.slug == topic) filter.topic_id = t.id;
  }
  if (!topic.empty() && !filter.topic_id) return base::Status::NotFound("unknown topic");
  filter.lang = lang;
  if (mine) filter.assigned_to = c.user().id;
  filter.text = text;
  filter.limit = kPerPage;
  filter.offset = (page - 1) * kPerPage;
  BS_ASSIGN_OR_RETURN(mailbag::QueuePage result, c.d.mailbag->Queue(filter));

  const std::string rest = QueueQuery("", topic, lang, mine, text);
  const std::string rest_amp = rest.empty() ? "" : "&" + rest.substr(1);
  render::Value tabs = render::Value::MakeList();
  int64_t all = 0;
  for (const StatusInfo& i : kStatuses) all += CountOf(result.counts, i.status);
  tabs.Push(render::Value::MakeObject()
                .Set("href", "/admin/mailbag" + rest)
                .Set("label", T(c, "All"))
                .Set("count", std::to_string(all))
                .Set("current", status.empty()));
  for (const StatusInfo& i : kStatuses) {
    tabs.Push(render::Value::MakeObject()
                  .Set("href", "/admin/mailbag?status=" + std::string(i.name) + rest_amp)
                  .Set("label", T(c, i.label))
                  .Set("count", std::to_string(CountOf(result.counts, i.status)))
                  .Set("current", status == i.name));
  }

  render::Value rows = render::Value::MakeList(result.items.size());
  for (const Question& q : result.items) {
    auto tn = q.topic_id ? topic_names.find(*q.topic_id) : topic_names.end();
    rows.Push(render::Value::MakeObject()
                  .Set("id", Id(q.id))
                  .Set("question", base::TruncateText(q.published_question, 160))
                  .Set("status_label", T(c, InfoFor(q.status).label))
                  .Set("topic", tn == topic_names.end() ? "" : tn->second)
                  .Set("q_lang", q.lang)
                  .Set("asker_name", q.asker_name)
                  .Set("assigned", std::to_string(q.assignees.size()))
                  .Set("created_at", FormatTime(c, q.created_at)));
  }

  render::Value langs = render::Value::MakeList();
  for (const std::string& l : c.d.site->site->languages)
    langs.Push(render::Value::MakeObject().Set("code", l).Set("selected", l == lang));

  const int64_t pages = (result.total + kPerPage - 1) / kPerPage;
  const std::string query = QueueQuery(status, topic, lang, mine, text);
  const std::string base = "/admin/mailbag" + (query.empty() ? "?" : query + "&") + "page=";
  render::Value data = render::Value::MakeObject()
                           .Set("tabs", std::move(tabs))
                           .Set("items", std::move(rows))
                           .Set("topics", TopicOptions(topics, topic))
                           .Set("langs", std::move(langs))
                           .Set("status", status)
                           .Set("mine", mine)
                           .Set("can_manage_topics", c.Can(accounts::Permission::kManageTaxonomy))
                           .Set("q", text)
                           .Set("total", std::to_string(result.total))
                           .Set("page", std::to_string(page))
                           .Set("total_pages", std::to_string(std::max<int64_t>(pages, 1)));
  if (page > 1) data.Set("prev_url", base + std::to_string(page - 1));
  if (page < pages) data.Set("next_url", base + std::to_string(page + 1));
  return Page(c, "mailbag_queue", std::move(data));
}

AdminResult MailbagQuestion(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(mailbag::QuestionDetail d, c.d.mailbag->Get(id));
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, c.d.mailbag->Topics());
  return RenderQuestion(c, d, FormFrom(d.question, topics), "", 200);
}

AdminResult MailbagSaveAnswer(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(mailbag::QuestionDetail d, c.d.mailbag->Get(id));
  const AnswerForm f = ReadAnswerForm(c);
  const int64_t me = c.user().id;

  if (d.question.status == QuestionStatus::kDeclined)
    return Refused(c, id, base::Status::Conflict("declined"), ConflictText(c), f);

  // One write for the whole form, checked part by part first; the version
  // the form was drawn at stops a save over someone else's newer one.
  mailbag::AnswerEdit e;
  e.published_question = f.published_question;
  e.topic_slug = f.topic_slug;
  e.byline_ids = f.byline_ids;
  e.answer_markdown = f.answer;
  e.link_url = f.link;
  e.expected_revision = base::ParseInt64(f.overwrite ? f.overwrite_version : f.version);
  std::vector<mailbag::EditProblem> problems;
  base::Status s = c.d.mailbag->SaveEdits(id, e, me, &problems).status();
  if (s.code() == base::StatusCode::kInvalidArgument) {
    std::string message;
    auto say = [&](std::string_view text) {
      const std::string t = T(c, text);
      if (message.find(t) == std::string::npos) message += (message.empty() ? "" : " ") + t;
    };
    for (mailbag::EditProblem p : problems) {
      switch (p) {
        case mailbag::EditProblem::kQuestionText:
        case mailbag::EditProblem::kTopic:
          say("Not saved: the published question must not be empty or too long, and the topic "
              "must exist.");
          break;
        case mailbag::EditProblem::kBylines:
          say("Not saved: a byline is unknown or chosen twice.");
          break;
        case mailbag::EditProblem::kAnswerText:
        case mailbag::EditProblem::kAnswerLink:
          say("Not saved: the answer must not be empty or too long, and the link must be an "
              "http or https address.");
          break;
      }
    }
    return Refused(c, id, s, message, f);
  }
  if (s.IsConflict()) {
    BS_ASSIGN_OR_RETURN(mailbag::QuestionDetail now, c.d.mailbag->Get(id));
    if (now.question.status == QuestionStatus::kDeclined) return Refused(c, id, s, ConflictText(c), f);
    AnswerForm again = f;
    again.stale = true;
    again.overwrite = false;
    return RenderQuestion(c, now, again,
                          T(c, "Not saved: someone else saved this question after you opened "
                               "it. Your text is below. Compare it with the newer version; to "
                               "keep yours, tick the box and save again."),
                          409);
  }
  BS_RETURN_IF_ERROR(s);
  BS_RETURN_IF_ERROR(AuditQuestion(c, "mailbag.answer", id));
  return SeeOther("/admin/mailbag/" + Id(id), "saved");
}

AdminResult MailbagPublish(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  base::Result<mailbag::PublishResult> r = c.d.mailbag->Publish(id, c.user().id);
  if (!r.ok()) {
    return Refused(c, id, r.status(),
                   T(c, "Not published: see what is missing below, then try again."),
                   std::nullopt);
  }
  BS_RETURN_IF_ERROR(AuditQuestion(c, "mailbag.publish", id, r->question.slug));
  return SeeOther("/admin/mailbag/" + Id(id), "published");
}

AdminResult MailbagUnpublish(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  base::Status s = c.d.mailbag->Unpublish(id, c.user().id).status();
  if (!s.ok()) return Refused(c, id, s, ConflictText(c), std::nullopt);
  BS_RETURN_IF_ERROR(AuditQuestion(c, "mailbag.unpublish", id));
  return SeeOther("/admin/mailbag/" + Id(id), "mailbag_unpublished");
}

AdminResult MailbagDecline(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const std::string reason_text = c.form.form.Value("reason");
  DeclineReason reason = DeclineReason::kNone;
  if (reason_text == "spam") reason = DeclineReason::kSpam;
  if (reason_text == "answered_privately") reason = DeclineReason::kAnsweredPrivately;
  if (reason == DeclineReason::kNone) {
    return Refused(c, id, base::Status::InvalidArgument("decline reason"),
                   T(c, "Not declined: choose a reason."), std::nullopt);
  }
  base::Status s = c.d.mailbag->Decline(id, reason, c.user().id).status();
  if (!s.ok()) return Refused(c, id, s, ConflictText(c), std::nullopt);
  BS_RETURN_IF_ERROR(AuditQuestion(c, "mailbag.decline", id, reason_text));
  return SeeOther("/admin/mailbag/" + Id(id), "mailbag_declined");
}

AdminResult MailbagReopen(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  base::Status s = c.d.mailbag->Reopen(id, c.user().id).status();
  if (!s.ok()) return Refused(c, id, s, ConflictText(c), std::nullopt);
  BS_RETURN_IF_ERROR(AuditQuestion(c, "mailbag.reopen", id));
  return SeeOther("/admin/mailbag/" + Id(id), "mailbag_reopened");
}

// action=unassign takes the signed-in user off; anything else assigns them.
AdminResult MailbagAssign(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const bool unassign = c.form.form.Value("action") == "unassign";
  const int64_t me = c.user().id;
  base::Status s = unassign ? c.d.mailbag->Unassign(id, me, me).status()
                            : c.d.mailbag->Assign(id, me, me).status();
  // Unassign when not assigned: nothing to do, as if done.
  if (unassign && s.IsNotFound() && c.d.mailbag->Get(id).ok()) s = base::Status::Ok();
  if (!s.ok()) return Refused(c, id, s, ConflictText(c), std::nullopt);
  BS_RETURN_IF_ERROR(
      AuditQuestion(c, unassign ? "mailbag.unassign" : "mailbag.assign", id, Id(me)));
  return SeeOther("/admin/mailbag/" + Id(id), unassign ? "mailbag_unassigned" : "mailbag_assigned");
}

namespace {

AdminResult RenderTopics(Ctx& c, const std::string& error, int status,
                         const std::string& new_name = "", const std::string& new_slug = "") {
  BS_ASSIGN_OR_RETURN(std::vector<store::MailbagTopic> topics, c.d.mailbag->Topics());
  render::Value rows = render::Value::MakeList(topics.size());
  for (const store::MailbagTopic& t : topics) {
    rows.Push(render::Value::MakeObject()
                  .Set("id", Id(t.id))
                  .Set("name", t.name)
                  .Set("slug", t.slug)
                  .Set("position", std::to_string(t.position)));
  }
  render::Value data = render::Value::MakeObject()
                           .Set("topics", std::move(rows))
                           .Set("new_name", new_name)
                           .Set("new_slug", new_slug);
  if (!error.empty()) data.Set("error", error);
  return Page(c, "mailbag_topics", std::move(data), status);
}

std::string TopicErrorText(const Ctx& c, const base::Status& s) {
  return s.IsConflict() ? T(c, "Not saved: another topic has that slug.")
                        : T(c, "Not saved: a topic needs a name (up to 100 characters) and a "
                               "slug of lowercase letters, digits and hyphens.");
}

int PositionFrom(const std::string& text) {
  std::optional<int64_t> n = base::ParseInt64(base::Trim(text));
  return n && *n >= -100000 && *n <= 100000 ? static_cast<int>(*n) : 0;
}

}  // namespace

AdminResult MailbagTopicsList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  return RenderTopics(c, "", 200);
}

AdminResult MailbagTopicCreate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  const http::Form& f = c.form.form;
  const std::string name = f.Value("name");
  const std::string slug = std::string(base::Trim(f.Value("slug")));
  base::Result<store::MailbagTopic> t =
      c.d.mailbag->CreateTopic(name, slug, PositionFrom(f.Value("position")));
  if (!t.ok()) {
    if (!IsFormError(t.status())) return t.status();
    return RenderTopics(c, TopicErrorText(c, t.status()), HttpFor(t.status()), name, slug);
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "mailbag.topic.create", "mailbag_topic", Id(t->id), t->name));
  return SeeOther("/admin/mailbag-topics", "saved");
}

// action=delete deletes; anything else renames (name, slug, position).
AdminResult MailbagTopicUpdate(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMailbag(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const http::Form& f = c.form.form;
  if (f.Value("action") == "delete") {
    BS_RETURN_IF_ERROR(c.d.mailbag->DeleteTopic(id));
    BS_RETURN_IF_ERROR(
        c.d.accounts->Audit(c.actor(), "mailbag.topic.delete", "mailbag_topic", Id(id), ""));
    return SeeOther("/admin/mailbag-topics", "deleted");
  }
  base::Result<store::MailbagTopic> t = c.d.mailbag->UpdateTopic(
      id, f.Value("name"), std::string(base::Trim(f.Value("slug"))),
      PositionFrom(f.Value("position")));
  if (!t.ok()) {
    if (!IsFormError(t.status())) return t.status();
    return RenderTopics(c, TopicErrorText(c, t.status()), HttpFor(t.status()));
  }
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "mailbag.topic.update", "mailbag_topic", Id(id), t->name));
  return SeeOther("/admin/mailbag-topics", "saved");
}

}  // namespace admin
