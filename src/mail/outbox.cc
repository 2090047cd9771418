// The outbox: sealing, queueing, delivery passes with backoff, the admin view.

#include "mail/outbox.h"

#include <utility>

#include "base/text.h"
#include "crypto/token.h"
#include "mail/mime.h"

namespace mail {
namespace {

constexpr std::string_view kAssociatedData = "outbox";
constexpr std::string_view kEnvelopeMagic = "bs-outbox/1\n";

// Length-prefixed fields ("<decimal>:<bytes>\n"): any bytes round-trip.
void AppendField(std::string_view value, std::string* out) {
  out->append(std::to_string(value.size())).append(":").append(value).append("\n");
}

bool ReadField(std::string_view* in, std::string* value) {
  const size_t colon = in->find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 12) return false;
  const std::optional<int64_t> n = base::ParseInt64(in->substr(0, colon));
  if (!n || *n < 0 || static_cast<uint64_t>(*n) > in->size() - colon - 1) return false;
  const size_t len = static_cast<size_t>(*n);
  if (colon + 1 + len >= in->size() || (*in)[colon + 1 + len] != '\n') return false;
  value->assign(in->substr(colon + 1, len));
  in->remove_prefix(colon + 1 + len + 1);
  return true;
}

base::Status CheckOptions(const OutboxOptions& o) {
  if (o.max_attempts < 1 || o.batch_size < 1 || o.batch_size > 100 ||
      o.backoff_base <= std::chrono::seconds(0) || o.backoff_cap < o.backoff_base ||
      o.lease <= std::chrono::seconds(0)) {
    return base::Status::InvalidArgument("outbox options out of range");
  }
  return base::Status::Ok();
}

}  // namespace

// What is sealed: everything needed to send, plus what the admin queue shows.
struct Outbox::Envelope {
  std::string from, to, to_name, subject, mime;

  std::string Serialize() const {
    std::string out(kEnvelopeMagic);
    for (const std::string* f : {&from, &to, &to_name, &subject, &mime}) AppendField(*f, &out);
    return out;
  }
  static base::Result<Envelope> Parse(std::string_view in) {
    if (!in.starts_with(kEnvelopeMagic)) {
      return base::Status::InvalidArgument("outbox envelope: unknown format");
    }
    in.remove_prefix(kEnvelopeMagic.size());
    Envelope e;
    for (std::string* f : {&e.from, &e.to, &e.to_name, &e.subject, &e.mime}) {
      if (!ReadField(&in, f)) return base::Status::InvalidArgument("outbox envelope: malformed");
    }
    if (!in.empty()) return base::Status::InvalidArgument("outbox envelope: trailing bytes");
    return e;
  }
};

Outbox::Outbox(store::MailStore& store, const crypto::Keyring& ring,
               const base::Clock& clock, Sender from, OutboxOptions options)
    : store_(store), ring_(ring), clock_(clock), from_(std::move(from)), options_(options) {}

void Outbox::SetOnQueued(std::function<void()> on_queued) {
  std::lock_guard<std::mutex> lock(mu_);
  on_queued_ = std::move(on_queued);
}

void Outbox::Notify() {
  std::function<void()> f;
  {
    std::lock_guard<std::mutex> lock(mu_);
    f = on_queued_;
  }
  if (f) f();
}

std::chrono::seconds Outbox::BackoffAfter(int attempts) const {
  std::chrono::seconds wait = options_.backoff_base;
  for (int i = 1; i < attempts && wait < options_.backoff_cap; ++i) wait *= 2;
  return std::min(wait, options_.backoff_cap);
}

base::Result<int64_t> Outbox::Enqueue(std::string_view kind, const Message& m) {
  if (kind.empty()) return base::Status::InvalidArgument("outbox: empty kind");
  const base::Time now = clock_.Now();
  const std::string message_id = MakeMessageId(crypto::RandomToken(), from_.address);
  Envelope e;
  BS_ASSIGN_OR_RETURN(e.mime, BuildMime(m, from_, now, message_id));
  e.from = from_.address;
  e.to = m.to_address;
  e.to_name = m.to_name;
  e.subject = m.subject;
  BS_ASSIGN_OR_RETURN(std::string sealed, ring_.Seal(e.Serialize(), kAssociatedData));
  BS_ASSIGN_OR_RETURN(int64_t id, store_.Enqueue(std::string(kind), sealed, now));
  Notify();
  return id;
}

base::Result<DeliveryStats> Outbox::DeliverDue(Transport& transport) {
  BS_RETURN_IF_ERROR(CheckOptions(options_));
  DeliveryStats stats;
  BS_ASSIGN_OR_RETURN(std::vector<store::OutboxItem> items,
                      store_.ClaimDue(clock_.Now(), options_.lease, options_.batch_size));
  for (const store::OutboxItem& item : items) {
    ++stats.claimed;
    base::Result<Envelope> envelope = [&]() -> base::Result<Envelope> {
      BS_ASSIGN_OR_RETURN(std::string plain,
                          ring_.Open(item.sealed_envelope, kAssociatedData));
      return Envelope::Parse(plain);
    }();
    if (!envelope.ok()) {
      // Damaged, or sealed under a key of this ring that does not open it: no
      // retry will help. A key this node does not hold at all (NotFound: a
      // rotation whose new key has not reached this node yet) may arrive, so
      // that waits like a delivery failure.
      const int attempts = item.attempts + 1;
      const bool give_up = !envelope.status().IsNotFound() || attempts >= options_.max_attempts;
      const base::Time at = clock_.Now();
      BS_RETURN_IF_ERROR(store_.MarkFailed(item.id,
                                           "envelope unreadable: " + envelope.status().ToString(),
                                           give_up ? at : at + BackoffAfter(attempts), give_up));
      ++(give_up ? stats.failed : stats.deferred);
      continue;
    }
    const base::Status sent = transport.Send(envelope->from, envelope->to, envelope->mime);
    const base::Time at = clock_.Now();
    if (sent.ok()) {
      BS_RETURN_IF_ERROR(store_.MarkSent(item.id, at));
      ++stats.sent;
      continue;
    }
    const int attempts = item.attempts + 1;
    const bool give_up = sent.IsInvalidArgument() || attempts >= options_.max_attempts;
    BS_RETURN_IF_ERROR(store_.MarkFailed(item.id, sent.ToString(),
                                         give_up ? at : at + BackoffAfter(attempts), give_up));
    ++(give_up ? stats.failed : stats.deferred);
  }
  return stats;
}

base::Result<std::vector<OutboxView>> Outbox::List(std::optional<store::OutboxStatus> status,
                                                   int limit, int offset) {
  BS_ASSIGN_OR_RETURN(std::vector<store::OutboxItem> items,
                      store_.ListOutbox(status, limit, offset));
  std::vector<OutboxView> views;
  views.reserve(items.size());
  for (store::OutboxItem& item : items) {
    OutboxView v;
    v.id = item.id;
    v.kind = std::move(item.kind);
    v.status = item.status;
    v.attempts = item.attempts;
    v.created_at = item.created_at;
    v.next_attempt_at = item.next_attempt_at;
    v.sent_at = item.sent_at;
    v.last_error = std::move(item.last_error);
    if (item.sealed_envelope.empty()) {
      v.envelope = OutboxView::Envelope::kErased;
    } else {
      base::Result<std::string> plain = ring_.Open(item.sealed_envelope, kAssociatedData);
      base::Result<Envelope> e =
          plain.ok() ? Envelope::Parse(*plain) : base::Result<Envelope>(plain.status());
      if (e.ok()) {
        v.to_address = std::move(e->to);
        v.to_name = std::move(e->to_name);
        v.subject = std::move(e->subject);
      } else {
        v.envelope = OutboxView::Envelope::kUnreadable;
      }
    }
    views.push_back(std::move(v));
  }
  return views;
}

base::Result<int64_t> Outbox::Count(std::optional<store::OutboxStatus> status) {
  return store_.CountOutbox(status);
}

base::Status Outbox::Requeue(int64_t id) {
  BS_RETURN_IF_ERROR(store_.Requeue(id, clock_.Now()));
  Notify();
  return base::Status::Ok();
}

crypto::ResealColumn OutboxResealColumn(store::MailStore& store) {
  crypto::ResealColumn c;
  c.name = "outbox envelopes";
  c.list = [&store](int64_t after, int limit) -> base::Result<std::vector<crypto::SealedRow>> {
    BS_ASSIGN_OR_RETURN(std::vector<store::SealedValue> page,
                        store.ListSealedEnvelopes(after, limit));
    std::vector<crypto::SealedRow> rows;
    for (store::SealedValue& v : page) rows.push_back({v.id, std::move(v.sealed)});
    return rows;
  };
  c.associated_data = [](const crypto::SealedRow&) {
    return base::Result<std::string>(std::string(kAssociatedData));
  };
  c.replace = [&store](int64_t id, const std::string& expected, const std::string& resealed) {
    return store.ReplaceSealedEnvelope(id, expected, resealed);
  };
  return c;
}

}  // namespace mail
