// The member portal: a signed-in member editing their own details, their
// consent to news by email, and their address (confirmed on the new one).

#include "members/members_service.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/form_text.h"
#include "base/text.h"
#include "crypto/token.h"
#include "members/member_event.h"

namespace members {

using internal::Event;
using store::MemberTokenPurpose;

namespace {

// What a pending address change's payload is sealed with: bound to the
// member, so a payload copied onto another member's link does not open.
std::string NewEmailContext(std::string_view member_ref) {
  return "member-new-email:" + std::string(member_ref);
}

// The names of the fields that differ (for the history: never the values).
std::string ChangedFields(const Profile& a, const Profile& b) {
  std::string out;
  auto add = [&out](bool changed, const char* name) {
    if (!changed) return;
    if (!out.empty()) out += ",";
    out += name;
  };
  add(a.first_name != b.first_name, "first_name");
  add(a.last_name != b.last_name, "last_name");
  add(a.phone != b.phone, "phone");
  add(a.postal_code != b.postal_code, "postal_code");
  add(a.region != b.region, "region");
  add(a.country != b.country, "country");
  add(a.answers != b.answers, "answers");
  return out;
}

}  // namespace

Status MembersService::UpdateOwnDetails(const std::string& session_token, const OwnDetails& raw,
                                        std::vector<JoinError>* errors) {
  BS_ASSIGN_OR_RETURN(MemberView v, SessionMember(session_token));
  // The Join form's checks, with what this form does not carry filled in.
  JoinInput in;
  in.first_name = raw.first_name;
  in.last_name = raw.last_name;
  in.email = v.profile.email;
  in.phone = raw.phone;
  in.postal_code = raw.postal_code;
  in.region = raw.region;
  in.country = raw.country;
  in.answers = raw.answers;
  in.privacy_consent = true;
  std::vector<JoinError> problems = CheckJoin(in, policy_);
  std::erase_if(problems, [](const JoinError& e) { return e.field == "email"; });
  if (!problems.empty()) {
    if (errors != nullptr) *errors = std::move(problems);
    return Status::InvalidArgument("details: the form has problems");
  }
  const JoinInput clean = CleanJoin(in, policy_);
  Profile p = v.profile;
  p.first_name = clean.first_name;
  p.last_name = clean.last_name;
  p.phone = clean.phone;
  p.postal_code = clean.postal_code;
  p.region = clean.region;
  p.country = clean.country;
  p.answers = clean.answers;

  Member m = std::move(v.member);
  m.version = raw.version;  // the store refuses a write over a newer one
  m.name_tokens = indexer_.NameTokens(p.first_name + " " + p.last_name);
  BS_ASSIGN_OR_RETURN(m.sealed_profile, SealProfile(ring_, p, m.ref));
  return store_.UpdateMember(m, clock_.Now(),
                             Event("details_changed", {}, ChangedFields(v.profile, p)));
}

Status MembersService::SetEmailConsent(const std::string& session_token, bool consent) {
  BS_ASSIGN_OR_RETURN(MemberView v, SessionMember(session_token));
  Member m = std::move(v.member);
  if (m.email_consent == consent) return Status::Ok();
  m.email_consent = consent;
  return store_.UpdateMember(m, clock_.Now(),
                             Event("email_consent", {}, consent ? "on" : "off"));
}

Status MembersService::RequestEmailChange(const std::string& session_token,
                                          const std::string& new_email) {
  BS_ASSIGN_OR_RETURN(MemberView v, SessionMember(session_token));
  const std::string_view trimmed = base::Trim(new_email);
  std::optional<std::string> normalized = base::NormalizeEmail(trimmed);
  if (!normalized || base::CountCodePoints(*normalized) > kEmailMax) {
    return Status::InvalidArgument("email change: not an email address");
  }
  const Member& m = v.member;
  const std::string index = indexer_.EmailIndex(*normalized);
  if (index == m.email_index) return Status::Ok();
  BS_ASSIGN_OR_RETURN(std::optional<Member> holder, store_.FindByEmailIndex(index));

  // Only the new address's owner may spend the link; an address that is
  // already another member's gets nothing (and the page says the same).
  std::string token;
  if (!holder) {
    BS_RETURN_IF_ERROR(store_.RevokeMemberTokens(m.id, MemberTokenPurpose::kChangeEmail));
    token = crypto::RandomToken();
    store::MemberToken t;
    t.token_hash = crypto::HashToken(token);
    t.member_id = m.id;
    t.purpose = MemberTokenPurpose::kChangeEmail;
    t.created_at = clock_.Now();
    t.expires_at = t.created_at + kChangeEmailLinkLife;
    BS_ASSIGN_OR_RETURN(t.sealed_payload, ring_.Seal(*normalized, NewEmailContext(m.ref)));
    BS_RETURN_IF_ERROR(store_.CreateMemberToken(t));
  }
  BS_RETURN_IF_ERROR(
      store_.AddMemberEvent({0, m.id, clock_.Now(), std::nullopt, "email_change_requested", ""}));
  if (notifier_ == nullptr) return Status::Ok();
  const std::string chapter = v.chapter ? v.chapter->name : "";
  if (!token.empty()) {
    BS_RETURN_IF_ERROR(notifier_->ConfirmNewEmail(
        {*normalized, v.profile.first_name, v.profile.lang, token, chapter}));
  }
  // The current address hears of every request, whatever became of it.
  return notifier_->EmailChangeRequested(
      {v.profile.email, v.profile.first_name, v.profile.lang, "", chapter});
}

Status MembersService::ConfirmEmailChange(const std::string& link_token) {
  BS_ASSIGN_OR_RETURN(store::MemberToken t,
                      store_.ConsumeMemberToken(crypto::HashToken(link_token),
                                                MemberTokenPurpose::kChangeEmail, clock_.Now()));
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(t.member_id));
  if (m.status == MemberStatus::kErased || m.status == MemberStatus::kDeclined) {
    return Status::PermissionDenied("this link has expired");
  }
  BS_ASSIGN_OR_RETURN(std::string new_email,
                      ring_.Open(t.sealed_payload, NewEmailContext(m.ref)));
  return ChangeEmailTo(m.id, new_email);
}

Status MembersService::ChangeEmailTo(int64_t member_id, const std::string& new_email) {
  const std::string index = indexer_.EmailIndex(new_email);
  // A write can lose to a concurrent one (the member editing, the
  // secretary): read again and retry once; a taken address stays Conflict.
  for (int attempt = 0;; ++attempt) {
    BS_ASSIGN_OR_RETURN(std::optional<Member> holder, store_.FindByEmailIndex(index));
    if (holder && holder->id != member_id) {
      return Status::Conflict("email change: the address is another member's now");
    }
    BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
    BS_ASSIGN_OR_RETURN(MemberView v, Open(std::move(m)));
    v.profile.email = new_email;
    v.member.email_index = index;
    BS_ASSIGN_OR_RETURN(v.member.sealed_profile, SealProfile(ring_, v.profile, v.member.ref));
    Status s = store_.UpdateMember(v.member, clock_.Now(), Event("email_changed"));
    if (s.IsConflict() && attempt == 0) continue;
    BS_RETURN_IF_ERROR(s);
    break;
  }
  // Whoever held the old address (or a stolen session) is out; links sent
  // there stop working.
  BS_RETURN_IF_ERROR(store_.RevokeMemberTokens(member_id, MemberTokenPurpose::kSignIn));
  return store_.DeleteMemberSessions(member_id);
}

}  // namespace members
