#include "crypto/hmac.h"

#include <sodium.h>

#include "crypto/crypto.h"

namespace crypto {

static_assert(kHmacSha256Bytes == crypto_auth_hmacsha256_BYTES);

HmacSha256Mac HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  (void)Init();  // HMAC needs no randomness; Init only picks implementations
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  for (std::string_view p : parts) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(p.data()),
                                  p.size());
  }
  HmacSha256Mac mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

bool MacEquals(const HmacSha256Mac& a, const HmacSha256Mac& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace crypto
