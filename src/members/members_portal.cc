// The member portal: magic-link sign-in, sessions, the member's own data
// (their right of access, as JSON) and their request to be deleted.

#include "members/members_service.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/form_text.h"
#include "base/time_format.h"
#include "crypto/token.h"
#include "members/member_event.h"

namespace members {
namespace {

namespace json = boost::json;
using store::MemberEvent;
using store::MemberTokenPurpose;

json::value TimeOrNull(const std::optional<base::Time>& t) {
  if (!t) return nullptr;
  return json::value(base::FormatRfc3339(*t));
}

}  // namespace

Status MembersService::RequestSignIn(const std::string& email) {
  std::optional<std::string> normalized = base::NormalizeEmail(email);
  if (!normalized) return Status::InvalidArgument("sign in: not an email address");
  BS_ASSIGN_OR_RETURN(std::optional<Member> m,
                      store_.FindByEmailIndex(indexer_.EmailIndex(*normalized)));
  if (!m || (m->status != MemberStatus::kActive && m->status != MemberStatus::kApplicant)) {
    return Status::Ok();
  }
  BS_ASSIGN_OR_RETURN(MemberView v, Open(*m));
  return SendSignIn(v.member, v.profile, /*already_member=*/false);
}

Result<std::string> MembersService::SignIn(const std::string& link_token) {
  BS_ASSIGN_OR_RETURN(store::MemberToken t,
                      store_.ConsumeMemberToken(crypto::HashToken(link_token),
                                                MemberTokenPurpose::kSignIn, clock_.Now()));
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(t.member_id));
  if (m.status == MemberStatus::kErased || m.status == MemberStatus::kDeclined) {
    return Status::PermissionDenied("this link has expired");
  }
  const std::string session = crypto::RandomToken();
  const base::Time now = clock_.Now();
  BS_RETURN_IF_ERROR(store_.CreateMemberSession(
      {crypto::HashToken(session), m.id, now, now + kSessionLife}));
  BS_RETURN_IF_ERROR(store_.AddMemberEvent({0, m.id, now, std::nullopt, "signed_in", ""}));
  return session;
}

Result<MemberView> MembersService::SessionMember(const std::string& session_token) {
  if (session_token.empty()) return Status::NotFound("not signed in");
  BS_ASSIGN_OR_RETURN(store::MemberSession s,
                      store_.GetMemberSession(crypto::HashToken(session_token), clock_.Now()));
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(s.member_id));
  return Open(std::move(m));
}

Status MembersService::SignOut(const std::string& session_token) {
  return store_.DeleteMemberSession(crypto::HashToken(session_token));
}

Result<std::string> MembersService::ExportOwnData(const std::string& session_token) {
  BS_ASSIGN_OR_RETURN(MemberView v, SessionMember(session_token));
  BS_ASSIGN_OR_RETURN(std::vector<MemberEvent> history, store_.ListMemberEvents(v.member.id));
  const Member& m = v.member;
  json::object profile;
  profile["first_name"] = v.profile.first_name;
  profile["last_name"] = v.profile.last_name;
  profile["email"] = v.profile.email;
  profile["phone"] = v.profile.phone;
  profile["postal_code"] = v.profile.postal_code;
  profile["region"] = v.profile.region;
  profile["country"] = v.profile.country;
  profile["language"] = v.profile.lang;
  json::object answers;
  for (const auto& [key, value] : v.profile.answers) answers[key] = value;
  profile["answers"] = std::move(answers);
  json::object membership;
  membership["status"] = store::MemberStatusName(m.status);
  membership["type"] = m.membership_type;
  membership["chapter"] = v.chapter ? json::value(v.chapter->name) : json::value(nullptr);
  membership["email_updates"] = m.email_consent;
  membership["joined_at"] = base::FormatRfc3339(m.created_at);
  membership["confirmed_at"] = TimeOrNull(m.confirmed_at);
  membership["active_since"] = TimeOrNull(m.activated_at);
  membership["deletion_scheduled_for"] = TimeOrNull(m.erase_after);
  json::array events;
  for (const MemberEvent& e : history) {
    json::object o;
    o["at"] = base::FormatRfc3339(e.at);
    o["what"] = e.kind;
    o["by_staff"] = e.actor_user_id.has_value();
    events.push_back(std::move(o));
  }
  json::object out;
  out["profile"] = std::move(profile);
  out["membership"] = std::move(membership);
  out["history"] = std::move(events);
  BS_RETURN_IF_ERROR(
      store_.AddMemberEvent({0, m.id, clock_.Now(), std::nullopt, "exported_own_data", ""}));
  return json::serialize(out);
}

Status MembersService::RequestDeletion(const std::string& session_token) {
  BS_ASSIGN_OR_RETURN(MemberView v, SessionMember(session_token));
  Member m = std::move(v.member);
  const base::Time now = clock_.Now();
  m.erase_after = now + deletion_grace_;
  BS_RETURN_IF_ERROR(store_.UpdateMember(m, now, internal::Event("deletion_requested")));
  return store_.DeleteMemberSessions(m.id);
}

}  // namespace members
