#pragma once
// Storage contract for the Mailbag (src/mailbag/): questions from visitors,
// staff answers, co-signing bylines, assignments, topics and a per-question
// history. The store enforces integrity (unique slugs and duplicate keys,
// references, compare-and-set status changes); the state machine and every
// rule about what may be published belong to mailbag::MailbagService.
//
// Privacy: the asker's email arrives here already sealed (opaque text); the
// store never sees it in clear. Public reads return PublishedQuestion, which
// carries neither the original question nor the sealed email.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/publishing_store.h"  // Byline
#include "store/sealed_value.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

enum class QuestionStatus { kNew, kAssigned, kAnswered, kPublished, kDeclined };
enum class DeclineReason { kNone, kSpam, kAnsweredPrivately };

struct MailbagTopic {
  int64_t id = 0;
  std::string slug, name;
  int position = 0;  // listing order
};

struct MailbagAnswer {
  std::string body_markdown;
  std::string body_html;  // rendered by the service on save
  std::string link_url;   // optional embedded video/article; "" = none
  Time updated_at{};
  std::optional<int64_t> updated_by;  // user id
};

// Everything the staff answer form saves at once (MailbagStore::SaveEdit).
struct QuestionEdit {
  std::string published_question;
  std::optional<int64_t> topic_id;
  std::vector<int64_t> byline_ids;      // signing order
  std::optional<MailbagAnswer> answer;  // unset: the answer is left as it is
  std::optional<int64_t> expected_revision;  // Question::revision the editor saw
};

// A question as staff see it.
struct Question {
  int64_t id = 0;
  QuestionStatus status = QuestionStatus::kNew;
  DeclineReason decline_reason = DeclineReason::kNone;
  std::string question;            // original text, never public
  std::string published_question;  // editor's version; starts as the original
  std::string asker_name;          // optional pseudonym, public if published
  std::string asker_email_sealed;  // crypto::Seal output; "" = no address
  bool notify = false;             // asker wants to be told on publication
  bool consent = false;            // asker consents to publication
  std::optional<int64_t> topic_id;
  std::string lang = "en";
  std::string dedupe_key;
  std::string slug;  // "" until first published
  Time created_at{}, updated_at{};
  std::optional<Time> published_at;
  std::optional<Time> notified_at;
  std::vector<int64_t> assignees;  // user ids, in assignment order
  // Filled by GetQuestion only (listings leave them empty):
  // The question's revision: the id of its latest event, so it changes with
  // every write (each records an event); the answer form's stale-edit check.
  int64_t revision = 0;
  std::optional<MailbagAnswer> answer;
  std::vector<Byline> bylines;  // signing order
};

// The public face of a published Q&A.
struct PublishedQuestion {
  int64_t id = 0;
  std::string slug;
  std::string question;  // the published version
  std::string asker_name;
  std::optional<MailbagTopic> topic;
  std::string lang;
  Time published_at{};
  std::string answer_html;
  std::string answer_markdown;  // for excerpts (render::MarkdownExcerpt)
  std::string link_url;
  std::vector<Byline> bylines;  // signing order
};

struct QuestionEvent {
  int64_t id = 0;
  Time at{};
  std::optional<int64_t> actor_id;         // nullopt = the asker or the system
  std::string kind;                        // "asked", "assigned", "status", "answer", ...
  std::optional<QuestionStatus> from, to;  // set for status changes
  std::string detail;                      // free text for people (a user id, a reason)
};

// Who did a write and when; recorded in the question's history.
struct Actor {
  std::optional<int64_t> user_id;
  Time at{};
};

struct QueueFilter {
  std::optional<QuestionStatus> status;
  std::optional<int64_t> topic_id;
  std::string lang;                    // "" = any
  std::optional<int64_t> assigned_to;  // user id
  std::optional<Time> created_after;   // inclusive
  std::optional<Time> created_before;  // exclusive
  std::string text;                    // substring of either question text; "" = any
  bool oldest_first = true;            // a queue is worked from the oldest
  int limit = 50;                      // 1..500
  int offset = 0;
};

struct QuestionCounts {
  int64_t new_ = 0, assigned = 0, answered = 0, published = 0, declined = 0;
};

struct ArchiveFilter {
  std::optional<int64_t> topic_id;
  std::string lang;  // "" = any
  int limit = 20;    // 1..500
  int offset = 0;
};

// What a status change writes, atomically, when the current status is `from`.
struct StatusChange {
  QuestionStatus from = QuestionStatus::kNew;
  QuestionStatus to = QuestionStatus::kNew;
  DeclineReason decline_reason = DeclineReason::kNone;  // stored when to == kDeclined
  std::string slug;    // when to == kPublished: the slug to set ("" = keep)
  std::string detail;  // for the history
};

class MailbagStore {
 public:
  virtual ~MailbagStore() = default;

  // --- Topics
  // Conflict on a duplicate slug.
  virtual Result<int64_t> CreateTopic(const MailbagTopic& t) = 0;
  // NotFound for an unknown id; Conflict on a duplicate slug.
  virtual Status UpdateTopic(const MailbagTopic& t) = 0;
  // Questions in the topic keep existing without one. NotFound for an unknown id.
  virtual Status DeleteTopic(int64_t id) = 0;
  virtual Result<std::vector<MailbagTopic>> ListTopics() = 0;  // by position, name
  virtual Result<MailbagTopic> GetTopicBySlug(const std::string& slug) = 0;

  // --- Questions
  // Inserts `q` (id, slug, times other than created_at, answer, bylines and
  // assignees ignored; status must be kNew) and records an "asked" event.
  // Conflict when a question with the same dedupe_key exists; InvalidArgument
  // for an unknown topic.
  virtual Result<int64_t> CreateQuestion(const Question& q) = 0;
  // With answer and bylines. NotFound for an unknown id.
  virtual Result<Question> GetQuestion(int64_t id) = 0;
  // The id of the question with this key, or nullopt.
  virtual Result<std::optional<int64_t>> FindByDedupeKey(const std::string& key) = 0;
  // The page of questions matching `f`, and how many match in all.
  // InvalidArgument for a limit out of range or a negative offset.
  virtual Result<std::vector<Question>> ListQueue(const QueueFilter& f) = 0;
  virtual Result<int64_t> CountQueue(const QueueFilter& f) = 0;
  virtual Result<QuestionCounts> CountByStatus() = 0;
  virtual Result<std::vector<QuestionEvent>> ListEvents(int64_t question_id) = 0;  // oldest first

  // --- Writes; each records an event in the same transaction and bumps
  // updated_at. NotFound for an unknown question.
  // Sets the public version of the question and the topic (InvalidArgument
  // for an unknown topic).
  virtual Status EditQuestion(int64_t id, const std::string& published_question,
                              std::optional<int64_t> topic_id, const Actor& by) = 0;
  // Creates or replaces the answer.
  virtual Status SaveAnswer(int64_t id, const MailbagAnswer& a, const Actor& by) = 0;
  // Replaces the co-signers with `byline_ids`, in signing order.
  // InvalidArgument for an unknown or repeated byline.
  virtual Status SetBylines(int64_t id, const std::vector<int64_t>& byline_ids,
                            const Actor& by) = 0;
  // The staff answer form, all or nothing in one transaction: EditQuestion,
  // SetBylines, then (when e.answer is set) SaveAnswer and, for a new or
  // assigned question, new/assigned -> answered. Conflict, with nothing
  // written, when e.expected_revision is set and the question's revision
  // differs (someone saved in between), or when the question is declined.
  // Otherwise the errors of the three writes.
  virtual Status SaveEdit(int64_t id, const QuestionEdit& e, const Actor& by) = 0;
  // Adds or removes one assignee. Assign is idempotent (no event when already
  // assigned); InvalidArgument for an unknown user. Unassign: NotFound when not assigned.
  virtual Status Assign(int64_t id, int64_t user_id, const Actor& by) = 0;
  virtual Status Unassign(int64_t id, int64_t user_id, const Actor& by) = 0;
  // Moves from c.from to c.to. Conflict when the stored status is not c.from
  // (someone else moved it first) or when c.slug is taken by another
  // question. Publishing sets published_at = by.at.
  virtual Status ChangeStatus(int64_t id, const StatusChange& c, const Actor& by) = 0;
  // Records that the asker was told of publication. Conflict if already recorded.
  virtual Status MarkNotified(int64_t id, Time at) = 0;

  // --- Public reads (status published only)
  // Newest first (published_at, then id).
  virtual Result<std::vector<PublishedQuestion>> ListPublished(const ArchiveFilter& f) = 0;
  virtual Result<int64_t> CountPublished(const ArchiveFilter& f) = 0;
  // NotFound unless a published question has this slug.
  virtual Result<PublishedQuestion> GetPublishedBySlug(const std::string& slug) = 0;
  // Up to `limit` other published questions in `topic_id` (any topic when
  // nullopt), newest first, excluding `question_id`.
  virtual Result<std::vector<PublishedQuestion>> ListRelated(int64_t question_id,
                                                             std::optional<int64_t> topic_id,
                                                             int limit) = 0;

  // --- Re-sealing (store/sealed_value.h): askers' sealed addresses.
  virtual Result<std::vector<SealedValue>> ListSealedEmails(int64_t after_id, int limit) = 0;
  virtual Status ReplaceSealedEmail(int64_t id, const std::string& expected,
                                    const std::string& resealed) = 0;
};

}  // namespace store
