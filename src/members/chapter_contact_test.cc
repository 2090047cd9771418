// ChapterContact with in-process fakes for the directory and the relay (the
// real ones, over the staff accounts and the outbox, are tested in
// web/chapters_pages_test.cc), over a real members service and store.

#include "members/chapter_contact.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "members/members_test_support.h"

namespace members {
namespace {

class FakeDirectory final : public LeaderDirectory {
 public:
  std::map<int64_t, std::vector<ContactRecipient>> leaders;
  std::vector<ContactRecipient> secretaries;
  base::Status fail;
  base::Result<std::vector<ContactRecipient>> Leaders(int64_t chapter_id) override {
    if (!fail.ok()) return fail;
    auto it = leaders.find(chapter_id);
    return it == leaders.end() ? std::vector<ContactRecipient>{} : it->second;
  }
  base::Result<std::vector<ContactRecipient>> Secretaries() override {
    if (!fail.ok()) return fail;
    return secretaries;
  }
};

class FakeRelay final : public ChapterRelay {
 public:
  std::vector<RelayedMessage> sent;
  base::Status Relay(const RelayedMessage& m) override {
    sent.push_back(m);
    return base::Status::Ok();
  }
};

class ChapterContactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Chapter c;
    c.name = "Madrid Centro";
    c.region = "Madrid";
    madrid_ = f_.service->SaveChapter(c).value();
    c.name = "Sevilla";
    c.region = "Andalucía";
    sevilla_ = f_.service->SaveChapter(c).value();
  }
  ChapterMessage Good() {
    ChapterMessage m;
    m.chapter_slug = "madrid-centro";
    m.sender_name = "  Luisa Pérez ";
    m.sender_email = " Luisa@Example.ORG ";
    m.message = "Hola, I would like to help with the next assembly.\nThanks!";
    m.lang = "es";
    return m;
  }

  testing::MembersFixture f_;
  FakeDirectory dir_;
  FakeRelay relay_;
  ChapterContact contact_{*f_.service, dir_, relay_};
  int64_t madrid_ = 0, sevilla_ = 0;
};

TEST_F(ChapterContactTest, FindsChaptersBySlug) {
  auto c = contact_.Find("sevilla");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->id, sevilla_);
  EXPECT_TRUE(contact_.Find("nowhere").status().IsNotFound());
  EXPECT_EQ(contact_.Chapters().value().size(), 2u);
}

TEST_F(ChapterContactTest, RelaysOneMessagePerLeaderWithTheSenderCleaned) {
  dir_.leaders[madrid_] = {{"lead1@example.org", "Lead One"}, {"lead2@example.org", ""}};
  dir_.leaders[sevilla_] = {{"other@example.org", "Other"}};
  dir_.secretaries = {{"sec@example.org", "Sec"}};
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 2u);
  EXPECT_EQ(relay_.sent[0].to.email, "lead1@example.org");
  EXPECT_EQ(relay_.sent[1].to.email, "lead2@example.org");
  for (const RelayedMessage& m : relay_.sent) {
    EXPECT_EQ(m.chapter_name, "Madrid Centro");
    EXPECT_EQ(m.sender_name, "Luisa Pérez");
    EXPECT_EQ(m.sender_email, "Luisa@example.org");  // domain lower-cased
    EXPECT_EQ(m.message, "Hola, I would like to help with the next assembly.\nThanks!");
    EXPECT_EQ(m.lang, "es");
    EXPECT_FALSE(m.to_secretary);
  }
}

TEST_F(ChapterContactTest, AChapterWithoutLeadersGoesToTheSecretaries) {
  dir_.leaders[sevilla_] = {{"other@example.org", "Other"}};
  dir_.secretaries = {{"sec1@example.org", "Sec"}, {"sec2@example.org", "Sec 2"}};
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 2u);
  EXPECT_EQ(relay_.sent[0].to.email, "sec1@example.org");
  EXPECT_EQ(relay_.sent[1].to.email, "sec2@example.org");
  EXPECT_TRUE(relay_.sent[0].to_secretary);
}

// A named leader whose invitation waits is written to; while the chapter
// has an active leader, the secretaries are not.
TEST_F(ChapterContactTest, InvitedLeadersHearTooAfterTheActiveOnes) {
  ContactRecipient invited{"new@example.org", "New", /*invited=*/true};
  dir_.leaders[madrid_] = {invited, {"lead@example.org", "Lead"}};
  dir_.secretaries = {{"sec@example.org", "Sec"}};
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 2u);
  EXPECT_EQ(relay_.sent[0].to.email, "lead@example.org");
  EXPECT_EQ(relay_.sent[1].to.email, "new@example.org");
  for (const RelayedMessage& m : relay_.sent) {
    EXPECT_FALSE(m.to_secretary);
    EXPECT_FALSE(m.leaders_invited);
  }
}

// No active leader: the secretaries (certain readers, first) and the
// invited leaders both get it, and the secretaries are told why.
TEST_F(ChapterContactTest, OnlyInvitedLeadersBringInTheSecretaries) {
  ContactRecipient invited{"new@example.org", "New", /*invited=*/true};
  dir_.leaders[madrid_] = {invited};
  dir_.secretaries = {{"sec1@example.org", "Sec"}, {"sec2@example.org", "Sec 2"}};
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 3u);
  EXPECT_EQ(relay_.sent[0].to.email, "sec1@example.org");
  EXPECT_EQ(relay_.sent[1].to.email, "sec2@example.org");
  EXPECT_EQ(relay_.sent[2].to.email, "new@example.org");
  for (int i : {0, 1}) {
    EXPECT_TRUE(relay_.sent[i].to_secretary);
    EXPECT_TRUE(relay_.sent[i].leaders_invited);
  }
  EXPECT_FALSE(relay_.sent[2].to_secretary);
  EXPECT_FALSE(relay_.sent[2].leaders_invited);

  // With no secretary either, the invited leader alone still hears.
  relay_.sent.clear();
  dir_.secretaries.clear();
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 1u);
  EXPECT_EQ(relay_.sent[0].to.email, "new@example.org");
}

TEST_F(ChapterContactTest, OneEmailPerAddressWhateverTheRoles) {
  ContactRecipient invited{"both@example.org", "Both", /*invited=*/true};
  dir_.leaders[madrid_] = {invited};
  dir_.secretaries = {{"both@example.org", "Both"}};
  ASSERT_TRUE(contact_.Send(Good()).ok());
  ASSERT_EQ(relay_.sent.size(), 1u);
  EXPECT_TRUE(relay_.sent[0].to_secretary);
}

TEST_F(ChapterContactTest, NobodyToReceiveIsUnavailableAndSendsNothing) {
  EXPECT_TRUE(contact_.Send(Good()).IsUnavailable());
  EXPECT_TRUE(relay_.sent.empty());
}

TEST_F(ChapterContactTest, DirectoryErrorsPassThrough) {
  dir_.fail = base::Status::Internal("db");
  EXPECT_TRUE(contact_.Send(Good()).IsInternal());
  EXPECT_TRUE(relay_.sent.empty());
}

TEST_F(ChapterContactTest, UnknownChapterIsNotFoundBeforeTheFields) {
  dir_.secretaries = {{"sec@example.org", "Sec"}};
  ChapterMessage m;  // empty fields too
  m.chapter_slug = "atlantis";
  std::vector<ContactError> errors;
  EXPECT_TRUE(contact_.Send(m, &errors).IsNotFound());
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(relay_.sent.empty());
}

TEST_F(ChapterContactTest, FieldProblemsAreInvalidArgumentAndSendNothing) {
  dir_.secretaries = {{"sec@example.org", "Sec"}};
  ChapterMessage m = Good();
  m.sender_name = " ";
  m.sender_email = "not an address";
  m.message = "short";
  std::vector<ContactError> errors;
  EXPECT_TRUE(contact_.Send(m, &errors).IsInvalidArgument());
  const std::vector<ContactError> want = {{"name", ContactProblem::kRequired},
                                          {"email", ContactProblem::kInvalidEmail},
                                          {"message", ContactProblem::kTooShort}};
  EXPECT_EQ(errors, want);
  EXPECT_TRUE(relay_.sent.empty());
}

TEST(CheckChapterMessageTest, JudgesEachField) {
  ChapterMessage ok;
  ok.sender_name = "Ana";
  ok.sender_email = "ana@example.org";
  ok.message = "A message of enough length.";
  EXPECT_TRUE(CheckChapterMessage(ok).empty());

  auto problems = [](ChapterMessage m) { return CheckChapterMessage(m); };
  using P = ContactProblem;
  ChapterMessage m = ok;
  m.sender_name = std::string(101, 'a');
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"name", P::kTooLong}}));
  m.sender_name = std::string(50, 'a') + std::string(50 * 1, 'a');  // 100 code points: fine
  EXPECT_TRUE(problems(m).empty());
  m.sender_name = "";
  for (int i = 0; i < 100; ++i) m.sender_name += "ñ";  // 100 code points, 200 bytes
  EXPECT_TRUE(problems(m).empty());
  m.sender_name = "Ana\nBcc: x@y";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"name", P::kInvalidText}}));
  m.sender_name = "Ana \xff";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"name", P::kInvalidText}}));

  m = ok;
  m.sender_email = "";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"email", P::kRequired}}));
  m.sender_email = "ana@@example.org";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"email", P::kInvalidEmail}}));
  m.sender_email = "ana@example.org\r\nBcc: x@y.org";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"email", P::kInvalidText}}));

  m = ok;
  m.message = std::string(9, 'x');
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kTooShort}}));
  m.message = "  " + std::string(9, 'x') + "  ";  // trimmed before counting
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kTooShort}}));
  m.message = std::string(10, 'x');
  EXPECT_TRUE(problems(m).empty());
  m.message = std::string(5000, 'x');
  EXPECT_TRUE(problems(m).empty());
  m.message = std::string(5001, 'x');
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kTooLong}}));
  m.message = "Line one\n\tline two\r\nline three";  // newlines and tabs are fine
  EXPECT_TRUE(problems(m).empty());
  m.message = "A bell \x07 in the message";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kInvalidText}}));
  m.message = "Invalid \xc3\x28 UTF-8 here";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kInvalidText}}));
  m.message = "See https://a.example www.b.example http://c.example";
  EXPECT_TRUE(problems(m).empty());
  m.message += " WWW.d.example";
  EXPECT_EQ(problems(m), (std::vector<ContactError>{{"message", P::kTooManyLinks}}));
}

TEST(CountContactLinksTest, CountsWordsThatLookLikeLinks) {
  EXPECT_EQ(CountContactLinks(""), 0);
  EXPECT_EQ(CountContactLinks("no links, www or http here"), 0);
  EXPECT_EQ(CountContactLinks("https://a.example\nftp://b\twww.c"), 3);
  EXPECT_EQ(CountContactLinks("(see:https://a.example)"), 1);
}

}  // namespace
}  // namespace members
