// The membership secretary's status decisions: approving or declining an
// applicant (who is told by email), erasing a member at once, and the purge
// of members whose deletion grace period ended.

#include "members/members_service.h"

#include <string>
#include <utility>
#include <vector>

#include "members/member_event.h"

namespace members {

using internal::Event;

Status MembersService::Decide(int64_t member_id, int64_t actor_user_id, bool approve) {
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
  if (m.status != MemberStatus::kApplicant) {
    return Status::Conflict("member " + std::to_string(member_id) + " is not an applicant");
  }
  const base::Time now = clock_.Now();
  m.status = approve ? MemberStatus::kActive : MemberStatus::kDeclined;
  if (approve) m.activated_at = now;
  BS_RETURN_IF_ERROR(
      store_.UpdateMember(m, now, Event(approve ? "approved" : "declined", actor_user_id)));
  if (notifier_ == nullptr) return Status::Ok();
  BS_ASSIGN_OR_RETURN(MemberView v, Open(std::move(m)));
  MemberNotice n{v.profile.email, v.profile.first_name, v.profile.lang, "",
                 v.chapter ? v.chapter->name : ""};
  return approve ? notifier_->Approved(n) : notifier_->Declined(n);
}

Status MembersService::Approve(int64_t member_id, int64_t actor_user_id) {
  return Decide(member_id, actor_user_id, true);
}

Status MembersService::Decline(int64_t member_id, int64_t actor_user_id) {
  return Decide(member_id, actor_user_id, false);
}

Status MembersService::EraseNow(int64_t member_id, int64_t actor_user_id) {
  return store_.EraseMember(member_id, clock_.Now(), Event("erased", actor_user_id));
}

Result<int> MembersService::PurgeDue() {
  BS_ASSIGN_OR_RETURN(std::vector<int64_t> due, store_.ListDueForErasure(clock_.Now(), 500));
  int erased = 0;
  for (int64_t id : due) {
    BS_RETURN_IF_ERROR(store_.EraseMember(id, clock_.Now(), Event("erased")));
    ++erased;
  }
  return erased;
}

}  // namespace members
