// The Mailbag in the back office, through the admin handler: the queue, the
// question page (no email shown), answering with bylines, publishing, the
// publish blockers, declining, assigning, topics, roles and the audit log.

#include <algorithm>

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"

namespace admin::testing {
namespace {

using accounts::Role;
using Fields = std::vector<std::pair<std::string, std::string>>;

class AdminMailbagTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    expert_id_ = AddUser("expert@example.org", accounts::Bit(Role::kExpert));
    AddUser("treasurer@example.org", accounts::Bit(Role::kTreasurer));
    AddUser("editor@example.org", accounts::Bit(Role::kEditor));
    publishing::BylineInput b;
    b.name = "Dr. Ana Ruiz";
    auto byline = editorial_->CreateByline(b);
    ASSERT_TRUE(byline.ok()) << byline.status().ToString();
    byline_ = *byline;
    b.name = "Health Committee";
    byline = editorial_->CreateByline(b);
    ASSERT_TRUE(byline.ok()) << byline.status().ToString();
    byline2_ = *byline;
    auto topic = mailbag_->CreateTopic("Health", "health", 0);
    ASSERT_TRUE(topic.ok()) << topic.status().ToString();
  }

  int64_t Ask(const std::string& text, bool consent = true) {
    mailbag::AskInput in;
    in.question = text;
    in.name = "Curious Carla";
    in.email = "carla@example.net";
    in.notify = true;
    in.consent = consent;
    auto r = mailbag_->Ask(in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->question_id : 0;
  }

  store::Question Stored(int64_t id) {
    auto d = mailbag_->Get(id);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? d->question : store::Question{};
  }

  std::string Path(int64_t id, const std::string& rest = "") {
    return "/admin/mailbag/" + std::to_string(id) + rest;
  }

  Fields AnswerFields(const std::string& csrf, const std::string& answer,
                      const std::vector<int64_t>& bylines, const Fields& extra = {}) {
    Fields f = {{"csrf", csrf},
                {"published_question", "Is the water safe to drink?"},
                {"topic", "health"},
                {"answer", answer},
                {"link_url", ""}};
    for (int64_t b : bylines) f.emplace_back("bylines", std::to_string(b));
    for (const auto& [k, v] : extra) {
      auto it = std::find_if(f.begin(), f.end(), [&k](const auto& p) { return p.first == k; });
      if (it != f.end()) it->second = v; else f.emplace_back(k, v);
    }
    return f;
  }

  int64_t AuditCount(const std::string& action, int64_t question_id) {
    store::AuditQuery q;
    q.action = action;
    q.object_type = "question";
    q.object_id = std::to_string(question_id);
    auto entries = accounts_->ListAudit(q);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? static_cast<int64_t>(entries->size()) : -1;
  }

  int64_t expert_id_ = 0;
  int64_t byline_ = 0, byline2_ = 0;
};

TEST_F(AdminMailbagTest, ExpertAnswersSignsAndPublishes) {
  const int64_t id = Ask("Is the tap water in our town safe to drink?");
  const std::string csrf = SignIn("expert@example.org");

  TestResponse queue = Get("/admin/mailbag");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find("Is the tap water in our town safe"), std::string::npos);
  EXPECT_NE(queue.body.find(Path(id)), std::string::npos);

  TestResponse page = Get(Path(id));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Curious Carla"), std::string::npos);
  EXPECT_EQ(page.body.find("carla@example.net"), std::string::npos) << "the email must not show";
  EXPECT_EQ(page.body.find(Stored(id).asker_email_sealed), std::string::npos);

  TestResponse assign = Post(Path(id, "/assign"), {{"csrf", csrf}});
  EXPECT_EQ(assign.status, 303) << assign.body;
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kAssigned);
  TestResponse mine = Get("/admin/mailbag?mine=1");
  EXPECT_NE(mine.body.find(Path(id)), std::string::npos);

  // Bylines in the order ticked: the committee first.
  TestResponse saved =
      Post(Path(id, "/answer"), AnswerFields(csrf, "Yes: see the **2026 report**.",
                                             {byline2_, byline_}));
  ASSERT_EQ(saved.status, 303) << saved.body;
  store::Question q = Stored(id);
  EXPECT_EQ(q.status, store::QuestionStatus::kAnswered);
  EXPECT_EQ(q.published_question, "Is the water safe to drink?");
  ASSERT_TRUE(q.answer.has_value());
  EXPECT_NE(q.answer->body_html.find("<strong>"), std::string::npos);
  ASSERT_EQ(q.bylines.size(), 2u);
  EXPECT_EQ(q.bylines[0].id, byline2_);
  EXPECT_EQ(q.bylines[1].id, byline_);

  TestResponse published = Post(Path(id, "/publish"), {{"csrf", csrf}});
  ASSERT_EQ(published.status, 303) << published.body;
  q = Stored(id);
  EXPECT_EQ(q.status, store::QuestionStatus::kPublished);
  auto pub = mailbag_->BySlug(q.slug);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(pub->qa.question, "Is the water safe to drink?");
  ASSERT_EQ(pub->qa.bylines.size(), 2u);

  EXPECT_EQ(AuditCount("mailbag.assign", id), 1);
  EXPECT_EQ(AuditCount("mailbag.answer", id), 1);
  EXPECT_EQ(AuditCount("mailbag.publish", id), 1);

  TestResponse unpublished = Post(Path(id, "/unpublish"), {{"csrf", csrf}});
  EXPECT_EQ(unpublished.status, 303) << unpublished.body;
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kAnswered);
  EXPECT_TRUE(mailbag_->BySlug(q.slug).status().IsNotFound());
  EXPECT_EQ(AuditCount("mailbag.unpublish", id), 1);
  EXPECT_TRUE(errors_.empty()) << errors_.front();
}

TEST_F(AdminMailbagTest, TreasurerMayNotOpenTheMailbag) {
  const int64_t id = Ask("Who decides how the membership fees are spent?");
  const std::string csrf = SignIn("treasurer@example.org");
  EXPECT_EQ(Get("/admin/mailbag").status, 403);
  EXPECT_EQ(Get(Path(id)).status, 403);
  EXPECT_EQ(Post(Path(id, "/answer"), AnswerFields(csrf, "Sneaky", {byline_})).status, 403);
  EXPECT_EQ(Post(Path(id, "/decline"), {{"csrf", csrf}, {"reason", "spam"}}).status, 403);
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kNew);
  EXPECT_FALSE(Stored(id).answer.has_value());
}

TEST_F(AdminMailbagTest, DeclineAsSpamAndReopen) {
  const int64_t id = Ask("Buy cheap watches at my web shop right now please");
  const std::string csrf = SignIn("expert@example.org");

  TestResponse no_reason = Post(Path(id, "/decline"), {{"csrf", csrf}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kNew);
  TestResponse bad_reason = Post(Path(id, "/decline"), {{"csrf", csrf}, {"reason", "boring"}});
  EXPECT_EQ(bad_reason.status, 400);

  TestResponse declined = Post(Path(id, "/decline"), {{"csrf", csrf}, {"reason", "spam"}});
  ASSERT_EQ(declined.status, 303) << declined.body;
  store::Question q = Stored(id);
  EXPECT_EQ(q.status, store::QuestionStatus::kDeclined);
  EXPECT_EQ(q.decline_reason, store::DeclineReason::kSpam);
  EXPECT_EQ(AuditCount("mailbag.decline", id), 1);

  TestResponse tab = Get("/admin/mailbag?status=declined");
  ASSERT_EQ(tab.status, 200);
  EXPECT_NE(tab.body.find(Path(id)), std::string::npos);
  EXPECT_EQ(Get("/admin/mailbag?status=new").body.find(Path(id)), std::string::npos);

  // Declined twice is an illegal transition; answering a declined one too.
  EXPECT_EQ(Post(Path(id, "/decline"), {{"csrf", csrf}, {"reason", "spam"}}).status, 409);
  TestResponse answer = Post(Path(id, "/answer"), AnswerFields(csrf, "An answer", {byline_}));
  EXPECT_EQ(answer.status, 409);
  EXPECT_NE(answer.body.find("An answer"), std::string::npos) << "typed text is kept";

  TestResponse reopened = Post(Path(id, "/reopen"), {{"csrf", csrf}});
  EXPECT_EQ(reopened.status, 303);
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kNew);
  EXPECT_EQ(AuditCount("mailbag.reopen", id), 1);
  EXPECT_EQ(Post(Path(id, "/reopen"), {{"csrf", csrf}}).status, 409);
}

TEST_F(AdminMailbagTest, PublishWithoutConsentIsRefusedWithTheReason) {
  const int64_t id = Ask("May I ask this privately and not see it published?", false);
  const std::string csrf = SignIn("editor@example.org");
  ASSERT_EQ(Post(Path(id, "/answer"), AnswerFields(csrf, "Of course.", {byline_})).status, 303);

  TestResponse page = Get(Path(id));
  EXPECT_NE(page.body.find("The asker did not agree to publication."), std::string::npos);
  TestResponse r = Post(Path(id, "/publish"), {{"csrf", csrf}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("The asker did not agree to publication."), std::string::npos);
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kAnswered);
  EXPECT_EQ(AuditCount("mailbag.publish", id), 0);
}

TEST_F(AdminMailbagTest, BadInputKeepsWhatWasTyped) {
  const int64_t id = Ask("What is the deadline for the spring grant applications?");
  const std::string csrf = SignIn("expert@example.org");

  TestResponse bad_link =
      Post(Path(id, "/answer"), AnswerFields(csrf, "The deadline is in May.", {byline_},
                                             {{"link_url", "javascript:alert(1)"}}));
  EXPECT_EQ(bad_link.status, 400);
  EXPECT_NE(bad_link.body.find("The deadline is in May."), std::string::npos);
  EXPECT_FALSE(Stored(id).answer.has_value());

  Fields no_question = AnswerFields(csrf, "Kept answer text", {byline_});
  no_question[1].second = "   ";
  TestResponse r = Post(Path(id, "/answer"), no_question);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Kept answer text"), std::string::npos);

  TestResponse unknown_byline = Post(Path(id, "/answer"), AnswerFields(csrf, "Text", {999999}));
  EXPECT_EQ(unknown_byline.status, 400);

  // Without an answer the rest is saved and the question stays unanswered.
  TestResponse tidy = Post(Path(id, "/answer"), AnswerFields(csrf, "", {}));
  EXPECT_EQ(tidy.status, 303) << tidy.body;
  EXPECT_EQ(Stored(id).published_question, "Is the water safe to drink?");
  EXPECT_EQ(Stored(id).status, store::QuestionStatus::kNew);

  EXPECT_EQ(Get("/admin/mailbag/999999").status, 404);
  EXPECT_EQ(Post("/admin/mailbag/999999/publish", {{"csrf", csrf}}).status, 404);
  EXPECT_EQ(Get("/admin/mailbag?status=bogus").status, 400);
  EXPECT_EQ(Get("/admin/mailbag?page=0").status, 400);
}

TEST_F(AdminMailbagTest, AStaleSaveIsRefusedWithTheTypedTextKeptAndCanReplace) {
  const int64_t id = Ask("Can the union help with a disciplinary hearing?");
  const std::string csrf = SignIn("expert@example.org");
  // The form as drawn carries the question's revision.
  const std::string seen = std::to_string(Stored(id).revision);
  TestResponse page = Get(Path(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"version\" value=\"" + seen + "\""), std::string::npos);

  // A colleague saves first.
  ASSERT_EQ(Post(Path(id, "/answer"),
                 AnswerFields(csrf, "Their answer.", {byline_}, {{"version", seen}}))
                .status,
            303);
  const store::Question theirs = Stored(id);

  // The stale form: 409, nothing changed, the typed text and the choice shown.
  TestResponse stale = Post(Path(id, "/answer"), AnswerFields(csrf, "My answer, not lost.",
                                                              {byline2_}, {{"version", seen}}));
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("My answer, not lost."), std::string::npos);
  EXPECT_NE(stale.body.find("name=\"overwrite\""), std::string::npos);
  EXPECT_NE(stale.body.find("name=\"overwrite_version\" value=\"" +
                            std::to_string(theirs.revision) + "\""),
            std::string::npos);
  EXPECT_EQ(Stored(id).answer->body_markdown, "Their answer.");
  EXPECT_EQ(Stored(id).revision, theirs.revision);

  // Ticking "replace" saves over the version that was shown as newer.
  TestResponse replace = Post(
      Path(id, "/answer"),
      AnswerFields(csrf, "My answer, not lost.", {byline2_},
                   {{"version", seen},
                    {"overwrite", "1"},
                    {"overwrite_version", std::to_string(theirs.revision)}}));
  EXPECT_EQ(replace.status, 303) << replace.body;
  EXPECT_EQ(Stored(id).answer->body_markdown, "My answer, not lost.");
  ASSERT_EQ(Stored(id).bylines.size(), 1u);
  EXPECT_EQ(Stored(id).bylines[0].id, byline2_);
  EXPECT_EQ(AuditCount("mailbag.answer", id), 2);
}

TEST_F(AdminMailbagTest, AssignAndUnassign) {
  const int64_t id = Ask("Can members bring a guest to the annual meeting?");
  const std::string csrf = SignIn("expert@example.org");
  ASSERT_EQ(Post(Path(id, "/assign"), {{"csrf", csrf}}).status, 303);
  store::Question q = Stored(id);
  ASSERT_EQ(q.assignees.size(), 1u);
  EXPECT_EQ(q.assignees[0], expert_id_);
  ASSERT_EQ(Post(Path(id, "/assign"), {{"csrf", csrf}, {"action", "unassign"}}).status, 303);
  q = Stored(id);
  EXPECT_TRUE(q.assignees.empty());
  EXPECT_EQ(q.status, store::QuestionStatus::kNew);
  EXPECT_EQ(AuditCount("mailbag.unassign", id), 1);
}

TEST_F(AdminMailbagTest, TopicsNeedTaxonomyRights) {
  std::string csrf = SignIn("expert@example.org");
  EXPECT_EQ(Get("/admin/mailbag-topics").status, 403);
  EXPECT_EQ(Post("/admin/mailbag-topics", {{"csrf", csrf}, {"name", "Housing"}}).status, 403);

  csrf = SignIn("editor@example.org");
  ASSERT_EQ(Get("/admin/mailbag-topics").status, 200);
  TestResponse created =
      Post("/admin/mailbag-topics", {{"csrf", csrf}, {"name", "Housing"}, {"position", "2"}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto topics = mailbag_->Topics();
  ASSERT_TRUE(topics.ok());
  int64_t housing = 0;
  for (const auto& t : *topics)
    if (t.slug == "housing") housing = t.id;
  ASSERT_NE(housing, 0);

  TestResponse dup = Post("/admin/mailbag-topics", {{"csrf", csrf}, {"name", "Housing 2"},
                                                    {"slug", "housing"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_NE(dup.body.find("Housing 2"), std::string::npos);
  EXPECT_EQ(Post("/admin/mailbag-topics", {{"csrf", csrf}, {"name", ""}}).status, 400);

  const std::string path = "/admin/mailbag-topics/" + std::to_string(housing);
  ASSERT_EQ(Post(path, {{"csrf", csrf}, {"name", "Homes"}, {"slug", "homes"}}).status, 303);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"name", "X"}, {"slug", "Bad Slug"}}).status, 400);
  ASSERT_EQ(Post(path, {{"csrf", csrf}, {"action", "delete"}}).status, 303);
  EXPECT_EQ(Post(path, {{"csrf", csrf}, {"action", "delete"}}).status, 404);
  topics = mailbag_->Topics();
  ASSERT_TRUE(topics.ok());
  EXPECT_EQ(topics->size(), 1u);  // health, from SetUp
}

}  // namespace
}  // namespace admin::testing
