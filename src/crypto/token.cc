#include "crypto/token.h"

#include <sodium.h>

#include <array>

#include "crypto/internal.h"

namespace crypto {
namespace {

constexpr size_t kTokenBytes = 32;

}  // namespace

std::string RandomToken() {
  internal::InitOrDie();
  std::array<unsigned char, kTokenBytes> raw;
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kVariant);
  out.resize(out.size() - 1);  // ENCODED_LEN counts the terminating NUL
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string HashToken(std::string_view token) {
  internal::InitOrDie();
  std::array<unsigned char, crypto_generichash_BYTES> digest;  // 32 bytes: BLAKE2b-256
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace crypto
