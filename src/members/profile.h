#pragma once
// A member's personal fields: the only place they exist in clear is memory.
// At rest they are one sealed JSON document (store::Member::sealed_profile),
// bound to the member's ref, so a copied row cannot be opened as another's.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "crypto/keyring.h"

namespace members {

struct Profile {
  std::string first_name, last_name;
  std::string email;  // as given (trimmed, domain lower-cased)
  std::string phone;  // optional
  std::string postal_code, region, country;
  // Answers to the optional questions the organization switched on, by the
  // question's key ("union", "interests", "heard_from"), in form order.
  std::vector<std::pair<std::string, std::string>> answers;
  std::string lang = "en";  // the language they joined in, for emails

  bool operator==(const Profile&) const = default;
};

// JSON text of `p` (object keys fixed, answers as an array of pairs).
std::string ProfileToJson(const Profile& p);
// InvalidArgument when `json` is not what ProfileToJson writes.
base::Result<Profile> ProfileFromJson(std::string_view json);

// The associated data a member's profile is sealed with.
std::string ProfileContext(std::string_view member_ref);

// Seal / open a profile for member `ref` with the key ring.
base::Result<std::string> SealProfile(const crypto::Keyring& ring, const Profile& p,
                                      std::string_view member_ref);
base::Result<Profile> OpenProfile(const crypto::Keyring& ring, std::string_view sealed,
                                  std::string_view member_ref);

}  // namespace members
