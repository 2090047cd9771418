#pragma once
// MailStore on SQLite (schema: migrations/sqlite/0003_mail.sql, table
// mail_outbox). Statuses are stored as 'queued', 'sent', 'failed'.

#include "store/mail_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

// Besides the contract in mail_store.h:
//   ClaimDue, ListOutbox: InvalidArgument for a limit outside 1..100 (ListOutbox
//     1..500) or a negative offset; ClaimDue also for a lease under 1 s.
//   MarkSent, MarkFailed: NotFound for an unknown id; InvalidArgument if the
//     message was already sent (an outcome is recorded once).
//   Requeue keeps `attempts` and `last_error` (the history of the message).
// Thread-safe: every call borrows a connection from the pool.
class SqliteMail final : public MailStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteMail(ConnectionPool& pool) : pool_(pool) {}

  Result<int64_t> Enqueue(const std::string& kind, const std::string& sealed_envelope,
                          Time now) override;
  Result<std::vector<OutboxItem>> ClaimDue(Time now, std::chrono::seconds lease,
                                           int limit) override;
  Status MarkSent(int64_t id, Time at) override;
  Status MarkFailed(int64_t id, const std::string& error, Time next_attempt_at,
                    bool give_up) override;
  Status Requeue(int64_t id, Time now) override;
  Result<OutboxItem> GetOutboxItem(int64_t id) override;
  Result<std::vector<OutboxItem>> ListOutbox(std::optional<OutboxStatus> status, int limit,
                                             int offset) override;
  Result<int64_t> CountOutbox(std::optional<OutboxStatus> status) override;
  Result<std::vector<SealedValue>> ListSealedEnvelopes(int64_t after_id, int limit) override;
  Status ReplaceSealedEnvelope(int64_t id, const std::string& expected,
                               const std::string& resealed) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
