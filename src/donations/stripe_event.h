#pragma once
// A Stripe webhook event, reduced to the fields Broadside acts on. Parsing is
// separate from signature checking (stripe_signature.h): verify the raw body
// first, then parse it.
//
// Stripe objects we read (https://stripe.com/docs/api):
//   checkout.session.completed / .expired   data.object = Checkout Session
//   invoice.paid / invoice.payment_failed   data.object = Invoice
//   charge.refunded                         data.object = Charge
//   customer.subscription.deleted           data.object = Subscription
// Broadside puts its own donation ref in `metadata.donation_ref` of every
// session it creates, and in `subscription_data.metadata.donation_ref` for
// monthly gifts, so each event finds its donation without a lookup table.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace donations {

struct StripeEvent {
  std::string id;     // "evt_..."; unique per event, the idempotency key
  std::string type;   // e.g. "checkout.session.completed"; any type parses
  int64_t created = 0;  // unix seconds, as Stripe stamped it
  bool livemode = false;

  // From data.object; absent fields stay empty / 0.
  std::string object_type;  // "checkout.session", "invoice", "charge", "subscription"
  std::string object_id;    // "cs_...", "in_...", "ch_...", "sub_..."
  // metadata.donation_ref; for invoices also
  // subscription_details.metadata.donation_ref or lines.data[0].metadata.
  std::string donation_ref;
  std::string mode;            // session: "payment" or "subscription"
  std::string payment_status;  // session: "paid", "unpaid", "no_payment_required"
  std::string subscription_id; // session, invoice, subscription ("sub_...")
  std::string customer_id;     // "cus_..."
  std::string payment_intent_id;  // session, invoice, charge ("pi_...")
  std::string invoice_id;         // charge ("in_...") when the charge paid an invoice
  std::string billing_reason;     // invoice: "subscription_create", "subscription_cycle", ...
  // session: amount_total; invoice: amount_paid (invoice.paid) or amount_due
  // (payment_failed); charge: amount (the charge's full amount).
  int64_t amount_minor = 0;
  // charge: amount_refunded, cumulative over every refund of this charge.
  int64_t amount_refunded_minor = 0;
  std::string currency;  // lower-case ISO 4217, e.g. "usd"
};

// Parses an event body. InvalidArgument (naming the field) when the body is
// not JSON, or lacks id, type, created or data.object. Amounts must be
// integers in [0, 10^15]; anything else (float, string, negative) is
// InvalidArgument: money is never guessed.
base::Result<StripeEvent> ParseStripeEvent(std::string_view body);

}  // namespace donations
