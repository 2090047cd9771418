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

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
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
};

// A member with the personal fields opened (for the portal and the back office).
struct MemberView {
  Member member;
  Profile profile;
  std::optional<store::Chapter> chapter;
};

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

  // --- Back office (callers check roles and chapter scope).
  Result<MemberList> Search(const MemberSearch& s);
  // One member, opened; records a "viewed" event with the actor.
  Result<MemberView> View(int64_t member_id, int64_t actor_user_id);
  // Erases at once. Idempotent.
  Status EraseNow(int64_t member_id, int64_t actor_user_id);
  // Erases members whose grace period ended; returns how many.
  Result<int> PurgeDue();

 private:
  Result<MemberView> Open(Member m);
  Status SendConfirmation(const Member& m, const Profile& p);
  Status SendSignIn(const Member& m, const Profile& p, bool already_member);
  Result<std::string> NewToken(int64_t member_id, store::MemberTokenPurpose purpose,
                               std::chrono::seconds life);
  Status Decide(int64_t member_id, int64_t actor_user_id, bool approve);

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
