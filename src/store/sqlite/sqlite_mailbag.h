#pragma once
// MailbagStore on SQLite (schema: migrations/sqlite/0008_mailbag.sql).

#include "store/mailbag_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqliteMailbag final : public MailbagStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteMailbag(ConnectionPool& pool) : pool_(pool) {}

  Result<int64_t> CreateTopic(const MailbagTopic& t) override;
  Status UpdateTopic(const MailbagTopic& t) override;
  Status DeleteTopic(int64_t id) override;
  Result<std::vector<MailbagTopic>> ListTopics() override;
  Result<MailbagTopic> GetTopicBySlug(const std::string& slug) override;

  Result<int64_t> CreateQuestion(const Question& q) override;
  Result<Question> GetQuestion(int64_t id) override;
  Result<std::optional<int64_t>> FindByDedupeKey(const std::string& key) override;
  Result<std::vector<Question>> ListQueue(const QueueFilter& f) override;
  Result<int64_t> CountQueue(const QueueFilter& f) override;
  Result<QuestionCounts> CountByStatus() override;
  Result<std::vector<QuestionEvent>> ListEvents(int64_t question_id) override;

  Status EditQuestion(int64_t id, const std::string& published_question,
                      std::optional<int64_t> topic_id, const Actor& by) override;
  Status SaveAnswer(int64_t id, const MailbagAnswer& a, const Actor& by) override;
  Status SetBylines(int64_t id, const std::vector<int64_t>& byline_ids, const Actor& by) override;
  Status SaveEdit(int64_t id, const QuestionEdit& e, const Actor& by) override;
  Status Assign(int64_t id, int64_t user_id, const Actor& by) override;
  Status Unassign(int64_t id, int64_t user_id, const Actor& by) override;
  Status ChangeStatus(int64_t id, const StatusChange& c, const Actor& by) override;
  Status MarkNotified(int64_t id, Time at) override;

  Result<std::vector<PublishedQuestion>> ListPublished(const ArchiveFilter& f) override;
  Result<int64_t> CountPublished(const ArchiveFilter& f) override;
  Result<PublishedQuestion> GetPublishedBySlug(const std::string& slug) override;
  Result<std::vector<PublishedQuestion>> ListRelated(int64_t question_id,
                                                     std::optional<int64_t> topic_id,
                                                     int limit) override;
  Result<std::vector<SealedValue>> ListSealedEmails(int64_t after_id, int limit) override;
  Status ReplaceSealedEmail(int64_t id, const std::string& expected,
                            const std::string& resealed) override;

 private:
  ConnectionPool& pool_;
};

// How statuses are spelled in the database ("new", "assigned", ...).
const char* QuestionStatusText(QuestionStatus s);

}  // namespace store::sqlite
