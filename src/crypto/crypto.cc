#include "crypto/crypto.h"

#include <sodium.h>

#include <mutex>

namespace crypto {

base::Status Init() {
  // The once_flag and the result are function-local statics: libsodium's own
  // state is process-wide, so its "initialized" bit is too.
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });  // 1 = already initialized
  if (!ok) return base::Status::Internal("libsodium failed to initialize");
  return base::Status::Ok();
}

}  // namespace crypto
