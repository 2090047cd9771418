#pragma once
// Staff roles and what each may do: THE role matrix. Every admin route names
// one Permission (admin/routes.cc) and the server checks it on every request;
// docs/ROLES.md shows this same table, and admin_routes_test walks every route
// against every role. Change the matrix here, then the doc.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accounts {

// Bit positions are stored in the database (store::User::roles): never
// renumber, only append.
enum class Role : uint32_t {
  kAdmin = 0,
  kEditor = 1,
  kAuthor = 2,
  kExpert = 3,
  kTreasurer = 4,
  kMembershipSecretary = 5,
  // Sees the members of one chapter (store::User::chapter_id) and nothing
  // else of the member list; a leader with no chapter sees nobody.
  kChapterLeader = 6,
};
inline constexpr Role kAllRoles[] = {Role::kAdmin,     Role::kEditor,
                                     Role::kAuthor,    Role::kExpert,
                                     Role::kTreasurer, Role::kMembershipSecretary,
                                     Role::kChapterLeader};

enum class Permission {
  kStaffArea,       // sign in, dashboard, own account and sessions
  kWriteDrafts,     // create articles; edit one's own drafts
  kEditAllContent,  // edit anyone's articles and pages
  kPublish,         // publish, schedule, unpublish, delete content
  kManageTaxonomy,  // bylines, sections, tags (rename, merge), standalone pages
  kUploadMedia,     // upload and describe images
  kDeleteMedia,     // delete images
  kAnswerMailbag,   // the mailbag queue
  kManageDonations, // the treasurer's books
  kManageMembers,   // the member list
  kManageUsers,     // staff users and invitations
  kManageSettings,  // site settings
  kViewAudit,       // the audit log
  kViewOutbox,      // the outgoing-mail queue
  // The member list and member records, read-only; chapter leaders only
  // their own chapter's (the handlers scope it). kManageMembers implies it.
  kViewMembers,
};
inline constexpr Permission kAllPermissions[] = {
    Permission::kStaffArea,      Permission::kWriteDrafts,     Permission::kEditAllContent,
    Permission::kPublish,        Permission::kManageTaxonomy,  Permission::kUploadMedia,
    Permission::kDeleteMedia,    Permission::kAnswerMailbag,   Permission::kManageDonations,
    Permission::kManageMembers,  Permission::kManageUsers,     Permission::kManageSettings,
    Permission::kViewAudit,      Permission::kViewOutbox,      Permission::kViewMembers};

using RoleSet = uint32_t;  // bit (1 << Role) per role held

constexpr RoleSet Bit(Role r) { return RoleSet{1} << static_cast<uint32_t>(r); }
constexpr bool Has(RoleSet set, Role r) { return (set & Bit(r)) != 0; }
// Every bit that names a known role.
constexpr RoleSet kKnownRoleBits = (RoleSet{1} << 7) - 1;

// True if a role in `roles` grants `p`. Admin grants everything.
bool Allows(RoleSet roles, Permission p);
// The roles that grant `p` directly (admin included), for docs and tests.
std::vector<Role> RolesGranting(Permission p);

// Stable names used in the CLI, config and docs: "admin", "editor", "author",
// "expert", "treasurer", "membership-secretary", "chapter-leader".
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission p);  // e.g. "manage-users"
// "editor, expert" from a set, in kAllRoles order.
std::string RoleList(RoleSet roles);

}  // namespace accounts
