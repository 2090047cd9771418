#pragma once
// Sealed values (crypto::Seal output) as the stores hold them, for
// `broadside keys rotate`: every store with a sealed column lists its values
// in id order and replaces one only while it is unchanged, so re-sealing runs
// beside live traffic and can be resumed after an interruption.

#include <cstdint>
#include <string>

namespace store {

struct SealedValue {
  int64_t id = 0;      // the row's id in its own table
  std::string sealed;  // never empty in a listing
};

// Re-sealing reads in pages of at most this many values.
inline constexpr int kMaxSealedPage = 1000;

}  // namespace store
