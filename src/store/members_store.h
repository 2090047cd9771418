#pragma once
// Storage contract for the membership (src/members/): members, chapters,
// one-time member links (confirmation, sign-in, email change) and each
// member's history.
//
// Secrecy: this layer never sees a member's personal data in clear. The
// service seals the personal fields into one opaque `sealed_profile` (bound
// to the member's random `ref`), and looks members up by keyed blind indexes
// (crypto::BlindIndex) of the normalized email and of each word of the name.
// What stays in clear is what the back office filters on and what says
// nothing about who someone is: status, chapter, membership type, consent to
// email, dates. A copy of the database file alone names nobody.
//
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/sealed_value.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

// pending: joined, email not yet confirmed. applicant: confirmed, waits for
// the secretary's approval (when the organization requires it). active: a
// member. declined: refused by the secretary. lapsed: left or stopped paying.
// erased: a tombstone; every personal field and index is gone for good.
enum class MemberStatus { kPending, kApplicant, kActive, kDeclined, kLapsed, kErased };

// "pending", "applicant", "active", "declined", "lapsed", "erased": the
// stored spelling, also used in exports.
inline const char* MemberStatusName(MemberStatus s) {
  switch (s) {
    case MemberStatus::kPending:
      return "pending";
    case MemberStatus::kApplicant:
      return "applicant";
    case MemberStatus::kActive:
      return "active";
    case MemberStatus::kDeclined:
      return "declined";
    case MemberStatus::kLapsed:
      return "lapsed";
    case MemberStatus::kErased:
      return "erased";
  }
  return "pending";
}

struct Chapter {
  int64_t id = 0;
  std::string slug, name;
  std::string region;  // shown on the public chapter list
  // Assignment rules: a new member whose postal code starts with one of
  // these prefixes, or whose region is one of these (case-insensitive), joins
  // this chapter. The service applies them (longest prefix wins).
  std::vector<std::string> postal_prefixes, regions;
  int position = 0;  // listing order
};

struct Member {
  int64_t id = 0;
  std::string ref;  // random, unique, never reused: public handle and sealing context
  MemberStatus status = MemberStatus::kPending;
  std::string email_index;  // blind index of the normalized email; "" once erased
  // Blind indexes (short) of each normalized word of the name, for search.
  std::vector<std::string> name_tokens;
  std::string sealed_profile;  // opaque; "" once erased
  std::string membership_type;  // a settings slug ("regular", "student"...)
  std::optional<int64_t> chapter_id;
  bool email_consent = false;
  Time created_at{}, updated_at{};
  std::optional<Time> confirmed_at;   // email confirmed
  std::optional<Time> activated_at;   // became active (joined, for counts)
  std::optional<Time> lapsed_at;
  std::optional<Time> erase_after;    // deletion asked for; erased from then on
  std::optional<Time> erased_at;
  int64_t version = 1;  // bumped by every write; stale writes are Conflict
};

enum class MemberTokenPurpose { kConfirmJoin, kSignIn, kChangeEmail };

struct MemberToken {
  std::string token_hash;  // crypto::HashToken of the link's token; unique
  int64_t member_id = 0;
  MemberTokenPurpose purpose = MemberTokenPurpose::kConfirmJoin;
  Time created_at{}, expires_at{};
  std::optional<Time> used_at;
  std::string sealed_payload;  // e.g. the new email for kChangeEmail; "" = none
};

struct MemberSession {
  std::string token_hash;  // crypto::HashToken of the cookie's token; unique
  int64_t member_id = 0;
  Time created_at{}, expires_at{};
};

struct MemberEvent {
  int64_t id = 0;
  int64_t member_id = 0;
  Time at{};
  std::optional<int64_t> actor_user_id;  // staff; nullopt = the member or the system
  std::string kind;    // "joined", "confirmed", "status", "chapter", "viewed", "exported"...
  std::string detail;  // never personal data (ids, statuses, field names)
};

struct MemberFilter {
  std::optional<MemberStatus> status;  // nullopt = every status but erased
  std::optional<int64_t> chapter_id;
  bool no_chapter = false;             // only members without a chapter
  std::string membership_type;         // "" = any
  std::optional<Time> activated_from;  // inclusive
  std::optional<Time> activated_to;    // exclusive
  std::optional<bool> email_consent;
  std::string email_index;               // "" = any; else exactly this member
  std::vector<std::string> name_tokens;  // every one must be among the member's
  int limit = 50;                        // 1..1000
  int offset = 0;                        // >= 0
};

// New and lapsed members of one chapter (nullopt = none) in one month.
struct MemberMonthCount {
  std::optional<int64_t> chapter_id;
  std::string month;  // "2026-11" (UTC)
  int64_t joined = 0, lapsed = 0;
};

class MembersStore {
 public:
  virtual ~MembersStore() = default;

  // --- Chapters. Conflict on a duplicate slug; NotFound for an unknown id.
  virtual Result<int64_t> CreateChapter(const Chapter& c) = 0;
  virtual Status UpdateChapter(const Chapter& c) = 0;
  // Its members keep existing without a chapter.
  virtual Status DeleteChapter(int64_t id) = 0;
  virtual Result<std::vector<Chapter>> ListChapters() = 0;  // by position, name
  virtual Result<Chapter> GetChapter(int64_t id) = 0;

  // --- Members
  // Inserts `m` (id, version and updated_at ignored; updated_at = created_at)
  // and records a "joined" event. Conflict when a member that is not erased
  // has the same email_index, or the ref is taken; InvalidArgument for an
  // empty ref, email_index or sealed_profile, or an unknown chapter.
  virtual Result<int64_t> CreateMember(const Member& m) = 0;
  // Inserts every member of `ms` as CreateMember does, all in one
  // transaction: either all of them are stored or, on any error, none. Each
  // gets `event` in its history (member_id filled in, at = its created_at)
  // instead of "joined". Returns their ids in the order given. Errors as
  // CreateMember's, for the first member refused (a duplicate email_index
  // within `ms` is Conflict too). An empty `ms` writes nothing.
  virtual Result<std::vector<int64_t>> CreateMembers(const std::vector<Member>& ms,
                                                     const MemberEvent& event) = 0;
  // NotFound for an unknown id / ref.
  virtual Result<Member> GetMember(int64_t id) = 0;
  virtual Result<Member> GetMemberByRef(const std::string& ref) = 0;
  // The member (not erased) with this email index, if any.
  virtual Result<std::optional<Member>> FindByEmailIndex(const std::string& email_index) = 0;

  // Writes at `m.version` (the version read): Conflict when the stored
  // version differs, or when email_index is another member's. Replaces
  // email_index, name_tokens, sealed_profile, membership_type, chapter_id,
  // email_consent, status and the dates; bumps version and sets updated_at =
  // `at`; records `event` (its member_id and at are filled in) in the same
  // transaction. NotFound for an unknown id; InvalidArgument for an erased
  // member (a tombstone is final) or an unknown chapter.
  virtual Status UpdateMember(const Member& m, Time at, const MemberEvent& event) = 0;

  // Makes member `id` a tombstone: status erased, erased_at = at, every index,
  // the sealed profile and sealed token payloads removed, unused tokens
  // deleted, sessions ended. History keeps only kinds and dates. Idempotent (an erased member
  // stays erased). NotFound for an unknown id.
  virtual Status EraseMember(int64_t id, Time at, const MemberEvent& event) = 0;
  // Ids of members whose erase_after is <= now and who are not yet erased.
  virtual Result<std::vector<int64_t>> ListDueForErasure(Time now, int limit) = 0;

  // The page of members matching `f`, newest first (created_at, id), and how
  // many match in all. InvalidArgument for a bad limit or offset.
  virtual Result<std::vector<Member>> ListMembers(const MemberFilter& f) = 0;
  virtual Result<int64_t> CountMembers(const MemberFilter& f) = 0;
  // Joined (activated_at) and lapsed (lapsed_at) counts per chapter and UTC
  // month, for months starting at or after `since`. Erased members count in
  // the months they joined and lapsed (tombstones keep counts honest).
  virtual Result<std::vector<MemberMonthCount>> CountByChapterAndMonth(Time since) = 0;

  // --- One-time links. InvalidArgument for an empty hash or unknown member;
  // Conflict for a duplicate hash.
  virtual Status CreateMemberToken(const MemberToken& t) = 0;
  // Atomically marks the token used and returns it when it exists with this
  // purpose, is unused and expires after `now`. NotFound when there is no
  // such token (or another purpose); PermissionDenied when used or expired.
  virtual Result<MemberToken> ConsumeMemberToken(const std::string& token_hash,
                                                 MemberTokenPurpose purpose, Time now) = 0;
  // Unused tokens of this member and purpose stop working.
  virtual Status RevokeMemberTokens(int64_t member_id, MemberTokenPurpose purpose) = 0;

  // --- Portal sessions. Create: InvalidArgument for an empty hash or unknown
  // member. Get: NotFound when absent or expired at `now` (and not erased).
  virtual Status CreateMemberSession(const MemberSession& s) = 0;
  virtual Result<MemberSession> GetMemberSession(const std::string& token_hash, Time now) = 0;
  virtual Status DeleteMemberSession(const std::string& token_hash) = 0;
  // Every session of the member ends (email change, erasure, "sign out everywhere").
  virtual Status DeleteMemberSessions(int64_t member_id) = 0;

  // --- History. NotFound for an unknown member.
  virtual Status AddMemberEvent(const MemberEvent& e) = 0;
  virtual Result<std::vector<MemberEvent>> ListMemberEvents(int64_t member_id) = 0;  // oldest first

  // --- Re-sealing (store/sealed_value.h): profiles. (Token payloads live at
  // most 48 hours; the retired key that keys rotate keeps opens them.)
  virtual Result<std::vector<SealedValue>> ListSealedProfiles(int64_t after_id, int limit) = 0;
  virtual Status ReplaceSealedProfile(int64_t id, const std::string& expected,
                                      const std::string& resealed) = 0;
};

}  // namespace store
