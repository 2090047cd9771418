#pragma once
// The Donate page's gift, Stripe's webhooks, cancelling a monthly gift from
// the receipt's link, and the treasurer's offline gifts (issue 6). See
// README.md for the words.
//
// Secrecy: donors' personal fields exist in clear only in memory; they are
// sealed with the key ring (donor_profile.h) and donors are matched by the
// blind index of the normalized email (the same index members use).
//
// Money: every amount is int64 minor units of the organization's one
// currency (DonationsPolicy::currency). The store derives each gift's status
// from facts that only move forward, so webhook events may arrive
// duplicated, in parallel and in any order (see HandleWebhook).
//
// Receipts: a webhook never emails. The store queues a receipt in the same
// transaction as the event that completes a gift, and SendDueReceipts (a
// background job, woken after such a webhook) sends the queue; see
// README.md, "Receipts".
//
// Thread-safety: safe for concurrent use; calls block on the database and
// on Stripe (run them on the worker pool, never on a network thread).

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
#include "base/time_zone.h"
#include "crypto/keyring.h"
#include "crypto/sealed.h"
#include "donations/contribution_rules.h"
#include "donations/donor_profile.h"
#include "donations/money.h"
#include "donations/notifier.h"
#include "donations/stripe_client.h"
#include "donations/stripe_event.h"
#include "store/donations_store.h"

namespace donations {

using base::Result;
using base::Status;

// The organization's donation settings, mapped from broadside.toml and the
// settings pages by the composition root. (The Stripe key and base URL are
// the injected StripeClient's, not here.)
struct DonationsPolicy {
  Currency currency{"USD", 2, "$", "US$"};  // FindCurrency(settings' code)
  std::vector<int64_t> preset_amounts_minor = {1000, 2500, 5000, 10000};
  RulesConfig rules;  // REQUIRES: ValidateRulesConfig(rules).ok()
  // Stripe webhook signing secrets ("whsec_..."); several during a rotation.
  std::vector<std::string> webhook_secrets;
  // Absolute URLs on the site, built from its base URL, e.g.
  //   success_url = base + "/donate/thanks?session_id={CHECKOUT_SESSION_ID}"
  //   cancel_url  = base + "/donate"
  std::string success_url, cancel_url;
  // The line item's name on Stripe's page ("Donation to <organization>").
  std::string product_name = "Donation";
  std::string monthly_product_name = "Monthly donation";
  // The organization's zone: calendar years (caps, itemization) are its own.
  base::TimeZone time_zone = base::TimeZone::Utc();
};

// The Donate form as typed. Everything is kept as typed so the page can show
// it again with the problems.
struct GiftForm {
  // The preset chosen: its amount in minor units as a decimal string
  // ("2500"), or "" / "other" for the custom amount.
  std::string preset;
  std::string custom_amount;  // what the donor typed; used when not blank
  bool monthly = false;
  std::string name, email;
  std::string address_line1, address_line2, city, region, postal_code, country;
  std::string employer, occupation;
  std::string dedication, comment;    // optional
  std::vector<std::string> attested;  // keys of the boxes ticked
  std::string lang = "en";            // the page's language ("en", "es")
};

// One problem for the page: `field` is the form field ("amount", "name",
// "email", "address_line1", "city", "postal_code", "country", "employer",
// "occupation", "dedication", "comment", "attestation:<key>", or "" for the
// whole form) and `msgid` the English text the page translates.
struct GiftProblem {
  std::string field;
  std::string msgid;
  bool operator==(const GiftProblem&) const = default;
};

struct GiftFeedback {
  std::vector<GiftProblem> problems;
  // With a yearly cap, and an email to match: how much more the donor may
  // give this calendar year (the page shows kCapRemainingMsgid with it).
  std::optional<int64_t> remaining_minor;
  bool itemized = false;  // employer and occupation are required
};

struct StartedGift {
  std::string checkout_url;  // redirect the donor here (303)
  std::string donation_ref;
};

// What one webhook did, for the log and the tests. The HTTP answer is 200
// whatever it says.
struct WebhookOutcome {
  std::string event_id, type;
  bool duplicate = false;  // this event id was applied before: nothing changed
  // What was done: "completed", "expired", "monthly_charge", "plan_past_due",
  // "plan_cancelled", "refunded", "linked" (ids recorded, no money), or
  // "ignored" (an unknown type, or an event about no gift of ours: recorded).
  std::string action;
  std::optional<int64_t> donation_id, plan_id;
  // This event completed a gift, and its receipt was queued with it (in the
  // same transaction): SendDueReceipts will send it.
  bool receipt_requested = false;
  // Always "" now: sending happens off the webhook and its failures are
  // kept on the queued receipt (store::QueuedReceipt). Kept for callers.
  std::string receipt_error;
};

// Receipts that could not be sent in one SendDueReceipts pass, for the log
// (no personal data: the gift's id and the error).
struct ReceiptFailure {
  int64_t donation_id = 0;
  int attempts = 0;       // failed attempts so far, this one included
  bool gave_up = false;   // the last attempt: the receipt stays failed
  std::string error;
};

// A receipt is tried this many times at most; the waits between attempts
// are kReceiptBackoff[attempts - 1] (1 min, 5 min, 30 min, 2 h, 12 h).
inline constexpr int kMaxReceiptAttempts = 6;
inline constexpr std::chrono::seconds kReceiptBackoff[kMaxReceiptAttempts - 1] = {
    std::chrono::seconds(60), std::chrono::seconds(300), std::chrono::seconds(1800),
    std::chrono::seconds(7200), std::chrono::seconds(43200)};
// How long a claimed receipt is left to its sender before another pass may
// take it again (a sender that died mid-pass).
inline constexpr std::chrono::seconds kReceiptLease{300};

// A gift the treasurer records (a check, cash, a bank transfer).
struct OfflineGift {
  std::string amount;  // as typed, in the organization's currency
  store::DonationMethod method = store::DonationMethod::kCheck;  // not kStripe
  base::Time received_at{};                                      // the date the money arrived
  std::string reference;      // check number, transfer reference; clear text, not personal
  std::string note;           // the ledger's note; clear text, not personal
  int64_t actor_user_id = 0;  // the treasurer (audited); 0 = the system (an import)
  std::string name, email;
  std::string address_line1, address_line2, city, region, postal_code, country;
  std::string employer, occupation;
  std::string lang = "en";
};

// A treasurer's correction of one recorded gift, as typed.
struct GiftCorrection {
  int64_t donation_id = 0;
  // Offline gifts only ("" = unchanged): the gift's amount, and the total
  // refunded so far (an offline refund: a check returned, cash given back).
  std::string amount, refunded;
  std::optional<base::Time> received_at;  // offline gifts only; unset = unchanged
  std::string note;                       // required: why (the ledger keeps it)
  int64_t actor_user_id = 0;              // the treasurer (audited by the page)
};

// Field limits, in characters.
inline constexpr size_t kMaxNameChars = 200;
inline constexpr size_t kMaxAddressChars = 200;
inline constexpr size_t kMaxShortFieldChars =
    100;  // city, region, postal code, country, employer, occupation
inline constexpr size_t kMaxCommentChars = 1000;   // dedication, comment
inline constexpr size_t kMaxReferenceChars = 200;  // offline reference and note

// The msgids of problems this service reports (besides money.h's
// AmountErrorMsgid and contribution_rules.h's RuleProblemMsgid).
inline constexpr std::string_view kRequiredMsgid = "Please fill in this field.";
inline constexpr std::string_view kTooLongMsgid = "This is longer than we can keep.";
inline constexpr std::string_view kBadTextMsgid = "This contains characters we cannot accept.";
inline constexpr std::string_view kBadEmailMsgid = "Please enter a valid email address.";
inline constexpr std::string_view kUnknownPresetMsgid = "Please choose one of the amounts shown.";
inline constexpr std::string_view kFutureDateMsgid = "The date cannot be in the future.";
inline constexpr std::string_view kStripeGiftMsgid =
    "A Stripe gift changes only through Stripe (its refunds arrive from Stripe). Add a note "
    "instead.";
inline constexpr std::string_view kRefundAboveAmountMsgid =
    "The refunded total cannot be more than the gift.";
inline constexpr std::string_view kPaymentUnavailableMsgid =
    "The payment service is not available right now. Nothing was charged. Please try again "
    "in a few minutes.";

class DonationsService {
 public:
  // Everything borrowed must outlive this object. `notifier` may be null
  // (nothing is sent; tests). `index_key` is the members' index key.
  DonationsService(store::DonationsStore& store, StripeClient& stripe, const crypto::Keyring& ring,
                   const crypto::FieldKey& index_key, const base::Clock& clock, Notifier* notifier,
                   DonationsPolicy policy);

  const DonationsPolicy& policy() const { return policy_; }

  // --- The Donate page.
  // Checks the form, then the contribution rules against the donor's total
  // this calendar year (in the organization's zone), creates the Checkout
  // Session (Idempotency-Key "<donation ref>:checkout") and then the pending
  // gift (and its plan, for a monthly gift) with the session's id. Returns
  // where to send the donor. `feedback` (when given) receives every problem
  // and the remaining amount under a cap.
  // Errors: InvalidArgument for a form with problems (nothing stored, nothing
  // sent to Stripe); Unavailable when Stripe or the store failed (feedback
  // gets kPaymentUnavailableMsgid; nothing was charged and no gift is
  // recorded — a session Stripe may have made is never shown to the donor
  // and expires on its own).
  Result<StartedGift> StartGift(const GiftForm& form, GiftFeedback* feedback = nullptr);

  // --- Stripe's webhook. `signature_header` is Stripe-Signature, `body` the
  // raw request body. Errors:
  //   InvalidArgument / PermissionDenied: unsigned, mis-signed, stale, or a
  //     body that is not an event: answer 400; nothing changed.
  //   Internal: no webhook secret configured, or an event at odds with what
  //     the store holds (logged; answer 500 so Stripe retries and an
  //     operator looks).
  //   Unavailable: cannot be applied yet (the store is busy, or a refund of a
  //     monthly charge whose invoice.paid has not arrived): answer 503, and
  //     Stripe delivers it again later.
  // Each event id is applied at most once (a duplicate is OK with
  // duplicate = true); the order of events does not matter. Event types:
  //   checkout.session.completed (paid)  the gift completed; for a monthly
  //       gift the plan becomes active with its subscription.
  //   invoice.paid, billing_reason subscription_create: the SAME first gift
  //       (Stripe sends it and the session's completion for the first
  //       month; both complete that one gift, and a completion only counts
  //       once, so the first payment is counted once whichever comes first).
  //   invoice.paid, any other reason: a new gift for that month's charge.
  //   invoice.payment_failed: the plan is past due.
  //   checkout.session.expired: the gift expired (its plan, if any, is
  //       cancelled: it never started).
  //   charge.refunded: the gift (by charge, payment intent, invoice, then
  //       donation ref) records Stripe's cumulative refunded amount.
  //   customer.subscription.deleted: the plan is cancelled.
  //   anything else: recorded and ignored.
  // A receipt is queued, in the transaction that applies the event, for
  // each gift this event completed (receipt_requested), and the callback of
  // SetOnReceiptQueued is called; the notifier is never called here.
  Result<WebhookOutcome> HandleWebhook(std::string_view signature_header, std::string_view body);

  // --- Receipts. Sends up to `limit` (1..1000) queued receipts that are
  // due: each is built from the gift and the donor's opened profile (a
  // monthly one with a fresh cancel link whose hash replaces the plan's
  // just before the notifier is asked, so the link in the receipt sent last
  // is the one that works, retries included), asked of the notifier, and
  // marked sent. A failure (building or the notifier) marks it failed with
  // a backoff (kReceiptBackoff); after kMaxReceiptAttempts it stays failed
  // for the treasurer. `failures` (when given) receives each failure.
  // Returns how many were sent. With no notifier, sends nothing (0).
  // Passes are serialized within this object.
  // At least once: the notifier's outbox commits on its own, so a crash
  // between it and the mark sends that receipt again (one duplicate) when
  // the claim's lease (kReceiptLease) ends; never none.
  // Errors: the store's, when claiming fails or a mark could not be written
  // (the pass still tries every receipt it claimed).
  Result<int> SendDueReceipts(int limit, std::vector<ReceiptFailure>* failures = nullptr);

  // Called (on the webhook's thread, after its commit) each time a webhook
  // queued a receipt: the composition root wakes the sending job with it.
  // It must be quick and must not call back into this object. Null clears.
  void SetOnReceiptQueued(std::function<void()> on_queued);

  // --- The receipt's "cancel my monthly gift" link. Cancels the Stripe
  // subscription (Stripe's NotFound: already cancelled) and marks the plan
  // cancelled. Idempotent: an already cancelled plan is OK. Returns the plan.
  // Errors: NotFound for an unknown link; Unavailable (or Stripe's error)
  // when Stripe could not be reached: nothing changed, try again.
  Result<store::Plan> CancelMonthly(std::string_view link_token);
  // The plan a receipt's link names, changing nothing (the page shows what
  // the button would cancel). NotFound for an unknown or replaced link.
  Result<store::Plan> PlanForLink(std::string_view link_token);

  // --- The treasurer: an offline gift, under the same rules (minimum,
  // maximum, yearly cap, employer and occupation above the threshold), in
  // the calendar year of `gift.received_at`. Attestations are not asked:
  // the treasurer keeps the donor's signed form. Returns the gift's id.
  // Errors: InvalidArgument with `feedback` (fields as on the Donate form,
  // plus "method", "received_at", "reference", "note"); Conflict if the
  // store refuses it.
  Result<int64_t> RecordOfflineGift(const OfflineGift& gift, GiftFeedback* feedback = nullptr);

  // --- The treasurer: corrects a gift. An offline gift's amount, refunded
  // total and date received may change; any gift (a Stripe one too) may get
  // a note, such as a refund note. The ledger gets a "correction" row of the
  // difference in net amount (0 for a note) in the same transaction, so the
  // books still reconcile. The rules engine is not applied: a correction
  // records what happened to money already received.
  // Errors: InvalidArgument with `feedback` (fields "amount", "refunded",
  // "received_at", "note"; kStripeGiftMsgid for a Stripe gift's money);
  // NotFound for an unknown gift.
  Status CorrectGift(const GiftCorrection& c, GiftFeedback* feedback = nullptr);

  // --- A member's portal: the gifts of the donor whose email has this blind
  // index (members and donors share the index key, so a member's
  // members::Indexer::EmailIndex finds their gifts). Newest first, at most
  // `limit`; empty when that address never gave.
  Result<std::vector<store::Donation>> GiftsByEmailIndex(const std::string& email_index,
                                                         int limit = 100);

 private:
  struct Donor;
  struct Application;
  Result<Donor> FindDonor(const std::string& email_index);
  Result<int64_t> YearTotal(const std::optional<int64_t>& donor_id, int year);
  Status Decide(const StripeEvent& e, Application* out);
  // The receipt of a gift, a monthly one with its fresh cancel link set on
  // the plan (donations_receipts.cc).
  Result<DonationReceipt> BuildReceipt(int64_t donation_id);
  Status SendOneReceipt(int64_t donation_id);

  store::DonationsStore& store_;
  StripeClient& stripe_;
  const crypto::Keyring& ring_;
  const crypto::FieldKey& index_key_;
  const base::Clock& clock_;
  Notifier* notifier_;
  const DonationsPolicy policy_;

  std::mutex send_mu_;  // held for a whole SendDueReceipts pass

  std::mutex on_queued_mu_;
  std::function<void()> on_queued_;  // guarded by on_queued_mu_
};

}  // namespace donations
