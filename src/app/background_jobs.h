#pragma once
// Periodic chores of a running server, on one thread: scheduled articles go
// live, stale sessions are purged. Each job runs every `interval` and once at
// start; a failing job is logged and tried again next time, never fatal.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace app {

class BackgroundJobs {
 public:
  struct Job {
    std::string name;
    std::chrono::seconds interval;
    std::function<base::Status()> run;
  };

  BackgroundJobs(std::vector<Job> jobs, std::function<void(const std::string&)> log_error);
  ~BackgroundJobs();  // Stop()
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  void Start();
  // Wakes the thread, waits for the job in progress (if any) and joins.
  void Stop();

 private:
  void Run();

  std::vector<Job> jobs_;
  std::function<void(const std::string&)> log_error_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace app
