#include "accounts/login_throttle.h"

#include <algorithm>

namespace accounts {

using std::chrono::seconds;

IpLimiter::IpLimiter(int limit, seconds window, size_t max_ips)
    : limit_(static_cast<size_t>(std::max(limit, 1))),
      window_(window),
      max_ips_(std::max<size_t>(max_ips, 1)) {}

void IpLimiter::DropStale(base::Time cutoff) {
  // lru_ is ordered by newest attempt, so stale entries are all at the front.
  while (!lru_.empty()) {
    auto it = entries_.find(lru_.front());
    if (it != entries_.end() && !it->second.attempts.empty() &&
        it->second.attempts.back() > cutoff) {
      return;
    }
    if (it != entries_.end()) entries_.erase(it);
    lru_.pop_front();
  }
}

IpLimiter::Verdict IpLimiter::Admit(std::string_view ip, base::Time now) {
  const base::Time cutoff = now - window_;  // an attempt at t counts while t > cutoff
  std::lock_guard<std::mutex> lock(mu_);
  DropStale(cutoff);

  auto it = entries_.find(ip);
  if (it != entries_.end()) {
    Entry& e = it->second;
    while (!e.attempts.empty() && e.attempts.front() <= cutoff) e.attempts.pop_front();
    if (e.attempts.size() >= limit_) {
      Verdict v;
      v.admitted = false;
      v.retry_after = std::max(seconds(1), e.attempts.front() + window_ - now);
      v.first_refusal = !e.refused;
      e.refused = true;
      return v;
    }
  } else {
    if (entries_.size() >= max_ips_) {
      entries_.erase(lru_.front());  // forget the least recently admitted IP
      lru_.pop_front();
    }
    it = entries_.emplace(std::string(ip), Entry{}).first;
    it->second.lru = lru_.insert(lru_.end(), it->first);
  }
  Entry& e = it->second;
  e.attempts.push_back(now);
  e.refused = false;
  lru_.splice(lru_.end(), lru_, e.lru);  // now the most recent
  return Verdict{};
}

size_t IpLimiter::TrackedIps() {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

seconds AccountWait(const store::LoginFailures& failures, base::Time now, int failures_per_hour) {
  const int n = failures.count;
  if (!failures.last) return seconds(0);
  seconds delay;
  if (n >= std::max(failures_per_hour, 1)) {
    delay = std::chrono::hours(1);
  } else if (n < 3) {
    return seconds(0);
  } else {
    const int exponent = n - 3;
    delay = exponent >= 10 ? seconds(900) : std::min(seconds(int64_t{1} << exponent), seconds(900));
  }
  return std::max(seconds(0), *failures.last + delay - now);
}

}  // namespace accounts
