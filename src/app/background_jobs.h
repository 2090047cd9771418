#pragma once
// Periodic chores of a running server, on one thread: scheduled articles go
// live, stale sessions are purged. Each job runs every `interval` and once at
// start, and also soon after Wake(name); a failing job is logged and tried
// again next time, never fatal.

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
  // Runs the job of this name on the jobs' thread as soon as it is free,
  // without waiting for its interval (the next one counts from then).
  // Wakes while it is due or running coalesce into one more run. Never
  // blocks on a job; an unknown name does nothing. Callable from any
  // thread, before Start too (the job then runs at start, as it would).
  void Wake(const std::string& name);

 private:
  void Run();

  std::vector<Job> jobs_;
  std::function<void(const std::string&)> log_error_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;    // guarded by mu_
  std::vector<bool> woken_;  // per job; guarded by mu_
  std::thread thread_;
};

}  // namespace app
