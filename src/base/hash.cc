#include "base/hash.h"

#include <cstdio>
#include <cstring>

namespace base {

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 14695981039346656037ULL;  // FNV offset basis
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;  // FNV prime
  }
  return h;
}

namespace {

// The 64-bit finalizer of MurmurHash3 (public domain), used as a mixer.
uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

uint64_t FastHash64(std::string_view data) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (data.size() * 0x100000001b3ULL);
  size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, data.data() + i, 8);
    h = (h ^ Mix(word)) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data.data() + i, data.size() - i);
  h ^= Mix(tail ^ (data.size() - i));
  return Mix(h);
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace base
