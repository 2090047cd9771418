#pragma once
// Non-cryptographic hashing for ETags and asset fingerprints (not for secrets).

#include <cstdint>
#include <string>
#include <string_view>

namespace base {

// 64-bit FNV-1a.
uint64_t Fnv1a64(std::string_view data);
// 16 lower-case hex digits.
std::string Hex64(uint64_t v);

}  // namespace base
