#pragma once
// The background sender: one thread that runs Outbox::DeliverDue every
// `interval`, and promptly after a message is queued (Outbox::SetOnQueued).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "base/status.h"
#include "mail/outbox.h"
#include "mail/transport.h"

namespace mail {

struct OutboxWorkerOptions {
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  // Told about each failed pass (store errors; failed deliveries are recorded
  // in the outbox, not reported here) and each pass's stats when it claimed
  // something. Called on the worker thread. Empty = ignored.
  std::function<void(const base::Status&)> on_error;
  std::function<void(const DeliveryStats&)> on_pass;
};

class OutboxWorker {
 public:
  // `outbox` and `transport` are borrowed and must outlive the worker. Takes
  // over outbox.SetOnQueued (cleared again by Stop). Does not start.
  OutboxWorker(Outbox& outbox, Transport& transport, OutboxWorkerOptions options = {});
  ~OutboxWorker();  // Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Starts the thread; it makes a first pass at once. No-op if running.
  void Start();
  // Asks for a pass now (coalesced with one already asked for).
  void Notify();
  // Finishes the pass in progress (a send in flight completes or times out),
  // then joins. Idempotent; the worker may be started again.
  void Stop();

  // Thread-safety: all methods may be called from any thread but the worker's.

 private:
  void Run();

  Outbox& outbox_;
  Transport& transport_;
  const OutboxWorkerOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool poked_ = false;     // guarded by mu_
  std::thread thread_;     // joinable while running; touched only by Start/Stop callers
  std::mutex lifecycle_mu_;  // serializes Start and Stop
};

}  // namespace mail
