#pragma once
// Giving, in public (issue 6): the Donate form (/donate, GET and POST), the
// page Stripe sends donors back to (/donate/thanks), the receipt's "cancel
// my monthly gift" link (/donate/cancel?token=..., GET shows a button, POST
// cancels: mail scanners that follow links must not spend the token; with
// the customer portal on, a second button opens Stripe's portal through
// POST /donate/portal without spending the token), the annual summary form
// (/donate/summary), and Stripe's webhook (POST /stripe/webhook).
//
// Like the Join form, the Donate form has no session: a sealed FormTimer
// token, a honeypot and a per-IP limit stand in for a CSRF cookie. A refused
// submission shows the form again with everything typed. The webhook has no
// CSRF check and sets no cookie: its authenticity is Stripe's signature,
// checked by donations::DonationsService::HandleWebhook.
//
// Handlers block on the database and on Stripe: they run on the server's
// worker pool like every handler.

#include <cstddef>

#include "donations/annual_summary.h"
#include "donations/donations_service.h"
#include "donations/monthly_portal.h"
#include "mailbag/form_timer.h"
#include "web/handlers.h"
#include "web/rate_limiter.h"
#include "web/site.h"

namespace web {

// Stripe's events are a few KiB; anything near this is not one of them.
inline constexpr size_t kMaxWebhookBodyBytes = 256 * 1024;

// Borrowed from the composition root; everything outlives the handlers.
struct DonateDeps {
  const SiteDeps* site = nullptr;
  donations::DonationsService* donations = nullptr;
  const mailbag::FormTimer* timer = nullptr;
  // Per-IP limit on Donate submissions that reach Stripe; null = unlimited.
  SlidingWindowLimiter* limiter = nullptr;
  // The annual summary form (/donate/summary); null = no such page.
  donations::AnnualSummaries* summaries = nullptr;
  // Per-IP limit on summary forms; null = unlimited.
  SlidingWindowLimiter* summary_limiter = nullptr;
  // Per-address limit on summaries sent, keyed by the normalized address. A
  // refused one gets the same answer as a sent one (and no mail), so nobody
  // can flood a donor's mailbox or learn anything from it. Null = unlimited.
  SlidingWindowLimiter* summary_address_limiter = nullptr;
  // Stripe's customer portal from the receipt's link ([donations]
  // customer_portal); null = not offered.
  donations::MonthlyPortal* portal = nullptr;
};

// GET /donate: the form with a fresh FormTimer token, prefilled from
// ?frequency=monthly&amount_minor=N (the Join welcome page's dues link; a
// bad or out-of-range amount is ignored, not an error).
HandlerResult DonateForm(const DonateDeps& d, const http::Request& req, const Params& p);
// POST /donate: 303 to Stripe Checkout for an acceptable gift; otherwise the
// form again with every problem and everything typed: 422 for problems, a
// filled honeypot or a too-fast/stale token; 429 (Retry-After) when rate
// limited; 503 when Stripe or the store is unavailable (nothing charged).
HandlerResult DonateSubmit(const DonateDeps& d, const http::Request& req, const Params& p);
// GET /donate/thanks: Stripe's success_url. Says thank you and that a
// receipt follows by email; it proves nothing (the webhook completes gifts).
HandlerResult DonateThanks(const DonateDeps& d, const http::Request& req, const Params& p);
// GET /donate/cancel?token=T: a page with one button that posts the token
// (and, with the portal on, one that opens Stripe's customer portal).
HandlerResult DonateCancelForm(const DonateDeps& d, const http::Request& req, const Params& p);
// POST /donate/portal (token): 303 to Stripe's customer portal, which
// returns the donor to the site's front page; the token stays valid. 410 for
// an unknown or replaced link; 503 (the cancel page again, with the token
// and a message) when the plan has no Stripe customer yet or Stripe cannot
// be reached; 404 when the portal is not offered.
HandlerResult DonatePortalSubmit(const DonateDeps& d, const http::Request& req, const Params& p);
// POST /donate/cancel: cancels the monthly gift; 410 for an unknown or
// replaced link; 503 when Stripe cannot be reached (nothing changed).
HandlerResult DonateCancelSubmit(const DonateDeps& d, const http::Request& req, const Params& p);
// GET /donate/summary: the annual summary form (email, year) with a fresh
// FormTimer token; 404 when d.summaries is null.
HandlerResult DonateSummaryForm(const DonateDeps& d, const http::Request& req, const Params& p);
// POST /donate/summary: the same "check your email" page (200) whether or
// not the address ever gave, and whether or not a mail was sent (an unknown
// address, a year with no gifts, the per-address limit, a failure to queue:
// all logged at most, never shown). The form again with everything typed
// (422) for a missing or bad email or year, text that is not UTF-8, a
// filled honeypot or a too-fast/stale token; 429 (Retry-After) when the
// per-IP limit is reached (only forms that pass those checks count).
// Implemented in donate_summary_pages.cc.
HandlerResult DonateSummarySubmit(const DonateDeps& d, const http::Request& req, const Params& p);
// POST /stripe/webhook: the raw body and Stripe-Signature to the service.
// 200 when applied, duplicate or ignored; 400 for a bad signature or body;
// 413 for a body over kMaxWebhookBodyBytes; 503 (retry later) or 500 as
// DonationsService::HandleWebhook documents. Plain text, never cached.
HandlerResult StripeWebhook(const DonateDeps& d, const http::Request& req, const Params& p);

}  // namespace web
