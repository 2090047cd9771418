#pragma once
// Which members a staff user may see in the back office, one rule for the
// members pages and the dashboard's counts: the membership secretary and
// admins (Permission::kManageMembers) see everyone and may act; a chapter
// leader (Permission::kViewMembers alone) sees the chapter they lead and
// nothing of any other, and may not act. A leader who leads no chapter sees
// nobody.

#include <cstdint>
#include <optional>

#include "accounts/roles.h"
#include "admin/routes.h"
#include "base/status.h"

namespace admin {

struct MemberScope {
  std::optional<int64_t> only_chapter;  // nullopt: every member (and no chapter)
  bool can_manage = true;               // the secretary's actions and the export
};

// PermissionDenied for a user without kViewMembers, and for a chapter leader
// without a chapter.
inline base::Result<MemberScope> MemberViewerScope(const Ctx& c) {
  if (c.Can(accounts::Permission::kManageMembers)) return MemberScope{};
  if (!c.Can(accounts::Permission::kViewMembers))
    return base::Status::PermissionDenied("members: not allowed");
  if (!c.user().chapter_id)
    return base::Status::PermissionDenied("chapter leader without a chapter");
  return MemberScope{c.user().chapter_id, false};
}

}  // namespace admin
