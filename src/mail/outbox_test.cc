#include "mail/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "mail/mime.h"
#include "mail/mime_reader_for_test.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace mail {
namespace {

using std::chrono::seconds;
using store::OutboxStatus;

const base::Time kT0 = base::Time(seconds(1'800'000'000));

// Records what it is asked to send; answers from a script (then OK).
class RecordingTransport final : public Transport {
 public:
  struct Sent {
    std::string from, to, data;
  };
  base::Status Send(std::string_view from, std::string_view to,
                    std::string_view rfc5322) override {
    calls.push_back({std::string(from), std::string(to), std::string(rfc5322)});
    if (script.empty()) return base::Status::Ok();
    base::Status s = script.front();
    script.erase(script.begin());
    return s;
  }
  std::vector<Sent> calls;
  std::vector<base::Status> script;
};

Message ToAna() {
  Message m;
  m.to_address = "ana.secret@example.net";
  m.to_name = "Ana Secreta";
  m.subject = "Your invitation";
  m.text = "Hello Ana\n";
  m.html = "<p>Hello Ana</p>";
  return m;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    auto opened = store::OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = crypto::Keyring::Of(std::move(key).value());
    outbox_ = MakeOutbox(*key_);
  }
  std::unique_ptr<Outbox> MakeOutbox(const crypto::Keyring& key) {
    OutboxOptions options;
    options.max_attempts = 4;
    options.backoff_base = seconds(30);
    options.backoff_cap = seconds(100);
    return std::make_unique<Outbox>(store_->mail(), key, clock_,
                                    Sender{"news@example.org", "News", ""}, options);
  }
  store::OutboxItem Item(int64_t id) {
    auto item = store_->mail().GetOutboxItem(id);
    EXPECT_TRUE(item.ok());
    return item.ok() ? *item : store::OutboxItem{};
  }
  DeliveryStats Deliver() {
    auto stats = outbox_->DeliverDue(transport_);
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return stats.ok() ? *stats : DeliveryStats{};
  }

  test_support::TempDir dir_{"bs-outbox"};
  base::FakeClock clock_{kT0};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> key_;
  std::unique_ptr<Outbox> outbox_;
  RecordingTransport transport_;
};

TEST_F(OutboxTest, StoreNeverHoldsRecipientOrBodyInClear) {
  Message m = ToAna();
  m.text = "Unique body words: xylophone-quartz\n";
  auto id = outbox_->Enqueue("invitation", m);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  for (const std::string& file : {dir_.File("site.db"), dir_.File("site.db-wal")}) {
    const std::string raw = ReadAll(file);
    EXPECT_EQ(raw.find("ana.secret@example.net"), std::string::npos) << file;
    EXPECT_EQ(raw.find("Ana Secreta"), std::string::npos) << file;
    EXPECT_EQ(raw.find("xylophone"), std::string::npos) << file;
  }
  EXPECT_EQ(Item(*id).kind, "invitation");
}

TEST_F(OutboxTest, DeliversSealedMessageAndErasesIt) {
  auto id = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(id.ok());
  const DeliveryStats stats = Deliver();
  EXPECT_EQ(stats.claimed, 1);
  EXPECT_EQ(stats.sent, 1);
  ASSERT_EQ(transport_.calls.size(), 1u);
  EXPECT_EQ(transport_.calls[0].from, "news@example.org");
  EXPECT_EQ(transport_.calls[0].to, "ana.secret@example.net");
  const testing::Entity e = testing::ParseEntity(transport_.calls[0].data);
  EXPECT_EQ(e.header("subject"), "Your invitation");
  EXPECT_EQ(e.header("date"), FormatMailDate(kT0));
  EXPECT_TRUE(e.header("message-id").ends_with("@example.org>"));
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[0].decoded, "Hello Ana\r\n");

  const store::OutboxItem item = Item(*id);
  EXPECT_EQ(item.status, OutboxStatus::kSent);
  EXPECT_EQ(item.sealed_envelope, "");
  // Nothing more to do.
  EXPECT_EQ(Deliver().claimed, 0);
  EXPECT_EQ(transport_.calls.size(), 1u);
}

TEST_F(OutboxTest, BadMessagesAreRefusedAndNotQueued) {
  Message m = ToAna();
  m.to_address = "ana@example.net\r\nBcc: everyone@example.org";
  EXPECT_TRUE(outbox_->Enqueue("invitation", m).status().IsInvalidArgument());
  m = ToAna();
  m.subject = "Hi\r\nBcc: everyone@example.org";
  EXPECT_TRUE(outbox_->Enqueue("invitation", m).status().IsInvalidArgument());
  m = ToAna();
  m.to_address = "not-an-address";
  EXPECT_TRUE(outbox_->Enqueue("invitation", m).status().IsInvalidArgument());
  EXPECT_TRUE(outbox_->Enqueue("", ToAna()).status().IsInvalidArgument());
  EXPECT_EQ(*outbox_->Count(std::nullopt), 0);
}

TEST_F(OutboxTest, RetriesWithDoublingBackoffThenGivesUp) {
  transport_.script.assign(10, base::Status::Unavailable("connection refused"));
  auto id = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(id.ok());

  // Waits: 30, 60, then capped at 100; the 4th failure gives up.
  const seconds waits[] = {seconds(30), seconds(60), seconds(100)};
  for (int attempt = 1; attempt <= 3; ++attempt) {
    const DeliveryStats stats = Deliver();
    EXPECT_EQ(stats.deferred, 1) << attempt;
    const store::OutboxItem item = Item(*id);
    EXPECT_EQ(item.status, OutboxStatus::kQueued);
    EXPECT_EQ(item.attempts, attempt);
    EXPECT_FALSE(item.last_error.empty());
    const seconds wait = waits[attempt - 1];
    EXPECT_EQ(item.next_attempt_at, clock_.Now() + wait);
    clock_.Advance(wait - seconds(1));
    EXPECT_EQ(Deliver().claimed, 0) << "not due yet, attempt " << attempt;
    clock_.Advance(seconds(1));
  }
  const DeliveryStats last = Deliver();
  EXPECT_EQ(last.failed, 1);
  const store::OutboxItem item = Item(*id);
  EXPECT_EQ(item.status, OutboxStatus::kFailed);
  EXPECT_EQ(item.attempts, 4);
  EXPECT_EQ(transport_.calls.size(), 4u);
  clock_.Advance(seconds(100000));
  EXPECT_EQ(Deliver().claimed, 0);  // given up: never retried by itself
}

TEST_F(OutboxTest, PermanentRejectionGivesUpAtOnceAndRequeueRetries) {
  transport_.script = {base::Status::InvalidArgument("550 no such user")};
  auto id = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(Deliver().failed, 1);
  store::OutboxItem item = Item(*id);
  EXPECT_EQ(item.status, OutboxStatus::kFailed);
  EXPECT_EQ(item.attempts, 1);
  EXPECT_FALSE(item.last_error.empty());

  int notified = 0;
  outbox_->SetOnQueued([&] { ++notified; });
  ASSERT_TRUE(outbox_->Requeue(*id).ok());
  EXPECT_EQ(notified, 1);
  EXPECT_EQ(Deliver().sent, 1);
  EXPECT_EQ(Item(*id).status, OutboxStatus::kSent);
  EXPECT_TRUE(outbox_->Requeue(*id).IsInvalidArgument());
  EXPECT_TRUE(outbox_->Requeue(12345).IsNotFound());
}

TEST_F(OutboxTest, EnqueueNotifies) {
  int notified = 0;
  outbox_->SetOnQueued([&] { ++notified; });
  ASSERT_TRUE(outbox_->Enqueue("invitation", ToAna()).ok());
  EXPECT_EQ(notified, 1);
  Message bad = ToAna();
  bad.to_address = "x";
  EXPECT_FALSE(outbox_->Enqueue("invitation", bad).ok());
  EXPECT_EQ(notified, 1);
}

TEST_F(OutboxTest, ListShowsRecipientsOnlyWhileQueuedAndReadable) {
  auto sent = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(Deliver().sent, 1);
  Message m = ToAna();
  m.to_address = "ben@example.net";
  m.subject = "Reset";
  auto queued = outbox_->Enqueue("password_reset", m);
  ASSERT_TRUE(queued.ok());

  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 2u);
  const OutboxView& q = (*views)[0];
  EXPECT_EQ(q.id, *queued);
  EXPECT_EQ(q.kind, "password_reset");
  EXPECT_EQ(q.envelope, OutboxView::Envelope::kReadable);
  EXPECT_EQ(q.to_address, "ben@example.net");
  EXPECT_EQ(q.subject, "Reset");
  const OutboxView& s = (*views)[1];
  EXPECT_EQ(s.envelope, OutboxView::Envelope::kErased);
  EXPECT_EQ(s.status, OutboxStatus::kSent);
  EXPECT_TRUE(s.to_address.empty());
  EXPECT_EQ(*outbox_->Count(OutboxStatus::kQueued), 1);
}

TEST_F(OutboxTest, AKeyThisNodeLacksWaitsForIt) {
  auto id = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(id.ok());
  auto other_key = crypto::FieldKey::Generate();
  ASSERT_TRUE(other_key.ok());
  std::unique_ptr<crypto::Keyring> other_ring = crypto::Keyring::Of(std::move(other_key).value());
  auto other = MakeOutbox(*other_ring);
  auto views = other->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_EQ((*views)[0].envelope, OutboxView::Envelope::kUnreadable);
  EXPECT_TRUE((*views)[0].to_address.empty());

  // Perhaps the key of a rotation has not reached this node yet: retried
  // with backoff, not dropped...
  auto stats = other->DeliverDue(transport_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->deferred, 1);
  EXPECT_TRUE(transport_.calls.empty());
  EXPECT_EQ(Item(*id).status, OutboxStatus::kQueued);
  // ...and a node with the key sends it.
  clock_.Advance(seconds(100));
  EXPECT_EQ(Deliver().sent, 1);
}

TEST_F(OutboxTest, ADamagedEnvelopeGivesUpAtOnce) {
  auto id = outbox_->Enqueue("invitation", ToAna());
  ASSERT_TRUE(id.ok());
  std::string sealed = Item(*id).sealed_envelope;
  sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
  ASSERT_TRUE(store_->mail().ReplaceSealedEnvelope(*id, Item(*id).sealed_envelope, sealed).ok());
  auto stats = outbox_->DeliverDue(transport_);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->failed, 1);
  EXPECT_TRUE(transport_.calls.empty());
  EXPECT_EQ(Item(*id).status, OutboxStatus::kFailed);
}

TEST_F(OutboxTest, BatchSizeBoundsAPass) {
  OutboxOptions options;
  options.batch_size = 2;
  Outbox small(store_->mail(), *key_, clock_, Sender{"news@example.org", "", ""}, options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(small.Enqueue("x", ToAna()).ok());
  auto first = small.DeliverDue(transport_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->sent, 2);
  auto second = small.DeliverDue(transport_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->sent, 1);

  OutboxOptions bad;
  bad.batch_size = 0;
  Outbox broken(store_->mail(), *key_, clock_, Sender{"news@example.org", "", ""}, bad);
  EXPECT_TRUE(broken.DeliverDue(transport_).status().IsInvalidArgument());
}

}  // namespace
}  // namespace mail
