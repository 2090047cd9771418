#pragma once
// The Mailbag: visitors ask, staff experts answer, editors publish the best
// exchanges as a public Q&A archive (see README.md for the words, states and
// privacy choices). Pages stay thin: each calls one method and renders what
// it returns. Public reads return store::PublishedQuestion, which has no
// original question and no email, so a page cannot leak them by mistake.
//
// Thread-safety: safe for concurrent use (state lives in the store; the
// collaborators are thread-safe). Calls block on the database: run them off
// the network threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/keyring.h"
#include "crypto/reseal.h"
#include "crypto/sealed.h"
#include "mailbag/notifier.h"
#include "store/mailbag_store.h"

namespace mailbag {

using base::Result;
using base::Status;
using store::PublishedQuestion;
using store::Question;
using store::QuestionStatus;

struct Limits {
  size_t question_min = 10;  // code points, after trimming
  size_t question_max = 5000;
  size_t name_max = 100;
  int links_max = 2;
  size_t answer_max = 50000;  // bytes of Markdown
};

struct AskInput {
  std::string question;
  std::string name;        // optional pseudonym, public if published
  std::string email;       // optional; only to tell the asker
  bool notify = false;     // tell me when it is answered (needs an email)
  std::string topic_slug;  // optional, from Topics()
  std::string lang;        // "" = "en"
  bool consent = false;    // may be published (required to ever publish)
};

// What is wrong with an AskInput, per field, for the form to point at.
enum class AskProblem {
  kQuestionTooShort,
  kQuestionTooLong,
  kQuestionInvalidText,  // invalid UTF-8 or control characters
  kTooManyLinks,
  kNameTooLong,
  kNameInvalidText,
  kEmailInvalid,
  kNotifyWithoutEmail,
  kLangInvalid,
};

struct AskResult {
  int64_t question_id = 0;
  bool confirmation_sent = false;  // an email was given and the notifier took it
};

// Why a question cannot be published yet (PublishBlockers).
enum class PublishBlocker { kNotAnswered, kNoAnswer, kNoConsent, kNoBylines };

struct PublishResult {
  Question question;
  bool asker_notified = false;  // the notifier took the notice just now
};

struct ArchivePage {
  std::vector<PublishedQuestion> items;
  int64_t total = 0;
  int page = 1;   // 1-based
  int pages = 0;  // 0 when empty
};

struct QAPage {
  PublishedQuestion qa;
  std::vector<PublishedQuestion> related;
};

struct QueuePage {
  std::vector<Question> items;   // without answers and bylines
  int64_t total = 0;             // matching the filter
  store::QuestionCounts counts;  // the whole queue by status, for the tabs
};

// The staff answer form as typed (MailbagService::SaveEdits).
struct AnswerEdit {
  std::string published_question;
  std::string topic_slug;           // "" = none
  std::vector<int64_t> byline_ids;  // signing order
  // The answer in Markdown. Blank while the question was never answered:
  // the rest is saved and the answer left for later.
  std::string answer_markdown;
  std::string link_url;  // optional http(s) link
  // Question::revision when the form was shown; unset = no stale check.
  std::optional<int64_t> expected_revision;
};

// What is wrong with an AnswerEdit, one per part.
enum class EditProblem { kQuestionText, kTopic, kBylines, kAnswerText, kAnswerLink };

struct QuestionDetail {
  Question question;
  std::vector<store::QuestionEvent> history;  // oldest first
  std::vector<PublishBlocker> blockers;       // empty = may be published
};

class MailbagService {
 public:
  // `store`, `email_key`, `clock` and `notifier` (may be null: nobody is
  // told) must outlive this object. `email_key` seals askers' addresses.
  MailbagService(store::MailbagStore& store, const crypto::Keyring& ring,
                 const base::Clock& clock, Notifier* notifier, Limits limits = {});

  // --- Public

  // Problems with `in` (empty = acceptable as far as text goes).
  std::vector<AskProblem> Validate(const AskInput& in) const;
  // Records a new question; the email is sealed before it reaches the store.
  // InvalidArgument when Validate finds problems or the topic is unknown;
  // Conflict when the same question (after NormalizeForDuplicates) was
  // already asked. A notifier failure is not an error (confirmation_sent).
  Result<AskResult> Ask(const AskInput& in);

  // Published Q&As, newest first; page is 1-based. InvalidArgument for
  // page < 1 or per_page outside 1..100; NotFound for an unknown topic slug.
  Result<ArchivePage> Archive(const std::string& topic_slug, const std::string& lang, int page,
                              int per_page = 20);
  // NotFound unless published. Related: up to `related` of the same topic
  // (any topic when it has none), newest first.
  Result<QAPage> BySlug(const std::string& slug, int related = 3);
  // The home-page box. InvalidArgument for n outside 1..50.
  Result<std::vector<PublishedQuestion>> Latest(int n, const std::string& lang = "");
  Result<std::vector<store::MailbagTopic>> Topics();

  // --- Staff. `actor` is the signed-in user id (0 = the system, e.g. a
  // script; recorded as no user); the caller checks roles
  // and writes the audit log. NotFound for unknown ids; Conflict when the
  // question's state does not allow the operation (an illegal transition).

  Result<QueuePage> Queue(const store::QueueFilter& filter);
  Result<QuestionDetail> Get(int64_t id);
  static std::vector<PublishBlocker> PublishBlockers(const Question& q);

  // new -> assigned on the first assignee; not for declined questions.
  // InvalidArgument for an unknown user.
  Result<Question> Assign(int64_t id, int64_t user_id, int64_t actor);
  // assigned -> new when the last assignee goes.
  Result<Question> Unassign(int64_t id, int64_t user_id, int64_t actor);
  // Saves the Markdown answer (rendered to HTML here) and optional http(s)
  // link; new/assigned -> answered. A published answer is updated live.
  // InvalidArgument for an empty or over-long answer or a bad link.
  Result<Question> SaveAnswer(int64_t id, const std::string& markdown, const std::string& link_url,
                              int64_t actor);
  // The whole answer form at once: every part is checked first, then one
  // store transaction writes them all (new/assigned -> answered when an
  // answer is saved). InvalidArgument with `problems` filled (when given)
  // and nothing written; Conflict, nothing written, when the question was
  // saved by someone else since expected_revision or is declined.
  Result<Question> SaveEdits(int64_t id, const AnswerEdit& e, int64_t actor,
                             std::vector<EditProblem>* problems = nullptr);
  // The co-signers in order. InvalidArgument for unknown or repeated bylines.
  Result<Question> SetBylines(int64_t id, const std::vector<int64_t>& byline_ids, int64_t actor);
  // The public version of the question and its topic (slug, "" = none).
  // InvalidArgument for empty/over-long/invalid text or an unknown topic.
  Result<Question> EditQuestion(int64_t id, const std::string& published_question,
                                const std::string& topic_slug, int64_t actor);
  // answered -> published. Conflict while PublishBlockers is not empty. The
  // slug comes from the published question on first publication and is kept
  // afterwards. Tells the asker once, if they asked and gave an address.
  Result<PublishResult> Publish(int64_t id, int64_t actor);
  // published -> answered.
  Result<Question> Unpublish(int64_t id, int64_t actor);
  // new/assigned/answered -> declined. InvalidArgument for DeclineReason::kNone.
  Result<Question> Decline(int64_t id, store::DeclineReason reason, int64_t actor);
  // declined -> new (or assigned when someone still is).
  Result<Question> Reopen(int64_t id, int64_t actor);

  // Topics. InvalidArgument for an empty name or (given) invalid slug;
  // Conflict for a taken slug. An empty slug is made from the name.
  Result<store::MailbagTopic> CreateTopic(const std::string& name, const std::string& slug,
                                          int position);
  Result<store::MailbagTopic> UpdateTopic(int64_t id, const std::string& name,
                                          const std::string& slug, int position);
  Status DeleteTopic(int64_t id);

 private:
  store::Actor Now(std::optional<int64_t> actor) const;
  Status Transition(const Question& q, QuestionStatus to, int64_t actor,
                    store::DeclineReason reason = store::DeclineReason::kNone,
                    const std::string& slug = "");
  Status NotifyPublished(const Question& q);
  static std::string EmailContext(const std::string& dedupe_key);

  store::MailbagStore& store_;
  const crypto::Keyring& ring_;  // seals askers' addresses
  const base::Clock& clock_;
  Notifier* notifier_;
  Limits limits_;

  friend crypto::ResealColumn AskerEmailResealColumn(store::MailbagStore& store);
};

// Askers' sealed addresses as a column for crypto::Reseal (`broadside keys
// rotate`). `store` must outlive the result.
crypto::ResealColumn AskerEmailResealColumn(store::MailbagStore& store);

}  // namespace mailbag
