// MailbagService on a real SQLite store in a temp dir, a fake clock and a
// real sealing key.

#include "mailbag/mailbag_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "mailbag/form_timer.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace mailbag {
namespace {

using std::chrono::seconds;
using store::DeclineReason;

const base::Time kT0 = base::Time(seconds(1'767'225'600));  // 2026-01-01T00:00:00Z
constexpr char kEmail[] = "secret.asker@example.org";

class RecordingNotifier final : public Notifier {
 public:
  Status QuestionReceived(const AskerNotice& n) override {
    received.push_back(n);
    return fail ? Status::Unavailable("down") : Status::Ok();
  }
  Status AnswerPublished(const AskerNotice& n) override {
    published.push_back(n);
    return fail ? Status::Unavailable("down") : Status::Ok();
  }
  std::vector<AskerNotice> received, published;
  bool fail = false;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class MailbagServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = store::OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = crypto::Keyring::Of(std::move(key).value());
    service_ = std::make_unique<MailbagService>(store_->mailbag(), *key_, clock_, &notifier_);
  }

  AskInput Input(const std::string& question) {
    AskInput in;
    in.question = question;
    in.name = "Ana";
    in.consent = true;
    return in;
  }
  int64_t Ask(const std::string& question, bool notify = false) {
    AskInput in = Input(question);
    if (notify) {
      in.email = kEmail;
      in.notify = true;
    }
    auto r = service_->Ask(in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->question_id : 0;
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
  // Answers `id` and signs it by one byline, ready to publish.
  void Ready(int64_t id) {
    ASSERT_TRUE(service_->SaveAnswer(id, "The **answer**.", "", editor_).ok());
    if (byline_ == 0) byline_ = Byline("ana-ruiz");
    ASSERT_TRUE(service_->SetBylines(id, {byline_}, editor_).ok());
  }
  QuestionStatus StatusOf(int64_t id) {
    auto q = store_->mailbag().GetQuestion(id);
    EXPECT_TRUE(q.ok());
    return q.ok() ? q->status : QuestionStatus::kNew;
  }

  test_support::TempDir dir_{"bs-mailbag"};
  base::FakeClock clock_{kT0};
  RecordingNotifier notifier_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> key_;
  std::unique_ptr<MailbagService> service_;
  int64_t editor_ = 0;  // no user row needed: the actor is only recorded
  int64_t byline_ = 0;
};

TEST_F(MailbagServiceTest, AskValidatesEachField) {
  auto refused = [&](AskInput in) { return service_->Ask(in).status().IsInvalidArgument(); };
  EXPECT_TRUE(refused(Input("too short")));  // 9 code points
  EXPECT_TRUE(refused(Input(std::string(5001, 'a'))));
  EXPECT_TRUE(refused(Input("bad utf-8 \xff\xfe here")));
  EXPECT_TRUE(refused(Input(std::string("nul\0inside question", 20))));
  EXPECT_TRUE(refused(Input("links http://a.x http://b.x www.c.x please")));
  AskInput in = Input("a perfectly fine question");
  in.name = std::string(101, 'n');
  EXPECT_TRUE(refused(in));
  in = Input("a perfectly fine question");
  in.email = "not-an-email";
  EXPECT_TRUE(refused(in));
  in = Input("a perfectly fine question");
  in.notify = true;  // without an address
  EXPECT_TRUE(refused(in));
  in = Input("a perfectly fine question");
  in.topic_slug = "no-such-topic";
  EXPECT_TRUE(refused(in));
  in = Input("a perfectly fine question");
  in.lang = "E";
  EXPECT_TRUE(refused(in));
  in = Input("a perfectly fine question");
  in.email = "x";
  in.name = std::string(101, 'n');
  EXPECT_EQ(service_->Validate(in),
            (std::vector<AskProblem>{AskProblem::kNameTooLong, AskProblem::kEmailInvalid}));

  // The bounds themselves are fine, counted in characters, not bytes.
  EXPECT_TRUE(service_->Ask(Input("ten chars!")).ok());
  std::string long_ok;
  for (int i = 0; i < 5000; ++i) long_ok += "ñ";  // 10,000 bytes
  EXPECT_TRUE(service_->Ask(Input(long_ok)).ok());
  EXPECT_TRUE(service_->Ask(Input("two links http://a.x and www.b.x")).ok());
}

TEST_F(MailbagServiceTest, ExactDuplicateIsConflict) {
  Ask("¿Qué es la plusvalía?");
  EXPECT_TRUE(service_->Ask(Input("  que es la PLUSVALIA ")).status().IsConflict());
  EXPECT_TRUE(service_->Ask(Input("¿Qué es la plusvalía relativa?")).ok());
}

TEST_F(MailbagServiceTest, AskStoresTheQuestionAndSealsTheEmail) {
  auto topic = service_->CreateTopic("Health care", "", 1);
  ASSERT_TRUE(topic.ok()) << topic.status().ToString();
  EXPECT_EQ(topic->slug, "health-care");
  AskInput in = Input("  How does the <b>clinic</b> work?  ");
  in.email = " Secret.Asker@Example.ORG ";
  in.notify = true;
  in.topic_slug = "health-care";
  in.lang = "es";
  in.consent = false;
  auto r = service_->Ask(in);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->confirmation_sent);
  ASSERT_EQ(notifier_.received.size(), 1u);
  EXPECT_EQ(notifier_.received[0].email, "Secret.Asker@example.org");
  EXPECT_EQ(notifier_.received[0].lang, "es");

  auto q = store_->mailbag().GetQuestion(r->question_id);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->question, "How does the <b>clinic</b> work?");  // trimmed, stored as typed
  EXPECT_EQ(q->topic_id, topic->id);
  EXPECT_FALSE(q->consent);
  EXPECT_TRUE(q->notify);
  EXPECT_FALSE(q->asker_email_sealed.empty());
  EXPECT_EQ(q->asker_email_sealed.find("Secret"), std::string::npos);
  EXPECT_EQ(q->created_at, kT0);
}

TEST_F(MailbagServiceTest, DatabaseFilesNeverHoldTheEmail) {
  Ask("Where is the meeting held this year?", /*notify=*/true);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string bytes = ReadFile(dir_.File(std::string("test.db") + suffix));
    EXPECT_EQ(bytes.find("secret.asker"), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find("example.org"), std::string::npos) << suffix;
  }
  // The question itself did reach the database (the scan looks at the right files).
  std::string all = ReadFile(dir_.File("test.db")) + ReadFile(dir_.File("test.db-wal"));
  EXPECT_NE(all.find("Where is the meeting held"), std::string::npos);
}

TEST_F(MailbagServiceTest, NotifierFailureDoesNotLoseTheQuestion) {
  notifier_.fail = true;
  AskInput in = Input("What happens when mail is down?");
  in.email = kEmail;
  auto r = service_->Ask(in);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->confirmation_sent);
  EXPECT_EQ(StatusOf(r->question_id), QuestionStatus::kNew);
}

TEST_F(MailbagServiceTest, PublishRequiresAnswerConsentAndBylines) {
  const int64_t id = Ask("Why should we publish this one?");
  EXPECT_TRUE(service_->Publish(id, editor_).status().IsConflict());  // not answered

  ASSERT_TRUE(service_->SaveAnswer(id, "Because.", "", editor_).ok());
  EXPECT_EQ(StatusOf(id), QuestionStatus::kAnswered);
  auto detail = service_->Get(id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->blockers, std::vector<PublishBlocker>{PublishBlocker::kNoBylines});
  EXPECT_TRUE(service_->Publish(id, editor_).status().IsConflict());

  ASSERT_TRUE(service_->SetBylines(id, {Byline("ben")}, editor_).ok());
  auto published = service_->Publish(id, editor_);
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ(published->question.status, QuestionStatus::kPublished);
  EXPECT_EQ(published->question.slug, "why-should-we-publish-this-one");
  EXPECT_FALSE(published->asker_notified);  // no address given
}

TEST_F(MailbagServiceTest, NoConsentNoPublication) {
  AskInput in = Input("Please keep this between us, ok?");
  in.consent = false;
  auto r = service_->Ask(in);
  ASSERT_TRUE(r.ok());
  Ready(r->question_id);
  auto detail = service_->Get(r->question_id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->blockers, std::vector<PublishBlocker>{PublishBlocker::kNoConsent});
  EXPECT_TRUE(service_->Publish(r->question_id, editor_).status().IsConflict());
  // Declining as privately answered is the way out.
  auto declined = service_->Decline(r->question_id, DeclineReason::kAnsweredPrivately, editor_);
  ASSERT_TRUE(declined.ok());
  EXPECT_EQ(declined->decline_reason, DeclineReason::kAnsweredPrivately);
}

TEST_F(MailbagServiceTest, AskerIsToldOnceWithTheOpenedAddress) {
  const int64_t id = Ask("Will you tell me when it is out?", /*notify=*/true);
  Ready(id);
  auto p = service_->Publish(id, editor_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->asker_notified);
  ASSERT_EQ(notifier_.published.size(), 1u);
  EXPECT_EQ(notifier_.published[0].email, kEmail);
  EXPECT_EQ(notifier_.published[0].slug, p->question.slug);
  EXPECT_EQ(notifier_.published[0].question_id, id);

  ASSERT_TRUE(service_->Unpublish(id, editor_).ok());
  auto again = service_->Publish(id, editor_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->asker_notified);
  EXPECT_EQ(notifier_.published.size(), 1u);
  EXPECT_EQ(again->question.slug, p->question.slug);  // the link they got still works
}

TEST_F(MailbagServiceTest, NotifyFailureRetriedOnNextPublish) {
  const int64_t id = Ask("Is mail flaky on your side today?", /*notify=*/true);
  Ready(id);
  notifier_.fail = true;
  auto p = service_->Publish(id, editor_);
  ASSERT_TRUE(p.ok());  // published anyway
  EXPECT_FALSE(p->asker_notified);
  notifier_.fail = false;
  ASSERT_TRUE(service_->Unpublish(id, editor_).ok());
  auto again = service_->Publish(id, editor_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->asker_notified);
}

TEST_F(MailbagServiceTest, NotToldWhenNotAsked) {
  AskInput in = Input("Just answer it publicly, please.");
  in.email = kEmail;  // for the confirmation only
  auto r = service_->Ask(in);
  ASSERT_TRUE(r.ok());
  Ready(r->question_id);
  ASSERT_TRUE(service_->Publish(r->question_id, editor_).ok());
  EXPECT_TRUE(notifier_.published.empty());
}

TEST_F(MailbagServiceTest, IllegalTransitionsAreRefused) {
  const int64_t id = Ask("A question for the state machine");
  EXPECT_TRUE(service_->Unpublish(id, editor_).status().IsConflict());
  EXPECT_TRUE(service_->Reopen(id, editor_).status().IsConflict());
  EXPECT_TRUE(service_->Decline(id, DeclineReason::kNone, editor_).status().IsInvalidArgument());
  ASSERT_TRUE(service_->Decline(id, DeclineReason::kSpam, editor_).ok());
  EXPECT_TRUE(service_->Decline(id, DeclineReason::kSpam, editor_).status().IsConflict());
  EXPECT_TRUE(service_->SaveAnswer(id, "text", "", editor_).status().IsConflict());
  const int64_t ana = User("ana@example.org");
  EXPECT_TRUE(service_->Assign(id, ana, editor_).status().IsConflict());
  EXPECT_TRUE(service_->Publish(id, editor_).status().IsConflict());
  auto reopened = service_->Reopen(id, editor_);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->status, QuestionStatus::kNew);

  Ready(id);
  ASSERT_TRUE(service_->Publish(id, editor_).ok());
  EXPECT_TRUE(service_->Decline(id, DeclineReason::kSpam, editor_).status().IsConflict());
  EXPECT_TRUE(service_->Publish(id, editor_).status().IsConflict());  // already published
  EXPECT_TRUE(service_->Publish(99999, editor_).status().IsNotFound());

  auto detail = service_->Get(id);
  ASSERT_TRUE(detail.ok());
  std::vector<std::string> kinds;
  for (const auto& e : detail->history) kinds.push_back(e.kind);
  EXPECT_EQ(kinds.front(), "asked");
  EXPECT_EQ(kinds.back(), "status");
  EXPECT_EQ(detail->history.back().to, QuestionStatus::kPublished);
}

TEST_F(MailbagServiceTest, AssignmentMovesBetweenNewAndAssigned) {
  const int64_t id = Ask("Who is going to answer this?");
  const int64_t ana = User("ana@example.org"), ben = User("ben@example.org");
  auto q = service_->Assign(id, ana, /*actor=*/ben);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->status, QuestionStatus::kAssigned);
  auto detail = service_->Get(id);
  ASSERT_TRUE(detail.ok());
  ASSERT_FALSE(detail->history.empty());
  EXPECT_EQ(detail->history.back().actor_id, ben);  // who did it is recorded
  EXPECT_EQ(detail->history.back().to, QuestionStatus::kAssigned);
  ASSERT_TRUE(service_->Assign(id, ben, editor_).ok());
  EXPECT_TRUE(service_->Assign(id, 4242, editor_).status().IsInvalidArgument());
  ASSERT_TRUE(service_->Unassign(id, ana, editor_).ok());
  EXPECT_EQ(StatusOf(id), QuestionStatus::kAssigned);
  auto last = service_->Unassign(id, ben, editor_);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->status, QuestionStatus::kNew);
  EXPECT_TRUE(service_->Unassign(id, ben, editor_).status().IsNotFound());

  store::QueueFilter f;
  f.status = QuestionStatus::kNew;
  auto page = service_->Queue(f);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
  EXPECT_EQ(page->counts.new_, 1);
}

TEST_F(MailbagServiceTest, AnswerIsRenderedSafelyAndLinkChecked) {
  const int64_t id = Ask("Can I put HTML in the answer?");
  EXPECT_TRUE(service_->SaveAnswer(id, "   ", "", editor_).status().IsInvalidArgument());
  EXPECT_TRUE(
      service_->SaveAnswer(id, "ok", "javascript:alert(1)", editor_).status().IsInvalidArgument());
  auto q = service_->SaveAnswer(id, "<script>alert(1)</script> **bold**",
                                "https://video.example/v/1", editor_);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE(q->answer.has_value());
  EXPECT_EQ(q->answer->body_html.find("<script>"), std::string::npos);
  EXPECT_NE(q->answer->body_html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(q->answer->link_url, "https://video.example/v/1");
}

TEST_F(MailbagServiceTest, SaveEditsChecksEveryPartFirstAndWritesOnce) {
  const int64_t id = Ask("May my landlord keep the deposit?");
  const int64_t ana = Byline("ana"), ben = Byline("ben");
  auto shown = store_->mailbag().GetQuestion(id);
  ASSERT_TRUE(shown.ok());

  // Every problem is reported at once and nothing is written.
  AnswerEdit bad;
  bad.published_question = "   ";
  bad.topic_slug = "no-such-topic";
  bad.byline_ids = {ana, ana};
  bad.answer_markdown = "An answer";
  bad.link_url = "javascript:alert(1)";
  bad.expected_revision = shown->revision;
  std::vector<EditProblem> problems;
  EXPECT_TRUE(service_->SaveEdits(id, bad, editor_, &problems).status().IsInvalidArgument());
  EXPECT_EQ(problems, (std::vector<EditProblem>{EditProblem::kQuestionText, EditProblem::kTopic,
                                                EditProblem::kBylines,
                                                EditProblem::kAnswerLink}));
  auto same = store_->mailbag().GetQuestion(id);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->revision, shown->revision);
  EXPECT_FALSE(same->answer.has_value());

  // A blank answer to a question never answered saves the rest only.
  AnswerEdit tidy;
  tidy.published_question = "May a landlord keep a deposit?";
  tidy.byline_ids = {ben};
  tidy.expected_revision = shown->revision;
  auto tidied = service_->SaveEdits(id, tidy, editor_);
  ASSERT_TRUE(tidied.ok()) << tidied.status().ToString();
  EXPECT_EQ(tidied->status, QuestionStatus::kNew);
  EXPECT_FALSE(tidied->answer.has_value());

  // The answer, rendered safely; the question becomes answered.
  AnswerEdit answer = tidy;
  answer.answer_markdown = "<script>x</script> **No**, not without reason.";
  answer.expected_revision = tidied->revision;
  auto answered = service_->SaveEdits(id, answer, editor_);
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(answered->status, QuestionStatus::kAnswered);
  ASSERT_TRUE(answered->answer.has_value());
  EXPECT_EQ(answered->answer->body_html.find("<script>"), std::string::npos);
  EXPECT_NE(answered->answer->body_html.find("<strong>No</strong>"), std::string::npos);

  // Someone else's save in between: Conflict, and their text stays.
  AnswerEdit late = answer;
  late.answer_markdown = "My older draft";
  late.expected_revision = tidied->revision;
  EXPECT_TRUE(service_->SaveEdits(id, late, editor_).status().IsConflict());
  auto kept = store_->mailbag().GetQuestion(id);
  ASSERT_TRUE(kept.ok());
  EXPECT_NE(kept->answer->body_markdown.find("not without reason"), std::string::npos);

  // Once answered, the answer cannot be blanked.
  AnswerEdit blank = answer;
  blank.answer_markdown = " ";
  blank.expected_revision = kept->revision;
  problems.clear();
  EXPECT_TRUE(service_->SaveEdits(id, blank, editor_, &problems).status().IsInvalidArgument());
  EXPECT_EQ(problems, (std::vector<EditProblem>{EditProblem::kAnswerText}));

  // An unknown byline is found by the store: still nothing written.
  AnswerEdit ghost = answer;
  ghost.byline_ids = {ana, 987654};
  ghost.expected_revision = kept->revision;
  problems.clear();
  EXPECT_TRUE(service_->SaveEdits(id, ghost, editor_, &problems).status().IsInvalidArgument());
  EXPECT_EQ(problems, (std::vector<EditProblem>{EditProblem::kBylines}));
  auto after = store_->mailbag().GetQuestion(id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->revision, kept->revision);
  EXPECT_TRUE(service_->SaveEdits(999999, answer, editor_).status().IsNotFound());
}

TEST_F(MailbagServiceTest, PublishedVersionAndSlugCollisions) {
  const int64_t a = Ask("My boss, Mr. Smith at 12 Elm St, asked: what is a union?");
  const int64_t b = Ask("What is a union, really, in practice?");
  ASSERT_TRUE(service_->EditQuestion(a, "What is a union?", "", editor_).ok());
  ASSERT_TRUE(service_->EditQuestion(b, "What is a union?", "", editor_).ok());
  EXPECT_TRUE(service_->EditQuestion(a, "  ", "", editor_).status().IsInvalidArgument());
  EXPECT_TRUE(service_->EditQuestion(a, "x", "nope", editor_).status().IsInvalidArgument());
  Ready(a);
  Ready(b);
  auto pa = service_->Publish(a, editor_);
  auto pb = service_->Publish(b, editor_);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(pa->question.slug, "what-is-a-union");
  EXPECT_EQ(pb->question.slug, "what-is-a-union-" + std::to_string(b));

  auto page = service_->BySlug("what-is-a-union");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->qa.question, "What is a union?");
  EXPECT_EQ(page->qa.asker_name, "Ana");
  ASSERT_EQ(page->qa.bylines.size(), 1u);
  EXPECT_EQ(page->qa.bylines[0].slug, "ana-ruiz");
  ASSERT_EQ(page->related.size(), 1u);  // no topic: any other published Q&A
  EXPECT_EQ(page->related[0].id, b);
  EXPECT_TRUE(service_->BySlug("nope").status().IsNotFound());
  EXPECT_TRUE(service_->BySlug("../etc").status().IsNotFound());
}

TEST_F(MailbagServiceTest, ArchivePagesNewestFirst) {
  ASSERT_TRUE(service_->CreateTopic("Work", "work", 0).ok());
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    AskInput in = Input("Question number " + std::to_string(i) + " for the archive");
    if (i % 2 == 0) in.topic_slug = "work";
    auto r = service_->Ask(in);
    ASSERT_TRUE(r.ok());
    ids.push_back(r->question_id);
    Ready(r->question_id);
    clock_.Advance(seconds(60));
    ASSERT_TRUE(service_->Publish(r->question_id, editor_).ok());
  }
  Ask("An unpublished question stays out");
  auto p1 = service_->Archive("", "", 1, 2);
  ASSERT_TRUE(p1.ok()) << p1.status().ToString();
  EXPECT_EQ(p1->total, 5);
  EXPECT_EQ(p1->pages, 3);
  ASSERT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->items[0].id, ids[4]);
  auto p3 = service_->Archive("", "", 3, 2);
  ASSERT_TRUE(p3.ok());
  ASSERT_EQ(p3->items.size(), 1u);
  EXPECT_EQ(p3->items[0].id, ids[0]);
  auto past = service_->Archive("", "", 9, 2);
  ASSERT_TRUE(past.ok());
  EXPECT_TRUE(past->items.empty());
  auto work = service_->Archive("work", "", 1, 20);
  ASSERT_TRUE(work.ok());
  EXPECT_EQ(work->total, 3);
  EXPECT_TRUE(service_->Archive("nope", "", 1, 20).status().IsNotFound());
  EXPECT_TRUE(service_->Archive("", "", 0, 20).status().IsInvalidArgument());
  EXPECT_TRUE(service_->Archive("", "", 1, 1000).status().IsInvalidArgument());
  auto latest = service_->Latest(3);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 3u);
  EXPECT_EQ((*latest)[0].id, ids[4]);
  EXPECT_TRUE(service_->Latest(0).status().IsInvalidArgument());
  auto related = service_->BySlug((*latest)[0].slug);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->related.size(), 2u);  // the other two in "work"
  EXPECT_EQ(related->related[0].id, ids[2]);
}

TEST_F(MailbagServiceTest, TopicsCrud) {
  EXPECT_TRUE(service_->CreateTopic("  ", "", 0).status().IsInvalidArgument());
  EXPECT_TRUE(service_->CreateTopic("Bad", "Not A Slug", 0).status().IsInvalidArgument());
  auto t = service_->CreateTopic("Housing", "", 2);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(service_->CreateTopic("Housing again", "housing", 0).status().IsConflict());
  auto u = service_->UpdateTopic(t->id, "Housing & rent", "housing", 1);
  ASSERT_TRUE(u.ok());
  auto all = service_->Topics();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, "Housing & rent");
  EXPECT_TRUE(service_->DeleteTopic(t->id).ok());
  EXPECT_TRUE(service_->DeleteTopic(t->id).IsNotFound());
}

class FormTimerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<crypto::FieldKey>(std::move(key).value());
    timer_ = std::make_unique<FormTimer>(*key_, clock_, seconds(3), seconds(3600));
  }
  base::FakeClock clock_{kT0};
  std::unique_ptr<crypto::FieldKey> key_;
  std::unique_ptr<FormTimer> timer_;
};

TEST_F(FormTimerTest, TooFastTooOldOrForged) {
  auto token = timer_->Issue();
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(timer_->Check(*token).code(), base::StatusCode::kRateLimited);
  clock_.Advance(seconds(3));
  EXPECT_TRUE(timer_->Check(*token).ok());
  clock_.Advance(seconds(3600));
  EXPECT_TRUE(timer_->Check(*token).IsInvalidArgument());
  EXPECT_TRUE(timer_->Check("").IsInvalidArgument());
  EXPECT_TRUE(timer_->Check("forged-token").IsInvalidArgument());
  std::string tampered = *token;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(timer_->Check(tampered).IsInvalidArgument());
}

}  // namespace
}  // namespace mailbag
