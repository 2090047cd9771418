#pragma once
// Stripe's customer portal for a monthly donor, reached from the receipt's
// link (/donate/cancel?token=T) when the organization turns it on
// ([donations] customer_portal). The link's token names the plan; opening
// the portal does not spend it (only cancelling from our page, or a newer
// receipt, replaces it), so the donor can still cancel with the same link.
//
// Lives apart from DonationsService (which owns the cancel itself) so that
// the option costs nothing when it is off. Thread-safe; blocks on the
// database and on Stripe (run it on the worker pool).

#include <string>
#include <string_view>

#include "base/status.h"
#include "donations/stripe_client.h"
#include "store/donations_store.h"

namespace donations {

class MonthlyPortal {
 public:
  // Both borrowed; they must outlive this object.
  MonthlyPortal(store::DonationsStore& store, StripeClient& stripe)
      : store_(store), stripe_(stripe) {}

  // Stripe's short-lived portal URL for the plan behind `link_token`, which
  // sends the donor back to `return_url` (absolute, on the site).
  // Errors: NotFound for an unknown or replaced link (nothing asked of
  // Stripe); Unavailable when the plan has no Stripe customer yet (its first
  // payment is not confirmed) or Stripe refused or could not be reached —
  // whatever Stripe said, the caller shows one message and the cancel button
  // still works; the store's errors otherwise.
  base::Result<std::string> Open(std::string_view link_token, std::string_view return_url);

 private:
  store::DonationsStore& store_;
  StripeClient& stripe_;
};

}  // namespace donations
