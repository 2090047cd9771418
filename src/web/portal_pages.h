#pragma once
// The member portal (/members): sign in with a one-time link sent by email
// (no passwords), see your details, download everything held about you, ask
// for deletion, sign out.
//
//   GET  /members/sign-in            the email form; with ?token=T, a button
//   POST /members/sign-in            email -> "check your email" (same page for
//                                    every address); token -> session cookie
//   GET  /members                    the portal (303 to sign-in without a session)
//   GET  /members/data.json          the member's own data (attachment)
//   POST /members/delete             asks for deletion (grace period), signs out
//   POST /members/sign-out
//   GET  /members/edit               the member's details, filled in
//   POST /members/edit               saves them; 422 (the form, as typed) for
//                                    problems; 409 when the member changed
//                                    since the form was read (the latest shown,
//                                    what was typed kept)
//   POST /members/preferences        news by email on / off
//   GET  /members/email              the "change my address" form
//   POST /members/email              sends a link to the new address; the
//                                    same "check your new address" page
//                                    whoever the address belongs to
//   GET  /members/email/confirm?token=T   a button (mail scanners only GET)
//   POST /members/email/confirm      changes the address and signs out
//                                    everywhere; 410 for a used, expired or
//                                    unknown link; 409 when the address was
//                                    taken by another member meanwhile
//
// The session cookie (kPortalCookie: HttpOnly, SameSite=Lax, Path=/members,
// Secure when the site is https) holds a random token stored only hashed.
// POSTs inside the portal carry a CSRF token derived from the session token.

#include "members/members_service.h"
#include "web/handlers.h"
#include "web/join_pages.h"
#include "web/rate_limiter.h"
#include "web/site.h"

namespace web {

inline constexpr const char* kPortalCookie = "bs_member";

HandlerResult PortalSignInForm(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalSignInSubmit(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalHome(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalData(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalDelete(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalSignOut(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalEditForm(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalEditSubmit(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalPreferences(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalEmailForm(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalEmailSubmit(const JoinDeps& d, const http::Request& req, const Params& p);
HandlerResult PortalEmailConfirmForm(const JoinDeps& d, const http::Request& req,
                                     const Params& p);
HandlerResult PortalEmailConfirmSubmit(const JoinDeps& d, const http::Request& req,
                                       const Params& p);

}  // namespace web
