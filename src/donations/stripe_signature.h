#pragma once
// Stripe webhook signatures (https://stripe.com/docs/webhooks#verify-manually).
// Stripe sends `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]`
// where each v1 is lower-case hex HMAC-SHA256, keyed with an endpoint's
// signing secret ("whsec_..." used as-is, bytes), of "<t>.<raw body>".
// Verify the raw body before parsing it (stripe_event.h). Pure functions:
// thread-safe; the time is passed in so tests control it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace donations {

// The replay window Stripe's own libraries use.
inline constexpr int64_t kStripeSignatureToleranceS = 300;

// Checks `header` (the Stripe-Signature value) against `payload` (the raw
// request body, byte for byte).
//   * The header is comma-separated key=value items in any order, blanks
//     around items, keys and values ignored. Exactly one `t` (decimal digits,
//     at most 12); at least one `v1`, each exactly 64 hex digits (either
//     case). `v0` and unknown keys are ignored.
//   * Accepted if ANY v1 matches the HMAC under ANY non-empty secret in
//     `secrets`, so during a secret rotation both the old and the new secret
//     (and both signatures Stripe sends then) work. Comparisons are constant
//     time (crypto::MacEquals).
//   * The timestamp must be within `tolerance_s` of `now_unix` either way:
//     older is a replay or a stale retry, newer is a forged or badly skewed clock.
// Returns:
//   OK                when a signature matches and the time is within tolerance;
//   InvalidArgument   when the header is empty or malformed (no t, several t,
//                     non-numeric t, no v1, a v1 that is not 64 hex digits):
//                     the request is not a signed Stripe webhook at all;
//   PermissionDenied  when the header is well formed but no signature matches
//                     (wrong secret, altered body) or t is outside tolerance;
//   Internal          when `secrets` holds no non-empty secret (misconfiguration).
// The web layer answers 400 for every non-OK result and changes nothing.
// REQUIRES: tolerance_s >= 0.
base::Status VerifyStripeSignature(std::string_view header, std::string_view payload,
                                   const std::vector<std::string>& secrets, int64_t now_unix,
                                   int64_t tolerance_s = kStripeSignatureToleranceS);

// "t=<t>,v1=<hex HMAC-SHA256 of "<t>.<payload>" under `secret`>": what Stripe
// would send. For tests and the Stripe test double (which must sign the
// webhooks it sends exactly as Stripe does).
std::string SignStripePayload(std::string_view payload, std::string_view secret, int64_t t);

}  // namespace donations
