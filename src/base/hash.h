#pragma once
// Non-cryptographic hashing for ETags and asset fingerprints (not for secrets).

#include <cstdint>
#include <string>
#include <string_view>

namespace base {

// 64-bit FNV-1a. Byte at a time: fine for short keys, slow for pages.
uint64_t Fnv1a64(std::string_view data);
// A 64-bit hash that consumes 8 bytes per step (multiply-xorshift mixing), for
// ETags of whole responses. Same input, same value, on every run and machine
// of the same byte order; not for secrets or hash-flooding resistance.
uint64_t FastHash64(std::string_view data);
// 16 lower-case hex digits.
std::string Hex64(uint64_t v);

}  // namespace base
