#pragma once
// Storage contract for the outgoing-mail outbox. A message is queued in the
// same database as the change that caused it, so nothing is lost when the
// SMTP server is down; a background sender claims due messages, delivers them
// and records the outcome.
//
// The store never sees a recipient or a message in clear: `sealed_envelope`
// is opaque text the mail module seals with the site's field key (mail sent
// to members must not leak their addresses through the database file).
// After delivery the envelope is erased; only the metadata stays.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/sealed_value.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

enum class OutboxStatus { kQueued, kSent, kFailed };  // kFailed: gave up, admin may retry

struct OutboxItem {
  int64_t id = 0;
  std::string kind;             // what it is, for the admin queue: "password_reset", ...
  std::string sealed_envelope;  // opaque; empty once sent
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;
  Time created_at{}, next_attempt_at{};
  std::optional<Time> sent_at;
  std::string last_error;       // of the latest failed attempt
};

class MailStore {
 public:
  virtual ~MailStore() = default;

  // Queues a message due at `now`. Returns its id.
  virtual Result<int64_t> Enqueue(const std::string& kind, const std::string& sealed_envelope,
                                  Time now) = 0;
  // Returns up to `limit` (1..100) queued messages with next_attempt_at <= now,
  // oldest first, and in the same transaction moves their next_attempt_at to
  // now + lease, so a second sender (another node) does not take them too.
  virtual Result<std::vector<OutboxItem>> ClaimDue(Time now, std::chrono::seconds lease,
                                                   int limit) = 0;
  // Delivered: status sent, sent_at, attempts + 1, envelope erased.
  virtual Status MarkSent(int64_t id, Time at) = 0;
  // Not delivered: attempts + 1, last_error; queued again at next_attempt_at,
  // or kFailed when `give_up`.
  virtual Status MarkFailed(int64_t id, const std::string& error, Time next_attempt_at,
                            bool give_up) = 0;
  // Admin: a failed (or queued) message is due again now. NotFound if unknown;
  // InvalidArgument if already sent.
  virtual Status Requeue(int64_t id, Time now) = 0;
  virtual Result<OutboxItem> GetOutboxItem(int64_t id) = 0;
  // Newest first. `status` nullopt = all.
  virtual Result<std::vector<OutboxItem>> ListOutbox(std::optional<OutboxStatus> status,
                                                     int limit, int offset) = 0;
  virtual Result<int64_t> CountOutbox(std::optional<OutboxStatus> status) = 0;

  // --- Re-sealing (store/sealed_value.h): envelopes not yet erased.
  virtual Result<std::vector<SealedValue>> ListSealedEnvelopes(int64_t after_id, int limit) = 0;
  // Conflict when the envelope changed (e.g. was erased on sending) meanwhile.
  virtual Status ReplaceSealedEnvelope(int64_t id, const std::string& expected,
                                       const std::string& resealed) = 0;
};

}  // namespace store
