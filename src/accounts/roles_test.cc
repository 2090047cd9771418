#include "accounts/roles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

namespace accounts {
namespace {

// The expected matrix, written out independently of roles.cc. Columns:
// admin, editor, author, expert, treasurer, membership-secretary,
// chapter-leader.
struct Row {
  Permission p;
  bool admin, editor, author, expert, treasurer, secretary, leader;
};
constexpr Row kExpected[] = {
    {Permission::kStaffArea, true, true, true, true, true, true, true},
    {Permission::kWriteDrafts, true, true, true, false, false, false, false},
    {Permission::kEditAllContent, true, true, false, false, false, false, false},
    {Permission::kPublish, true, true, false, false, false, false, false},
    {Permission::kManageTaxonomy, true, true, false, false, false, false, false},
    {Permission::kUploadMedia, true, true, true, true, false, false, false},
    {Permission::kDeleteMedia, true, true, false, false, false, false, false},
    {Permission::kAnswerMailbag, true, true, false, true, false, false, false},
    {Permission::kManageDonations, true, false, false, false, true, false, false},
    {Permission::kManageMembers, true, false, false, false, false, true, false},
    {Permission::kManageUsers, true, false, false, false, false, false, false},
    {Permission::kManageSettings, true, false, false, false, false, false, false},
    {Permission::kViewAudit, true, false, false, false, false, false, false},
    {Permission::kViewOutbox, true, false, false, false, false, false, false},
    {Permission::kViewMembers, true, false, false, false, false, true, true},
};

bool Expected(const Row& row, Role r) {
  switch (r) {
    case Role::kAdmin:
      return row.admin;
    case Role::kEditor:
      return row.editor;
    case Role::kAuthor:
      return row.author;
    case Role::kExpert:
      return row.expert;
    case Role::kTreasurer:
      return row.treasurer;
    case Role::kMembershipSecretary:
      return row.secretary;
    case Role::kChapterLeader:
      return row.leader;
  }
  ADD_FAILURE() << "unknown role";
  return false;
}

TEST(RolesTest, EveryPermissionHasAnExpectedRow) {
  ASSERT_EQ(std::size(kExpected), std::size(kAllPermissions));
  for (size_t i = 0; i < std::size(kExpected); ++i) {
    EXPECT_EQ(kExpected[i].p, kAllPermissions[i]) << i;
  }
}

TEST(RolesTest, MatrixSingleRoles) {
  for (const Row& row : kExpected) {
    std::vector<Role> granting;
    for (Role r : kAllRoles) {
      EXPECT_EQ(Allows(Bit(r), row.p), Expected(row, r))
          << PermissionName(row.p) << " for " << RoleName(r);
      if (Expected(row, r)) granting.push_back(r);
    }
    EXPECT_EQ(RolesGranting(row.p), granting) << PermissionName(row.p);
  }
}

TEST(RolesTest, CombinedRolesGrantTheUnion) {
  const RoleSet set = Bit(Role::kAuthor) | Bit(Role::kTreasurer);
  for (const Row& row : kExpected) {
    EXPECT_EQ(Allows(set, row.p), row.author || row.treasurer) << PermissionName(row.p);
  }
}

TEST(RolesTest, NoRolesAndUnknownBitsGrantNothing) {
  for (Permission p : kAllPermissions) {
    EXPECT_FALSE(Allows(0, p)) << PermissionName(p);
    EXPECT_FALSE(Allows(RoleSet{1} << 7, p)) << PermissionName(p);
    EXPECT_FALSE(Allows(~kKnownRoleBits, p)) << PermissionName(p);
  }
  // Unknown bits beside a known role change nothing.
  EXPECT_FALSE(Allows(Bit(Role::kAuthor) | (RoleSet{1} << 31), Permission::kPublish));
  EXPECT_TRUE(Allows(Bit(Role::kAuthor) | (RoleSet{1} << 31), Permission::kWriteDrafts));
}

TEST(RolesTest, UnknownPermissionGrantsNothingButAdmin) {
  const auto bogus = static_cast<Permission>(999);
  for (Role r : kAllRoles) {
    EXPECT_EQ(Allows(Bit(r), bogus), r == Role::kAdmin) << RoleName(r);
  }
}

TEST(RolesTest, RoleNamesRoundTrip) {
  for (Role r : kAllRoles) {
    const std::string_view name = RoleName(r);
    EXPECT_FALSE(name.empty());
    std::optional<Role> back = ParseRole(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, r);
  }
  EXPECT_EQ(RoleName(Role::kMembershipSecretary), "membership-secretary");
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  EXPECT_EQ(RoleName(Role::kChapterLeader), "chapter-leader");
}

TEST(RolesTest, UnknownRoleNames) {
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("Admin").has_value());  // names are exact
  EXPECT_FALSE(ParseRole(" admin").has_value());
  EXPECT_FALSE(ParseRole("superuser").has_value());
  EXPECT_FALSE(ParseRole("membership_secretary").has_value());
}

TEST(RolesTest, PermissionNamesAreDistinct) {
  std::vector<std::string_view> seen;
  for (Permission p : kAllPermissions) {
    const std::string_view name = PermissionName(p);
    EXPECT_NE(name, "unknown");
    EXPECT_EQ(std::count(seen.begin(), seen.end(), name), 0) << name;
    seen.push_back(name);
  }
  EXPECT_EQ(PermissionName(Permission::kManageUsers), "manage-users");
}

TEST(RolesTest, RoleListInCanonicalOrder) {
  EXPECT_EQ(RoleList(0), "");
  EXPECT_EQ(RoleList(Bit(Role::kExpert) | Bit(Role::kEditor)), "editor, expert");
  EXPECT_EQ(RoleList(kKnownRoleBits),
            "admin, editor, author, expert, treasurer, membership-secretary, chapter-leader");
  EXPECT_EQ(RoleList(Bit(Role::kAdmin) | (RoleSet{1} << 20)), "admin");
}

}  // namespace
}  // namespace accounts
