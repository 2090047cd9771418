#include "members/members_service.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

#include "base/form_text.h"
#include "base/text.h"
#include "base/time_format.h"
#include "crypto/token.h"
#include "members/chapter_rules.h"

namespace members {
namespace {

namespace json = boost::json;
using store::MemberEvent;
using store::MemberTokenPurpose;

MemberEvent Event(std::string kind, std::optional<int64_t> actor = {}, std::string detail = "") {
  MemberEvent e;
  e.kind = std::move(kind);
  e.actor_user_id = actor;
  e.detail = std::move(detail);
  return e;
}

const char* StatusName(MemberStatus s) { return store::MemberStatusName(s); }

json::value TimeOrNull(const std::optional<base::Time>& t) {
  if (!t) return nullptr;
  return json::value(base::FormatRfc3339(*t));
}

}  // namespace

MembersService::MembersService(store::MembersStore& store, const crypto::Keyring& ring,
                               const Indexer& indexer, const base::Clock& clock,
                               Notifier* notifier, JoinPolicy policy,
                               std::chrono::hours deletion_grace)
    : store_(store),
      ring_(ring),
      indexer_(indexer),
      clock_(clock),
      notifier_(notifier),
      policy_(std::move(policy)),
      deletion_grace_(deletion_grace) {}

Result<std::string> MembersService::NewToken(int64_t member_id, MemberTokenPurpose purpose,
                                             std::chrono::seconds life) {
  // A newer link replaces older ones of the same kind.
  BS_RETURN_IF_ERROR(store_.RevokeMemberTokens(member_id, purpose));
  const std::string token = crypto::RandomToken();
  store::MemberToken t;
  t.token_hash = crypto::HashToken(token);
  t.member_id = member_id;
  t.purpose = purpose;
  t.created_at = clock_.Now();
  t.expires_at = t.created_at + life;
  BS_RETURN_IF_ERROR(store_.CreateMemberToken(t));
  return token;
}

Result<MemberView> MembersService::Open(Member m) {
  MemberView v;
  BS_ASSIGN_OR_RETURN(v.profile, OpenProfile(ring_, m.sealed_profile, m.ref));
  if (m.chapter_id) {
    auto c = store_.GetChapter(*m.chapter_id);
    if (c.ok()) v.chapter = std::move(c).value();
  }
  v.member = std::move(m);
  return v;
}

Status MembersService::SendConfirmation(const Member& m, const Profile& p) {
  BS_ASSIGN_OR_RETURN(std::string token,
                      NewToken(m.id, MemberTokenPurpose::kConfirmJoin, kConfirmLinkLife));
  if (notifier_ == nullptr) return Status::Ok();
  return notifier_->ConfirmJoin({p.email, p.first_name, p.lang, token, ""});
}

Status MembersService::SendSignIn(const Member& m, const Profile& p, bool already_member) {
  BS_ASSIGN_OR_RETURN(std::string token,
                      NewToken(m.id, MemberTokenPurpose::kSignIn, kSignInLinkLife));
  if (notifier_ == nullptr) return Status::Ok();
  MemberNotice n{p.email, p.first_name, p.lang, token, ""};
  return already_member ? notifier_->AlreadyMember(n) : notifier_->SignInLink(n);
}

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
    BS_RETURN_IF_ERROR(store_.UpdateMember(m, now, Event("confirmed", {}, StatusName(m.status))));
  }
  BS_ASSIGN_OR_RETURN(MemberView v, Open(std::move(m)));
  Confirmation c;
  c.status = v.member.status;
  c.first_name = v.profile.first_name;
  c.chapter = v.chapter;
  return c;
}

Status MembersService::Decide(int64_t member_id, int64_t actor_user_id, bool approve) {
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
  if (m.status != MemberStatus::kApplicant) {
    return Status::Conflict("member " + std::to_string(member_id) +
                                      " is not an applicant");
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
  membership["status"] = StatusName(m.status);
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
  BS_RETURN_IF_ERROR(store_.UpdateMember(m, now, Event("deletion_requested")));
  return store_.DeleteMemberSessions(m.id);
}

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
  for (Member& m : page) {
    if (m.status == MemberStatus::kErased) {
      out.items.push_back(MemberView{std::move(m), {}, {}});
      continue;
    }
    BS_ASSIGN_OR_RETURN(MemberView v, Open(std::move(m)));
    out.items.push_back(std::move(v));
  }
  return out;
}

Result<MemberView> MembersService::View(int64_t member_id, int64_t actor_user_id) {
  BS_ASSIGN_OR_RETURN(Member m, store_.GetMember(member_id));
  BS_RETURN_IF_ERROR(
      store_.AddMemberEvent({0, member_id, clock_.Now(), actor_user_id, "viewed", ""}));
  if (m.status == MemberStatus::kErased) return MemberView{std::move(m), {}, {}};
  return Open(std::move(m));
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

crypto::ResealColumn ProfileResealColumn(store::MembersStore& store) {
  crypto::ResealColumn c;
  c.name = "member profiles";
  c.list = [&store](int64_t after, int limit) -> Result<std::vector<crypto::SealedRow>> {
    BS_ASSIGN_OR_RETURN(std::vector<store::SealedValue> page,
                        store.ListSealedProfiles(after, limit));
    std::vector<crypto::SealedRow> rows;
    for (store::SealedValue& v : page) rows.push_back({v.id, std::move(v.sealed)});
    return rows;
  };
  // Bound to the member's ref (members/profile.h).
  c.associated_data = [&store](const crypto::SealedRow& row) -> Result<std::string> {
    BS_ASSIGN_OR_RETURN(Member m, store.GetMember(row.id));
    return ProfileContext(m.ref);
  };
  c.replace = [&store](int64_t id, const std::string& expected, const std::string& resealed) {
    return store.ReplaceSealedProfile(id, expected, resealed);
  };
  return c;
}

}  // namespace members
