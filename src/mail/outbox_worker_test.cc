#include "mail/outbox_worker.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "store/store.h"
#include "support/temp_dir.h"

namespace mail {
namespace {

using std::chrono::seconds;

// Counts sends; lets the test wait for a number of them (bounded wait, no
// timing asserted).
class CountingTransport final : public Transport {
 public:
  base::Status Send(std::string_view, std::string_view, std::string_view) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++sent_;
    cv_.notify_all();
    return base::Status::Ok();
  }
  bool WaitFor(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, seconds(30), [&] { return sent_ >= n; });
  }
  int sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int sent_ = 0;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto opened = store::OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = crypto::Keyring::Of(std::move(key).value());
    outbox_ = std::make_unique<Outbox>(store_->mail(), *key_, clock_,
                                       Sender{"news@example.org", "News", ""});
  }
  Message Msg() {
    Message m;
    m.to_address = "ana@example.net";
    m.subject = "Hi";
    m.text = "Hello\n";
    return m;
  }

  test_support::TempDir dir_{"bs-outbox-worker"};
  base::FakeClock clock_{base::Time(seconds(1'800'000'000))};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> key_;
  std::unique_ptr<Outbox> outbox_;
  CountingTransport transport_;
};

TEST_F(OutboxWorkerTest, SendsWhatWasQueuedBeforeStartAndPromptlyAfterEnqueue) {
  ASSERT_TRUE(outbox_->Enqueue("x", Msg()).ok());
  OutboxWorkerOptions options;
  options.interval = std::chrono::hours(1);  // only Start and Enqueue wake it
  int passes = 0;
  options.on_pass = [&](const DeliveryStats&) { ++passes; };
  OutboxWorker worker(*outbox_, transport_, options);
  worker.Start();
  ASSERT_TRUE(transport_.WaitFor(1));
  ASSERT_TRUE(outbox_->Enqueue("x", Msg()).ok());
  ASSERT_TRUE(transport_.WaitFor(2));
  worker.Stop();
  EXPECT_GE(passes, 2);
  EXPECT_EQ(*outbox_->Count(store::OutboxStatus::kSent), 2);

  // Stopped: queued messages wait; a new Start sends them.
  ASSERT_TRUE(outbox_->Enqueue("x", Msg()).ok());
  EXPECT_EQ(*outbox_->Count(store::OutboxStatus::kQueued), 1);
  worker.Start();
  ASSERT_TRUE(transport_.WaitFor(3));
  worker.Stop();
  worker.Stop();  // idempotent
  EXPECT_EQ(transport_.sent(), 3);
}

TEST_F(OutboxWorkerTest, DrainsMoreThanOneBatch) {
  OutboxOptions small;
  small.batch_size = 2;
  Outbox outbox(store_->mail(), *key_, clock_, Sender{"news@example.org", "", ""}, small);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(outbox.Enqueue("x", Msg()).ok());
  OutboxWorkerOptions options;
  options.interval = std::chrono::hours(1);
  OutboxWorker worker(outbox, transport_, options);
  worker.Start();
  ASSERT_TRUE(transport_.WaitFor(5));
}

TEST_F(OutboxWorkerTest, ReportsStoreErrorsAndDestructorStops) {
  std::mutex mu;
  std::condition_variable cv;
  int errors = 0;
  OutboxWorkerOptions options;
  options.interval = std::chrono::milliseconds(10);
  options.on_error = [&](const base::Status& s) {
    EXPECT_FALSE(s.ok());
    std::lock_guard<std::mutex> lock(mu);
    ++errors;
    cv.notify_all();
  };
  {
    OutboxWorker worker(*outbox_, transport_, options);
    store_->Close();  // every store call now fails with Unavailable
    worker.Start();
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, seconds(30), [&] { return errors >= 2; }));
  }  // the destructor joins the thread
  EXPECT_EQ(transport_.sent(), 0);
}

}  // namespace
}  // namespace mail
