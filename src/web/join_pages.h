#pragma once
// Joining, in public: the Join form (/join, GET and POST), the page that
// says "check your email", and the confirmation link's page
// (/join/confirm?token=..., GET shows a button, POST confirms: mail scanners
// that follow links must not spend a single-use token).
//
// The same page answers every valid submission, whether the address is new,
// pending or already a member's (members::MembersService::Join sends the
// right email), so the page cannot be used to find out who is a member.
// Like the Ask form, the form has no session: a sealed FormTimer token, a
// honeypot and a per-IP limit stand in for a CSRF cookie. A refused
// submission shows the form again with everything typed.

#include "donations/donations_service.h"
#include "mailbag/form_timer.h"
#include "members/members_service.h"
#include "web/handlers.h"
#include "web/rate_limiter.h"
#include "web/site.h"

namespace web {

// Borrowed from the composition root; everything outlives the handlers.
struct JoinDeps {
  const SiteDeps* site = nullptr;
  members::MembersService* members = nullptr;
  const mailbag::FormTimer* timer = nullptr;
  // Per-IP limits on Join submissions that reach the service, and on
  // requests for a portal sign-in link (each sends an email); null = unlimited.
  SlidingWindowLimiter* join_limiter = nullptr;
  SlidingWindowLimiter* sign_in_limiter = nullptr;
  // When giving is on: the portal lists the member's gifts (found by their
  // email's blind index, which donors share). Null: no such section.
  donations::DonationsService* donations = nullptr;
};

// The message (an English msgid) the Join and portal forms show beside a
// field with this problem.
const char* JoinProblemText(members::JoinProblem p);

// GET /join: the empty form with a fresh FormTimer token.
HandlerResult JoinForm(const JoinDeps& d, const http::Request& req, const Params& p);
// POST /join: the "check your email" page (200) for every acceptable form;
// otherwise the form again, filled: 422 for field problems, a filled
// honeypot or a too-fast/stale token (nothing stored, nothing sent); 429 with
// Retry-After when rate limited.
HandlerResult JoinSubmit(const JoinDeps& d, const http::Request& req, const Params& p);
// GET /join/confirm?token=T: a page with one button that posts the token.
HandlerResult JoinConfirmForm(const JoinDeps& d, const http::Request& req, const Params& p);
// POST /join/confirm: the welcome page (active or awaiting approval, the
// chapter, what to do next); 410 with a "join again" page for a used,
// expired or unknown link.
HandlerResult JoinConfirmSubmit(const JoinDeps& d, const http::Request& req, const Params& p);

}  // namespace web
