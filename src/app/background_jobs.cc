#include "app/background_jobs.h"

#include <algorithm>

namespace app {

BackgroundJobs::BackgroundJobs(std::vector<Job> jobs,
                               std::function<void(const std::string&)> log_error)
    : jobs_(std::move(jobs)), log_error_(std::move(log_error)), woken_(jobs_.size(), false) {}

BackgroundJobs::~BackgroundJobs() { Stop(); }

void BackgroundJobs::Start() {
  if (thread_.joinable() || jobs_.empty()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void BackgroundJobs::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJobs::Wake(const std::string& name) {
  bool found = false;
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < jobs_.size(); ++i) {
      if (jobs_[i].name != name) continue;
      woken_[i] = true;
      found = true;
    }
  }
  if (found) cv_.notify_all();
}

void BackgroundJobs::Run() {
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> due(jobs_.size(), Clock::now());
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const Clock::time_point now = Clock::now();
    for (size_t i = 0; i < jobs_.size(); ++i) {
      if (due[i] > now && !woken_[i]) continue;
      woken_[i] = false;  // a Wake during the run asks for another
      lock.unlock();
      base::Status s = jobs_[i].run();
      if (!s.ok() && log_error_) log_error_("background job " + jobs_[i].name + ": " + s.ToString());
      lock.lock();
      due[i] = Clock::now() + jobs_[i].interval;
      if (stopping_) return;
    }
    cv_.wait_until(lock, *std::min_element(due.begin(), due.end()), [this] {
      return stopping_ || std::find(woken_.begin(), woken_.end(), true) != woken_.end();
    });
  }
}

}  // namespace app
