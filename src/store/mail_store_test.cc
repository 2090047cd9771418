// Contract tests for the mail outbox (store/mail_store.h) on a real SQLite
// store in a temporary directory.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'800'000'000));

class MailStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("site.db");
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  MailStore& mail() { return store_->mail(); }

  int64_t Queue(const std::string& envelope, Time at = kT0) {
    auto id = mail().Enqueue("test", envelope, at);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  test_support::TempDir dir_{"bs-mail-store"};
  std::unique_ptr<Store> store_;
};

TEST_F(MailStoreTest, EnqueueThenGet) {
  const int64_t id = Queue("sealed-1");
  auto item = mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->id, id);
  EXPECT_EQ(item->kind, "test");
  EXPECT_EQ(item->sealed_envelope, "sealed-1");
  EXPECT_EQ(item->status, OutboxStatus::kQueued);
  EXPECT_EQ(item->attempts, 0);
  EXPECT_EQ(item->created_at, kT0);
  EXPECT_EQ(item->next_attempt_at, kT0);
  EXPECT_FALSE(item->sent_at.has_value());
  EXPECT_EQ(item->last_error, "");
}

TEST_F(MailStoreTest, EmptyKindAndUnknownIdAreRefused) {
  EXPECT_TRUE(mail().Enqueue("", "x", kT0).status().IsInvalidArgument());
  EXPECT_TRUE(mail().GetOutboxItem(999).status().IsNotFound());
  EXPECT_TRUE(mail().MarkSent(999, kT0).IsNotFound());
  EXPECT_TRUE(mail().MarkFailed(999, "e", kT0, false).IsNotFound());
  EXPECT_TRUE(mail().Requeue(999, kT0).IsNotFound());
}

TEST_F(MailStoreTest, ClaimDueTakesOnlyDueOldestFirstAndLeasesThem) {
  const int64_t a = Queue("a", kT0);
  const int64_t b = Queue("b", kT0 + seconds(10));
  const int64_t later = Queue("later", kT0 + seconds(100));

  auto claimed = mail().ClaimDue(kT0 + seconds(10), seconds(60), 10);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].id, a);
  EXPECT_EQ((*claimed)[1].id, b);
  EXPECT_EQ((*claimed)[0].sealed_envelope, "a");
  EXPECT_EQ((*claimed)[0].next_attempt_at, kT0 + seconds(70));

  // Leased: a second sender at the same moment gets nothing.
  auto again = mail().ClaimDue(kT0 + seconds(10), seconds(60), 10);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto stored = mail().GetOutboxItem(a);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->next_attempt_at, kT0 + seconds(70));
  EXPECT_EQ(stored->status, OutboxStatus::kQueued);

  // After the lease runs out (sender died) they are due again, with `later`.
  auto after = mail().ClaimDue(kT0 + seconds(100), seconds(60), 10);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 3u);
  EXPECT_EQ((*after)[2].id, later);
}

TEST_F(MailStoreTest, ClaimDueRespectsLimitAndRefusesBadArguments) {
  for (int i = 0; i < 5; ++i) Queue("m");
  auto two = mail().ClaimDue(kT0, seconds(60), 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto rest = mail().ClaimDue(kT0, seconds(60), 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->size(), 3u);
  EXPECT_TRUE(mail().ClaimDue(kT0, seconds(60), 0).status().IsInvalidArgument());
  EXPECT_TRUE(mail().ClaimDue(kT0, seconds(60), 101).status().IsInvalidArgument());
  EXPECT_TRUE(mail().ClaimDue(kT0, seconds(0), 10).status().IsInvalidArgument());
}

TEST_F(MailStoreTest, ClaimDueSkipsSentAndFailed) {
  const int64_t sent = Queue("s");
  const int64_t failed = Queue("f");
  ASSERT_TRUE(mail().MarkSent(sent, kT0).ok());
  ASSERT_TRUE(mail().MarkFailed(failed, "gone", kT0, /*give_up=*/true).ok());
  auto claimed = mail().ClaimDue(kT0 + seconds(1000), seconds(60), 10);
  ASSERT_TRUE(claimed.ok());
  EXPECT_TRUE(claimed->empty());
}

TEST_F(MailStoreTest, MarkSentErasesEnvelopeOnce) {
  const int64_t id = Queue("secret");
  ASSERT_TRUE(mail().MarkSent(id, kT0 + seconds(5)).ok());
  auto item = mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, OutboxStatus::kSent);
  EXPECT_EQ(item->sealed_envelope, "");
  EXPECT_EQ(item->attempts, 1);
  ASSERT_TRUE(item->sent_at.has_value());
  EXPECT_EQ(*item->sent_at, kT0 + seconds(5));
  // An outcome is recorded once; a sent message cannot be requeued.
  EXPECT_TRUE(mail().MarkSent(id, kT0).IsInvalidArgument());
  EXPECT_TRUE(mail().MarkFailed(id, "late", kT0, false).IsInvalidArgument());
  EXPECT_TRUE(mail().Requeue(id, kT0).IsInvalidArgument());
}

TEST_F(MailStoreTest, MarkFailedRetriesOrGivesUp) {
  const int64_t id = Queue("env");
  ASSERT_TRUE(mail().MarkFailed(id, "421 try later", kT0 + seconds(30), false).ok());
  auto item = mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, OutboxStatus::kQueued);
  EXPECT_EQ(item->attempts, 1);
  EXPECT_EQ(item->last_error, "421 try later");
  EXPECT_EQ(item->next_attempt_at, kT0 + seconds(30));
  EXPECT_EQ(item->sealed_envelope, "env");  // kept for the next attempt

  auto early = mail().ClaimDue(kT0 + seconds(29), seconds(60), 10);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());

  ASSERT_TRUE(mail().MarkFailed(id, "550 no such user", kT0 + seconds(90), true).ok());
  item = mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, OutboxStatus::kFailed);
  EXPECT_EQ(item->attempts, 2);
  EXPECT_EQ(item->last_error, "550 no such user");
}

TEST_F(MailStoreTest, RequeueMakesAFailedMessageDueNow) {
  const int64_t id = Queue("env");
  ASSERT_TRUE(mail().MarkFailed(id, "boom", kT0, true).ok());
  ASSERT_TRUE(mail().Requeue(id, kT0 + seconds(500)).ok());
  auto item = mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, OutboxStatus::kQueued);
  EXPECT_EQ(item->next_attempt_at, kT0 + seconds(500));
  EXPECT_EQ(item->attempts, 1);  // history kept
  auto claimed = mail().ClaimDue(kT0 + seconds(500), seconds(60), 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, id);
}

TEST_F(MailStoreTest, ListAndCountNewestFirstByStatus) {
  const int64_t a = Queue("a");
  const int64_t b = Queue("b");
  const int64_t c = Queue("c");
  ASSERT_TRUE(mail().MarkSent(b, kT0).ok());
  ASSERT_TRUE(mail().MarkFailed(c, "x", kT0, true).ok());

  auto all = mail().ListOutbox(std::nullopt, 10, 0);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, c);
  EXPECT_EQ((*all)[2].id, a);
  auto page = mail().ListOutbox(std::nullopt, 1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, b);

  auto queued = mail().ListOutbox(OutboxStatus::kQueued, 10, 0);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].id, a);

  EXPECT_EQ(*mail().CountOutbox(std::nullopt), 3);
  EXPECT_EQ(*mail().CountOutbox(OutboxStatus::kQueued), 1);
  EXPECT_EQ(*mail().CountOutbox(OutboxStatus::kSent), 1);
  EXPECT_EQ(*mail().CountOutbox(OutboxStatus::kFailed), 1);

  EXPECT_TRUE(mail().ListOutbox(std::nullopt, 0, 0).status().IsInvalidArgument());
  EXPECT_TRUE(mail().ListOutbox(std::nullopt, 10, -1).status().IsInvalidArgument());
}

TEST_F(MailStoreTest, SurvivesReopen) {
  const int64_t id = Queue("persisted");
  store_->Close();
  SqliteOptions o;
  o.path = dir_.File("site.db");
  auto reopened = OpenSqliteStore(o);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto item = (*reopened)->mail().GetOutboxItem(id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->sealed_envelope, "persisted");
}

TEST_F(MailStoreTest, SealedEnvelopesListAndReplaceOnlyWhileUnchanged) {
  const int64_t a = Queue("env-a");
  const int64_t b = Queue("env-b");
  const int64_t c = Queue("env-c");
  ASSERT_TRUE(mail().MarkSent(b, kT0).ok());  // erased: nothing to re-seal

  auto page = mail().ListSealedEnvelopes(0, 1);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, a);
  EXPECT_EQ((*page)[0].sealed, "env-a");
  page = mail().ListSealedEnvelopes(a, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, c);

  ASSERT_TRUE(mail().ReplaceSealedEnvelope(a, "env-a", "env-a2").ok());
  EXPECT_EQ(mail().GetOutboxItem(a)->sealed_envelope, "env-a2");
  // Changed meanwhile (here: by the call above): Conflict, value kept.
  EXPECT_TRUE(mail().ReplaceSealedEnvelope(a, "env-a", "env-a3").IsConflict());
  EXPECT_EQ(mail().GetOutboxItem(a)->sealed_envelope, "env-a2");
  EXPECT_TRUE(mail().ReplaceSealedEnvelope(b, "env-b", "x").IsConflict());  // sent
  EXPECT_TRUE(mail().ReplaceSealedEnvelope(999, "x", "y").IsNotFound());
  EXPECT_TRUE(mail().ReplaceSealedEnvelope(c, "env-c", "").IsInvalidArgument());
  EXPECT_TRUE(mail().ListSealedEnvelopes(0, 0).status().IsInvalidArgument());
  EXPECT_TRUE(mail().ListSealedEnvelopes(0, kMaxSealedPage + 1).status().IsInvalidArgument());
}

}  // namespace
}  // namespace store
