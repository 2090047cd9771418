#pragma once
// The membership: joining with double opt-in, the secretary's approval,
// magic-link sign-in to the member portal, a member's own data and its
// deletion. (See README.md for the states and the secrecy model.)
//
// Secrecy: personal fields exist in clear only in memory. They are stored
// sealed with the key ring (members/profile.h) and found through blind
// indexes (members/indexer.h). Responses never tell an outsider whether an
// address belongs to a member: Join and RequestSignIn answer the same for
// every address, and do comparable work (one email queued) either way.
//
// Thread-safety: safe for concurrent use; calls block on the database.
//
// The implementation is split by use case (members_joining.cc,
// members_status.cc, members_back_office.cc, members_chapters.cc,
// members_portal.cc, members_portal_editing.cc; the shared machinery in
// members_service.cc).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/keyring.h"
#include "crypto/reseal.h"
#include "members/indexer.h"
#include "members/join_form.h"
#include "members/notifier.h"
#include "members/profile.h"
#include "store/members_store.h"

namespace members {

using base::Result;
using base::Status;
using store::Member;
using store::MemberStatus;

inline constexpr std::chrono::hours kConfirmLinkLife{48};
inline constexpr std::chrono::minutes kSignInLinkLife{15};
inline constexpr std::chrono::hours kSessionLife{12};
// How long a deletion request waits before the data goes (the secretary can
// erase sooner), so a mistaken click or a forged request can be undone.
inline constexpr std::chrono::hours kDefaultDeletionGrace{24 * 14};

// What a confirmed person sees next.
struct Confirmation {
  MemberStatus status = MemberStatus::kActive;  // kActive or kApplicant
  std::string first_name;
  std::optional<store::Chapter> chapter;
  int64_t monthly_dues_minor = 0;  // of their membership type; 0 = no dues
};

// A member with the personal fields opened (for the portal and the back office).
struct MemberView {
  Member member;
  Profile profile;
  std::optional<store::Chapter> chapter;
};

// --- Member portal editing (issue 5): what a member may change about
// themselves. The email is not here: it changes only through a link sent to
// the new address (RequestEmailChange / ConfirmEmailChange).
struct OwnDetails {
  std::string first_name, last_name, phone, postal_code, region, country;
  std::vector<std::pair<std::string, std::string>> answers;  // optional questions, by key
  int64_t version = 0;  // the member's version the form was filled from
};

inline constexpr std::chrono::hours kChangeEmailLinkLife{48};

struct MemberList {
  std::vector<MemberView> items;
  int64_t total = 0;
};

// The back office's filter: the store's, plus free text (an email address
// finds that member; other text finds members whose name has every word).
struct MemberSearch {
  store::MemberFilter filter;  // its email_index and name_tokens are ignored
  std::string text;
};

class MembersService {
 public:
  // Everything borrowed must outlive this object. `notifier` may be null
  // (nothing is sent; tests).
  MembersService(store::MembersStore& store, const crypto::Keyring& ring, const Indexer& indexer,
                 const base::Clock& clock, Notifier* notifier, JoinPolicy policy,
                 std::chrono::hours deletion_grace = kDefaultDeletionGrace);

  const JoinPolicy& policy() const { return policy_; }

  // --- Joining
  // InvalidArgument with `errors` filled (when given) for a form with
  // problems; nothing is stored or sent. Otherwise OK, whether the address
  // was new (a pending member and a confirmation email), pending already
  // (a fresh confirmation email) or a member's (an "already with us" email).
  Status Join(const JoinInput& in, std::vector<JoinError>* errors = nullptr);
  // From the confirmation link: pending -> active (or applicant when the
  // policy requires approval). Errors: NotFound for an unknown link,
  // PermissionDenied for a used or expired one.
  Result<Confirmation> ConfirmJoin(const std::string& token);

  // --- The secretary. Conflict unless the member is (still) an applicant.
  Status Approve(int64_t member_id, int64_t actor_user_id);
  Status Decline(int64_t member_id, int64_t actor_user_id);

  // --- Member portal
  // Sends a sign-in link when `email` is an active member's or an
  // applicant's; OK either way. InvalidArgument for a malformed address.
  Status RequestSignIn(const std::string& email);
  // From the link: a new session token for the cookie (valid kSessionLife).
  // Errors as ConfirmJoin; PermissionDenied for a declined or erased member.
  Result<std::string> SignIn(const std::string& link_token);
  // The signed-in member. NotFound for no, an expired or an ended session.
  Result<MemberView> SessionMember(const std::string& session_token);
  Status SignOut(const std::string& session_token);
  // Everything held about the member, as JSON (their right of access).
  Result<std::string> ExportOwnData(const std::string& session_token);
  // Asks for deletion: erased after the grace period; signs out everywhere.
  Status RequestDeletion(const std::string& session_token);

  // --- Member portal: editing (issue 5). Every call starts from the session;
  // NotFound when there is none (or it ended).
  //
  // The member's names, phone, postal code, region, country and answers,
  // judged as on the Join form: InvalidArgument with `errors` filled (when
  // given) and nothing stored. Conflict when the member changed since
  // `in.version` was read (another tab, the secretary). The chapter stays as
  // it is (moving a member is the secretary's call, even after a move).
  Status UpdateOwnDetails(const std::string& session_token, const OwnDetails& in,
                          std::vector<JoinError>* errors = nullptr);
  // Consent to news by email, on or off; recorded in the history.
  Status SetEmailConsent(const std::string& session_token, bool consent);
  // Sends a confirmation link (kChangeEmailLinkLife) to `new_email` and a
  // notice without a link to the current address. When the new address is
  // another member's, nothing goes to it, and the answer is still OK (the
  // page cannot tell whose it is). OK without sending anything when it is
  // already the member's address. InvalidArgument for a malformed address.
  Status RequestEmailChange(const std::string& session_token, const std::string& new_email);
  // From the link sent to the new address: the member's email (and its
  // index) becomes the new one, every portal session and sign-in link ends.
  // NotFound for an unknown link, PermissionDenied for a used or expired one
  // (or an erased member), Conflict when another member took the address
  // since the link was sent.
  Status ConfirmEmailChange(const std::string& link_token);

  // --- Back office (callers check roles and chapter scope).
  Result<MemberList> Search(const MemberSearch& s);
  // One member, opened; records a "viewed" event with the actor. With
  // `only_chapter` (a chapter leader's scope), a member of any other chapter
  // (or of none) is NotFound, exactly like an id that does not exist, and
  // nothing is recorded: a leader cannot learn who is in other chapters.
  Result<MemberView> View(int64_t member_id, int64_t actor_user_id,
                          std::optional<int64_t> only_chapter = std::nullopt);
  // Erases at once. Idempotent.
  Status EraseNow(int64_t member_id, int64_t actor_user_id);
  // Erases members whose grace period ended; returns how many.
  Result<int> PurgeDue();

  // ===== Back office: history, chapters, counts (added for src/admin) =====
  // Everything below only reads, or writes through the store like the rest.

  // The member's history, oldest first. NotFound for an unknown member.
  Result<std::vector<store::MemberEvent>> History(int64_t member_id);
  // Puts the member in chapter `chapter_id` (nullopt: no chapter) and records
  // a "chapter" event with the actor (detail: the new chapter id or "none").
  // OK without a write when nothing changes. NotFound for an unknown member;
  // InvalidArgument for an erased member or an unknown chapter; Conflict
  // when the member was changed meanwhile.
  Status MoveToChapter(int64_t member_id, std::optional<int64_t> chapter_id, int64_t actor_user_id);
  // Chapters by position, name.
  Result<std::vector<store::Chapter>> Chapters();
  Result<store::Chapter> GetChapter(int64_t id);  // NotFound for an unknown id
  // Creates (c.id == 0) or updates chapter `c` after cleaning it: name and
  // region trimmed; slug made from the name when empty; empty and duplicate
  // prefixes and regions dropped. Returns the chapter's id. Errors read
  // "field: reason" (fields name, slug, region, postal_prefixes, regions):
  // InvalidArgument for a missing name, text that is not UTF-8 or has
  // control characters, or is too long (name, region 100 characters; slug
  // 80; each prefix 20, each region 100; at most 200 of each); Conflict for
  // a slug another chapter has; NotFound for an unknown id.
  Result<int64_t> SaveChapter(store::Chapter c);
  // Its members keep existing without a chapter. NotFound for an unknown id.
  Status DeleteChapter(int64_t id);
  // Joined and lapsed counts per chapter and UTC month for the last `months`
  // months, this one included (store::MembersStore::CountByChapterAndMonth).
  // InvalidArgument unless 1 <= months <= 120.
  Result<std::vector<store::MemberMonthCount>> CountByChapterAndMonth(int months);

 private:
  Result<MemberView> Open(Member m);
  Status SendConfirmation(const Member& m, const Profile& p);
  Status SendSignIn(const Member& m, const Profile& p, bool already_member);
  Result<std::string> NewToken(int64_t member_id, store::MemberTokenPurpose purpose,
                               std::chrono::seconds life);
  Status Decide(int64_t member_id, int64_t actor_user_id, bool approve);
  // Portal editing: the email change itself (after the link is consumed).
  Status ChangeEmailTo(int64_t member_id, const std::string& new_email);

  store::MembersStore& store_;
  const crypto::Keyring& ring_;
  const Indexer& indexer_;
  const base::Clock& clock_;
  Notifier* notifier_;
  const JoinPolicy policy_;
  const std::chrono::hours deletion_grace_;
};

// Members' sealed profiles as a column for crypto::Reseal (`broadside keys
// rotate`). `store` must outlive the result.
crypto::ResealColumn ProfileResealColumn(store::MembersStore& store);

}  // namespace members
