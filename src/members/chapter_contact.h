#pragma once
// The public chapter list's contact form: a person writes to a chapter, and
// the message is relayed by email to the chapter's leaders. Nobody's address
// is ever shown: not the leaders' (the sender never learns who received the
// message, and gets no copy), not the members'. Leaders answer by replying:
// each relayed email carries Reply-To = the sender's address, which is why
// the sender's address is required and checked.
//
// Who receives a message (the directory's job, the rule is here):
//   1. the chapter's leaders: staff users, not disabled, holding the
//      chapter-leader role with store::User::chapter_id = the chapter,
//      whether or not they have accepted their invitation yet. An invited
//      leader is a leader the organization named; the invitation already
//      sent to that address trusts it with far more (a password, then the
//      chapter's member list) than one relayed message, so a leader is not
//      left out of their chapter's mail while the invitation waits;
//   2. when none of those leaders is active (a password set: the invitation
//      accepted), the active membership secretaries as well: an invitation
//      may be stale or go unread, and someone who certainly reads the
//      website's mail must see the message. A chapter with no leader at all
//      is answered by the secretaries alone;
//   3. when nobody is left, nothing is sent (Unavailable).
// Those certain to read the mail (the active leaders, or else the
// secretaries) are written to first, so a relay failure part-way costs the
// invited leaders' copies, not theirs. One email per address, whatever roles
// its user holds.
//
// members/ does not depend on accounts/ or mail/: the users come through
// LeaderDirectory and the emails go out through ChapterRelay, both
// implemented in app/chapter_relay.h.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "members/members_service.h"
#include "store/members_store.h"

namespace members {

// What a person types into a chapter's contact form.
struct ChapterMessage {
  std::string chapter_slug;
  std::string sender_name;
  std::string sender_email;
  std::string message;
  std::string lang = "en";  // the language the relayed email is written in
};

// Limits, in code points (the message may hold newlines and tabs).
inline constexpr size_t kContactNameMax = 100;
inline constexpr size_t kContactEmailMax = 254;
inline constexpr size_t kContactMessageMin = 10;
inline constexpr size_t kContactMessageMax = 5000;
// Links in the message: whitespace-separated words containing "://" or
// starting with "www." (any case). Spam carries links; people rarely need many.
inline constexpr int kContactLinksMax = 3;

enum class ContactProblem {
  kRequired,
  kTooShort,
  kTooLong,
  kInvalidText,    // invalid UTF-8 or control characters
  kInvalidEmail,
  kTooManyLinks,
};

struct ContactError {
  std::string field;  // "name", "email" or "message"
  ContactProblem problem = ContactProblem::kRequired;
  bool operator==(const ContactError&) const = default;
};

// Every problem with the typed fields of `in` (not the chapter), in form
// order; empty when it may be sent. Fields are judged after trimming.
std::vector<ContactError> CheckChapterMessage(const ChapterMessage& in);

// Links in `s`, as kContactLinksMax counts them. Exposed for tests.
int CountContactLinks(std::string_view s);

// Someone who receives a chapter's messages. The address never leaves the
// app layer's relay: nothing here returns it to a web handler.
struct ContactRecipient {
  std::string email;
  std::string name;  // display name; may be empty
  // Invited but not active yet: no password set (the invitation not
  // accepted, never signed in).
  bool invited = false;
};

// The staff users who receive chapter messages. Implementations read the
// staff accounts (app/chapter_relay.h). Neither list holds a disabled user.
// Thread-safety: implementations must be safe for concurrent use.
class LeaderDirectory {
 public:
  virtual ~LeaderDirectory() = default;
  // Users with the chapter-leader role and chapter_id == `chapter_id`,
  // active or invited (`invited` says which).
  virtual base::Result<std::vector<ContactRecipient>> Leaders(int64_t chapter_id) = 0;
  // Active users with the membership-secretary role (whatever their chapter).
  virtual base::Result<std::vector<ContactRecipient>> Secretaries() = 0;
};

// One relayed email: to one recipient, Reply-To the sender.
struct RelayedMessage {
  ContactRecipient to;
  std::string chapter_name;
  std::string sender_name;   // trimmed
  std::string sender_email;  // normalized (base::NormalizeEmail): the Reply-To
  std::string message;       // trimmed
  std::string lang;
  // True when `to` is a membership secretary standing in for a chapter
  // without an active leader (the email says so).
  bool to_secretary = false;
  // With to_secretary: the chapter has leaders, but none has accepted their
  // invitation; they were sent the message too (the email says so).
  bool leaders_invited = false;
};

// Hands each relayed email to the mail side (the outbox). One call, one
// queued email to `m.to` only, with Reply-To = m.sender_email.
// Thread-safety: implementations must be safe for concurrent use.
class ChapterRelay {
 public:
  virtual ~ChapterRelay() = default;
  virtual base::Status Relay(const RelayedMessage& m) = 0;
};

class ChapterContact {
 public:
  // All borrowed; they must outlive this object.
  ChapterContact(MembersService& members, LeaderDirectory& directory, ChapterRelay& relay)
      : members_(members), directory_(directory), relay_(relay) {}

  // The public list: chapters by position, name (MembersService::Chapters).
  base::Result<std::vector<store::Chapter>> Chapters();
  // The chapter with this slug; NotFound for an unknown slug.
  base::Result<store::Chapter> Find(const std::string& slug);

  // Relays `in` to the chapter's leaders and, when none is active, the
  // secretaries (see above): one email per address. Errors: NotFound for an
  // unknown chapter (checked first); InvalidArgument with `errors` filled
  // (when given) for problems with the typed fields, nothing sent;
  // Unavailable when nobody can receive the message, nothing sent; the
  // directory's and the relay's errors (a relay failure part-way leaves the
  // earlier emails queued).
  base::Status Send(const ChapterMessage& in, std::vector<ContactError>* errors = nullptr);

 private:
  MembersService& members_;
  LeaderDirectory& directory_;
  ChapterRelay& relay_;
};

}  // namespace members
