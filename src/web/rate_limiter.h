#pragma once
// A per-key sliding-window rate limit kept in memory (one process; each node
// of a cluster counts its own). For cheap public endpoints such as search
// suggestions, keyed by client IP.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"

namespace web {

// At most `limit` admitted requests per key in any sliding `window`. Refused
// requests are not recorded. At most `max_keys` keys are tracked: when a new
// key arrives and the table is full, keys with nothing left in the window are
// dropped, and if none are, the key seen least recently is forgotten, so a
// flood of addresses cannot grow memory without bound. Thread-safe.
class SlidingWindowLimiter {
 public:
  struct Verdict {
    bool admitted = true;
    std::chrono::seconds retry_after{0};  // when refused: >= 1
  };

  // `clock` must outlive the limiter. `limit` and `max_keys` below 1 are taken as 1.
  SlidingWindowLimiter(const base::Clock& clock, int limit, std::chrono::seconds window,
                       size_t max_keys);

  Verdict Admit(std::string_view key);
  size_t TrackedKeys();  // for tests

 private:
  void MakeRoom(base::Time cutoff);  // REQUIRES: mu_ held

  const base::Clock& clock_;
  const size_t limit_;
  const std::chrono::seconds window_;
  const size_t max_keys_;

  std::mutex mu_;
  // Admitted times per key, ascending, only those inside the window. Guarded by mu_.
  std::unordered_map<std::string, std::deque<base::Time>> hits_;
};

}  // namespace web
