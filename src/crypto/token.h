#pragma once
// Random tokens for sessions, password resets and invitations, and how to
// store them: only HashToken(token) goes into the database, so a leaked
// database does not hand out live sessions.

#include <string>
#include <string_view>

namespace crypto {

// 32 random bytes (256 bits) from libsodium's CSPRNG as URL-safe base64
// without padding: 43 characters of [A-Za-z0-9_-]. Aborts the process if
// libsodium cannot initialize (there is no safe fallback).
std::string RandomToken();

// Lower-case hex (64 characters) of BLAKE2b-256 of `token`. Deterministic and
// unkeyed: fine for high-entropy tokens from RandomToken, NOT for passwords or
// other guessable values (use HashPassword / BlindIndex for those).
std::string HashToken(std::string_view token);

// True iff `a` and `b` are equal. The time taken depends only on the lengths,
// not on where the contents differ (sodium_memcmp), so comparing a secret
// does not leak how much of it an attacker guessed. Lengths are not secret.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace crypto
