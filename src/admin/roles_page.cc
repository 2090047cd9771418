// The role matrix as a page, built from the same table the server enforces
// (accounts/roles.h), so what staff read is what applies.

#include "admin/handlers.h"
#include "admin/view.h"

namespace admin {

AdminResult RolesPage(Ctx& c) {
  render::Value roles = render::Value::MakeList();
  for (accounts::Role r : accounts::kAllRoles)
    roles.Push(render::Value::MakeObject().Set("name", T(c, accounts::RoleName(r))));
  render::Value rows = render::Value::MakeList();
  for (accounts::Permission p : accounts::kAllPermissions) {
    render::Value cells = render::Value::MakeList();
    for (accounts::Role r : accounts::kAllRoles)
      cells.Push(render::Value::MakeObject().Set("yes", accounts::Allows(accounts::Bit(r), p)));
    rows.Push(render::Value::MakeObject()
                  .Set("permission", std::string(accounts::PermissionName(p)))
                  .Set("cells", std::move(cells)));
  }
  return Page(c, "roles",
              render::Value::MakeObject().Set("roles", std::move(roles)).Set("rows", std::move(rows)));
}

}  // namespace admin
