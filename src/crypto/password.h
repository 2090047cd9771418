#pragma once
// Staff password hashing (Argon2id) and the strength rules for new passwords.
//
// Hashing is deliberately slow (tens of milliseconds, ~19 MiB of memory with
// the default policy): callers run it on the bounded worker pool, never on a
// network thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace crypto {

// Argon2id cost parameters. The defaults are the OWASP minimum for Argon2id
// (2 iterations, 19 MiB, 1 lane — libsodium always uses one lane).
struct PasswordPolicy {
  uint64_t ops_limit = 2;                // iterations
  size_t mem_limit = 19 * 1024 * 1024;   // bytes
  // Lets tests use cheaper parameters (down to libsodium's minimum). Never set
  // outside tests: HashPassword refuses a policy below the defaults unless
  // this is true.
  bool for_tests = false;
};

// The longest password accepted anywhere, in bytes. Long passphrases are fine
// (and never truncated); this only bounds hashing work per request.
inline constexpr size_t kMaxPasswordBytes = 1024;
// The shortest password CheckPasswordStrength accepts, in Unicode code points.
inline constexpr size_t kMinPasswordCodePoints = 12;

// Hashes `password` with Argon2id (v1.3) and a fresh random salt. The result
// is a self-describing PHC string ("$argon2id$v=19$m=…,t=…,p=1$salt$hash")
// that carries the salt and parameters, so it alone is enough to verify.
// Errors: InvalidArgument if the policy is below the OWASP minimum (and
// for_tests is not set) or outside libsodium's limits, or if the password is
// longer than kMaxPasswordBytes; Internal if hashing fails (out of memory).
// Does not judge strength: call CheckPasswordStrength when a password is set.
base::Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy);

// True iff `password` matches `hash` (a string from HashPassword). The
// comparison is constant-time (libsodium). A malformed hash, a non-Argon2id
// hash or a password longer than kMaxPasswordBytes gives false.
bool VerifyPassword(std::string_view hash, std::string_view password);

// True if `hash` was made with parameters other than `policy`'s (or is not a
// valid Argon2id hash): after a successful login, re-hash the password with
// the current policy and store the new hash.
bool NeedsRehash(std::string_view hash, const PasswordPolicy& policy);

// Rules for a new password (NIST SP 800-63B style: length over composition):
//  - at most kMaxPasswordBytes bytes, valid UTF-8;
//  - at least kMinPasswordCodePoints code points (not bytes: "ñ" counts once);
//  - not one character repeated;
//  - not in the built-in list of common passwords (compared ignoring ASCII case).
// Returns OK or InvalidArgument (the message says which rule, for logs; the web
// layer shows its own translated text).
base::Status CheckPasswordStrength(std::string_view password);

}  // namespace crypto
