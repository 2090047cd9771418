#pragma once
// Time is injected: services take a Clock& so tests control "now".
// All times are UTC; base::Time has one-second resolution, which is what we
// store and show.

#include <atomic>
#include <chrono>

namespace base {

using Time = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Time Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock tests set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Time start) : now_(start.time_since_epoch().count()) {}
  Time Now() const override { return Time(std::chrono::seconds(now_.load())); }
  void Set(Time t) { now_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::seconds d) { now_ += d.count(); }

 private:
  std::atomic<long long> now_;
};

}  // namespace base
