// The back office's reading and moving of members: search, an audited
// opening of one member (scoped for chapter leaders), their history, and
// moving them to another chapter. Callers check roles.

#include "members/members_service.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/form_text.h"
#include "base/text.h"
#include "members/member_event.h"

namespace members {

using internal::Event;

Result<MemberList> MembersService::Search(const MemberSearch& s) {
  store::MemberFilter f = s.filter;
  f.email_index.clear();
  f.name_tokens.clear();
  const std::string_view text = base::Trim(s.text);
  if (!text.empty()) {
    if (std::optional<std::string> email = base::NormalizeEmail(text)) {
      f.email_index = indexer_.EmailIndex(*email);
    } else {
      f.name_tokens = indexer_.NameTokens(text);
      // Punctuation only: nothing can match a name made of nothing.
      if (f.name_tokens.empty()) return MemberList{};
    }
  }
  MemberList out;
  BS_ASSIGN_OR_RETURN(out.total, store_.CountMembers(f));
  BS_ASSIGN_OR_RETURN(std::vector<Member> page, store_.ListMembers(f));
  // One read of the chapters for the page, not one per member.
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, store_.ListChapters());
  for (Member& m : page) {
    if (m.status == MemberStatus::kErased) {
      out.items.push_back(MemberView{std::move(m), {}, {}});
      continue;
    }
    MemberView v;
    BS_ASSIGN_OR_RETURN(v.profile, OpenProfile(ring_, m.sealed_profile, m.ref));
    for (const store::Chapter& c : chapters)
      if (m.chapter_id == c.id) v.chapter = c;
    v.member = std::move(m);
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<MemberView> MembersService::View(int64_t member_id, int64_t actor_user_id,
                                        std::optional<int64_t> only_chapter) {
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
  if (only_chapter && m.chapter_id != only_chapter)
    return Status::NotFound("member " + std::to_string(member_id));
  BS_RETURN_IF_ERROR(
      store_.AddMemberEvent({0, member_id, clock_.Now(), actor_user_id, "viewed", ""}));
  if (m.status == MemberStatus::kErased) return MemberView{std::move(m), {}, {}};
  return Open(std::move(m));
}

Result<std::vector<store::MemberEvent>> MembersService::History(int64_t member_id) {
  BS_RETURN_IF_ERROR(store_.GetMember(member_id).status());
  return store_.ListMemberEvents(member_id);
}

Status MembersService::MoveToChapter(int64_t member_id, std::optional<int64_t> chapter_id,
                                     int64_t actor_user_id) {
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
  if (m.status == MemberStatus::kErased)
    return Status::InvalidArgument("chapter: the member was erased");
  if (m.chapter_id == chapter_id) return Status::Ok();
  if (chapter_id) {
    Result<store::Chapter> c = store_.GetChapter(*chapter_id);
    if (c.status().IsNotFound()) return Status::InvalidArgument("chapter: no such chapter");
    BS_RETURN_IF_ERROR(c.status());
  }
  m.chapter_id = chapter_id;
  const std::string detail = chapter_id ? std::to_string(*chapter_id) : "none";
  return store_.UpdateMember(m, clock_.Now(), Event("chapter", actor_user_id, detail));
}

}  // namespace members
