// MailbagService, staff side: the queue, the moderation state machine,
// answers, co-signers, publishing and topics.
//
//   new ------assign------> assigned        (unassign last: back to new)
//   new/assigned --answer--> answered
//   answered ---publish---> published --unpublish--> answered
//   new/assigned/answered --decline--> declined --reopen--> new/assigned

#include <algorithm>
#include <utility>

#include "base/text.h"
#include "mailbag/mailbag_service.h"
#include "mailbag/validation.h"
#include "render/markdown.h"

namespace mailbag {
namespace {

using store::DeclineReason;

Status Illegal(const Question& q, const char* what) {
  return Status::Conflict(std::string("mailbag: cannot ") + what + " question " +
                          std::to_string(q.id) + " in its current state");
}

Status CheckTopic(const std::string& name, const std::string& slug) {
  const std::string_view n = base::Trim(name);
  if (n.empty() || CountCodePoints(n) > 100 || !base::IsValidUtf8(n) ||
      HasControlCharacters(n, false))
    return Status::InvalidArgument("mailbag: topic name");
  if (!base::IsValidSlug(slug)) return Status::InvalidArgument("mailbag: topic slug");
  return Status::Ok();
}

}  // namespace

Status MailbagService::Transition(const Question& q, QuestionStatus to, int64_t actor,
                                  DeclineReason reason, const std::string& slug) {
  store::StatusChange c;
  c.from = q.status;
  c.to = to;
  c.decline_reason = reason;
  c.slug = slug;
  return store_.ChangeStatus(q.id, c, Now(actor));
}

Result<QueuePage> MailbagService::Queue(const store::QueueFilter& filter) {
  QueuePage out;
  BS_ASSIGN_OR_RETURN(out.items, store_.ListQueue(filter));
  BS_ASSIGN_OR_RETURN(out.total, store_.CountQueue(filter));
  BS_ASSIGN_OR_RETURN(out.counts, store_.CountByStatus());
  return out;
}

Result<QuestionDetail> MailbagService::Get(int64_t id) {
  QuestionDetail out;
  BS_ASSIGN_OR_RETURN(out.question, store_.GetQuestion(id));
  BS_ASSIGN_OR_RETURN(out.history, store_.ListEvents(id));
  out.blockers = PublishBlockers(out.question);
  return out;
}

std::vector<PublishBlocker> MailbagService::PublishBlockers(const Question& q) {
  std::vector<PublishBlocker> out;
  if (q.status != QuestionStatus::kAnswered) out.push_back(PublishBlocker::kNotAnswered);
  if (!q.answer || base::Trim(q.answer->body_markdown).empty())
    out.push_back(PublishBlocker::kNoAnswer);
  if (!q.consent) out.push_back(PublishBlocker::kNoConsent);
  if (q.bylines.empty()) out.push_back(PublishBlocker::kNoBylines);
  return out;
}

Result<Question> MailbagService::Assign(int64_t id, int64_t user_id, int64_t actor) {
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status == QuestionStatus::kDeclined) return Illegal(q, "assign");
  BS_RETURN_IF_ERROR(store_.Assign(id, user_id, Now(actor)));
  if (q.status == QuestionStatus::kNew)
    BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kAssigned, actor));
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::Unassign(int64_t id, int64_t user_id, int64_t actor) {
  BS_RETURN_IF_ERROR(store_.Unassign(id, user_id, Now(actor)));
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status == QuestionStatus::kAssigned && q.assignees.empty()) {
    BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kNew, actor));
    return store_.GetQuestion(id);
  }
  return q;
}

Result<Question> MailbagService::SaveAnswer(int64_t id, const std::string& markdown,
                                            const std::string& link_url, int64_t actor) {
  if (base::Trim(markdown).empty() || markdown.size() > limits_.answer_max ||
      !base::IsValidUtf8(markdown))
    return Status::InvalidArgument("mailbag: answer text");
  const std::string_view link = base::Trim(link_url);
  if (!link.empty() && !IsHttpUrl(link)) return Status::InvalidArgument("mailbag: answer link");
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status == QuestionStatus::kDeclined) return Illegal(q, "answer");
  store::MailbagAnswer a;
  a.body_markdown = markdown;
  a.body_html = render::MarkdownToHtml(markdown);
  a.link_url = std::string(link);
  BS_RETURN_IF_ERROR(store_.SaveAnswer(id, a, Now(actor)));
  if (q.status == QuestionStatus::kNew || q.status == QuestionStatus::kAssigned)
    BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kAnswered, actor));
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::SaveEdits(int64_t id, const AnswerEdit& e, int64_t actor,
                                           std::vector<EditProblem>* problems) {
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  std::vector<EditProblem> found;
  store::QuestionEdit edit;
  const std::string_view text = base::Trim(e.published_question);
  if (text.empty() || !base::IsValidUtf8(text) || HasControlCharacters(text, true) ||
      CountCodePoints(text) > limits_.question_max) {
    found.push_back(EditProblem::kQuestionText);
  }
  edit.published_question = std::string(text);
  if (!e.topic_slug.empty()) {
    auto topic = store_.GetTopicBySlug(e.topic_slug);
    if (topic.ok()) {
      edit.topic_id = topic->id;
    } else if (topic.status().IsNotFound()) {
      found.push_back(EditProblem::kTopic);
    } else {
      return topic.status();
    }
  }
  for (size_t i = 0; i < e.byline_ids.size(); ++i) {
    if (std::find(e.byline_ids.begin(), e.byline_ids.begin() + i, e.byline_ids[i]) !=
        e.byline_ids.begin() + i) {
      found.push_back(EditProblem::kBylines);
      break;
    }
  }
  edit.byline_ids = e.byline_ids;
  const bool blank = base::Trim(e.answer_markdown).empty();
  if (!blank || q.answer) {
    if (blank || e.answer_markdown.size() > limits_.answer_max ||
        !base::IsValidUtf8(e.answer_markdown)) {
      found.push_back(EditProblem::kAnswerText);
    }
    const std::string_view link = base::Trim(e.link_url);
    if (!link.empty() && !IsHttpUrl(link)) found.push_back(EditProblem::kAnswerLink);
    store::MailbagAnswer a;
    a.body_markdown = e.answer_markdown;
    a.link_url = std::string(link);
    edit.answer = std::move(a);
  }
  if (!found.empty()) {
    if (problems != nullptr) *problems = found;
    return Status::InvalidArgument("mailbag: the answer form has problems");
  }
  // Rendered only once everything else is known to be acceptable.
  if (edit.answer) edit.answer->body_html = render::MarkdownToHtml(edit.answer->body_markdown);
  edit.expected_revision = e.expected_revision;
  Status s = store_.SaveEdit(id, edit, Now(actor));
  if (s.IsInvalidArgument()) {
    // The store knows the bylines: one that does not exist (or was just deleted).
    if (problems != nullptr) *problems = {EditProblem::kBylines};
    return s;
  }
  BS_RETURN_IF_ERROR(s);
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::SetBylines(int64_t id, const std::vector<int64_t>& byline_ids,
                                            int64_t actor) {
  BS_RETURN_IF_ERROR(store_.SetBylines(id, byline_ids, Now(actor)));
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::EditQuestion(int64_t id, const std::string& published_question,
                                              const std::string& topic_slug, int64_t actor) {
  const std::string_view text = base::Trim(published_question);
  if (text.empty() || !base::IsValidUtf8(text) || HasControlCharacters(text, true) ||
      CountCodePoints(text) > limits_.question_max)
    return Status::InvalidArgument("mailbag: published question text");
  std::optional<int64_t> topic_id;
  if (!topic_slug.empty()) {
    auto topic = store_.GetTopicBySlug(topic_slug);
    if (topic.status().IsNotFound()) return Status::InvalidArgument("mailbag: unknown topic");
    if (!topic.ok()) return topic.status();
    topic_id = topic->id;
  }
  BS_RETURN_IF_ERROR(store_.EditQuestion(id, std::string(text), topic_id, Now(actor)));
  return store_.GetQuestion(id);
}

Result<PublishResult> MailbagService::Publish(int64_t id, int64_t actor) {
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (!PublishBlockers(q).empty()) return Illegal(q, "publish");
  if (q.slug.empty()) {
    std::string slug = base::Slugify(q.published_question);
    if (slug.empty()) slug = "question";
    Status s = Transition(q, QuestionStatus::kPublished, actor, DeclineReason::kNone, slug);
    if (s.IsConflict()) {
      // Taken by another question (or a lost race, which fails again below).
      slug = base::Slugify(slug.substr(0, 60) + "-" + std::to_string(id));
      s = Transition(q, QuestionStatus::kPublished, actor, DeclineReason::kNone, slug);
    }
    BS_RETURN_IF_ERROR(s);
  } else {
    BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kPublished, actor));
  }
  PublishResult out;
  BS_ASSIGN_OR_RETURN(out.question, store_.GetQuestion(id));
  out.asker_notified = NotifyPublished(out.question).ok();
  return out;
}

// Opens the sealed address only here, hands it to the notifier and forgets
// it. NotFound when there is nobody to tell (no address, not wanted, done).
Status MailbagService::NotifyPublished(const Question& q) {
  if (notifier_ == nullptr || !q.notify || q.asker_email_sealed.empty() || q.notified_at)
    return Status::NotFound("mailbag: nobody to notify");
  BS_ASSIGN_OR_RETURN(std::string email,
                      ring_.Open(q.asker_email_sealed, EmailContext(q.dedupe_key)));
  AskerNotice notice{q.id, std::move(email), q.asker_name, q.lang, q.published_question, q.slug};
  BS_RETURN_IF_ERROR(notifier_->AnswerPublished(notice));
  // The notice is queued; if recording that fails, a re-publish may tell
  // the asker twice, which beats never telling them.
  return store_.MarkNotified(q.id, clock_.Now());
}

Result<Question> MailbagService::Unpublish(int64_t id, int64_t actor) {
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status != QuestionStatus::kPublished) return Illegal(q, "unpublish");
  BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kAnswered, actor));
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::Decline(int64_t id, DeclineReason reason, int64_t actor) {
  if (reason == DeclineReason::kNone) return Status::InvalidArgument("mailbag: decline reason");
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status == QuestionStatus::kPublished || q.status == QuestionStatus::kDeclined)
    return Illegal(q, "decline");
  BS_RETURN_IF_ERROR(Transition(q, QuestionStatus::kDeclined, actor, reason));
  return store_.GetQuestion(id);
}

Result<Question> MailbagService::Reopen(int64_t id, int64_t actor) {
  BS_ASSIGN_OR_RETURN(Question q, store_.GetQuestion(id));
  if (q.status != QuestionStatus::kDeclined) return Illegal(q, "reopen");
  BS_RETURN_IF_ERROR(
      Transition(q, q.assignees.empty() ? QuestionStatus::kNew : QuestionStatus::kAssigned, actor));
  return store_.GetQuestion(id);
}

Result<store::MailbagTopic> MailbagService::CreateTopic(const std::string& name,
                                                        const std::string& slug, int position) {
  store::MailbagTopic t{0, slug.empty() ? base::Slugify(name) : slug, std::string(base::Trim(name)),
                        position};
  BS_RETURN_IF_ERROR(CheckTopic(t.name, t.slug));
  BS_ASSIGN_OR_RETURN(t.id, store_.CreateTopic(t));
  return t;
}

Result<store::MailbagTopic> MailbagService::UpdateTopic(int64_t id, const std::string& name,
                                                        const std::string& slug, int position) {
  store::MailbagTopic t{id, slug.empty() ? base::Slugify(name) : slug,
                        std::string(base::Trim(name)), position};
  BS_RETURN_IF_ERROR(CheckTopic(t.name, t.slug));
  BS_RETURN_IF_ERROR(store_.UpdateTopic(t));
  return t;
}

Status MailbagService::DeleteTopic(int64_t id) { return store_.DeleteTopic(id); }

}  // namespace mailbag
