// Every admin route and the permission it needs, in one list. Adding a route
// here without a line in docs/ROLES.md fails admin_routes_test.

#include "admin/routes.h"

#include "admin/handlers.h"

namespace admin {

using accounts::Permission;
using http::Method;

const std::vector<AdminRoute>& AdminRoutes() {
  static const std::vector<AdminRoute> routes = {
      // Open to visitors.
      {Method::kGet, "/admin/login", std::nullopt, LoginForm},
      {Method::kPost, "/admin/login", std::nullopt, LoginSubmit},
      {Method::kGet, "/admin/forgot", std::nullopt, ForgotForm},
      {Method::kPost, "/admin/forgot", std::nullopt, ForgotSubmit},
      {Method::kGet, "/admin/set-password", std::nullopt, SetPasswordForm},
      {Method::kPost, "/admin/set-password", std::nullopt, SetPasswordSubmit},
      {Method::kGet, "/admin/assets/{file}", std::nullopt, AdminAsset},
      // Every staff member.
      {Method::kGet, "/admin", Permission::kStaffArea, Dashboard},
      {Method::kPost, "/admin/logout", Permission::kStaffArea, Logout},
      {Method::kGet, "/admin/account", Permission::kStaffArea, AccountPage},
      {Method::kPost, "/admin/account/password", Permission::kStaffArea, ChangePassword},
      {Method::kPost, "/admin/account/sign-out-everywhere", Permission::kStaffArea,
       SignOutEverywhere},
      // Users.
      {Method::kGet, "/admin/users", Permission::kManageUsers, UsersList},
      {Method::kGet, "/admin/users/new", Permission::kManageUsers, UserNewForm},
      {Method::kPost, "/admin/users", Permission::kManageUsers, UserCreate},
      {Method::kGet, "/admin/users/{id}", Permission::kManageUsers, UserEditForm},
      {Method::kPost, "/admin/users/{id}", Permission::kManageUsers, UserUpdate},
      {Method::kPost, "/admin/users/{id}/invite", Permission::kManageUsers, UserInvite},
      {Method::kPost, "/admin/users/{id}/sign-out", Permission::kManageUsers, UserEndSessions},
      // Audit log.
      {Method::kGet, "/admin/roles", Permission::kStaffArea, RolesPage},
      // Media library.
      {Method::kGet, "/admin/media", Permission::kUploadMedia, MediaList},
      {Method::kPost, "/admin/media", Permission::kUploadMedia, MediaUpload},
      {Method::kGet, "/admin/media/{id}", Permission::kUploadMedia, MediaEditForm},
      {Method::kPost, "/admin/media/{id}", Permission::kUploadMedia, MediaUpdate},
      {Method::kPost, "/admin/media/{id}/delete", Permission::kDeleteMedia, MediaDelete},
      // Audit log and the mail queue.
      {Method::kGet, "/admin/audit", Permission::kViewAudit, AuditLog},
      {Method::kGet, "/admin/outbox", Permission::kViewOutbox, OutboxList},
      {Method::kPost, "/admin/outbox/{id}/retry", Permission::kViewOutbox, OutboxRetry},
  };
  return routes;
}

}  // namespace admin
