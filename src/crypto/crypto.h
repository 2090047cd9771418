#pragma once
// The crypto module: the only code in Broadside that includes <sodium.h>.
// Password hashes (password.h), random tokens (token.h) and sealed fields
// with blind indexes (sealed.h) live behind these headers so no other module
// touches libsodium directly.

#include "base/status.h"

namespace crypto {

// Initializes libsodium: the one process-wide crypto initialization. Safe to
// call from any thread and any number of times; only the first call does the
// work (std::call_once) and later calls return the same result. The
// composition root calls it at start-up so a broken system (no usable entropy
// source) fails there; every function in this module also calls it itself, so
// forgetting it cannot silently weaken anything.
// Returns Internal if libsodium cannot initialize.
base::Status Init();

}  // namespace crypto
