#include "crypto/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "base/text.h"
#include "crypto/common_passwords.h"
#include "crypto/crypto.h"

namespace crypto {
namespace {

constexpr PasswordPolicy kOwaspMinimum;

base::Status CheckPolicy(const PasswordPolicy& policy) {
  if (policy.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      policy.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      policy.mem_limit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      policy.mem_limit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return base::Status::InvalidArgument("password policy outside libsodium's Argon2id limits");
  }
  if (!policy.for_tests && (policy.ops_limit < kOwaspMinimum.ops_limit ||
                            policy.mem_limit < kOwaspMinimum.mem_limit)) {
    return base::Status::InvalidArgument(
        "password policy below the OWASP minimum (2 iterations, 19 MiB)");
  }
  return base::Status::Ok();
}

// libsodium wants a NUL-terminated hash string. Returns false if `hash` cannot
// be one of ours (too long, or an embedded NUL that would cut it short).
bool CopyHash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>* out) {
  if (hash.empty() || hash.size() >= out->size() || hash.find('\0') != std::string_view::npos) {
    return false;
  }
  std::copy(hash.begin(), hash.end(), out->begin());
  (*out)[hash.size()] = '\0';
  return true;
}

// Code points in valid UTF-8: every byte that is not a continuation byte.
size_t CountCodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::ranges::count_if(
      utf8, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// True if `utf8` (valid, non-empty) is one code point repeated.
bool IsOneRepeatedCharacter(std::string_view utf8) {
  size_t first_len = 1;
  while (first_len < utf8.size() && (static_cast<unsigned char>(utf8[first_len]) & 0xC0) == 0x80) {
    ++first_len;
  }
  const std::string_view first = utf8.substr(0, first_len);
  if (utf8.size() % first_len != 0) return false;
  for (size_t i = 0; i < utf8.size(); i += first_len) {
    if (utf8.substr(i, first_len) != first) return false;
  }
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

base::Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy) {
  BS_RETURN_IF_ERROR(Init());
  BS_RETURN_IF_ERROR(CheckPolicy(policy));
  if (password.size() > kMaxPasswordBytes) {
    return base::Status::InvalidArgument("password longer than " +
                                         std::to_string(kMaxPasswordBytes) + " bytes");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), policy.ops_limit,
                            policy.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return base::Status::Internal("Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!Init().ok() || password.size() > kMaxPasswordBytes) return false;
  std::array<char, crypto_pwhash_STRBYTES> h{};
  if (!CopyHash(hash, &h)) return false;
  // The argon2id-specific call refuses Argon2i and other algorithms.
  return crypto_pwhash_argon2id_str_verify(h.data(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordPolicy& policy) {
  if (!Init().ok()) return true;
  std::array<char, crypto_pwhash_STRBYTES> h{};
  if (!CopyHash(hash, &h)) return true;
  // 0: same parameters; 1: different; -1: not an Argon2id hash.
  return crypto_pwhash_argon2id_str_needs_rehash(h.data(), policy.ops_limit, policy.mem_limit) !=
         0;
}

base::Status CheckPasswordStrength(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return base::Status::InvalidArgument("password longer than " +
                                         std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (!base::IsValidUtf8(password)) {
    return base::Status::InvalidArgument("password is not valid UTF-8");
  }
  if (CountCodePoints(password) < kMinPasswordCodePoints) {
    return base::Status::InvalidArgument("password shorter than " +
                                         std::to_string(kMinPasswordCodePoints) + " characters");
  }
  if (IsOneRepeatedCharacter(password)) {
    return base::Status::InvalidArgument("password is one character repeated");
  }
  if (internal::IsCommonPassword(AsciiLower(password))) {
    return base::Status::InvalidArgument("password is on the list of common passwords");
  }
  return base::Status::Ok();
}

}  // namespace crypto
