#include "base/hash.h"

#include <cstdio>

namespace base {

uint64_t Fnv1a64(std::string_view data) {
  uint64_t h = 14695981039346656037ULL;  // FNV offset basis
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;  // FNV prime
  }
  return h;
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace base
