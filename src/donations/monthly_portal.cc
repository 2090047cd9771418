#include "donations/monthly_portal.h"

#include "crypto/token.h"

namespace donations {

base::Result<std::string> MonthlyPortal::Open(std::string_view link_token,
                                              std::string_view return_url) {
  // Same bounds as DonationsService::CancelMonthly: anything else is no link of ours.
  if (link_token.empty() || link_token.size() > 200) {
    return base::Status::NotFound("donations: no such cancel link");
  }
  auto plan = store_.GetPlanByCancelTokenHash(crypto::HashToken(link_token));
  if (!plan.ok()) {
    if (plan.status().IsNotFound()) return base::Status::NotFound("donations: no such cancel link");
    return plan.status();
  }
  if (plan->stripe_customer_id.empty()) {
    return base::Status::Unavailable("donations: plan " + plan->ref +
                                     " has no Stripe customer yet");
  }
  base::Result<std::string> url = stripe_.CreatePortalSession(plan->stripe_customer_id, return_url);
  if (!url.ok()) {
    // A customer Stripe no longer knows must not read as "no such link".
    return base::Status::Unavailable("donations: portal for plan " + plan->ref + ": " +
                                     url.status().ToString());
  }
  return url;
}

}  // namespace donations
