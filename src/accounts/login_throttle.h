#pragma once
// Login throttling: a per-IP sliding window kept in memory, and the
// per-account growing delay computed from the failures the store keeps.

#include <chrono>
#include <cstddef>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "store/accounts_store.h"

namespace accounts {

// At most `limit` admitted attempts per IP in any sliding `window`. Refused
// attempts are not recorded, so one IP holds at most `limit` times; at most
// `max_ips` IPs are tracked (when full, the IP whose newest attempt is oldest
// is forgotten), so a flood of spoofed addresses cannot grow memory without
// bound. IPs whose attempts have all left the window are dropped as we go.
// Thread-safe.
class IpLimiter {
 public:
  struct Verdict {
    bool admitted = true;
    std::chrono::seconds retry_after{0};  // when refused: until the oldest attempt leaves (>= 1)
    bool first_refusal = false;           // the first refusal since this IP was last admitted
  };

  // `limit` below 1 is taken as 1; `max_ips` below 1 as 1.
  IpLimiter(int limit, std::chrono::seconds window, size_t max_ips);

  // Counts an attempt from `ip` at `now` if it is within the limit.
  Verdict Admit(std::string_view ip, base::Time now);
  // How many IPs are tracked (for tests).
  size_t TrackedIps();

 private:
  struct Entry {
    std::list<base::Time> attempts;  // ascending; only those inside the window
    bool refused = false;
    std::list<std::string>::iterator lru;  // position in lru_
  };

  void DropStale(base::Time cutoff);  // REQUIRES: mu_ held

  const size_t limit_;
  const std::chrono::seconds window_;
  const size_t max_ips_;

  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
  // Keys by newest admitted attempt, oldest first. Guarded by mu_.
  std::list<std::string> lru_;
};

// Grows with each failure: n = failures in the last hour; from the third on,
// the next attempt must wait min(2^(n-3), 900) s after the latest failure;
// at `failures_per_hour` (taken as at least 1) the account waits until that
// latest failure is an hour old. Returns the wait left at `now` (0 = may try).
std::chrono::seconds AccountWait(const store::LoginFailures& failures, base::Time now,
                                 int failures_per_hour);

}  // namespace accounts
