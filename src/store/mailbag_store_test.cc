// Contract tests for the mailbag store on SQLite (real database in a temp dir).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'767'225'600));  // 2026-01-01T00:00:00Z

class MailbagStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  MailbagStore& mb() { return store_->mailbag(); }

  int64_t Ask(const std::string& text, Time at = kT0, std::optional<int64_t> topic = {},
              const std::string& lang = "en") {
    Question q;
    q.question = text;
    q.dedupe_key = "key:" + text;
    q.created_at = at;
    q.topic_id = topic;
    q.lang = lang;
    q.consent = true;
    auto id = mb().CreateQuestion(q);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t Topic(const std::string& slug, int position = 0) {
    auto id = mb().CreateTopic(MailbagTopic{0, slug, "Topic " + slug, position});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t Byline(const std::string& slug) {
    store::Byline b;
    b.slug = slug;
    b.name = "Name " + slug;
    auto id = store_->publishing().CreateByline(b);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t User(const std::string& email) {
    store::User u;
    u.email = email;
    u.display_name = email;
    u.created_at = kT0;
    auto id = store_->accounts().CreateUser(u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  // Answers and publishes `id` under `slug` at `at`.
  void Publish(int64_t id, const std::string& slug, Time at) {
    Actor by{std::nullopt, at};
    ASSERT_TRUE(
        mb().SaveAnswer(id, MailbagAnswer{"**A**", "<p><strong>A</strong></p>", "", at, {}}, by)
            .ok());
    ASSERT_TRUE(mb().ChangeStatus(id, {QuestionStatus::kNew, QuestionStatus::kAnswered}, by).ok());
    StatusChange c{QuestionStatus::kAnswered, QuestionStatus::kPublished};
    c.slug = slug;
    ASSERT_TRUE(mb().ChangeStatus(id, c, by).ok());
  }

  test_support::TempDir dir_{"bs-mailbag-store"};
  std::unique_ptr<Store> store_;
};

TEST_F(MailbagStoreTest, CreateAndGetRoundTrips) {
  const int64_t topic = Topic("health");
  Question q;
  q.question = "Original <b>text</b> with Ñ";
  q.asker_name = "Ana";
  q.asker_email_sealed = "opaque-sealed";
  q.notify = true;
  q.consent = true;
  q.topic_id = topic;
  q.lang = "es";
  q.dedupe_key = "k1";
  q.created_at = kT0;
  auto id = mb().CreateQuestion(q);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto got = mb().GetQuestion(*id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->status, QuestionStatus::kNew);
  EXPECT_EQ(got->question, q.question);
  EXPECT_EQ(got->published_question, q.question);  // defaults to the original
  EXPECT_EQ(got->asker_name, "Ana");
  EXPECT_EQ(got->asker_email_sealed, "opaque-sealed");
  EXPECT_TRUE(got->notify);
  EXPECT_TRUE(got->consent);
  EXPECT_EQ(got->topic_id, topic);
  EXPECT_EQ(got->lang, "es");
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->slug, "");
  EXPECT_FALSE(got->published_at.has_value());
  EXPECT_FALSE(got->answer.has_value());
  auto events = mb().ListEvents(*id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "asked");
}

TEST_F(MailbagStoreTest, DuplicateKeyIsConflictAndFindable) {
  const int64_t id = Ask("same");
  Question q;
  q.question = "same";
  q.dedupe_key = "key:same";
  q.created_at = kT0;
  EXPECT_TRUE(mb().CreateQuestion(q).status().IsConflict());
  auto found = mb().FindByDedupeKey("key:same");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, id);
  auto none = mb().FindByDedupeKey("key:other");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(MailbagStoreTest, BadInputsRefused) {
  Question q;
  q.question = "x";
  q.dedupe_key = "k";
  q.topic_id = 999;
  EXPECT_TRUE(mb().CreateQuestion(q).status().IsInvalidArgument());  // unknown topic
  q.topic_id.reset();
  q.status = QuestionStatus::kPublished;
  EXPECT_TRUE(mb().CreateQuestion(q).status().IsInvalidArgument());
  EXPECT_TRUE(mb().GetQuestion(12345).status().IsNotFound());
  EXPECT_TRUE(mb().SaveAnswer(12345, MailbagAnswer{}, Actor{}).IsNotFound());
  QueueFilter f;
  f.limit = 0;
  EXPECT_TRUE(mb().ListQueue(f).status().IsInvalidArgument());
}

TEST_F(MailbagStoreTest, StatusChangeIsCompareAndSet) {
  const int64_t id = Ask("q");
  Actor by{std::nullopt, kT0 + seconds(5)};
  EXPECT_TRUE(mb().ChangeStatus(id, {QuestionStatus::kAnswered, QuestionStatus::kPublished}, by)
                  .IsConflict());
  StatusChange decline{QuestionStatus::kNew, QuestionStatus::kDeclined};
  decline.decline_reason = DeclineReason::kSpam;
  ASSERT_TRUE(mb().ChangeStatus(id, decline, by).ok());
  auto got = mb().GetQuestion(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, QuestionStatus::kDeclined);
  EXPECT_EQ(got->decline_reason, DeclineReason::kSpam);
  EXPECT_EQ(got->updated_at, kT0 + seconds(5));
  auto events = mb().ListEvents(id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].from, QuestionStatus::kNew);
  EXPECT_EQ((*events)[1].to, QuestionStatus::kDeclined);
}

TEST_F(MailbagStoreTest, SlugIsUniqueAmongQuestions) {
  const int64_t a = Ask("a");
  const int64_t b = Ask("b");
  Publish(a, "same-slug", kT0);
  Actor by{std::nullopt, kT0};
  ASSERT_TRUE(mb().ChangeStatus(b, {QuestionStatus::kNew, QuestionStatus::kAnswered}, by).ok());
  StatusChange c{QuestionStatus::kAnswered, QuestionStatus::kPublished};
  c.slug = "same-slug";
  EXPECT_TRUE(mb().ChangeStatus(b, c, by).IsConflict());
  auto still = mb().GetQuestion(b);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->status, QuestionStatus::kAnswered);  // rolled back
}

TEST_F(MailbagStoreTest, BylinesKeepSigningOrderAndRefuseUnknown) {
  const int64_t id = Ask("q");
  const int64_t ana = Byline("ana"), ben = Byline("ben"), carla = Byline("carla");
  Actor by{std::nullopt, kT0};
  ASSERT_TRUE(mb().SetBylines(id, {carla, ana, ben}, by).ok());
  auto got = mb().GetQuestion(id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->bylines.size(), 3u);
  EXPECT_EQ(got->bylines[0].slug, "carla");
  EXPECT_EQ(got->bylines[1].slug, "ana");
  EXPECT_EQ(got->bylines[2].slug, "ben");
  EXPECT_TRUE(mb().SetBylines(id, {ana, 9999}, by).IsInvalidArgument());
  EXPECT_TRUE(mb().SetBylines(id, {ana, ana}, by).IsInvalidArgument());
  got = mb().GetQuestion(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bylines.size(), 3u);  // failed writes left the old list
}

TEST_F(MailbagStoreTest, SaveEditWritesAllOrNothingAndChecksTheRevision) {
  const int64_t id = Ask("Original question?");
  const int64_t topic = Topic("housing");
  const int64_t ana = Byline("ana"), ben = Byline("ben");
  Actor by{std::nullopt, kT0 + seconds(10)};
  auto before = mb().GetQuestion(id);
  ASSERT_TRUE(before.ok());
  EXPECT_GT(before->revision, 0);  // the question's creation is an event

  QuestionEdit e;
  e.published_question = "Edited question?";
  e.topic_id = topic;
  e.byline_ids = {ben, ana};
  e.answer = MailbagAnswer{"Yes.", "<p>Yes.</p>", "https://example.org/v", {}, {}};
  e.expected_revision = before->revision;
  ASSERT_TRUE(mb().SaveEdit(id, e, by).ok());
  auto after = mb().GetQuestion(id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->published_question, "Edited question?");
  EXPECT_EQ(after->topic_id, topic);
  ASSERT_EQ(after->bylines.size(), 2u);
  EXPECT_EQ(after->bylines[0].slug, "ben");
  ASSERT_TRUE(after->answer.has_value());
  EXPECT_EQ(after->answer->body_markdown, "Yes.");
  EXPECT_EQ(after->status, QuestionStatus::kAnswered);  // new -> answered with the answer
  EXPECT_GT(after->revision, before->revision);

  // A stale revision changes nothing, whatever else is right.
  QuestionEdit stale = e;
  stale.published_question = "Someone's older copy";
  stale.expected_revision = before->revision;
  EXPECT_TRUE(mb().SaveEdit(id, stale, by).IsConflict());
  auto unchanged = mb().GetQuestion(id);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->published_question, "Edited question?");
  EXPECT_EQ(unchanged->revision, after->revision);

  // A bad part (an unknown byline) rolls back the parts before it.
  QuestionEdit bad = e;
  bad.published_question = "Half a save?";
  bad.byline_ids = {ana, 99999};
  bad.expected_revision = after->revision;
  EXPECT_TRUE(mb().SaveEdit(id, bad, by).IsInvalidArgument());
  unchanged = mb().GetQuestion(id);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->published_question, "Edited question?");
  EXPECT_EQ(unchanged->bylines.size(), 2u);
  EXPECT_EQ(unchanged->revision, after->revision);

  // Without an answer the answer is left alone; without a revision, no check.
  QuestionEdit no_answer;
  no_answer.published_question = "Only the question";
  no_answer.byline_ids = {ana};
  ASSERT_TRUE(mb().SaveEdit(id, no_answer, by).ok());
  auto kept = mb().GetQuestion(id);
  ASSERT_TRUE(kept.ok());
  ASSERT_TRUE(kept->answer.has_value());
  EXPECT_EQ(kept->answer->body_markdown, "Yes.");
  EXPECT_FALSE(kept->topic_id.has_value());

  // Declined questions and unknown ids.
  ASSERT_TRUE(mb().ChangeStatus(id, {QuestionStatus::kAnswered, QuestionStatus::kDeclined,
                                     DeclineReason::kSpam},
                                by)
                  .ok());
  EXPECT_TRUE(mb().SaveEdit(id, no_answer, by).IsConflict());
  EXPECT_TRUE(mb().SaveEdit(424242, no_answer, by).IsNotFound());
}

TEST_F(MailbagStoreTest, AssignmentsAndQueueFilters) {
  const int64_t ana = User("ana@example.org");
  const int64_t ben = User("ben@example.org");
  const int64_t topic = Topic("work");
  const int64_t q1 = Ask("first about wages 100%", kT0, topic, "en");
  const int64_t q2 = Ask("second question", kT0 + seconds(60), std::nullopt, "es");
  const int64_t q3 = Ask("third about wages", kT0 + seconds(120), topic, "en");
  Actor by{ana, kT0};
  ASSERT_TRUE(mb().Assign(q1, ana, by).ok());
  ASSERT_TRUE(mb().Assign(q1, ana, by).ok());  // idempotent
  ASSERT_TRUE(mb().Assign(q1, ben, by).ok());
  ASSERT_TRUE(mb().Assign(q3, ben, by).ok());
  EXPECT_TRUE(mb().Assign(q2, 9999, by).IsInvalidArgument());
  EXPECT_TRUE(mb().Unassign(q2, ana, by).IsNotFound());

  auto got = mb().GetQuestion(q1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->assignees, (std::vector<int64_t>{ana, ben}));

  auto ids = [&](const QueueFilter& f) {
    std::vector<int64_t> out;
    auto list = mb().ListQueue(f);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    if (list.ok())
      for (const auto& q : *list) out.push_back(q.id);
    return out;
  };
  QueueFilter f;
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q1, q2, q3}));
  f.oldest_first = false;
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q3, q2, q1}));
  f = {};
  f.topic_id = topic;
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q1, q3}));
  f = {};
  f.lang = "es";
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q2}));
  f = {};
  f.assigned_to = ben;
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q1, q3}));
  f = {};
  f.created_after = kT0 + seconds(60);
  f.created_before = kT0 + seconds(120);
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q2}));
  f = {};
  f.text = "WAGES";  // LIKE is case-insensitive for ASCII
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q1, q3}));
  f.text = "100%";  // wildcards are literal
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q1}));
  f.text = "0_";
  EXPECT_EQ(ids(f), (std::vector<int64_t>{}));
  f = {};
  f.limit = 1;
  f.offset = 1;
  EXPECT_EQ(ids(f), (std::vector<int64_t>{q2}));
  auto n = mb().CountQueue(QueueFilter{.topic_id = topic});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);

  ASSERT_TRUE(mb().Unassign(q1, ana, by).ok());
  got = mb().GetQuestion(q1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->assignees, (std::vector<int64_t>{ben}));
}

TEST_F(MailbagStoreTest, CountsByStatus) {
  const int64_t a = Ask("a");
  Ask("b");
  const int64_t c = Ask("c");
  Publish(a, "a", kT0);
  StatusChange d{QuestionStatus::kNew, QuestionStatus::kDeclined};
  ASSERT_TRUE(mb().ChangeStatus(c, d, Actor{std::nullopt, kT0}).ok());
  auto counts = mb().CountByStatus();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->new_, 1);
  EXPECT_EQ(counts->published, 1);
  EXPECT_EQ(counts->declined, 1);
  EXPECT_EQ(counts->answered, 0);
}

TEST_F(MailbagStoreTest, PublicReadsSeeOnlyPublishedNewestFirst) {
  const int64_t topic = Topic("health");
  const int64_t a = Ask("a", kT0, topic);
  const int64_t b = Ask("b", kT0, topic);
  const int64_t c = Ask("c", kT0);
  Ask("never published", kT0, topic);
  const int64_t ana = Byline("ana");
  ASSERT_TRUE(mb().SetBylines(a, {ana}, Actor{std::nullopt, kT0}).ok());
  ASSERT_TRUE(mb().EditQuestion(a, "edited a", topic, Actor{std::nullopt, kT0}).ok());
  Publish(a, "a-slug", kT0 + seconds(10));
  Publish(b, "b-slug", kT0 + seconds(20));
  Publish(c, "c-slug", kT0 + seconds(30));

  auto all = mb().ListPublished(ArchiveFilter{});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].slug, "c-slug");
  EXPECT_EQ((*all)[2].slug, "a-slug");
  auto by_topic = mb().ListPublished(ArchiveFilter{.topic_id = topic});
  ASSERT_TRUE(by_topic.ok());
  EXPECT_EQ(by_topic->size(), 2u);
  auto n = mb().CountPublished(ArchiveFilter{.topic_id = topic});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);

  auto one = mb().GetPublishedBySlug("a-slug");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->question, "edited a");  // the published version, not the original
  EXPECT_EQ(one->answer_html, "<p><strong>A</strong></p>");
  ASSERT_TRUE(one->topic.has_value());
  EXPECT_EQ(one->topic->slug, "health");
  ASSERT_EQ(one->bylines.size(), 1u);
  EXPECT_EQ(one->bylines[0].slug, "ana");
  EXPECT_EQ(one->published_at, kT0 + seconds(10));

  auto related = mb().ListRelated(a, topic, 5);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u);
  EXPECT_EQ((*related)[0].id, b);

  // Unpublished: gone from every public read, slug kept for a re-publish.
  ASSERT_TRUE(mb().ChangeStatus(a, {QuestionStatus::kPublished, QuestionStatus::kAnswered},
                                Actor{std::nullopt, kT0 + seconds(40)})
                  .ok());
  EXPECT_TRUE(mb().GetPublishedBySlug("a-slug").status().IsNotFound());
  auto got = mb().GetQuestion(a);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->slug, "a-slug");
}

TEST_F(MailbagStoreTest, DeletingATopicKeepsItsQuestions) {
  const int64_t topic = Topic("gone");
  const int64_t id = Ask("q", kT0, topic);
  ASSERT_TRUE(mb().DeleteTopic(topic).ok());
  EXPECT_TRUE(mb().DeleteTopic(topic).IsNotFound());
  auto got = mb().GetQuestion(id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->topic_id.has_value());
}

TEST_F(MailbagStoreTest, TopicsOrderedAndUnique) {
  Topic("b", 2);
  const int64_t a = Topic("a", 1);
  EXPECT_TRUE(mb().CreateTopic(MailbagTopic{0, "a", "dup", 0}).status().IsConflict());
  ASSERT_TRUE(mb().UpdateTopic(MailbagTopic{a, "a2", "Renamed", 3}).ok());
  EXPECT_TRUE(mb().UpdateTopic(MailbagTopic{999, "x", "x", 0}).IsNotFound());
  auto list = mb().ListTopics();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].slug, "b");
  EXPECT_EQ((*list)[1].slug, "a2");
  auto got = mb().GetTopicBySlug("a2");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Renamed");
  EXPECT_TRUE(mb().GetTopicBySlug("a").status().IsNotFound());
}

TEST_F(MailbagStoreTest, NotifiedOnlyOnce) {
  const int64_t id = Ask("q");
  ASSERT_TRUE(mb().MarkNotified(id, kT0).ok());
  EXPECT_TRUE(mb().MarkNotified(id, kT0).IsConflict());
  auto got = mb().GetQuestion(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->notified_at, kT0);
}

TEST_F(MailbagStoreTest, SealedEmailsListAndReplaceOnlyWhileUnchanged) {
  const int64_t none = Ask("no address given");
  Question q;
  q.question = "with an address";
  q.dedupe_key = "with";
  q.created_at = kT0;
  q.asker_email_sealed = "sealed-1";
  auto with = mb().CreateQuestion(q);
  ASSERT_TRUE(with.ok()) << with.status().ToString();

  auto page = mb().ListSealedEmails(0, 100);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->size(), 1u);  // the question without an address is skipped
  EXPECT_EQ((*page)[0].id, *with);
  EXPECT_EQ((*page)[0].sealed, "sealed-1");
  EXPECT_TRUE(mb().ListSealedEmails(*with, 100)->empty());

  ASSERT_TRUE(mb().ReplaceSealedEmail(*with, "sealed-1", "sealed-2").ok());
  EXPECT_EQ(mb().GetQuestion(*with)->asker_email_sealed, "sealed-2");
  EXPECT_TRUE(mb().ReplaceSealedEmail(*with, "sealed-1", "sealed-3").IsConflict());
  // Re-sealing never gives an address to a question that had none.
  EXPECT_TRUE(mb().ReplaceSealedEmail(none, "", "sealed").IsInvalidArgument());
  EXPECT_EQ(mb().GetQuestion(none)->asker_email_sealed, "");
  EXPECT_TRUE(mb().ReplaceSealedEmail(none, "x", "sealed").IsConflict());
  EXPECT_TRUE(mb().ReplaceSealedEmail(12345, "x", "y").IsNotFound());
  EXPECT_TRUE(mb().ListSealedEmails(0, 0).status().IsInvalidArgument());
}

}  // namespace
}  // namespace store
