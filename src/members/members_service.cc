#include "members/members_service.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string_view>
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
  for (const MembershipType& type : policy_.membership_types)
    if (type.slug == v.member.membership_type) c.monthly_dues_minor = type.monthly_dues_minor;
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

// ---------------------------------------------------------------------------
// Member portal: editing one's own details, consent and address (issue 5).

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

// ---------------------------------------------------------------------------

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

// ===== Back office: history, chapters, counts (added for src/admin) =====

namespace {

constexpr size_t kChapterNameMax = 100, kChapterSlugMax = 80, kPrefixMax = 20, kListMax = 200;

// InvalidArgument "field: reason" unless `text` is short, valid one-line text.
Status CheckChapterText(const char* field, std::string_view text, size_t max_chars) {
  if (!base::IsValidUtf8(text) || base::HasControlCharacters(text, /*allow_newlines=*/false))
    return Status::InvalidArgument(std::string(field) + ": not valid UTF-8");
  if (base::CountCodePoints(text) > max_chars)
    return Status::InvalidArgument(std::string(field) + ": too long");
  return Status::Ok();
}

// Trimmed, non-empty, distinct entries; each checked like a field.
Status CleanList(const char* field, std::vector<std::string>& list, size_t max_chars) {
  std::vector<std::string> out;
  for (const std::string& raw : list) {
    const std::string item(base::Trim(raw));
    if (item.empty()) continue;
    BS_RETURN_IF_ERROR(CheckChapterText(field, item, max_chars));
    bool seen = false;
    for (const std::string& o : out)
      seen = seen || base::FoldAccentsLower(o) == base::FoldAccentsLower(item);
    if (!seen) out.push_back(item);
  }
  if (out.size() > kListMax) return Status::InvalidArgument(std::string(field) + ": too long");
  list = std::move(out);
  return Status::Ok();
}

}  // namespace

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

Result<std::vector<store::Chapter>> MembersService::Chapters() { return store_.ListChapters(); }

Result<store::Chapter> MembersService::GetChapter(int64_t id) { return store_.GetChapter(id); }

Result<int64_t> MembersService::SaveChapter(store::Chapter c) {
  c.name = std::string(base::Trim(c.name));
  c.region = std::string(base::Trim(c.region));
  c.slug = std::string(base::Trim(c.slug));
  BS_RETURN_IF_ERROR(CheckChapterText("name", c.name, kChapterNameMax));
  if (c.name.empty()) return Status::InvalidArgument("name: required");
  BS_RETURN_IF_ERROR(CheckChapterText("region", c.region, kChapterNameMax));
  BS_RETURN_IF_ERROR(CheckChapterText("slug", c.slug, kChapterSlugMax));
  if (c.slug.empty()) c.slug = base::Slugify(c.name);
  if (!base::IsValidSlug(c.slug)) return Status::InvalidArgument("slug: only a-z, 0-9 and '-'");
  BS_RETURN_IF_ERROR(CleanList("postal_prefixes", c.postal_prefixes, kPrefixMax));
  BS_RETURN_IF_ERROR(CleanList("regions", c.regions, kChapterNameMax));
  // Another chapter's slug: said by field, not by the store's wording.
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> all, store_.ListChapters());
  for (const store::Chapter& o : all)
    if (o.slug == c.slug && o.id != c.id) return Status::Conflict("slug: already used");
  if (c.id == 0) {
    Result<int64_t> id = store_.CreateChapter(c);
    if (id.status().IsConflict()) return Status::Conflict("slug: already used");
    return id;
  }
  Status s = store_.UpdateChapter(c);
  if (s.IsConflict()) return Status::Conflict("slug: already used");
  BS_RETURN_IF_ERROR(s);
  return c.id;
}

Status MembersService::DeleteChapter(int64_t id) { return store_.DeleteChapter(id); }

Result<std::vector<store::MemberMonthCount>> MembersService::CountByChapterAndMonth(int months) {
  if (months < 1 || months > 120) return Status::InvalidArgument("months: out of range");
  base::CivilTime start = base::ToCivil(clock_.Now());
  start.day = 1;
  start.hour = start.minute = start.second = 0;
  const int index = start.year * 12 + (start.month - 1) - (months - 1);
  start.year = index / 12;
  start.month = index % 12 + 1;
  return store_.CountByChapterAndMonth(base::FromCivil(start));
}

}  // namespace members
