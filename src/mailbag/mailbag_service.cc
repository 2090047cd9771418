// MailbagService, public side: asking and the archive. Staff operations are
// in mailbag_staff.cc.

#include "mailbag/mailbag_service.h"

#include <utility>

#include "base/text.h"
#include "crypto/token.h"
#include "mailbag/validation.h"

namespace mailbag {
namespace {

constexpr int kMaxPerPage = 100;
constexpr int kMaxLatest = 50;

// Stable for the life of the data: changing it would let old duplicates in.
constexpr char kDedupePrefix[] = "mailbag-dedupe-v1:";

}  // namespace

MailbagService::MailbagService(store::MailbagStore& store, const crypto::Keyring& ring,
                               const base::Clock& clock, Notifier* notifier, Limits limits)
    : store_(store), ring_(ring), clock_(clock), notifier_(notifier), limits_(limits) {}

store::Actor MailbagService::Now(std::optional<int64_t> actor) const {
  if (actor && *actor <= 0) actor.reset();  // 0: the system, not a user
  return store::Actor{actor, clock_.Now()};
}

// Binds a sealed address to its question (the dedupe key is unique and never
// changes), so a sealed value copied onto another row does not open.
std::string MailbagService::EmailContext(const std::string& dedupe_key) {
  return "mailbag:asker-email:" + dedupe_key;
}

std::vector<AskProblem> MailbagService::Validate(const AskInput& in) const {
  std::vector<AskProblem> problems;
  const std::string_view question = base::Trim(in.question);
  if (!base::IsValidUtf8(question) || HasControlCharacters(question, /*allow_newlines=*/true)) {
    problems.push_back(AskProblem::kQuestionInvalidText);
  } else {
    const size_t n = CountCodePoints(question);
    if (n < limits_.question_min) problems.push_back(AskProblem::kQuestionTooShort);
    if (n > limits_.question_max) problems.push_back(AskProblem::kQuestionTooLong);
    if (CountLinks(question) > limits_.links_max) problems.push_back(AskProblem::kTooManyLinks);
  }
  const std::string_view name = base::Trim(in.name);
  if (!base::IsValidUtf8(name) || HasControlCharacters(name, /*allow_newlines=*/false)) {
    problems.push_back(AskProblem::kNameInvalidText);
  } else if (CountCodePoints(name) > limits_.name_max) {
    problems.push_back(AskProblem::kNameTooLong);
  }
  const std::string_view email = base::Trim(in.email);
  if (!email.empty() && !NormalizeEmail(email)) problems.push_back(AskProblem::kEmailInvalid);
  if (email.empty() && in.notify) problems.push_back(AskProblem::kNotifyWithoutEmail);
  if (!in.lang.empty() && !IsLangCode(in.lang)) problems.push_back(AskProblem::kLangInvalid);
  return problems;
}

Result<AskResult> MailbagService::Ask(const AskInput& in) {
  if (!Validate(in).empty()) return Status::InvalidArgument("mailbag: question refused");
  Question q;
  q.question = std::string(base::Trim(in.question));
  q.published_question = q.question;
  q.asker_name = std::string(base::Trim(in.name));
  q.notify = in.notify;
  q.consent = in.consent;
  q.lang = in.lang.empty() ? "en" : in.lang;
  q.created_at = clock_.Now();
  q.dedupe_key = crypto::HashToken(kDedupePrefix + NormalizeForDuplicates(q.question));
  if (!in.topic_slug.empty()) {
    auto topic = store_.GetTopicBySlug(in.topic_slug);
    if (topic.status().IsNotFound()) return Status::InvalidArgument("mailbag: unknown topic");
    if (!topic.ok()) return topic.status();
    q.topic_id = topic->id;
  }
  BS_ASSIGN_OR_RETURN(std::optional<int64_t> existing, store_.FindByDedupeKey(q.dedupe_key));
  if (existing)
    return Status::Conflict("mailbag: already asked as question " + std::to_string(*existing));
  std::optional<std::string> email = NormalizeEmail(in.email);
  if (email) {
    BS_ASSIGN_OR_RETURN(q.asker_email_sealed,
                        ring_.Seal(*email, EmailContext(q.dedupe_key)));
  }
  // A race between two identical submissions ends here as Conflict too.
  BS_ASSIGN_OR_RETURN(int64_t id, store_.CreateQuestion(q));
  AskResult result;
  result.question_id = id;
  if (email && notifier_ != nullptr) {
    AskerNotice notice{id, *email, q.asker_name, q.lang, q.question, ""};
    result.confirmation_sent = notifier_->QuestionReceived(notice).ok();
  }
  return result;
}

Result<ArchivePage> MailbagService::Archive(const std::string& topic_slug, const std::string& lang,
                                            int page, int per_page) {
  if (page < 1) return Status::InvalidArgument("mailbag: page must be >= 1");
  if (per_page < 1 || per_page > kMaxPerPage)
    return Status::InvalidArgument("mailbag: per_page out of range");
  store::ArchiveFilter f;
  if (!topic_slug.empty()) {
    BS_ASSIGN_OR_RETURN(store::MailbagTopic topic, store_.GetTopicBySlug(topic_slug));
    f.topic_id = topic.id;
  }
  f.lang = lang;
  ArchivePage out;
  out.page = page;
  BS_ASSIGN_OR_RETURN(out.total, store_.CountPublished(f));
  out.pages = static_cast<int>((out.total + per_page - 1) / per_page);
  if (page > out.pages) return out;  // past the end: no items (the page may 404)
  f.limit = per_page;
  f.offset = (page - 1) * per_page;
  BS_ASSIGN_OR_RETURN(out.items, store_.ListPublished(f));
  return out;
}

Result<QAPage> MailbagService::BySlug(const std::string& slug, int related) {
  if (!base::IsValidSlug(slug)) return Status::NotFound("mailbag: no such slug");
  QAPage out;
  BS_ASSIGN_OR_RETURN(out.qa, store_.GetPublishedBySlug(slug));
  if (related > 0) {
    std::optional<int64_t> topic;
    if (out.qa.topic) topic = out.qa.topic->id;
    BS_ASSIGN_OR_RETURN(out.related, store_.ListRelated(out.qa.id, topic, related));
  }
  return out;
}

Result<std::vector<PublishedQuestion>> MailbagService::Latest(int n, const std::string& lang) {
  if (n < 1 || n > kMaxLatest) return Status::InvalidArgument("mailbag: latest count");
  store::ArchiveFilter f;
  f.lang = lang;
  f.limit = n;
  return store_.ListPublished(f);
}

Result<std::vector<store::MailbagTopic>> MailbagService::Topics() { return store_.ListTopics(); }

crypto::ResealColumn AskerEmailResealColumn(store::MailbagStore& store) {
  crypto::ResealColumn c;
  c.name = "Mailbag askers' addresses";
  c.list = [&store](int64_t after, int limit) -> Result<std::vector<crypto::SealedRow>> {
    BS_ASSIGN_OR_RETURN(std::vector<store::SealedValue> page, store.ListSealedEmails(after, limit));
    std::vector<crypto::SealedRow> rows;
    for (store::SealedValue& v : page) rows.push_back({v.id, std::move(v.sealed)});
    return rows;
  };
  // Sealed bound to the question's duplicate key (see Ask).
  c.associated_data = [&store](const crypto::SealedRow& row) -> Result<std::string> {
    BS_ASSIGN_OR_RETURN(store::Question q, store.GetQuestion(row.id));
    return MailbagService::EmailContext(q.dedupe_key);
  };
  c.replace = [&store](int64_t id, const std::string& expected, const std::string& resealed) {
    return store.ReplaceSealedEmail(id, expected, resealed);
  };
  return c;
}

}  // namespace mailbag
