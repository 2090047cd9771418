#pragma once
// The records of the donations store (store/donations_store.h): donors,
// gifts, monthly plans, applied Stripe events and ledger rows, with the
// stored spellings of their enums. The meaning of each field, and the rules
// that keep them consistent, are in donations_store.h.

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace store {

using base::Time;

enum class DonationKind { kOneTime, kMonthlyCharge };
enum class DonationMethod { kStripe, kCheck, kCash, kBankTransfer, kOther };
// Derived, in this order of precedence: refunded (refunded == amount),
// partially_refunded (0 < refunded < amount), completed, failed, expired,
// pending.
enum class DonationStatus {
  kPending, kCompleted, kExpired, kFailed, kRefunded, kPartiallyRefunded
};
// cancelled is final: no later status change revives a plan.
enum class PlanStatus { kPending, kActive, kPastDue, kCancelled };

// The stored spellings ("one_time", "monthly_charge"; "stripe", "check",
// "cash", "bank_transfer", "other"; "pending", "completed", "expired",
// "failed", "refunded", "partially_refunded"; "pending", "active",
// "past_due", "cancelled"), also for exports and forms.
const char* DonationKindName(DonationKind k);
const char* DonationMethodName(DonationMethod m);
const char* DonationStatusName(DonationStatus s);
const char* PlanStatusName(PlanStatus s);
// The reverse: nullopt for an unknown spelling.
std::optional<DonationKind> DonationKindFrom(const std::string& s);
std::optional<DonationMethod> DonationMethodFrom(const std::string& s);
std::optional<DonationStatus> DonationStatusFrom(const std::string& s);
std::optional<PlanStatus> PlanStatusFrom(const std::string& s);

struct Donor {
  int64_t id = 0;
  std::string ref;             // random, unique: public handle and sealing context
  std::string email_index;     // blind index of the normalized email; unique
  std::string sealed_profile;  // opaque
  Time created_at{}, updated_at{};
};

// A donor for an upsert: when a donor with this email_index exists, its
// profile is replaced (the newest wins) — but only if `ref` is that donor's
// ref, because the profile is sealed to it; otherwise Conflict (look the
// donor up, seal again with its ref, retry). Otherwise a new donor is made.
struct DonorInput {
  std::string ref, email_index, sealed_profile;  // all required
};

// Stripe's ids for a gift; "" = not known (stored as NULL). Each is unique
// across donations.
struct StripeRefs {
  std::string checkout_session_id;  // "cs_..."
  std::string payment_intent_id;    // "pi_..."
  std::string invoice_id;           // "in_..." (monthly charges)
  std::string charge_id;            // "ch_..."
};

struct Donation {
  int64_t id = 0;
  std::string ref;  // random, unique
  int64_t donor_id = 0;
  DonationKind kind = DonationKind::kOneTime;
  std::optional<int64_t> recurring_id;  // the plan of a monthly gift
  DonationMethod method = DonationMethod::kStripe;
  DonationStatus status = DonationStatus::kPending;  // derived; ignored on input
  int64_t amount_minor = 0;                          // > 0
  std::string currency;                              // ISO 4217
  int64_t refunded_minor = 0;                        // 0..amount_minor, cumulative
  StripeRefs stripe;
  std::optional<Time> received_at;  // when the money arrived; counts toward totals
  std::optional<Time> completed_at, failed_at, expired_at;
  std::optional<Time> refunded_at;  // the latest refund
  Time created_at{}, updated_at{};
  std::string lang = "en";
  std::string offline_reference;                 // check number etc.; "" for Stripe
  std::optional<int64_t> recorded_by_user_id;    // staff who recorded an offline gift
  std::string sealed_extra;                      // opaque; "" = none
};

struct Plan {
  int64_t id = 0;
  std::string ref;  // random, unique
  int64_t donor_id = 0;
  int64_t amount_minor = 0;  // per month, > 0
  std::string currency;
  PlanStatus status = PlanStatus::kPending;
  Time status_at{};  // when the status was last set (by an event's time)
  std::string stripe_subscription_id, stripe_customer_id;  // "" = not known
  // crypto::HashToken of the cancel link's token; "" = none; unique.
  std::string cancel_token_hash;
  std::string lang = "en";
  Time created_at{}, updated_at{};
  std::optional<Time> cancelled_at;
};

// A Stripe event as applied: at most once per event_id.
struct StripeEventRecord {
  std::string event_id;  // "evt_..."
  std::string type;      // "charge.refunded", ...
  Time occurred_at{};    // Stripe's `created`
  Time received_at{};    // when we applied it
  std::optional<int64_t> donation_id, plan_id;  // what it touched
};

enum class LedgerKind { kReceived, kRefund, kOffline, kCorrection };
const char* LedgerKindName(LedgerKind k);  // "received", "refund", "offline", "correction"

// One money movement; append-only (the schema refuses edits).
struct LedgerEntry {
  int64_t id = 0;
  int64_t donation_id = 0;
  Time at{};
  LedgerKind kind = LedgerKind::kReceived;
  int64_t amount_minor = 0;  // signed: + money in, - money out
  std::string currency;
  std::string event_id;                    // the Stripe event; "" = none
  std::optional<int64_t> actor_user_id;    // staff; nullopt = Stripe or the system
  std::string note;                        // never personal data
};

}  // namespace store
