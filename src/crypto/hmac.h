#pragma once
// HMAC-SHA-256, for checking signatures made by others (Stripe's webhooks).
// Our own secrets use keyed BLAKE2b (sealed.h); this exists because a
// partner's protocol fixes the algorithm.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace crypto {

inline constexpr size_t kHmacSha256Bytes = 32;
using HmacSha256Mac = std::array<uint8_t, kHmacSha256Bytes>;

// HMAC-SHA-256 under `key` (any length) of the concatenation of `parts`, so
// callers can sign "t.payload" without building the string.
HmacSha256Mac HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts);

// True when the two MACs are equal; the time taken does not depend on where
// they differ.
bool MacEquals(const HmacSha256Mac& a, const HmacSha256Mac& b);

}  // namespace crypto
