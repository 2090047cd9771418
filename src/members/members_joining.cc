// Joining: the Join form (double opt-in) and its confirmation link.

#include "members/members_service.h"

#include <utility>
#include <vector>

#include "crypto/token.h"
#include "members/chapter_rules.h"
#include "members/member_event.h"

namespace members {

using internal::Event;
using store::MemberTokenPurpose;

Status MembersService::Join(const JoinInput& raw, std::vector<JoinError>* errors) {
  std::vector<JoinError> problems = CheckJoin(raw, policy_);
  if (!problems.empty()) {
    if (errors != nullptr) *errors = std::move(problems);
    return Status::InvalidArgument("join: the form has problems");
  }
  const JoinInput in = CleanJoin(raw, policy_);
  const std::string email_index = indexer_.EmailIndex(in.email);

  // Someone already on the list: tell them (not the page) so. Both branches
  // queue exactly one email, so the work, like the answer, is the same.
  auto existing = store_.FindByEmailIndex(email_index);
  if (!existing.ok()) return existing.status();
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (existing->has_value()) {
      Member& m = **existing;
      BS_ASSIGN_OR_RETURN(MemberView v, Open(m));
      BS_RETURN_IF_ERROR(store_.AddMemberEvent(
          {0, m.id, clock_.Now(), std::nullopt, "joined_again", ""}));
      if (m.status == MemberStatus::kPending) return SendConfirmation(m, v.profile);
      return SendSignIn(m, v.profile, /*already_member=*/true);
    }

    Profile p;
    p.first_name = in.first_name;
    p.last_name = in.last_name;
    p.email = in.email;
    p.phone = in.phone;
    p.postal_code = in.postal_code;
    p.region = in.region;
    p.country = in.country;
    p.answers = in.answers;
    p.lang = in.lang.empty() ? "en" : in.lang;

    Member m;
    m.ref = crypto::RandomToken();
    m.status = MemberStatus::kPending;
    m.email_index = email_index;
    m.name_tokens = indexer_.NameTokens(in.first_name + " " + in.last_name);
    BS_ASSIGN_OR_RETURN(m.sealed_profile, SealProfile(ring_, p, m.ref));
    m.membership_type = in.membership_type;
    BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, store_.ListChapters());
    m.chapter_id = AssignChapter(chapters, in.postal_code, in.region);
    m.email_consent = in.email_consent;
    m.created_at = clock_.Now();
    auto id = store_.CreateMember(m);
    if (id.status().IsConflict()) {
      // The same address joined at the same moment: answer as for a member.
      existing = store_.FindByEmailIndex(email_index);
      if (!existing.ok()) return existing.status();
      continue;
    }
    if (!id.ok()) return id.status();
    m.id = *id;
    return SendConfirmation(m, p);
  }
  return Status::Unavailable("join: please try again");
}

Result<Confirmation> MembersService::ConfirmJoin(const std::string& token) {
  BS_ASSIGN_OR_RETURN(store::MemberToken t,
                      store_.ConsumeMemberToken(crypto::HashToken(token),
                                                MemberTokenPurpose::kConfirmJoin, clock_.Now()));
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(t.member_id));
  if (m.status == MemberStatus::kErased) return Status::PermissionDenied("this link has expired");
  if (m.status == MemberStatus::kPending) {
    const base::Time now = clock_.Now();
    m.status = policy_.require_approval ? MemberStatus::kApplicant : MemberStatus::kActive;
    m.confirmed_at = now;
    if (m.status == MemberStatus::kActive) m.activated_at = now;
    BS_RETURN_IF_ERROR(
        store_.UpdateMember(m, now, Event("confirmed", {}, store::MemberStatusName(m.status))));
  }
  BS_ASSIGN_OR_RETURN(MemberView v, Open(std::move(m)));
  Confirmation c;
  c.status = v.member.status;
  c.first_name = v.profile.first_name;
  c.chapter = v.chapter;
  for (const MembershipType& type : policy_.membership_types)
    if (type.slug == v.member.membership_type) c.monthly_dues_minor = type.monthly_dues_minor;
  return c;
}

}  // namespace members
