#include "accounts/roles.h"

#include <initializer_list>
#include <iterator>

namespace accounts {
namespace {

constexpr RoleSet Roles(std::initializer_list<Role> roles) {
  RoleSet set = 0;
  for (Role r : roles) set |= Bit(r);
  return set;
}

struct Grant {
  Permission permission;
  RoleSet roles;  // admin is implied: it grants everything
};

// THE role matrix; docs/ROLES.md mirrors this table row for row.
constexpr Grant kMatrix[] = {
    {Permission::kStaffArea, Roles({Role::kEditor, Role::kAuthor, Role::kExpert, Role::kTreasurer,
                                    Role::kMembershipSecretary, Role::kChapterLeader})},
    {Permission::kWriteDrafts, Roles({Role::kEditor, Role::kAuthor})},
    {Permission::kEditAllContent, Roles({Role::kEditor})},
    {Permission::kPublish, Roles({Role::kEditor})},
    {Permission::kManageTaxonomy, Roles({Role::kEditor})},
    {Permission::kUploadMedia, Roles({Role::kEditor, Role::kAuthor, Role::kExpert})},
    {Permission::kDeleteMedia, Roles({Role::kEditor})},
    {Permission::kAnswerMailbag, Roles({Role::kExpert, Role::kEditor})},
    {Permission::kManageDonations, Roles({Role::kTreasurer})},
    {Permission::kManageMembers, Roles({Role::kMembershipSecretary})},
    {Permission::kManageUsers, Roles({})},
    {Permission::kManageSettings, Roles({})},
    {Permission::kViewAudit, Roles({})},
    {Permission::kViewOutbox, Roles({})},
    {Permission::kViewMembers, Roles({Role::kMembershipSecretary, Role::kChapterLeader})},
};
static_assert(std::size(kMatrix) == std::size(kAllPermissions),
              "every Permission needs exactly one row in kMatrix");

constexpr bool MatrixIsInPermissionOrder() {
  for (size_t i = 0; i < std::size(kMatrix); ++i) {
    if (kMatrix[i].permission != kAllPermissions[i]) return false;
  }
  return true;
}
static_assert(MatrixIsInPermissionOrder(), "kMatrix rows follow kAllPermissions");

// The roles (admin excluded) granting `p`; 0 for a value outside the enum.
RoleSet Granting(Permission p) {
  for (const Grant& g : kMatrix) {
    if (g.permission == p) return g.roles;
  }
  return 0;
}

struct RoleNameEntry {
  Role role;
  std::string_view name;
};
constexpr RoleNameEntry kRoleNames[] = {
    {Role::kAdmin, "admin"},         {Role::kEditor, "editor"},
    {Role::kAuthor, "author"},       {Role::kExpert, "expert"},
    {Role::kTreasurer, "treasurer"}, {Role::kMembershipSecretary, "membership-secretary"},
    {Role::kChapterLeader, "chapter-leader"},
};
static_assert(std::size(kRoleNames) == std::size(kAllRoles));

}  // namespace

bool Allows(RoleSet roles, Permission p) {
  roles &= kKnownRoleBits;  // unknown bits grant nothing
  if (Has(roles, Role::kAdmin)) return true;
  return (roles & Granting(p)) != 0;
}

std::vector<Role> RolesGranting(Permission p) {
  const RoleSet set = Granting(p) | Bit(Role::kAdmin);
  std::vector<Role> out;
  for (Role r : kAllRoles) {
    if (Has(set, r)) out.push_back(r);
  }
  return out;
}

std::string_view RoleName(Role r) {
  for (const RoleNameEntry& e : kRoleNames) {
    if (e.role == r) return e.name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const RoleNameEntry& e : kRoleNames) {
    if (e.name == name) return e.role;
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission p) {
  switch (p) {
    case Permission::kStaffArea:
      return "staff-area";
    case Permission::kWriteDrafts:
      return "write-drafts";
    case Permission::kEditAllContent:
      return "edit-all-content";
    case Permission::kPublish:
      return "publish";
    case Permission::kManageTaxonomy:
      return "manage-taxonomy";
    case Permission::kUploadMedia:
      return "upload-media";
    case Permission::kDeleteMedia:
      return "delete-media";
    case Permission::kAnswerMailbag:
      return "answer-mailbag";
    case Permission::kManageDonations:
      return "manage-donations";
    case Permission::kManageMembers:
      return "manage-members";
    case Permission::kManageUsers:
      return "manage-users";
    case Permission::kManageSettings:
      return "manage-settings";
    case Permission::kViewAudit:
      return "view-audit";
    case Permission::kViewOutbox:
      return "view-outbox";
    case Permission::kViewMembers:
      return "view-members";
  }
  return "unknown";
}

std::string RoleList(RoleSet roles) {
  std::string out;
  for (Role r : kAllRoles) {
    if (!Has(roles, r)) continue;
    if (!out.empty()) out += ", ";
    out += RoleName(r);
  }
  return out;
}

}  // namespace accounts
