#include "app/background_jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace app {
namespace {

using namespace std::chrono_literals;

TEST(BackgroundJobsTest, RunsEachJobAtStartAndAgainAfterItsInterval) {
  std::atomic<int> fast{0}, slow{0};
  std::vector<std::string> errors;
  BackgroundJobs jobs(
      {{"fast", 1s, [&] { ++fast; return base::Status::Ok(); }},
       {"slow", 3600s, [&] { ++slow; return base::Status::Internal("boom"); }}},
      [&](const std::string& e) { errors.push_back(e); });
  jobs.Start();
  for (int i = 0; i < 300 && fast.load() < 2; ++i) std::this_thread::sleep_for(10ms);
  jobs.Stop();
  EXPECT_GE(fast.load(), 2);
  EXPECT_EQ(slow.load(), 1);  // once at start; the next run is an hour away
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("slow"), std::string::npos);
  EXPECT_NE(errors[0].find("boom"), std::string::npos);
}

TEST(BackgroundJobsTest, StopReturnsPromptlyAndTwiceIsFine) {
  BackgroundJobs jobs({{"idle", 3600s, [] { return base::Status::Ok(); }}}, nullptr);
  jobs.Start();
  // Stop must wake the thread out of its hour-long wait; if it did not, this
  // test would hang until ctest's timeout fails it.
  jobs.Stop();
  jobs.Stop();
  jobs.Start();  // and it can start again
  jobs.Stop();
  SUCCEED();
}

TEST(BackgroundJobsTest, WakeRunsAJobBeforeItsInterval) {
  std::atomic<int> woken{0}, other{0};
  BackgroundJobs jobs({{"hourly", 3600s, [&] { ++woken; return base::Status::Ok(); }},
                       {"other", 3600s, [&] { ++other; return base::Status::Ok(); }}},
                      nullptr);
  jobs.Wake("no-such-job");  // nothing to do, and not before Start either
  jobs.Start();
  for (int i = 0; i < 300 && (woken.load() < 1 || other.load() < 1); ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(woken.load(), 1);  // the run at start
  jobs.Wake("hourly");
  // Without the wake the next run is an hour away: only Wake can make it.
  for (int i = 0; i < 300 && woken.load() < 2; ++i) std::this_thread::sleep_for(10ms);
  jobs.Wake("no-such-job");
  jobs.Stop();
  EXPECT_EQ(woken.load(), 2);
  EXPECT_EQ(other.load(), 1);  // only the named job ran again
}

}  // namespace
}  // namespace app
