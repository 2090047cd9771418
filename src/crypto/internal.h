#pragma once
// Helpers shared by the crypto module's .cc files. Not part of its interface.

#include <cstdlib>

#include "crypto/crypto.h"

namespace crypto::internal {

// For functions that cannot return a Status (RandomToken, HashToken…):
// without a working libsodium there is no safe fallback, so stop the process
// (libsodium itself aborts when its random source fails).
inline void InitOrDie() {
  if (!Init().ok()) std::abort();
}

}  // namespace crypto::internal
