#include "web/rate_limiter.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace web {
namespace {

using std::chrono::seconds;

TEST(SlidingWindowLimiterTest, RefusesOverTheLimitUntilTheWindowSlides) {
  base::FakeClock clock{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  SlidingWindowLimiter limiter(clock, 3, seconds(60), 100);
  EXPECT_TRUE(limiter.Admit("a").admitted);
  clock.Advance(seconds(10));
  EXPECT_TRUE(limiter.Admit("a").admitted);
  EXPECT_TRUE(limiter.Admit("a").admitted);
  auto v = limiter.Admit("a");
  EXPECT_FALSE(v.admitted);
  EXPECT_EQ(v.retry_after, seconds(50));     // until the first leaves the window
  EXPECT_TRUE(limiter.Admit("b").admitted);  // per key
  clock.Advance(seconds(50));
  EXPECT_TRUE(limiter.Admit("a").admitted);
  EXPECT_FALSE(limiter.Admit("a").admitted);
}

TEST(SlidingWindowLimiterTest, MemoryIsBounded) {
  base::FakeClock clock{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  SlidingWindowLimiter limiter(clock, 1, seconds(60), 3);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(limiter.Admit("ip" + std::to_string(i)).admitted);
    clock.Advance(seconds(1));
  }
  EXPECT_LE(limiter.TrackedKeys(), 3u);
  EXPECT_FALSE(limiter.Admit("ip49").admitted);  // the newest is still remembered
}

}  // namespace
}  // namespace web
