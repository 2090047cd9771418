#include "accounts/login_throttle.h"

#include <gtest/gtest.h>

#include <string>

namespace accounts {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const base::Time kT0 = base::Time(seconds(1'700'000'000));

TEST(IpLimiterTest, SlidingWindow) {
  IpLimiter lim(3, seconds(60), 100);
  EXPECT_TRUE(lim.Admit("a", kT0).admitted);
  EXPECT_TRUE(lim.Admit("a", kT0 + seconds(10)).admitted);
  EXPECT_TRUE(lim.Admit("a", kT0 + seconds(20)).admitted);
  IpLimiter::Verdict v = lim.Admit("a", kT0 + seconds(30));
  EXPECT_FALSE(v.admitted);
  EXPECT_EQ(v.retry_after, seconds(30));  // until kT0 leaves the window
  EXPECT_TRUE(v.first_refusal);
  v = lim.Admit("a", kT0 + seconds(59));
  EXPECT_FALSE(v.admitted);
  EXPECT_EQ(v.retry_after, seconds(1));
  EXPECT_FALSE(v.first_refusal);
  // Other IPs are unaffected.
  EXPECT_TRUE(lim.Admit("b", kT0 + seconds(59)).admitted);
  // At kT0+60 the first attempt has left the window.
  EXPECT_TRUE(lim.Admit("a", kT0 + seconds(60)).admitted);
  EXPECT_FALSE(lim.Admit("a", kT0 + seconds(61)).admitted);
}

TEST(IpLimiterTest, DropsIdleIpsAndCapsTheMap) {
  IpLimiter lim(2, seconds(60), 3);
  EXPECT_TRUE(lim.Admit("a", kT0).admitted);
  EXPECT_TRUE(lim.Admit("b", kT0).admitted);
  EXPECT_EQ(lim.TrackedIps(), 2u);
  EXPECT_TRUE(lim.Admit("c", kT0 + seconds(120)).admitted);
  EXPECT_EQ(lim.TrackedIps(), 1u);  // a and b were idle for a whole window

  // A flood of new IPs never grows past the cap; the oldest are forgotten.
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(lim.Admit("flood-" + std::to_string(i), kT0 + seconds(121)).admitted);
    EXPECT_LE(lim.TrackedIps(), 3u);
  }
}

TEST(IpLimiterTest, LimitBelowOneMeansOne) {
  IpLimiter lim(0, seconds(60), 10);
  EXPECT_TRUE(lim.Admit("a", kT0).admitted);
  EXPECT_FALSE(lim.Admit("a", kT0).admitted);
}

store::LoginFailures Failures(int n, base::Time last) {
  store::LoginFailures f;
  f.count = n;
  f.last = last;
  return f;
}

TEST(AccountWaitTest, GrowsFromTheThirdFailure) {
  EXPECT_EQ(AccountWait(store::LoginFailures{}, kT0, 100), seconds(0));
  EXPECT_EQ(AccountWait(Failures(2, kT0), kT0, 100), seconds(0));
  EXPECT_EQ(AccountWait(Failures(3, kT0), kT0, 100), seconds(1));
  EXPECT_EQ(AccountWait(Failures(4, kT0), kT0, 100), seconds(2));
  EXPECT_EQ(AccountWait(Failures(8, kT0), kT0, 100), seconds(32));
  EXPECT_EQ(AccountWait(Failures(8, kT0), kT0 + seconds(30), 100), seconds(2));
  EXPECT_EQ(AccountWait(Failures(8, kT0), kT0 + seconds(40), 100), seconds(0));
  EXPECT_EQ(AccountWait(Failures(12, kT0), kT0, 100), seconds(512));
  EXPECT_EQ(AccountWait(Failures(13, kT0), kT0, 100), seconds(900));
  EXPECT_EQ(AccountWait(Failures(99, kT0), kT0, 100), seconds(900));
}

TEST(AccountWaitTest, CapLocksForTheHour) {
  EXPECT_EQ(AccountWait(Failures(100, kT0), kT0, 100), hours(1));
  EXPECT_EQ(AccountWait(Failures(100, kT0), kT0 + seconds(1000), 100), seconds(2600));
  EXPECT_EQ(AccountWait(Failures(2, kT0), kT0, 2), hours(1));  // a cap below 3 still applies
}

}  // namespace
}  // namespace accounts
