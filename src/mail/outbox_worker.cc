#include "mail/outbox_worker.h"

namespace mail {

OutboxWorker::OutboxWorker(Outbox& outbox, Transport& transport, OutboxWorkerOptions options)
    : outbox_(outbox), transport_(transport), options_(std::move(options)) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
    poked_ = true;  // first pass at once: messages queued while we were down
  }
  outbox_.SetOnQueued([this] { Notify(); });
  thread_ = std::thread([this] { Run(); });
}

void OutboxWorker::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    poked_ = true;
  }
  cv_.notify_one();
}

void OutboxWorker::Stop() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mu_);
  if (!thread_.joinable()) return;
  outbox_.SetOnQueued(nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void OutboxWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait_for(lock, options_.interval, [this] { return stopping_ || poked_; });
    if (stopping_) return;
    poked_ = false;
    lock.unlock();
    // Passes until the queue has nothing more due (a full batch may mean more).
    while (true) {
      base::Result<DeliveryStats> stats = outbox_.DeliverDue(transport_);
      if (!stats.ok()) {
        if (options_.on_error) options_.on_error(stats.status());
        break;
      }
      if (options_.on_pass && stats->claimed > 0) options_.on_pass(*stats);
      if (stats->claimed == 0) break;  // claimed ones are no longer due: this ends
      std::lock_guard<std::mutex> check(mu_);
      if (stopping_) return;
    }
    lock.lock();
  }
}

}  // namespace mail
