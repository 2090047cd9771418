#pragma once
// The public chapter list and each chapter's contact form:
//   GET  /chapters          every chapter: name, region, a contact link
//   GET  /chapters/{slug}   the chapter and its contact form
//   POST /chapters/{slug}   relays the message to the chapter's leaders
//                           (members::ChapterContact)
// No page shows anyone's address: the leaders answer by email (Reply-To =
// the sender), and the sender's own address appears only in the form they
// are filling in. Like the Join and Ask forms there is no session: a sealed
// FormTimer token, a honeypot and a per-IP limit stand in for a CSRF
// cookie. A refused submission shows the form again with everything typed.

#include "mailbag/form_timer.h"
#include "members/chapter_contact.h"
#include "web/handlers.h"
#include "web/rate_limiter.h"
#include "web/site.h"

namespace web {

// Borrowed from the composition root; everything outlives the handlers.
struct ChaptersDeps {
  const SiteDeps* site = nullptr;
  members::ChapterContact* contact = nullptr;
  const mailbag::FormTimer* timer = nullptr;
  // Per-IP limit on messages that reach the service (each queues emails);
  // null = unlimited.
  SlidingWindowLimiter* limiter = nullptr;
};

// The message (an English msgid) the form shows beside a field with this problem.
const char* ContactProblemText(members::ContactProblem p);

// GET /chapters: the list (publicly cacheable).
HandlerResult ChaptersList(const ChaptersDeps& d, const http::Request& req, const Params& p);
// GET /chapters/{slug}: the chapter and an empty form; 404 for an unknown slug.
HandlerResult ChapterContactForm(const ChaptersDeps& d, const http::Request& req, const Params& p);
// POST /chapters/{slug}: a thank-you page (200) when the message was queued;
// otherwise the form again, filled: 422 for field problems, a filled
// honeypot or a too-fast/stale token (nothing sent); 429 with Retry-After
// when rate limited; 503 when the chapter has nobody to receive it; 400 for
// a body that is not valid UTF-8; 404 for an unknown slug.
HandlerResult ChapterContactSubmit(const ChaptersDeps& d, const http::Request& req,
                                   const Params& p);

}  // namespace web
