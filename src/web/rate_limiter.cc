#include "web/rate_limiter.h"

#include <algorithm>

namespace web {

SlidingWindowLimiter::SlidingWindowLimiter(const base::Clock& clock, int limit,
                                           std::chrono::seconds window, size_t max_keys)
    : clock_(clock),
      limit_(static_cast<size_t>(std::max(limit, 1))),
      window_(window),
      max_keys_(std::max<size_t>(max_keys, 1)) {}

SlidingWindowLimiter::Verdict SlidingWindowLimiter::Admit(std::string_view key) {
  const base::Time now = clock_.Now();
  const base::Time cutoff = now - window_;
  std::lock_guard lock(mu_);
  auto it = hits_.find(std::string(key));
  if (it == hits_.end()) {
    if (hits_.size() >= max_keys_) MakeRoom(cutoff);
    it = hits_.emplace(std::string(key), std::deque<base::Time>()).first;
  }
  std::deque<base::Time>& times = it->second;
  while (!times.empty() && times.front() <= cutoff) times.pop_front();
  if (times.size() >= limit_) {
    const auto wait =
        std::chrono::duration_cast<std::chrono::seconds>(times.front() + window_ - now);
    return Verdict{false, std::max(wait, std::chrono::seconds(1))};
  }
  times.push_back(now);
  return Verdict{};
}

void SlidingWindowLimiter::MakeRoom(base::Time cutoff) {
  for (auto it = hits_.begin(); it != hits_.end();) {
    if (it->second.empty() || it->second.back() <= cutoff) {
      it = hits_.erase(it);
    } else {
      ++it;
    }
  }
  if (hits_.size() < max_keys_) return;
  auto oldest = std::min_element(hits_.begin(), hits_.end(), [](const auto& a, const auto& b) {
    return a.second.back() < b.second.back();
  });
  hits_.erase(oldest);
}

size_t SlidingWindowLimiter::TrackedKeys() {
  std::lock_guard lock(mu_);
  return hits_.size();
}

}  // namespace web
