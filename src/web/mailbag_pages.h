#pragma once
// The public Mailbag: the archive of published Q&As (/mailbag), one Q&A
// (/mailbag/<slug>) and the Ask form (/mailbag/ask, GET and POST). Thin like
// every public page: validate, call one MailbagService method, render.
//
// The Ask form has no session, so no CSRF cookie: it is protected by a
// sealed, time-bound FormTimer token (a forged or replayed-late token is
// refused), SameSite cookies elsewhere, a honeypot field, a per-IP rate
// limit and the service's own checks (length, links, duplicates). A refusal
// never loses what the visitor typed.

#include "mailbag/form_timer.h"
#include "mailbag/mailbag_service.h"
#include "web/handlers.h"
#include "web/rate_limiter.h"
#include "web/site.h"

namespace web {

// Borrowed from the composition root; everything outlives the handlers.
struct MailbagDeps {
  const SiteDeps* site = nullptr;
  mailbag::MailbagService* mailbag = nullptr;
  const mailbag::FormTimer* timer = nullptr;
  // Per-IP limit on Ask submissions (e.g. 5 per hour); null = unlimited.
  SlidingWindowLimiter* ask_limiter = nullptr;
};

// The form field bots love and people never see (visually hidden,
// aria-hidden, tabindex=-1). Anything in it refuses the submission.
inline constexpr const char* kHoneypotField = "website";

// GET /mailbag[?topic=slug&page=N]: newest first. 400 for a bad page, 404
// for an unknown topic.
HandlerResult MailbagArchive(const MailbagDeps& d, const http::Request& req, const Params& p);
// GET /mailbag/{slug}: 404 unless published.
HandlerResult MailbagQuestion(const MailbagDeps& d, const http::Request& req, const Params& p);
// GET /mailbag/ask: the empty form with a fresh FormTimer token.
HandlerResult MailbagAskForm(const MailbagDeps& d, const http::Request& req, const Params& p);
// POST /mailbag/ask: the thanks page (200) on success; otherwise the form
// again with the visitor's text and the problems: 422 for field errors, a
// too-fast or stale token, or a filled honeypot (nothing stored); 429 with
// Retry-After when rate limited; 409 for a duplicate (links the archive).
HandlerResult MailbagAskSubmit(const MailbagDeps& d, const http::Request& req, const Params& p);

// GET /mailbag/feed.xml and /mailbag/atom.xml: the 20 newest published Q&As.
HandlerResult MailbagRss(const MailbagDeps& d, const http::Request& req, const Params& p);
HandlerResult MailbagAtom(const MailbagDeps& d, const http::Request& req, const Params& p);

}  // namespace web
