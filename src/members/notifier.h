#pragma once
// How the membership tells a person something, without depending on mail/:
// the composition root implements Notifier with the outbox and the email
// templates, and turns tokens into absolute links. Implementations only
// enqueue. A failure is reported but never undoes what the person did.

#include <string>

#include "base/status.h"

namespace members {

struct MemberNotice {
  std::string email;       // opened from the sealed profile just for this call
  std::string first_name;
  std::string lang;        // the language they joined in
  std::string token;       // the one-time link's token, when the message has one
  std::string chapter;     // their chapter's name, may be empty
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // "Confirm your address" (link valid 48 h).
  virtual base::Status ConfirmJoin(const MemberNotice& n) = 0;
  // Someone joined with an address that is already a member's: "you are
  // already with us", with a sign-in link (15 min). The page said the same
  // as for a new address.
  virtual base::Status AlreadyMember(const MemberNotice& n) = 0;
  // The secretary's decision on an application.
  virtual base::Status Approved(const MemberNotice& n) = 0;
  virtual base::Status Declined(const MemberNotice& n) = 0;
  // A sign-in link for the member portal (15 min).
  virtual base::Status SignInLink(const MemberNotice& n) = 0;
  // A member asked to change their address: "confirm your new address"
  // (link valid 48 h), sent to the new address (`n.email`).
  virtual base::Status ConfirmNewEmail(const MemberNotice& n) = 0;
  // The same request, told to the current address: a short notice with no
  // link, so a member whose session was stolen hears of it. `n.token` is "".
  virtual base::Status EmailChangeRequested(const MemberNotice& n) = 0;
};

}  // namespace members
