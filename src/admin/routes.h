#pragma once
// The admin route table: every back-office route with the one Permission it
// needs. admin_handler.cc enforces it; admin_routes_test walks every route
// against every role and checks docs/ROLES.md lists each one.

#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "admin/admin.h"
#include "http/form.h"
#include "http/request.h"
#include "http/response.h"
#include "web/router.h"

namespace admin {

// What a handler sees of its request.
struct Ctx {
  const AdminDeps& d;
  const http::Request& req;
  const web::Params& params;
  http::ParsedForm form;                        // POST bodies; empty for GET
  std::optional<accounts::SessionInfo> session; // set on every route with a permission
  std::string session_token;                    // the cookie value, when signed in
  std::string lang;                             // UI language

  accounts::Actor actor() const;
  bool Can(accounts::Permission p) const;
  const store::User& user() const { return session->user; }
  // Path parameter {name} as a positive id, else NotFound.
  base::Result<int64_t> IdParam(const std::string& name = "id") const;
};

using AdminResult = base::Result<http::Response>;
using AdminFn = AdminResult (*)(Ctx&);

struct AdminRoute {
  http::Method method;  // kGet (also answers HEAD) or kPost
  std::string pattern;  // web::Router syntax: "/admin/users/{id}"
  // nullopt: open to visitors (sign-in, password reset); such POSTs are
  // protected by the pre-session CSRF token instead.
  std::optional<accounts::Permission> permission;
  AdminFn fn;
};

// Every admin route, in matching order.
const std::vector<AdminRoute>& AdminRoutes();

}  // namespace admin
