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
//
// "Already answered?" step: a draft that passes every check but comes
// without confirmed=1 is not stored yet when site search finds published
// Q&As like it (SearchService::Similar, at most kSimilarShown): a
// confirmation page (200, nothing stored) lists them and carries the whole
// form in hidden fields, with the same FormTimer token, and two buttons:
// "send anyway" (confirmed=1: every check runs again, then it is stored) and
// "edit" (edit=1: the form again, filled; no check, nothing stored). No
// similar Q&A, no search (SiteDeps::search null) or a search failure
// (logged): stored at once, as without the step.
//
// Rate limits: only a post that would store counts against ask_limiter, so
// the step costs a person nothing, and skipping it (posting confirmed=1
// straight away) gains a bot nothing. The step's search draws on
// SiteDeps::suggest_limiter; once that is spent the step is skipped.
HandlerResult MailbagAskSubmit(const MailbagDeps& d, const http::Request& req, const Params& p);

// How many similar Q&As the confirmation step and /mailbag/similar show.
inline constexpr int kSimilarShown = 5;

// GET /mailbag/similar?q=draft: {"similar":[{"title","url"}]}, the published
// Q&As that look like the draft, for the Ask form's as-you-type hint
// (themes/default/assets/mailbag.js). Empty list for a short or empty draft;
// 400 {"error":"bad_query"} when q is undecodable (bad escape, invalid
// UTF-8), like /search/suggest; 429 with Retry-After when
// SiteDeps::suggest_limiter refuses; 503 when the search fails. Registered
// only when SiteDeps::search is set. "<", ">" and "&" are \u-escaped.
HandlerResult MailbagSimilar(const MailbagDeps& d, const http::Request& req, const Params& p);

// GET /mailbag/feed.xml and /mailbag/atom.xml: the 20 newest published Q&As.
HandlerResult MailbagRss(const MailbagDeps& d, const http::Request& req, const Params& p);
HandlerResult MailbagAtom(const MailbagDeps& d, const http::Request& req, const Params& p);

}  // namespace web
