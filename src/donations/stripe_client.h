#pragma once
// The part of Stripe's REST API Broadside calls: create a Checkout Session,
// cancel a subscription, open a customer-portal session.
//
// StripeClient is the interface the donation services hold; CurlStripeClient
// is the real one (libcurl). The real Stripe and the Stripe TEST DOUBLE the
// tests run against (tests/stripe_double/) are reached by the same code:
// only StripeOptions::base_url and the key differ.
//
// Retries: none here. A call that fails with Unavailable may or may not have
// reached Stripe; the caller retries later with the SAME idempotency key, and
// Stripe answers a repeated create with the object it already made, so a
// retry never creates a second session.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace donations {

// Config [stripe].
struct StripeOptions {
  // https:// for anything but loopback; http:// only for 127.0.0.1, localhost
  // or [::1] (the test double). No trailing path.
  std::string base_url = "https://api.stripe.com";
  // "sk_live_...", "sk_test_..." or a restricted "rk_..." key. Sent only in
  // the Authorization header; never logged, never put in a Status message.
  std::string secret_key;
  // Pins the response shapes we parse (Stripe-Version header); empty = the
  // account's default version.
  std::string api_version = "2023-10-16";
  // Bounds connecting, and separately the whole request.
  std::chrono::milliseconds timeout{std::chrono::seconds(20)};
  // PEM CA bundle to trust instead of the system's; empty = system's.
  std::string ca_file;
};

// One gift's Checkout Session.
struct CheckoutRequest {
  enum class Mode { kPayment, kSubscription };  // one-time / monthly
  Mode mode = Mode::kPayment;
  int64_t amount_minor = 0;  // > 0; per month for kSubscription
  std::string currency;      // lower-case ISO 4217, "usd"
  std::string product_name;  // the line item's name shown on Stripe's page
  // Where Stripe sends the donor back. success_url may contain Stripe's
  // literal "{CHECKOUT_SESSION_ID}" placeholder.
  std::string success_url;
  std::string cancel_url;           // optional
  std::string customer_email;       // optional: prefills Stripe's form
  std::string client_reference_id;  // optional
  // Broadside's donation ref. Sent as metadata[donation_ref] on the session,
  // and as payment_intent_data[metadata][donation_ref] (one-time: reaches the
  // PaymentIntent and its charge) or subscription_data[metadata][donation_ref]
  // (monthly: reaches the subscription and, as subscription_details.metadata,
  // each invoice), so every webhook event can name its donation.
  std::string donation_ref;
  std::string locale;  // "en", "es"; empty = "auto"
};

struct CheckoutSession {
  std::string id;   // "cs_..."
  std::string url;  // where to redirect the donor (303)
};

// Errors, for every call:
//   InvalidArgument  a bad argument caught before sending, or Stripe's 400/402
//                    (invalid_request_error, card_error): a retry will not help.
//   NotFound         Stripe's 404 (resource_missing), e.g. an unknown id.
//   PermissionDenied Stripe's 401/403: the key is wrong or lacks the right.
//   Conflict         idempotency_error: the key was used with other parameters.
//   RateLimited      Stripe's 429.
//   Unavailable      network failure, timeout, 409 (a concurrent request with
//                    the same key) or 5xx: retry with the same key.
//   Internal         a 2xx answer we cannot parse.
// Messages carry Stripe's HTTP status, error type, code, param, message and
// Request-Id, for operators; never the key.
class StripeClient {
 public:
  virtual ~StripeClient() = default;

  // POST /v1/checkout/sessions with Idempotency-Key: idempotency_key (e.g.
  // "<donation ref>:checkout"; 1..255 printable ASCII characters).
  virtual base::Result<CheckoutSession> CreateCheckoutSession(const CheckoutRequest& request,
                                                              std::string_view idempotency_key) = 0;

  // DELETE /v1/subscriptions/{id}: ends a monthly gift now. Stripe answers
  // NotFound for a subscription that is already canceled as well as for an
  // unknown one; a caller cancelling on a donor's behalf treats both as done.
  // The key is sent too (Stripe ignores it on DELETE, which is idempotent).
  virtual base::Status CancelSubscription(std::string_view subscription_id,
                                          std::string_view idempotency_key) = 0;

  // POST /v1/billing_portal/sessions: a short-lived URL where the customer
  // manages their subscriptions. No idempotency key: a duplicate portal
  // session is harmless and expires on its own.
  virtual base::Result<std::string> CreatePortalSession(std::string_view customer_id,
                                                        std::string_view return_url) = 0;
};

// One libcurl easy handle per call, run on the calling thread (which blocks
// up to 2 x timeout: call it from a worker pool, never a network thread).
// Thread-safe: calls share nothing but the immutable options. libcurl's
// global init runs once, under std::call_once, in Create.
class CurlStripeClient final : public StripeClient {
 public:
  // InvalidArgument for a base URL that is not https:// (or http:// to
  // loopback) with a host and no path, an empty key or one with characters
  // that cannot go in a header, or a non-positive timeout.
  static base::Result<std::unique_ptr<CurlStripeClient>> Create(StripeOptions options);

  base::Result<CheckoutSession> CreateCheckoutSession(const CheckoutRequest& request,
                                                      std::string_view idempotency_key) override;
  base::Status CancelSubscription(std::string_view subscription_id,
                                  std::string_view idempotency_key) override;
  base::Result<std::string> CreatePortalSession(std::string_view customer_id,
                                                std::string_view return_url) override;

 private:
  explicit CurlStripeClient(StripeOptions options) : options_(std::move(options)) {}
  StripeOptions options_;
};

// Stripe's form encoding: "k=v&k2=v2" with every value and key
// percent-encoded except RFC 3986 unreserved characters and the brackets of
// Stripe's nested keys ("line_items[0][quantity]"). Exposed for tests.
std::string StripeFormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace donations
