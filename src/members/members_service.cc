// MembersService's shared machinery: construction, one-time links, opening
// a member's sealed profile, the emails that carry links; and the profiles'
// re-seal column. The use cases live beside it, one file each:
//   members_joining.cc         Join, ConfirmJoin
//   members_status.cc          Approve, Decline, EraseNow, PurgeDue
//   members_back_office.cc     Search, View, History, MoveToChapter
//   members_chapters.cc        chapters and the monthly counts
//   members_portal.cc          sign-in, sessions, own data, deletion request
//   members_portal_editing.cc  own details, consent, email change

#include "members/members_service.h"

#include <utility>

#include "crypto/token.h"

namespace members {

using store::MemberTokenPurpose;

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
