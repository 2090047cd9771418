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

}  // namespace web
