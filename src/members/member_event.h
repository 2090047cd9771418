#pragma once
// Internal to members/ (not for callers): the history entry that each write
// of MembersService records with it. Kept in one place so every use case
// file (members_*.cc) spells events the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "store/members_store.h"

namespace members::internal {

// An event of `kind` by `actor` (a staff user; nullopt = the member or the
// system). `detail` never holds personal data: ids, statuses, field names.
inline store::MemberEvent Event(std::string kind, std::optional<int64_t> actor = {},
                                std::string detail = "") {
  store::MemberEvent e;
  e.kind = std::move(kind);
  e.actor_user_id = actor;
  e.detail = std::move(detail);
  return e;
}

}  // namespace members::internal
