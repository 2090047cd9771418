#pragma once
// Storage contract for donations (src/donations/): donors, gifts (one-time
// or one monthly charge), monthly plans, the Stripe events applied, and the
// ledger of money movements.
//
// Secrecy: as for members (store/members_store.h), a donor's personal data
// (name, email, postal address, employer, occupation) arrives sealed into
// one opaque `sealed_profile` bound to the donor's random `ref`; donors are
// matched across gifts by a keyed blind index of the normalized email.
// Dedications, comments and attestations are sealed likewise in
// `sealed_extra`. Ledger notes and offline references are clear text: never
// personal data.
//
// Money: int64 minor units and an ISO 4217 code, stored upper-case (the
// store upper-cases what it is given, so "usd" and "USD" are one currency).
// Sums never mix currencies.
//
// Status is derived, never set: the store keeps the facts (completed_at,
// failed_at, expired_at, refunded_minor) and computes status from them, so
// the order events arrive in does not matter (a refund before its completion
// still ends refunded). A gift is *received* (counts as money in) once it is
// completed or anything of it was refunded; received_at is then set. The
// store writes the ledger itself, in the same transaction as each change, so
//   sum(ledger) == sum(amount - refunded over received gifts)
// holds by construction (Reconcile checks it).
//
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/donation_types.h"
#include "store/sealed_value.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

// What one event does to a donation. Each fact only ever moves forward, so
// applying changes in any order ends in the same state.
struct DonationUpdate {
  // Marks the gift completed; the first completion stays. received_at
  // becomes this time (replacing one a refund had set provisionally).
  std::optional<Time> completed_at;
  // Stripe's cumulative amount_refunded: the stored value becomes
  // max(stored, this). InvalidArgument when above the amount or negative.
  std::optional<int64_t> refunded_minor;
  std::optional<Time> failed_at, expired_at;  // the first stays
  // Non-empty ids fill unknown ones; a different known id is Conflict.
  StripeRefs stripe;
};

struct PlanUpdate {
  // Applied only when the event's occurred_at >= the plan's status_at and
  // the plan is not cancelled (an older event never undoes a newer one).
  std::optional<PlanStatus> status;
  std::string stripe_subscription_id, stripe_customer_id;  // fill unknown ones
};

// One Stripe event's effect, decided by the donations service and applied
// by the store in one transaction.
struct EventApplication {
  StripeEventRecord event;  // donation_id / plan_id: the targets, if any
  // The target gift when it may not exist yet (a monthly charge, from
  // invoice.paid or from a charge.refunded that came first): the gift with
  // the same Stripe invoice, payment intent or charge id if there is one
  // (its known ids merge, as for DonationUpdate), else this one, inserted.
  // event.donation_id must then be unset. Its status, refund and received
  // fields are ignored: use `donation` for facts.
  std::optional<Donation> create_donation;
  DonationUpdate donation;  // for the target donation
  PlanUpdate plan;          // for event.plan_id
};

struct AppliedEvent {
  bool applied = false;  // false: this event id was applied before; nothing changed
  std::optional<int64_t> donation_id, plan_id;  // as recorded with the event
  bool newly_completed = false;  // this event completed the gift
  // A receipt was queued for the gift (see "Receipts" below): exactly when
  // newly_completed, in the same transaction.
  bool receipt_queued = false;
  int64_t newly_refunded_minor = 0;  // what this event added to the refunded amount
};

// --- Receipts: a durable queue of receipts to email, one row per gift.
// ApplyEvent queues one (due at once) in the transaction of the event that
// completes a gift, whatever the event (a one-time completion, a monthly
// plan's first payment, a later monthly charge); duplicates and events that
// complete nothing queue none, and a gift never has two. Offline gifts get
// none (RecordOfflineDonation). A sender claims due rows, sends, and marks
// each sent or failed; a row is kept after that as the gift's record.
enum class ReceiptStatus { kDue, kSent, kFailed };  // kFailed: given up
const char* ReceiptStatusName(ReceiptStatus s);      // "due", "sent", "failed"

struct QueuedReceipt {
  int64_t donation_id = 0;
  ReceiptStatus status = ReceiptStatus::kDue;
  int attempts = 0;        // attempts that ended (failed, or the one that sent)
  Time queued_at{};        // the completing event's received_at
  Time due_at{};           // next attempt (after a backoff or a claim's lease)
  std::optional<Time> sent_at;
  std::string last_error;  // of the latest failed attempt; never personal data
};

// A filter over donations; the date is received_at, or created_at for
// gifts not received.
struct DonationFilter {
  std::optional<Time> from, to;  // [from, to)
  std::optional<DonationStatus> status;
  std::optional<DonationMethod> method;
  std::optional<DonationKind> kind;
  std::optional<int64_t> min_amount_minor, max_amount_minor;  // inclusive
  std::string currency;                                       // "" = any
  std::optional<int64_t> donor_id;
  std::optional<int64_t> recurring_id;
  int limit = 50;   // 1..1000
  int offset = 0;   // >= 0
};

enum class Period { kDay, kMonth, kYear };

// Money received in one UTC period ("2026-11-05", "2026-11", "2026").
struct PeriodTotal {
  std::string period;
  std::string currency;
  int64_t gifts = 0;            // received gifts
  int64_t gross_minor = 0;      // their amounts
  int64_t refunded_minor = 0;
  int64_t net_minor = 0;        // gross - refunded
};

struct CurrencyTotal {
  std::string currency;
  int64_t count = 0;
  int64_t amount_minor = 0;
};

// One donor whose total in a range exceeded a threshold, with those gifts.
struct ItemizedDonor {
  Donor donor;
  int64_t total_minor = 0;          // net of refunds
  std::vector<Donation> donations;  // received in the range, oldest first
};

struct Reconciliation {
  std::string currency;
  int64_t ledger_minor = 0;     // sum of the ledger
  int64_t donations_minor = 0;  // sum of amount - refunded over received gifts
};

// A treasurer's correction: the ledger gets the difference in net amount.
struct DonationCorrection {
  int64_t donation_id = 0;
  std::optional<int64_t> amount_minor;    // > 0, >= refunded
  std::optional<int64_t> refunded_minor;  // absolute, 0..amount (an offline refund)
  std::optional<Time> received_at;        // only for a received gift
  Time at{};
  std::optional<int64_t> actor_user_id;
  std::string note;  // required
};

class DonationsStore {
 public:
  virtual ~DonationsStore() = default;

  // --- Creating. Conflict for a taken ref, Stripe id or cancel hash (or the
  // donor rule of DonorInput); InvalidArgument for a missing ref, amount <= 0,
  // a currency that is not 3 letters, or an unknown plan or user.
  struct Created {
    int64_t donor_id = 0, donation_id = 0;
    std::optional<int64_t> plan_id;
  };
  // Upserts the donor and inserts `d` as a pending gift (its donor_id,
  // status and facts ignored) and, when `plan` is given, the plan too
  // (d.recurring_id becomes it): all or nothing.
  virtual Result<Created> CreatePendingDonation(const DonorInput& donor, const Donation& d,
                                                const std::optional<Plan>& plan) = 0;
  // Inserts a plan for an existing donor (id, status_at, updated_at ignored).
  virtual Result<int64_t> CreatePlan(const Plan& p) = 0;
  // An offline gift (method not Stripe): upserts the donor, inserts `d` as
  // completed at d.received_at (required) and writes an "offline" ledger
  // row by d.recorded_by_user_id with `note`. Queues no receipt.
  virtual Result<Created> RecordOfflineDonation(const DonorInput& donor, const Donation& d,
                                                const std::string& note) = 0;
  // InvalidArgument for an empty note, a bad amount or refund, or a
  // received_at on a gift not received; NotFound for an unknown donation. Writes a
  // "correction" ledger row (possibly of 0, a note) in the same transaction.
  virtual Status CorrectDonation(const DonationCorrection& c) = 0;

  // --- Stripe events: see EventApplication. One transaction, which also
  // queues the receipt of a gift the event completes. On any error
  // nothing is applied and the event stays unrecorded, so a retry can apply
  // it: NotFound for an unknown target, InvalidArgument for a bad update,
  // Conflict for a Stripe id contradicting a known one or a taken ref.
  virtual Result<AppliedEvent> ApplyEvent(const EventApplication& e) = 0;
  virtual Result<std::optional<StripeEventRecord>> GetEvent(const std::string& event_id) = 0;
  // Oldest first (by occurred_at, then received_at).
  virtual Result<std::vector<StripeEventRecord>> ListDonationEvents(int64_t donation_id) = 0;
  virtual Result<std::vector<StripeEventRecord>> ListPlanEvents(int64_t plan_id) = 0;

  // --- Receipts (see QueuedReceipt). Claims up to `limit` (1..1000) rows
  // that are due at `now`, oldest due_at first (then by gift), and in the
  // same transaction moves their due_at to now + lease, so a second sender
  // does not take them too; a sender that dies mid-pass leaves them to be
  // claimed again when the lease ends. InvalidArgument for a bad limit or a
  // negative lease.
  virtual Result<std::vector<QueuedReceipt>> ClaimDueReceipts(Time now,
                                                              std::chrono::seconds lease,
                                                              int limit) = 0;
  // Sent: status sent, sent_at, attempts + 1. A receipt already sent is left
  // as it is (OK). NotFound when the gift has no queued receipt.
  virtual Status MarkReceiptSent(int64_t donation_id, Time at) = 0;
  // Not sent: attempts + 1 and last_error; due again at `retry_at`, or
  // failed for good (kept, listed for the treasurer) when `give_up`.
  // NotFound when the gift has no queued receipt; InvalidArgument when it
  // was already sent or given up.
  virtual Status MarkReceiptFailed(int64_t donation_id, const std::string& error, Time retry_at,
                                   bool give_up) = 0;
  // NotFound when no receipt was ever queued for the gift.
  virtual Result<QueuedReceipt> GetReceipt(int64_t donation_id) = 0;
  // Newest queued first; `status` nullopt = all. InvalidArgument for limit
  // outside 1..1000 or offset < 0.
  virtual Result<std::vector<QueuedReceipt>> ListReceipts(std::optional<ReceiptStatus> status,
                                                          int limit, int offset) = 0;

  // --- Reading one. NotFound when absent.
  virtual Result<Donation> GetDonation(int64_t id) = 0;
  virtual Result<Donation> GetDonationByRef(const std::string& ref) = 0;
  // By a Stripe id of `which` kind; NotFound for "" too.
  enum class StripeKey { kCheckoutSession, kPaymentIntent, kInvoice, kCharge };
  virtual Result<Donation> GetDonationByStripeId(StripeKey which, const std::string& id) = 0;
  virtual Result<Donor> GetDonor(int64_t id) = 0;
  virtual Result<std::optional<Donor>> FindDonorByEmailIndex(const std::string& email_index) = 0;
  virtual Result<Plan> GetPlan(int64_t id) = 0;
  virtual Result<Plan> GetPlanByRef(const std::string& ref) = 0;
  virtual Result<Plan> GetPlanBySubscriptionId(const std::string& subscription_id) = 0;
  virtual Result<Plan> GetPlanByCancelTokenHash(const std::string& token_hash) = 0;
  // Replaces the cancel link's hash (a new link in a new receipt).
  // NotFound for an unknown plan; Conflict when the hash is taken.
  virtual Status SetPlanCancelTokenHash(int64_t plan_id, const std::string& token_hash) = 0;
  // Sets the status outside an event (the donor cancelled from the link),
  // with PlanUpdate's rule at time `at`. NotFound for an unknown plan.
  virtual Status SetPlanStatus(int64_t plan_id, PlanStatus status, Time at) = 0;

  // --- The treasurer. Lists are newest first (date, id).
  virtual Result<std::vector<Donation>> ListDonations(const DonationFilter& f) = 0;
  virtual Result<int64_t> CountDonations(const DonationFilter& f) = 0;
  // Received gifts by UTC period of received_at in [from, to), by period
  // then currency.
  virtual Result<std::vector<PeriodTotal>> Totals(Time from, Time to, Period by) = 0;
  // Monthly amounts of active plans, per currency.
  virtual Result<std::vector<CurrencyTotal>> RecurringRevenue() = 0;
  // Gifts with anything refunded, by refunded_at in [from, to), newest first.
  virtual Result<std::vector<Donation>> ListRefunds(Time from, Time to, int limit,
                                                    int offset) = 0;
  // Net received (amount - refunded) of a donor's gifts in `currency` with
  // received_at in [from, to): the caller passes a calendar year's bounds
  // in its time zone. 0 for an unknown donor.
  virtual Result<int64_t> DonorTotal(int64_t donor_id, const std::string& currency, Time from,
                                     Time to) = 0;
  // Donors whose DonorTotal over [from, to) is above `threshold_minor`,
  // by donor id, with their received gifts in the range.
  virtual Result<std::vector<ItemizedDonor>> ItemizationCandidates(
      const std::string& currency, Time from, Time to, int64_t threshold_minor) = 0;
  // Oldest first.
  virtual Result<std::vector<LedgerEntry>> ListLedger(int64_t donation_id) = 0;
  // Per currency, both sides of the books.
  virtual Result<std::vector<Reconciliation>> Reconcile() = 0;

  // --- Re-sealing (store/sealed_value.h): donor profiles and sealed extras.
  virtual Result<std::vector<SealedValue>> ListSealedDonorProfiles(int64_t after_id,
                                                                   int limit) = 0;
  virtual Status ReplaceSealedDonorProfile(int64_t id, const std::string& expected,
                                           const std::string& resealed) = 0;
  virtual Result<std::vector<SealedValue>> ListSealedDonationExtras(int64_t after_id,
                                                                    int limit) = 0;
  virtual Status ReplaceSealedDonationExtra(int64_t id, const std::string& expected,
                                            const std::string& resealed) = 0;
};

}  // namespace store
