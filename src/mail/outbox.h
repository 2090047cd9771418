#pragma once
// The outbox: every message Broadside sends is queued in the store first and
// delivered by a background pass (OutboxWorker), with retries and backoff,
// so nothing is lost while the mail server is down.
//
// Privacy: the store only ever holds the envelope sealed with the site's
// field key (crypto::Seal, associated data "outbox"): recipient, subject and
// the built message are unreadable in the database file and its backups.
// After delivery the store erases the envelope; only metadata stays.
//
// Delivery is at least once: a crash between the server's "250 OK" and
// MarkSent sends the message again when the lease runs out.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/keyring.h"
#include "crypto/reseal.h"
#include "crypto/sealed.h"
#include "mail/message.h"
#include "mail/transport.h"
#include "store/mail_store.h"

namespace mail {

struct OutboxOptions {
  int max_attempts = 12;                      // then kFailed (about 8 hours with the defaults)
  std::chrono::seconds backoff_base{30};      // wait after the first failure, doubled after each
  std::chrono::seconds backoff_cap{3600};     // longest wait
  int batch_size = 20;                        // messages claimed per pass (1..100)
  std::chrono::seconds lease{300};            // claimed messages are hidden from other senders
};

// What one DeliverDue pass did.
struct DeliveryStats {
  int claimed = 0;
  int sent = 0;
  int deferred = 0;  // failed, will be retried
  int failed = 0;    // given up (permanent error, too many attempts, unreadable)
};

// A queued or past message for the admin queue.
struct OutboxView {
  enum class Envelope {
    kReadable,    // recipient and subject below
    kErased,      // sent: the envelope is erased after delivery
    kUnreadable,  // sealed with another key (the key file changed) or corrupt
  };
  int64_t id = 0;
  std::string kind;
  store::OutboxStatus status = store::OutboxStatus::kQueued;
  int attempts = 0;
  base::Time created_at{}, next_attempt_at{};
  std::optional<base::Time> sent_at;
  std::string last_error;
  Envelope envelope = Envelope::kReadable;
  std::string to_address, to_name, subject;  // empty unless kReadable
};

class Outbox {
 public:
  // All borrowed: they must outlive the Outbox. REQUIRES: options within
  // range (batch_size 1..100, max_attempts >= 1, positive durations;
  // DeliverDue returns InvalidArgument otherwise). Envelopes are sealed with
  // the ring's current key and opened with whichever key they name.
  Outbox(store::MailStore& store, const crypto::Keyring& ring, const base::Clock& clock,
         Sender from, OutboxOptions options = {});

  // Builds the message (Date = now, a fresh random Message-ID), seals it with
  // the recipient and queues it, due now. Returns the outbox id.
  // Errors: InvalidArgument for an empty kind or anything BuildMime refuses
  // (bad address, CR/LF in a header field, ...); the store's errors.
  base::Result<int64_t> Enqueue(std::string_view kind, const Message& m);

  // One pass: claims up to batch_size due messages, sends each through
  // `transport` and records the outcome. A failure is retried after
  // backoff_base * 2^(attempts-1), at most backoff_cap; it is given up
  // (kFailed) on a permanent error (InvalidArgument from the transport), an
  // envelope that does not open, or when it reaches max_attempts (counting
  // attempts before an admin's Requeue: a requeued message gets one more try
  // each time). Errors: the store's; messages already handled stay recorded.
  base::Result<DeliveryStats> DeliverDue(Transport& transport);

  // The admin queue, newest first; see MailStore::ListOutbox.
  base::Result<std::vector<OutboxView>> List(std::optional<store::OutboxStatus> status,
                                             int limit, int offset);
  base::Result<int64_t> Count(std::optional<store::OutboxStatus> status);
  // Makes a failed or queued message due now. NotFound; InvalidArgument if sent.
  base::Status Requeue(int64_t id);

  // Called (outside any lock of the Outbox) after each successful Enqueue and
  // Requeue; OutboxWorker uses it to wake up. Empty = none. Thread-safe.
  void SetOnQueued(std::function<void()> on_queued);

  // Thread-safety: all methods may be called from any thread.

 private:
  struct Envelope;
  void Notify();
  std::chrono::seconds BackoffAfter(int attempts) const;

  store::MailStore& store_;
  const crypto::Keyring& ring_;
  const base::Clock& clock_;
  const Sender from_;
  const OutboxOptions options_;

  std::mutex mu_;
  std::function<void()> on_queued_;  // guarded by mu_
};

// The outbox's sealed envelopes as a column for crypto::Reseal (`broadside
// keys rotate`). `store` must outlive the result.
crypto::ResealColumn OutboxResealColumn(store::MailStore& store);

}  // namespace mail
